"""revue.yaml: the counsellor's file has the dossier's guarantees and the candidate's saves never touch it."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import stat
from pathlib import Path

import pytest

from vae_toolkit.errors import InvalidFileError, TooNewError, VaeError
from vae_toolkit.models.review import (
    SCHEMA_VERSION,
    Avis,
    Review,
    Statut,
    add_comment,
    orphan_situations,
    review_schema,
)
from vae_toolkit.models.schema import SCHEMA_DIR, schema_text
from vae_toolkit.storage import history
from vae_toolkit.storage.dossier import DossierSession, dossier_file, load_dossier
from vae_toolkit.storage.review import ReviewSession, load_review, review_file, save_review

WHEN = dt.datetime(2026, 3, 2, 14, 30)


def test_a_dossier_never_reviewed_has_no_file_and_an_empty_review(new_folder: Path) -> None:
    assert load_review(new_folder) is None
    session = ReviewSession(new_folder)
    assert session.review.certification == "RNCP39644"
    assert session.fingerprint is None
    assert not review_file(new_folder).exists()


def test_round_trip_keeps_statuses_comments_ratings_and_opinion(new_folder: Path) -> None:
    session = ReviewSession(new_folder)
    comp = session.review.competence("BC01.C1")
    comp.statut, comp.note_conseiller = Statut.en_bonne_voie, 2
    add_comment(comp, "Claire Roux", "Décrivez votre rôle dans « l’observatoire » : je, pas nous.", WHEN)
    add_comment(session.review.situation("s1"), "Claire Roux", "Ajoutez les résultats chiffrés.", WHEN)
    session.review.avis.avis = Avis.reserve
    session.review.avis.preconisations = "Retravailler l’analyse réflexive du bloc 2 ; #pas de markup"
    session.mark_reviewed("Claire Roux", load_dossier(new_folder).fingerprint, WHEN)
    session.save()

    again = load_review(new_folder)
    assert again is not None
    assert again.model == session.review
    assert again.model.competences["BC01.C1"].commentaires[0].auteur == "Claire Roux"
    assert again.model.derniere_revue == WHEN
    assert "Décrivez votre rôle dans « l’observatoire »" in review_file(new_folder).read_text(encoding="utf-8")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_review_file_is_private(new_folder: Path) -> None:
    session = ReviewSession(new_folder)
    session.save()
    assert stat.S_IMODE(review_file(new_folder).stat().st_mode) == 0o600


def test_unknown_competence_is_refused_on_write_and_on_read(new_folder: Path) -> None:
    review = Review(certification="RNCP39644")
    review.competence("BC09.C9")
    with pytest.raises(InvalidFileError, match=r"compétence inconnue du référentiel RNCP39644 : BC09\.C9"):
        save_review(new_folder, review, None)
    assert not review_file(new_folder).exists()
    review_file(new_folder).write_text(
        "schema_version: 1\ncertification: RNCP39644\ncompetences:\n  BC09.C9:\n    statut: pret\n", encoding="utf-8"
    )
    with pytest.raises(InvalidFileError) as err:
        load_review(new_folder)
    assert "competences.BC09.C9 (ligne 4)" in str(err.value)


def test_bad_values_are_reported_in_french(new_folder: Path) -> None:
    review_file(new_folder).write_text(
        "schema_version: 1\ncertification: RNCP39644\ncompetences:\n  BC01.C1:\n    statut: fini\n"
        "    note_conseiller: 7\n", encoding="utf-8")
    with pytest.raises(InvalidFileError) as err:
        load_review(new_folder)
    message = str(err.value)
    assert "La revue" in message and "valeur non reconnue" in message and "inférieur ou égal à 4" in message


def test_a_review_from_a_newer_toolkit_is_refused_untouched(new_folder: Path) -> None:
    review_file(new_folder).write_text(f"schema_version: {SCHEMA_VERSION + 1}\ncertification: RNCP39644\n",
                                       encoding="utf-8")
    with pytest.raises(TooNewError, match="version plus récente"):
        load_review(new_folder)


def test_a_review_needs_a_dossier_beside_it(tmp_path: Path) -> None:
    with pytest.raises(VaeError, match="Aucun fichier dossier.yaml"):
        save_review(tmp_path, Review(certification="RNCP39644"), None)


def test_blank_comments_are_refused(new_folder: Path) -> None:
    review = Review(certification="RNCP39644")
    with pytest.raises(VaeError, match="Indiquez votre nom"):
        add_comment(review, "  ", "texte")
    with pytest.raises(VaeError, match="vide"):
        add_comment(review, "Claire", " \n")
    assert review.commentaires == []


def test_two_counsellors_saving_the_same_review_lose_nothing(new_folder: Path) -> None:
    first, second = ReviewSession(new_folder), ReviewSession(new_folder)
    add_comment(first.review, "Claire", "premier avis", WHEN)
    first.save()
    add_comment(second.review, "Paul", "second avis", WHEN)
    saved = second.save()
    assert saved.merged and saved.conflicts == []
    assert [c.texte for c in load_review(new_folder).model.commentaires] == [  # type: ignore[union-attr]
        "premier avis", "second avis"]
    first.review.conseiller = "Claire"
    second.review.conseiller = "Paul"
    first.save()
    saved = second.save()
    assert saved.kept is not None and "Paul" in saved.kept.read_text(encoding="utf-8")
    assert load_review(new_folder).model.conseiller == "Claire"  # type: ignore[union-attr]
    assert [c.ours for c in second.conflicts] == ["Paul"]


def test_each_save_keeps_the_previous_review_in_the_history(new_folder: Path) -> None:
    session = ReviewSession(new_folder)
    session.save()
    add_comment(session.review, "Claire", "ajout", WHEN)
    session.save()
    kept = history.versions(review_file(new_folder))
    assert len(kept) == 1 and "ajout" not in kept[0].path.read_text(encoding="utf-8")
    assert history.versions(dossier_file(new_folder)) == []


def test_the_candidates_saves_never_alter_the_review(new_folder: Path) -> None:
    counsellor = ReviewSession(new_folder)
    add_comment(counsellor.review.competence("BC01.C1"), "Claire", "à développer", WHEN)
    counsellor.save()
    before = review_file(new_folder).read_bytes()
    candidate = DossierSession(new_folder)
    for n in range(3):
        candidate.dossier.notes = f"brouillon {n}"
        candidate.save()
    candidate.overwrite()
    assert review_file(new_folder).read_bytes() == before
    assert history.versions(review_file(new_folder)) == []


def _candidate_writes(folder: str, rounds: int, barrier) -> None:  # noqa: ANN001 - a multiprocessing barrier
    session = DossierSession(folder)
    barrier.wait()
    for n in range(rounds):
        session.dossier.notes += f"ligne {n}\n"
        session.save()


def _counsellor_writes(folder: str, rounds: int, barrier) -> None:  # noqa: ANN001
    session = ReviewSession(folder)
    barrier.wait()
    for n in range(rounds):
        add_comment(session.review.competence("BC02.C1"), "Claire", f"commentaire {n}", WHEN)
        session.save()


def test_candidate_and_counsellor_saving_at_the_same_moment_lose_nothing(new_folder: Path) -> None:
    rounds = 25
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=f, args=(str(new_folder), rounds, barrier))
             for f in (_candidate_writes, _counsellor_writes)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=60)
    assert [p.exitcode for p in procs] == [0, 0]
    notes = load_dossier(new_folder).model.notes
    assert notes == "".join(f"ligne {n}\n" for n in range(rounds))
    comments = load_review(new_folder).model.competences["BC02.C1"].commentaires  # type: ignore[union-attr]
    assert [c.texte for c in comments] == [f"commentaire {n}" for n in range(rounds)]
    assert not list(new_folder.glob("*.non-enregistre-*"))


def test_orphan_situations_are_warnings_that_keep_the_comments(new_folder: Path) -> None:
    review = Review(certification="RNCP39644")
    add_comment(review.situation("disparue"), "Claire", "à garder", WHEN)
    problems = orphan_situations(review, load_dossier(new_folder).model)
    assert [p.path for p in problems] == [("situations", "disparue")]
    save_review(new_folder, review, None)
    assert load_review(new_folder).model.situations["disparue"].commentaires[0].texte == "à garder"  # type: ignore[union-attr]


def test_committed_review_schema_matches_the_model() -> None:
    committed = json.loads((SCHEMA_DIR / f"review.v{SCHEMA_VERSION}.json").read_text(encoding="utf-8"))
    assert schema_text(committed) == schema_text(review_schema())


def test_no_candidate_screen_can_reach_the_review_file() -> None:
    """Neither the candidate's screens (ui/) nor the journey and app packages may name the review's storage."""
    package = Path(__file__).resolve().parents[1] / "vae_toolkit"
    # counsellor code: the counsellor's app shell, the review, dashboard and DFF screens, and the migration plan
    # (a counsellor's action that carries review comments to the new référentiel), and the models of the review and
    # DFF screens (journey/review.py, journey/dff_grid.py)
    counsellor = {"counsellor_app.py", "review_view.py", "dashboard_view.py", "migration_plan.py", "grille_view.py",
                  "review.py", "dff_grid.py"}
    candidate_code = [p for sub in ("ui", "journey", "app") for p in (package / sub).rglob("*.py")]
    assert any(p.parent.name == "ui" for p in candidate_code)
    offenders = [p.name for p in candidate_code if p.name not in counsellor
                 and any(s in p.read_text(encoding="utf-8") for s in ("storage.review", "revue.yaml", "REVIEW_FILE"))]
    assert offenders == []
