"""What changed since the last review, found in the dossier's history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from vae_toolkit.analysis.review_diff import ADDED, MODIFIED, REMOVED, changes_since_review, diff_dossiers, word_diff
from vae_toolkit.models.dossier import Situation
from vae_toolkit.models.review import Review
from vae_toolkit.storage import history
from vae_toolkit.storage.dossier import DossierSession, dossier_file, load_dossier
from vae_toolkit.storage.review import ReviewSession, reviewed_version


def _candidate_edits(folder: Path) -> None:
    candidate = DossierSession(folder)
    d = candidate.dossier
    d.situations[0].analyse += " J’en retiens qu’il faut associer les usagers dès le diagnostic."
    d.situations.append(Situation(id="nouvelle", titre="Comité de pilotage", actions="J’ai animé le comité."))
    removed = d.situations.pop(1)
    first_rated = sorted(d.auto_evaluation)[0]
    d.auto_evaluation[first_rated] = 4 if d.auto_evaluation[first_rated] != 4 else 1
    candidate.save()
    assert removed.id not in {s.id for s in load_dossier(folder).model.situations}


def test_never_reviewed_has_nothing_to_compare(demo_folder: Path) -> None:
    diff = changes_since_review(never := Review(certification="RNCP39644"), load_dossier(demo_folder).model,
                                reviewed_version(demo_folder, never))
    assert (diff.baseline, diff.changes) == ("aucune", [])
    assert "jamais été revu" in diff.note


def test_changes_since_the_reviewed_version_are_listed(demo_folder: Path) -> None:
    before = load_dossier(demo_folder)
    counsellor = ReviewSession(demo_folder)
    counsellor.mark_reviewed("Claire Roux", before.fingerprint)
    counsellor.save()
    assert changes_since_review(counsellor.review, before.model,
                                reviewed_version(demo_folder, counsellor.review)).changes == []

    _candidate_edits(demo_folder)
    now = load_dossier(demo_folder).model
    diff = changes_since_review(counsellor.review, now, reviewed_version(demo_folder, counsellor.review))
    assert diff.baseline == "exacte"
    kinds = {(c.kind, c.section, c.ident) for c in diff.changes}
    first, second = before.model.situations[0], before.model.situations[1]
    assert (MODIFIED, "Situation", first.id) in kinds
    assert (ADDED, "Situation", "nouvelle") in kinds
    assert (REMOVED, "Situation", second.id) in kinds
    assert any(c.section == "Auto-évaluation" for c in diff.changes)
    analysis = next(c for c in diff.changes if c.ident == first.id and c.label.endswith("Analyse réflexive"))
    assert ("+", "J’en retiens qu’il faut associer les usagers dès le diagnostic.") in word_diff(analysis.before,
                                                                                               analysis.after)


def test_without_the_exact_version_the_one_on_disk_at_review_time_is_used(new_folder: Path) -> None:
    session = DossierSession(new_folder)
    session.dossier.notes = "version A"
    session.save()
    a_written = history.versions(dossier_file(new_folder))[0].saved_at  # the empty version was replaced then
    session.dossier.notes = "version B"
    session.save()
    assert history.versions(dossier_file(new_folder))[0].saved_at > a_written
    review = Review(certification="RNCP39644", derniere_revue=a_written + dt.timedelta(microseconds=1),
                    empreinte_dossier="0" * 64)
    diff = changes_since_review(review, session.dossier, reviewed_version(new_folder, review))
    assert diff.baseline == "approchée"
    assert [(c.section, c.before, c.after) for c in diff.changes] == [("Notes", "version A", "version B")]


def test_an_unreadable_history_version_is_reported_not_raised(new_folder: Path) -> None:
    session = DossierSession(new_folder)
    session.dossier.notes = "v2"
    session.save()
    old = history.versions(dossier_file(new_folder))[0]
    old.path.write_text("profil: [\n", encoding="utf-8")
    review = Review(certification="RNCP39644", derniere_revue=dt.datetime(2000, 1, 1))
    diff = changes_since_review(review, session.dossier, reviewed_version(new_folder, review))
    assert diff.baseline == "aucune" and "ne se lit plus" in diff.note


def test_profile_and_pieces_changes(demo_folder: Path) -> None:
    old = load_dossier(demo_folder).model
    new = old.model_copy(deep=True)
    new.profil.motivation += " Et transmettre."
    new.pieces = new.pieces[1:]
    changes = diff_dossiers(old, new)
    assert {(c.section, c.kind) for c in changes} == {("Profil", MODIFIED), ("Pièce", REMOVED)}


def test_word_diff_marks_insertions_and_deletions() -> None:
    assert word_diff("je coordonne le projet", "je pilote le projet") == [
        ("=", "je"), ("-", "coordonne"), ("+", "pilote"), ("=", "le projet")]
