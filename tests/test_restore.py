"""``vae restore``: bring back an earlier version after the current file was corrupted by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from vae_toolkit.storage import history
from vae_toolkit.storage.dossier import DossierSession, dossier_file, load_dossier

CORRUPT = b"schema_version: 1\ncertification: RNCP39644\nnotes: [texte coupe par un editeur\n"


def _three_saves(folder: Path) -> DossierSession:
    session = DossierSession(folder)
    for text in ("premier jet", "deuxième jet", "version relue"):
        session.dossier.notes = text
        session.save()
    return session


def _history_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (folder / "historique").iterdir()}


def test_hand_corrupted_dossier_is_restored_and_the_corrupt_file_kept(vae, new_folder: Path) -> None:
    _three_saves(new_folder)
    dossier_file(new_folder).write_bytes(CORRUPT)
    assert vae("check", new_folder).returncode == 1
    before = _history_files(new_folder)

    listing = vae("restore", new_folder, "--list", check=True).stdout
    assert "invalide – ligne 4 : syntaxe YAML incorrecte" in listing
    assert "    1  " in listing and "valide" in listing
    assert dossier_file(new_folder).read_bytes() == CORRUPT, "--list must change nothing"

    result = vae("restore", new_folder, check=True)
    assert "Version n° 1 du " in result.stdout and "restaurée" in result.stdout
    assert "L’ancien fichier (invalide) est conservé dans l’historique" in result.stdout
    assert load_dossier(new_folder).model.notes == "deuxième jet"
    assert "dossier valide" in vae("check", new_folder, check=True).stdout

    after = _history_files(new_folder)
    assert before.items() <= after.items(), "restore deleted or changed an earlier version"
    assert CORRUPT in after.values()


def test_restore_a_chosen_version_then_undo_it(vae, new_folder: Path) -> None:
    _three_saves(new_folder)
    versions = history.versions(dossier_file(new_folder))
    wanted = next(n for n, v in enumerate(versions, start=1) if "premier jet" in v.path.read_text(encoding="utf-8"))
    vae("restore", new_folder, "--version", str(wanted), check=True)
    assert load_dossier(new_folder).model.notes == "premier jet"
    # The version just replaced is now n° 1: restoring it undoes the restore.
    vae("restore", new_folder, "--version", "1", check=True)
    assert load_dossier(new_folder).model.notes == "version relue"


def test_restore_without_version_refuses_when_current_file_is_valid(vae, new_folder: Path) -> None:
    _three_saves(new_folder)
    before = dossier_file(new_folder).read_bytes()
    result = vae("restore", new_folder)
    assert result.returncode == 1
    assert "est valide : précisez la version à restaurer avec --version N" in result.stderr
    assert dossier_file(new_folder).read_bytes() == before


@pytest.mark.parametrize("version", ["0", "99"])
def test_unknown_version_number_is_refused(vae, new_folder: Path, version: str) -> None:
    _three_saves(new_folder)
    result = vae("restore", new_folder, "--version", version)
    assert result.returncode == 1
    assert f"Version n° {version} inconnue : les versions vont de 1 à 3" in result.stderr


def test_invalid_version_is_refused_and_nothing_changes(vae, new_folder: Path) -> None:
    _three_saves(new_folder)
    dossier_file(new_folder).write_bytes(CORRUPT)
    vae("restore", new_folder, check=True)
    restored = dossier_file(new_folder).read_bytes()
    result = vae("restore", new_folder, "--version", "1")  # n° 1 is now the corrupt file
    assert result.returncode == 1
    assert "La version n° 1 est elle-même invalide" in result.stderr and "Rien n’a été modifié" in result.stderr
    assert dossier_file(new_folder).read_bytes() == restored


def test_no_valid_version_at_all_says_how_to_repair(vae, new_folder: Path) -> None:
    session = DossierSession(new_folder)
    session.dossier.notes = "x"
    session.save()
    for version in history.versions(dossier_file(new_folder)):
        version.path.write_bytes(b"\xff\xfe")
    dossier_file(new_folder).write_bytes(CORRUPT)
    result = vae("restore", new_folder)
    assert result.returncode == 1
    assert "Aucune version valide dans l’historique" in result.stderr
    assert dossier_file(new_folder).read_bytes() == CORRUPT


def test_deleted_dossier_file_is_restored(vae, new_folder: Path) -> None:
    _three_saves(new_folder)
    dossier_file(new_folder).unlink()
    result = vae("restore", new_folder, check=True)
    assert "Il n’y avait pas de fichier actuel" in result.stdout
    assert load_dossier(new_folder).model.notes == "deuxième jet"


def test_empty_history(vae, new_folder: Path, tmp_path: Path) -> None:
    assert "Aucune version antérieure" in vae("restore", new_folder, "--list", check=True).stdout
    result = vae("restore", new_folder)
    assert result.returncode == 1 and "rien à restaurer" in result.stderr
    missing = vae("restore", tmp_path / "absent")
    assert missing.returncode == 1 and "n’existe pas" in missing.stderr


def test_restore_keeps_every_version_even_beyond_the_thinning_policy(vae, new_folder: Path) -> None:
    session = DossierSession(new_folder)
    for i in range(history.KEEP_RECENT + 2):
        session.dossier.notes = f"version {i}"
        session.save()
    before = _history_files(new_folder)
    assert len(before) == history.KEEP_RECENT
    dossier_file(new_folder).write_bytes(CORRUPT)
    vae("restore", new_folder, "--version", str(history.KEEP_RECENT), check=True)
    after = _history_files(new_folder)
    assert before.items() <= after.items() and len(after) == history.KEEP_RECENT + 1


def test_open_session_sees_a_conflict_after_a_restore(vae, new_folder: Path) -> None:
    session = _three_saves(new_folder)
    vae("restore", new_folder, "--version", "2", check=True)
    session.dossier.notes = "écrit dans un onglet resté ouvert"
    session.dossier.profil.ville = "Vesoul"
    saved = session.save()
    assert [c.path for c in saved.conflicts] == [("notes",)], "the restore and the tab both changed the notes"
    assert saved.kept is not None and "onglet resté ouvert" in saved.kept.read_text(encoding="utf-8")
    assert load_dossier(new_folder).model.notes == "premier jet"
    assert load_dossier(new_folder).model.profil.ville == "Vesoul", "the tab's other edit is merged in"


def test_hand_corrupted_review_is_restored_without_touching_the_dossier(vae, new_folder: Path) -> None:
    from vae_toolkit.models.review import add_comment
    from vae_toolkit.storage.review import ReviewSession, load_review, review_file

    session = ReviewSession(new_folder)
    for text in ("premier avis", "second avis"):
        add_comment(session.review.competence("BC01.C1"), "Claire", text)
        session.save()
    dossier_before = dossier_file(new_folder).read_bytes()
    review_file(new_folder).write_bytes(b"schema_version: 1\ncompetences: {BC01.C1: [\n")

    listing = vae("restore", new_folder, "--revue", "--list", check=True).stdout
    assert "revue.yaml – invalide" in listing and f"vae restore {new_folder} --revue --version N" in listing
    # The review's versions share historique/ but never appear among the dossier's.
    assert vae("restore", new_folder, "--list", check=True).stdout.startswith("Aucune version antérieure")
    result = vae("restore", new_folder, "--revue", check=True)
    assert "restaurée" in result.stdout and "(invalide) est conservé dans l’historique" in result.stdout
    comments = load_review(new_folder).model.competences["BC01.C1"].commentaires  # type: ignore[union-attr]
    assert [c.texte for c in comments] == ["premier avis"]
    assert dossier_file(new_folder).read_bytes() == dossier_before
    assert vae("restore", new_folder / "revue.yaml", "--list", check=True).stdout.startswith(
        f"Fichier actuel : {review_file(new_folder)} – valide")
