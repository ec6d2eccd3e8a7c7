"""A certification imported from the v4.1 fixture, whose fiche gives no indicateurs (each compétence is rated whole),
goes through the CLI, the gap analysis, every candidate and counsellor screen, the dashboard and the exports."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
import pytest
from export_helpers import pdf_text

from vae_toolkit.dashboard.table import dashboard
from vae_toolkit.analysis.gaps import analyse
from vae_toolkit.export.api import export
from vae_toolkit.models.dossier import Experience, Piece, Situation
from vae_toolkit.models.review import Statut
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.dossier import load_dossier, save_dossier
from vae_toolkit.ui.accueil_view import accueil_screen
from vae_toolkit.ui.bloc_view import bloc_screen
from vae_toolkit.ui.export_view import livret_screen
from vae_toolkit.ui.faisabilite_view import faisabilite_screen
from vae_toolkit.ui.gaps_view import gaps_screen
from vae_toolkit.ui.grille_view import grille_screen
from vae_toolkit.ui.migration_view import migration_screen
from vae_toolkit.ui.page import JourneyPage
from vae_toolkit.ui.parcours_view import parcours_screen
from vae_toolkit.ui.review_view import ReviewView

def texts(widget: widgets.Widget) -> str:
    """Every string value and option label inside a widget tree (what a user could read on the page)."""
    out = []
    stack = [widget]
    while stack:
        w = stack.pop()
        value = getattr(w, "value", None)
        if isinstance(value, str):
            out.append(value)
        out += [o[0] if isinstance(o, tuple) else str(o) for o in getattr(w, "options", ()) or ()]
        stack += list(getattr(w, "children", ()) or ())
    return "\n".join(out)


XML = Path(__file__).parent / "data" / "rncp" / "export_fiches_RNCP_V4_1_2026-11-28.xml"
CODE = "RNCP90002"
TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, vae: Callable) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    vae("referentiel", "import", XML, "--fiche", CODE, check=True)
    target = tmp_path / "candidat"
    vae("init", target, "--nom", "Durand", "--prenom", "Inès", "--certification", CODE, check=True)
    session = load_dossier(target)
    ref = load_referentiel(CODE)
    first, second = ref.blocs[0].competences[:2]
    dossier = session.model.model_copy(update={
        "experiences": [Experience(id="exp-1", intitule_poste="Coordinatrice d’accueil de jour", debut=dt.date(2017, 3, 1))],
        "situations": [Situation(id="sit-1", titre="Réorganiser la semaine après une fermeture", experience_ids=["exp-1"],
                                 contexte="L’accueil de jour a fermé deux jours pour travaux. " * 8,
                                 actions="J’ai réuni l’équipe, j’ai reconstruit le planning et prévenu les familles. " * 6,
                                 resultats="Aucune personne accueillie n’a perdu sa place. " * 4,
                                 analyse="J’ai appris à prévoir un plan de secours partagé avec l’équipe. " * 6,
                                 indicateurs=[first.id, second.id])],
        "pieces": [Piece(id="p-1", titre="Planning de la semaine", indicateurs=[first.id])],
        "auto_evaluation": {first.id: 3, second.id: 2},
    })
    save_dossier(target, dossier, session.fingerprint)
    return target


def test_cli_on_a_certification_without_indicators(folder: Path, vae: Callable) -> None:
    assert vae("check", folder).returncode == 0
    status = vae("status", folder, check=True).stdout
    assert "BC01.C1" in status and "BC03" in status
    gaps = json.loads(vae("gaps", folder, "--json", check=True).stdout)
    assert list(gaps["indicateurs"])[:3] == ["BC01.C1", "BC01.C2", "BC01.C3"]
    framework = vae("framework", CODE, check=True).stdout
    assert "8 compétences" in framework and "Planifier les activités" in framework


def test_gap_analysis_rates_the_competence_itself(folder: Path) -> None:
    ref = load_referentiel(CODE)
    result = analyse(load_dossier(folder).model, ref, today=TODAY)
    assert list(result.indicateurs.index) == [c.id for c in ref.competences]
    assert list(result.grille.index) == [c.id for c in ref.competences]
    assert result.indicateurs.at["BC01.C1", "competence"] == "BC01.C1"
    assert result.indicateurs.at["BC01.C1", "auto_evaluation"] == 3


def test_every_screen_opens_on_it(folder: Path, tmp_path: Path) -> None:
    ref = load_referentiel(CODE)
    for bloc in ref.blocs:
        page = bloc_screen(folder, bloc=bloc.id, delay=0, today=TODAY, environ={}).children[0]
        assert isinstance(page, JourneyPage)
        view = page.body.children[0]
        assert [v for _label, v in view.competence.options] == [c.id for c in bloc.competences]
        assert "vous l’évaluez" in str(view.panel.children[0].children[0].value)
    for screen in (accueil_screen(folder, delay=0, environ={}), parcours_screen(folder, delay=0, environ={})):
        assert isinstance(screen.children[0], JourneyPage)
    gaps = texts(gaps_screen(folder, today=TODAY))
    assert "Planifier les activités de la semaine avec l’équipe" in gaps and "vae-error" not in gaps
    livret = texts(livret_screen(folder, today=TODAY))
    assert "Réorganiser la semaine après une fermeture" in livret and "vae-error" not in livret
    review = ReviewView(folder)
    assert review.work.set_status("BC01.C1", Statut.pret) == "Enregistré."
    assert "Accueillir les personnes et leurs proches" in texts(review)
    row = dashboard(folder.parent, today=TODAY).iloc[0]
    assert row["certification"] == CODE and pd.isna(row["erreur"]) and row["competences_pretes"] == "1/8"
    # The France VAE screens and the move to another référentiel, on a fiche without indicators.
    first = ref.blocs[0].competences[0]
    dff = texts(faisabilite_screen(folder, delay=0, environ={}))
    assert "Certification visée" in dff and CODE in dff and "vae-error" not in dff
    grid = texts(grille_screen(folder))
    assert f"{first.id} {first.intitule}" in grid and "vae-error" not in grid
    move = texts(migration_screen(folder))
    assert f"Certification actuelle\u00a0: {CODE}" in move and "vae-error" not in move


def test_livret_and_gap_report(folder: Path, tmp_path: Path) -> None:
    text = " ".join(pdf_text(export(folder, "livret", "pdf", tmp_path / "livret.pdf", today=TODAY)).split())
    ref = load_referentiel(CODE)
    for bloc in ref.blocs:
        assert bloc.intitule in text
    assert "Réorganiser la semaine après une fermeture" in text and "RNCP39644" not in text
    html = export(folder, "gaps", "html", tmp_path / "ecarts.html", today=TODAY).read_text(encoding="utf-8")
    assert "Planifier les activités de la semaine avec l’équipe" in html
