"""The demonstration dossier: valid, realistic, and with exactly the gaps documented in docs/demo.md."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from vae_toolkit.demo import demo_dossier, demo_piece_files, write_demo
from vae_toolkit.errors import VaeError
from vae_toolkit.models.checks import reference_problems
from vae_toolkit.models.dossier import Dossier, Situation, TypeExperience, Typologie
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.dossier import PIECES_DIR, load_dossier, safe_file_name

POSIX = os.name == "posix"

NEVER_EVIDENCED = "BC01.C3.I3"
RATED_BUT_UNEVIDENCED = "BC02.C3.I1"
THIN_COMPETENCE = "BC02.C1"
THIN_SITUATION = "sit-scenarios-accueil-familial"
WE_SITUATION = "sit-evaluation-interne"
NO_RESULTS_SITUATION = "sit-projet-associatif"
UNRATED = {"BC02.C2.I3", "BC02.C3.I3", "BC03.C4.I1"}
# Indicators with no full situation behind them: the deliberate gaps 1 to 3.
GAP_INDICATORS = {NEVER_EVIDENCED, RATED_BUT_UNEVIDENCED, "BC02.C1.I1", "BC02.C1.I2"}
EXPECTED_GRID = {
    "BC01.C1": "Oui", "BC01.C2": "Oui", "BC01.C3": "Partiellement",
    "BC02.C1": "Partiellement", "BC02.C2": "Partiellement", "BC02.C3": "Partiellement",
    "BC03.C1": "Oui", "BC03.C2": "Oui", "BC03.C3": "Oui", "BC03.C4": "Partiellement",
}
_WE = re.compile(r"\b(nous|on)\b", re.IGNORECASE)
_I = re.compile(r"\b(je|me|moi)\b|\b[jm]’", re.IGNORECASE)


@pytest.fixture(scope="module")
def dossier() -> Dossier:
    return demo_dossier()


@pytest.fixture(scope="module")
def ref() -> Referentiel:
    return load_referentiel("RNCP39644")


def evidencing(items: list, indicator_id: str) -> list:
    """The situations (or pièces) linked to one indicator."""
    return [item for item in items if indicator_id in item.indicateurs]


def parts(s: Situation) -> list[str]:
    return [s.contexte, s.actions, s.resultats, s.analyse]


def words(s: Situation) -> int:
    return sum(len(re.findall(r"[\w’-]+", p)) for p in parts(s))


def is_full(s: Situation) -> bool:
    """All four parts written, substantial, and told with « je »."""
    return all(p.strip() for p in parts(s)) and words(s) >= 150 and not _WE.search(" ".join(parts(s)))


def strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


# --- validity and realism -------------------------------------------------------------------------------


def test_demo_is_valid_against_its_referentiel(dossier: Dossier, ref: Referentiel) -> None:
    assert dossier.certification == "RNCP39644"
    assert reference_problems(dossier, ref) == []


def test_candidate_aims_at_the_whole_diploma_without_dispense(dossier: Dossier, ref: Referentiel) -> None:
    profil = dossier.profil
    assert profil.nom and profil.prenom
    assert profil.objectif == "diplome_complet"
    assert profil.typologie in (Typologie.salarie_public, Typologie.salarie_prive)
    assert "DEES" in dossier.diploma_codes()
    assert ref.dispensed_blocs(dossier.diploma_codes()) == {}
    assert len(profil.motivation.split()) > 60 and len(profil.projet.split()) > 40
    assert dossier.notes.strip()


def test_parcours(dossier: Dossier, ref: Referentiel) -> None:
    exps = dossier.experiences
    assert 5 <= len(exps) <= 7
    volunteer = [e for e in exps if e.type is TypeExperience.benevole]
    assert len(volunteer) == 1 and volunteer[0].quotite <= 0.2
    assert any(e.quotite < 1 and e.type is TypeExperience.salarie for e in exps)
    assert [e.id for e in exps if e.fin is None and e.type is TypeExperience.salarie] == ["exp-observation"]
    assert {f for e in exps for f in e.fonctions} == {f.id for f in ref.fonctions}
    for e in exps:
        s = e.structure
        assert all([s.nom, s.secteur, s.organisation, s.publics, s.territoire]), e.id
        assert len(s.environnement.split()) >= 40, e.id
        assert e.missions, e.id
    assert 2 <= len(dossier.formations) <= 3


def test_situations_are_anchored(dossier: Dossier) -> None:
    assert 8 <= len(dossier.situations) <= 10
    exp_ids = {e.id for e in dossier.experiences}
    for s in dossier.situations:
        assert s.experience_ids and set(s.experience_ids) <= exp_ids and s.periode and s.indicateurs, s.id
    across_blocs = [s for s in dossier.situations if len({i.split(".")[0] for i in s.indicateurs}) > 1]
    assert len(across_blocs) >= 4


def test_full_situations_are_first_person_and_of_reasonable_length(dossier: Dossier) -> None:
    full = [s for s in dossier.situations if is_full(s)]
    assert len(full) == 7
    for s in full:
        assert 150 <= words(s) <= 400, (s.id, words(s))
        assert _I.search(s.actions) and _I.search(s.analyse), s.id


def test_ratings_and_unrated_indicators(dossier: Dossier, ref: Referentiel) -> None:
    unrated = ref.indicator_ids - dossier.auto_evaluation.keys()
    assert unrated == UNRATED
    assert all(evidencing(dossier.situations, i) for i in unrated)


def test_pieces(dossier: Dossier) -> None:
    assert 3 <= len(dossier.pieces) <= 5
    assert all(p.fichier for p in dossier.pieces)
    assert any(p.indicateurs for p in dossier.pieces)
    packaged = {p.name for p in (resources.files("vae_toolkit.demo") / "pieces").iterdir()}
    assert packaged == {p.fichier for p in dossier.pieces}
    for p in dossier.pieces:
        assert p.fichier == safe_file_name(p.fichier)
    assert all(content.strip() for content in demo_piece_files().values())


def test_french_typography(dossier: Dossier) -> None:
    texts = list(strings(dossier.model_dump(mode="json"))) + [
        c.decode("utf-8") for c in demo_piece_files().values()
    ]
    for text in texts:
        assert "'" not in text, text
        assert not re.search(r"«[^\u00a0]|[^\u00a0]»", text), text
        assert not re.search(r"(?<!\u00a0)[:;?!]", text), text


# --- the deliberate gaps --------------------------------------------------------------------------------


def test_gap_1_calls_for_tender_never_evidenced(dossier: Dossier) -> None:
    assert evidencing(dossier.situations, NEVER_EVIDENCED) == []
    assert evidencing(dossier.pieces, NEVER_EVIDENCED) == []
    assert dossier.auto_evaluation.get(NEVER_EVIDENCED) in (None, 1)


def test_gap_2_rated_mastered_without_evidence(dossier: Dossier) -> None:
    assert dossier.auto_evaluation[RATED_BUT_UNEVIDENCED] == 4
    assert evidencing(dossier.situations, RATED_BUT_UNEVIDENCED) == []
    assert evidencing(dossier.pieces, RATED_BUT_UNEVIDENCED) == []


def test_gap_3_prospective_is_thin(dossier: Dossier, ref: Referentiel) -> None:
    indicator_ids = [i.id for i in ref.competence(THIN_COMPETENCE).indicateurs]
    assert indicator_ids == ["BC02.C1.I1", "BC02.C1.I2"]
    linked = [s for s in dossier.situations if set(s.indicateurs) & set(indicator_ids)]
    assert [s.id for s in linked] == [THIN_SITUATION]
    thin = linked[0]
    assert thin.indicateurs == ["BC02.C1.I2"]
    assert words(thin) < 120
    assert len(re.findall(r"[.!?…](\s|$)", thin.analyse.strip())) == 1
    assert evidencing(dossier.situations, "BC02.C1.I1") == []
    assert dossier.auto_evaluation["BC02.C1.I1"] == 2
    assert not any(set(p.indicateurs) & set(indicator_ids) for p in dossier.pieces)


def test_gap_4_one_situation_says_we_and_one_lacks_results(dossier: Dossier) -> None:
    we = [s.id for s in dossier.situations if _WE.search(" ".join(parts(s)))]
    assert we == [WE_SITUATION]
    we_situation = next(s for s in dossier.situations if s.id == WE_SITUATION)
    assert _I.search(" ".join(parts(we_situation)))  # partly « je », partly « nous »
    missing = [(s.id, name) for s in dossier.situations
               for name, text in zip(("contexte", "actions", "resultats", "analyse"), parts(s), strict=True)
               if not text.strip()]
    assert missing == [(NO_RESULTS_SITUATION, "resultats")]


def test_every_other_indicator_has_a_full_situation(dossier: Dossier, ref: Referentiel) -> None:
    evidenced = {i for s in dossier.situations if is_full(s) for i in s.indicateurs}
    assert ref.indicator_ids - evidenced == GAP_INDICATORS


def test_grid_matches_the_documentation(dossier: Dossier, ref: Referentiel) -> None:
    grid = {}
    for comp in ref.competences:
        ratings = [dossier.auto_evaluation.get(i.id) or 0 for i in comp.indicateurs]
        if all(r >= 3 and evidencing(dossier.situations, i.id) for r, i in zip(ratings, comp.indicateurs, strict=True)):
            grid[comp.id] = "Oui"
        elif not any(r >= 2 for r in ratings):
            grid[comp.id] = "Non"
        else:
            grid[comp.id] = "Partiellement"
    assert grid == EXPECTED_GRID


def test_documentation_lists_the_gaps() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "demo.md").read_text(encoding="utf-8")
    for ident in (*sorted(GAP_INDICATORS - {"BC02.C1.I2"}), THIN_COMPETENCE, THIN_SITUATION, WE_SITUATION,
                  NO_RESULTS_SITUATION, *sorted(UNRATED)):
        assert ident in doc, ident
    for comp, value in EXPECTED_GRID.items():
        assert f"| {comp} | {value} |" in doc, comp


# --- writing the demo to disk ---------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, tuple[bytes | None, int, int]]:
    out = {}
    for path in sorted(folder.rglob("*")):
        st = path.stat()
        out[str(path.relative_to(folder))] = (path.read_bytes() if path.is_file() else None, st.st_mode, st.st_mtime_ns)
    return out


def test_write_demo_creates_a_loadable_private_folder(tmp_path: Path) -> None:
    folder = tmp_path / "demo" / "camille"
    assert write_demo(folder) == folder
    loaded = load_dossier(folder).model
    assert loaded == demo_dossier()
    expected = demo_piece_files()
    for piece in loaded.pieces:
        path = folder / PIECES_DIR / piece.fichier
        assert path.read_bytes() == expected[piece.fichier]
    if POSIX:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE((folder / PIECES_DIR).stat().st_mode) == 0o700
        assert stat.S_IMODE((folder / "dossier.yaml").stat().st_mode) == 0o600
        for path in (folder / PIECES_DIR).iterdir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_write_demo_twice_refuses_and_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    write_demo(folder)
    before = snapshot(folder)
    with pytest.raises(VaeError, match="existe déjà"):
        write_demo(folder)
    assert snapshot(folder) == before


def test_write_demo_into_an_existing_empty_folder(tmp_path: Path) -> None:
    write_demo(tmp_path)
    assert load_dossier(tmp_path).model == demo_dossier()
    if POSIX:
        assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o700


def test_write_demo_keeps_a_stray_piece_and_links_its_own(tmp_path: Path) -> None:
    name = demo_dossier().pieces[0].fichier
    (tmp_path / PIECES_DIR).mkdir()
    (tmp_path / PIECES_DIR / name).write_bytes(b"mine")
    write_demo(tmp_path)
    assert (tmp_path / PIECES_DIR / name).read_bytes() == b"mine"
    loaded = load_dossier(tmp_path).model
    renamed = loaded.pieces[0].fichier
    assert renamed != name
    assert (tmp_path / PIECES_DIR / renamed).read_bytes() == demo_piece_files()[name]


def test_write_demo_refuses_a_file_as_folder(tmp_path: Path) -> None:
    target = tmp_path / "not-a-folder"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(VaeError):
        write_demo(target)
    assert target.read_text(encoding="utf-8") == "x"
