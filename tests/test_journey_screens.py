"""The widget-free models of the counsellor's and the preview screens (journey/), driven without any widget."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from vae_toolkit.errors import VaeError
from vae_toolkit.journey.dashboard import DashboardState
from vae_toolkit.journey.dff_grid import GridWork
from vae_toolkit.journey.gaps import ALL_BLOCS, GapsState
from vae_toolkit.journey.livret_preview import LivretPreview, section_title
from vae_toolkit.journey.review import MERGED, ReviewWork
from vae_toolkit.models.review import Grille, Statut
from vae_toolkit.storage.dossier import DossierSession, dossier_file
from vae_toolkit.storage.review import load_review

TODAY = dt.date(2026, 11, 29)


def rename(folder: Path, prenom: str, nom: str) -> None:
    session = DossierSession(folder)
    session.dossier.profil.prenom, session.dossier.profil.nom = prenom, nom
    session.save()


def test_the_screen_models_load_without_any_widget_library() -> None:
    code = ("import sys\n"
            "import vae_toolkit.journey.review, vae_toolkit.journey.dff_grid, vae_toolkit.journey.gaps\n"
            "import vae_toolkit.journey.livret_preview, vae_toolkit.journey.dashboard\n"
            "import vae_toolkit.journey.anonymisation\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('ipywidgets', 'anywidget')\n"
            "             or m.startswith('vae_toolkit.ui')))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "[]"


# -- review -----------------------------------------------------------------------------------------------------

def test_review_work_saves_each_action_and_never_writes_the_dossier(demo_folder: Path) -> None:
    before = dossier_file(demo_folder).read_bytes()
    work = ReviewWork(demo_folder)
    assert work.candidate == "Camille Ferrand" and work.warnings == []
    comp = work.competences()[0][1]
    assert {b.id for b in work.blocs} == {c.split(".")[0] for _, c in work.competences()}
    assert work.set_reviewer("  Claire Roux ") == "Enregistré."
    assert work.set_status(comp, Statut.a_retravailler) == "Enregistré."
    assert work.comment(comp, "Précisez votre rôle.") == "Enregistré."
    saved = load_review(demo_folder).model  # type: ignore[union-attr]
    assert saved.conseiller == "Claire Roux" and saved.competences[comp].statut == Statut.a_retravailler
    assert [c.texte for c in saved.competences[comp].commentaires] == ["Précisez votre rôle."]
    assert dossier_file(demo_folder).read_bytes() == before


def test_review_work_refuses_in_french_before_saving_anything(demo_folder: Path) -> None:
    work = ReviewWork(demo_folder)
    with pytest.raises(VaeError, match="Indiquez votre nom"):
        work.mark_reviewed()
    work.set_reviewer("Claire Roux")
    comp = work.competences()[0][1]
    with pytest.raises(VaeError):
        work.comment(comp, "   ")
    assert comp not in load_review(demo_folder).model.competences  # type: ignore[union-attr]
    assert work.changes().baseline == "aucune"
    work.mark_reviewed()
    assert work.changes().changes == []


def test_review_work_merges_with_a_review_changed_elsewhere(demo_folder: Path) -> None:
    here, there = ReviewWork(demo_folder), ReviewWork(demo_folder)
    comp = here.competences()[0][1]
    assert here.set_rating(comp, 3) == "Enregistré."
    assert there.set_grille(comp, Grille.oui) == MERGED
    saved = load_review(demo_folder).model.competences[comp]  # type: ignore[union-attr]
    assert (saved.note_conseiller, saved.grille) == (3, Grille.oui)


# -- DFF grid ---------------------------------------------------------------------------------------------------

def test_grid_work_confirms_the_proposals_once(demo_folder: Path) -> None:
    work = GridWork(demo_folder)
    comp = work.blocs[0].competences[0].id
    assert work.proposed(comp) and work.proposed_answer(comp) in set(Grille)
    assert any("non confirmée" in p for p in work.bloc_problems(work.blocs[0].id))
    assert "(commentaire non confirmé)" in work.text(work.blocs[0].id)
    first = work.confirm_all()
    assert re.fullmatch(r"[1-9]\d* proposition\(s\) confirmée\(s\)\. Enregistré\.", first)
    assert work.confirm_all() == "Tout était déjà confirmé."
    assert not any("non confirmée" in p for p in work.bloc_problems(work.blocs[0].id))


def test_grid_work_parcours_fields(demo_folder: Path) -> None:
    work = GridWork(demo_folder)
    work.set_parcours("formations_obligatoires", "Sécurité\n\n  Éthique  \n")
    assert work.review.parcours.formations_obligatoires == ["Sécurité", "Éthique"]
    with pytest.raises(ValueError, match="inconnu"):
        work.set_parcours("inconnu", 3)


def test_grid_work_names_a_candidate_without_a_name(demo_folder: Path) -> None:
    rename(demo_folder, "", "")
    assert GridWork(demo_folder).candidate == "(candidat sans nom)"


# -- gap analysis -------------------------------------------------------------------------------------------------

def test_gaps_state_filters_by_bloc_and_escapes(demo_folder: Path) -> None:
    rename(demo_folder, "<script>alert(1)</script>", "Ferrand")
    state = GapsState.from_folder(demo_folder, today=TODAY)
    assert state.bloc_options()[0] == (ALL_BLOCS, "")
    header = state.header_html()
    assert "&lt;script&gt;" in header and "<script>" not in header and "au 29/11/2026" in header
    every = state.indicators_html()
    state.bloc = state.bloc_options()[1][1]
    one = state.indicators_html()
    assert len(state.shown().indicateurs) < len(state.analysis.indicateurs)
    assert one != every and all(i.startswith(state.bloc) for i in state.shown().indicateurs.index)
    assert "<table" in state.competences_html() and "Commentaire proposé pour" in state.grid_html()


# -- livret preview -------------------------------------------------------------------------------------------------

def test_livret_preview_cuts_the_html_export_by_section(demo_folder: Path) -> None:
    preview = LivretPreview(demo_folder, today=TODAY)
    ids = [s["id"] for s in preview.sections]
    assert ids[:2] == ["identite", "parcours"] and set(ids) == set(preview.sections_html)
    assert preview.sections[-1]["titre"].endswith("RNCP39644")
    assert "Camille Ferrand" in preview.header_html() and "vae-livret" in preview.section_html("parcours")
    parcours = next(s for s in preview.sections if s["id"] == "parcours")
    assert section_title(parcours).startswith(parcours["titre"] + " – ") and "\u00a0mots · " in section_title(parcours)
    rename(demo_folder, "Camille", "Durand")
    assert "Camille Ferrand" in preview.header_html(), "read once…"
    preview.reload()
    assert "Camille Durand" in preview.header_html(), "…and again on demand"


# -- dashboard -----------------------------------------------------------------------------------------------------

def test_dashboard_state_reads_filters_and_sorts(demo_folder: Path) -> None:
    state = DashboardState(demo_folder.parent)
    assert state.frame.empty and state.loaded_at is None
    state.reload()
    assert list(state.frame["dossier"]) == ["demo"] and state.loaded_at is not None
    state.text = "ferrand"
    assert list(state.visible()["dossier"]) == ["demo"]
    state.text = "personne"
    assert state.visible().empty
