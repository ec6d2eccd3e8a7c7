"""Another certification is another data file: a fictional one (tests/data/referentiels/RNCP00001.yaml), with other
ID shapes, counts and dispenses, goes through the whole toolkit without a line of code that knows it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from export_helpers import pdf_text

from vae_toolkit.analysis.gaps import analyse
from vae_toolkit.errors import UnknownCertificationError
from vae_toolkit.export.api import export
from vae_toolkit.models.dossier import Experience, Situation
from vae_toolkit.referentiels import available_codes, load_referentiel
from vae_toolkit.storage.dossier import load_dossier, save_dossier
from vae_toolkit.ui.bloc_view import bloc_screen
from vae_toolkit.ui.page import JourneyPage

DATA = Path(__file__).parent / "data" / "referentiels"
CODE = "RNCP00001"
TODAY = dt.date(2026, 11, 29)


@pytest.fixture(autouse=True)
def extra_referentiels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VAE_REFERENTIELS", str(DATA))


@pytest.fixture
def folder(tmp_path: Path, vae: Callable) -> Path:
    target = tmp_path / "candidat"
    vae("init", target, "--nom", "Martin", "--prenom", "Léa", "--certification", CODE, check=True)
    session = load_dossier(target)
    ref = load_referentiel(CODE)
    first = ref.blocs[0].competences[0]
    dossier = session.model.model_copy(update={
        "experiences": [Experience(id="exp-1", intitule_poste="Conseillère d’accueil", debut=dt.date(2018, 1, 1),
                                   fonctions=[f.id for f in ref.fonctions])],
        "situations": [Situation(id="sit-1", titre="Un premier accueil difficile", experience_ids=["exp-1"],
                                 contexte="Une personne arrive sans rendez-vous, inquiète. " * 8,
                                 actions="J’ai reçu la personne, j’ai reformulé sa demande, j’ai appelé le CCAS. " * 6,
                                 resultats="Un rendez-vous pris le jour même avec la bonne personne. " * 4,
                                 analyse="J’ai appris à prendre le temps de la reformulation avant d’orienter. " * 6,
                                 indicateurs=[i.id for i in first.indicateurs])],
        "auto_evaluation": {i.id: 3 for i in first.indicateurs},
    })
    save_dossier(target, dossier, session.fingerprint)
    return target


def test_the_extra_folder_adds_a_certification_and_the_shipped_one_stays() -> None:
    assert {CODE, "RNCP39644"} <= set(available_codes())
    ref = load_referentiel(CODE.lower())
    assert [b.id for b in ref.blocs] == ["CP-A", "CP-B"] and sum(len(b.indicateurs) for b in ref.blocs) == 5
    with pytest.raises(UnknownCertificationError, match="invalide"):
        load_referentiel("../RNCP39644")


def test_command_line_on_a_dossier_of_the_other_certification(folder: Path, vae: Callable) -> None:
    framework = json.loads(vae("framework", CODE, "--json", check=True).stdout)
    assert framework["code"] == CODE
    assert vae("check", folder).returncode == 0
    status = vae("status", folder, check=True).stdout
    assert "CP-A" in status and "CP-B" in status and "BC01.C" not in status
    gaps = json.loads(vae("gaps", folder, "--json", check=True).stdout)
    assert list(gaps["indicateurs"]) == ["CP-A.1.a", "CP-A.1.b", "CP-A.2.a", "CP-B.1.a", "CP-B.1.b"]
    assert "BC01.C" not in json.dumps(gaps)


def test_a_foreign_indicator_is_refused_by_check(folder: Path, vae: Callable) -> None:
    text = (folder / "dossier.yaml").read_text(encoding="utf-8").replace("CP-A.1.a: 3", "BC01.C1.I1: 3")
    (folder / "dossier.yaml").write_text(text, encoding="utf-8")
    result = vae("check", folder)
    assert result.returncode == 1 and "BC01.C1.I1" in result.stderr


def test_gap_analysis_follows_the_file(folder: Path) -> None:
    ref = load_referentiel(CODE)
    result = analyse(load_dossier(folder).model, ref, today=TODAY)
    assert list(result.indicateurs.index) == [i.id for b in ref.blocs for i in b.indicateurs]
    assert list(result.grille.index) == [c.id for b in ref.blocs for c in b.competences]


def test_the_bloc_screen_and_the_livret_know_only_the_file(folder: Path, tmp_path: Path) -> None:
    ref = load_referentiel(CODE)
    for bloc in ref.blocs:
        page = bloc_screen(folder, bloc=bloc.id, delay=0, today=TODAY, environ={}).children[0]
        assert isinstance(page, JourneyPage)
        view = page.body.children[0]
        assert [v for _label, v in view.competence.options] == [c.id for c in bloc.competences]
    text = " ".join(pdf_text(export(folder, "livret", "pdf", tmp_path / "livret.pdf", today=TODAY)).split())
    for bloc in ref.blocs:
        assert bloc.intitule in text
    assert "Titre fictif de coordinateur de parcours" in text and CODE in text
    assert "RNCP39644" not in text and "ingénierie sociale" not in text


def test_a_diploma_of_the_file_dispenses_its_bloc(folder: Path, vae: Callable) -> None:
    text = (folder / "dossier.yaml").read_text(encoding="utf-8").replace(
        "  diplomes: []", "  diplomes:\n  - intitule: Titre fictif X\n    code: TITRE-X")
    (folder / "dossier.yaml").write_text(text, encoding="utf-8")
    status = json.loads(vae("status", folder, "--json", check=True).stdout)
    assert "CP-B" in json.dumps(status) and "dispense" in json.dumps(status)
