"""Storage never loses data: atomic replace, history, conflicts, permissions, upgrades, bad files."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from vae_toolkit.errors import ConflictError, InvalidFileError, TooNewError, TooOldError, VaeError, WriteError
from vae_toolkit.models.dossier import SCHEMA_VERSION, Dossier, Experience, Situation
from vae_toolkit.storage import atomic, history
from vae_toolkit.storage.document import UNCHECKED, DocumentSpec, read_document, write_document
from vae_toolkit.storage.dossier import (
    DossierSession,
    add_piece_file,
    dossier_file,
    init_dossier,
    load_dossier,
    piece_path,
    safe_file_name,
    save_dossier,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _add_experience(folder: Path, poste: str = "Cheffe de service") -> str:
    loaded = load_dossier(folder)
    d = loaded.model
    d.experiences.append(Experience(id=f"e{len(d.experiences) + 1}", intitule_poste=poste, debut=dt.date(2015, 1, 1)))
    return save_dossier(folder, d, loaded.fingerprint)


def test_init_creates_a_valid_private_dossier(new_folder: Path) -> None:
    d = load_dossier(new_folder).model
    assert (d.profil.nom, d.profil.prenom, d.certification) == ("Martin", "Léa", "RNCP39644")
    if os.name == "posix":
        assert stat.S_IMODE(new_folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(dossier_file(new_folder).stat().st_mode) == 0o600
        assert stat.S_IMODE((new_folder / "pieces").stat().st_mode) == 0o700


def test_init_refuses_an_existing_dossier(new_folder: Path) -> None:
    before = dossier_file(new_folder).read_bytes()
    with pytest.raises(VaeError, match="existe déjà"):
        init_dossier(new_folder, "Autre", "Personne", "RNCP39644")
    assert dossier_file(new_folder).read_bytes() == before


def test_init_refuses_an_unknown_certification(tmp_path: Path) -> None:
    with pytest.raises(VaeError, match="Certification inconnue : RNCP0"):
        init_dossier(tmp_path / "x", "A", "B", "RNCP0")
    assert not (tmp_path / "x").exists()


def test_round_trip_keeps_everything(new_folder: Path) -> None:
    loaded = load_dossier(new_folder)
    d = loaded.model
    d.experiences.append(Experience(id="e1", intitule_poste="Chargée de mission", debut=dt.date(2018, 9, 1),
                                    quotite=0.8, missions=["Diagnostic « jeunesse »", "Ligne 1\nLigne 2"]))
    d.situations.append(Situation(id="s1", titre="Œuvre d’équipe", experience_ids=["e1"],
                                  actions="J’ai animé…\n\n  indentation gardée\n", indicateurs=["BC01.C1.I1"]))
    d.auto_evaluation["BC01.C1.I1"] = 3
    save_dossier(new_folder, d, loaded.fingerprint)
    assert load_dossier(new_folder).model == d
    text = dossier_file(new_folder).read_text(encoding="utf-8")
    assert "Œuvre d’équipe" in text and "\\u" not in text  # readable accents, not escapes


def test_failure_between_write_and_rename_leaves_the_old_file(new_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = dossier_file(new_folder).read_bytes()

    def boom(src: object, dst: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(WriteError, match="version précédente du fichier est intacte"):
        _add_experience(new_folder)
    assert dossier_file(new_folder).read_bytes() == before
    assert not list(new_folder.glob(".dossier.yaml.*.tmp"))


def test_full_disk_is_reported_in_french(new_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = dossier_file(new_folder).read_bytes()

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(WriteError, match="le disque est plein"):
        _add_experience(new_folder)
    assert dossier_file(new_folder).read_bytes() == before


def test_conflicting_save_is_refused_and_kept_aside(new_folder: Path) -> None:
    first = load_dossier(new_folder)
    second = load_dossier(new_folder)
    first.model.notes = "écrit dans l’onglet 1"
    save_dossier(new_folder, first.model, first.fingerprint)
    second.model.notes = "écrit dans l’onglet 2"
    with pytest.raises(ConflictError, match="modifié ailleurs") as info:
        save_dossier(new_folder, second.model, second.fingerprint)
    assert load_dossier(new_folder).model.notes == "écrit dans l’onglet 1"
    kept = info.value.kept
    assert kept is not None and kept.parent == new_folder and str(kept) in str(info.value)
    assert read_document(kept, DocumentSpec(Dossier, SCHEMA_VERSION)).model.notes == "écrit dans l’onglet 2"
    if os.name == "posix":
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_session_tracks_its_fingerprint(new_folder: Path) -> None:
    tab1, tab2 = DossierSession(new_folder), DossierSession(new_folder)
    tab1.dossier.notes = "un"
    tab1.save()
    tab1.dossier.notes = "deux"
    tab1.save()  # its own previous save is not a conflict
    tab2.dossier.notes = "trois"
    saved = tab2.save()  # the same field changed in both: the file keeps the other, ours waits for a choice
    assert saved.merged and [c.ours for c in saved.conflicts] == ["trois"]
    assert tab2.dossier.notes == "deux" == load_dossier(new_folder).model.notes
    tab2.reload()
    assert tab2.conflicts == []
    tab2.dossier.notes = "trois"
    assert tab2.save().merged is False
    assert load_dossier(new_folder).model.notes == "trois"


def test_save_of_unchanged_content_writes_nothing(new_folder: Path) -> None:
    loaded = load_dossier(new_folder)
    mtime = dossier_file(new_folder).stat().st_mtime_ns
    assert save_dossier(new_folder, loaded.model, loaded.fingerprint) == loaded.fingerprint
    assert dossier_file(new_folder).stat().st_mtime_ns == mtime
    assert history.versions(dossier_file(new_folder)) == []


def test_history_keeps_earlier_versions(new_folder: Path) -> None:
    original = dossier_file(new_folder).read_bytes()
    _add_experience(new_folder, "Poste A")
    after_a = dossier_file(new_folder).read_bytes()
    _add_experience(new_folder, "Poste B")
    versions = history.versions(dossier_file(new_folder))
    assert [v.path.read_bytes() for v in versions] == [after_a, original]
    if os.name == "posix":
        assert all(stat.S_IMODE(v.path.stat().st_mode) == 0o600 for v in versions)
        assert stat.S_IMODE(history.history_dir(dossier_file(new_folder)).stat().st_mode) == 0o700


def test_history_is_thinned(tmp_path: Path) -> None:
    doc = tmp_path / "dossier.yaml"
    start = dt.datetime(2026, 1, 1, 9)
    for day in range(40):
        for hour in range(3):
            history.snapshot(doc, f"{day}-{hour}".encode(), now=start + dt.timedelta(days=day, hours=hour))
    kept = history.versions(doc)
    newest = [v.path.read_bytes() for v in kept[: history.KEEP_RECENT]]
    assert newest[0] == b"39-2" and len(newest) == history.KEEP_RECENT
    days = {v.saved_at.date() for v in kept}
    assert len(days) == history.KEEP_DAYS
    assert len(kept) < 40 * 3


def test_upgrades_are_chained(tmp_path: Path) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text("schema_version: 1\nnom: Léa\n", encoding="utf-8")

    from pydantic import BaseModel

    class V3(BaseModel):
        schema_version: int
        prenom: str
        certification: str

    steps = {
        1: lambda d: {**{k: v for k, v in d.items() if k != "nom"}, "prenom": d["nom"]},
        2: lambda d: {**d, "certification": "RNCP39644"},
    }
    loaded = read_document(path, DocumentSpec(V3, current=3, steps=steps))
    assert loaded.model == V3(schema_version=3, prenom="Léa", certification="RNCP39644")
    assert loaded.upgraded_from == 1
    assert path.read_text(encoding="utf-8") == "schema_version: 1\nnom: Léa\n"  # reading never writes
    with pytest.raises(TooOldError, match="trop ancien"):
        read_document(path, DocumentSpec(V3, current=3, oldest=2, steps=steps))


def test_newer_format_is_refused(new_folder: Path) -> None:
    path = dossier_file(new_folder)
    newer = f"schema_version: {SCHEMA_VERSION + 1}".encode()
    path.write_bytes(path.read_bytes().replace(f"schema_version: {SCHEMA_VERSION}".encode(), newer))
    with pytest.raises(TooNewError, match="version plus récente de vae-toolkit"):
        load_dossier(new_folder)


BAD_FILES = {
    "yaml_syntax": (b"schema_version: 1\ncertification: [RNCP39644\nnotes: x\n", "syntaxe YAML", None, 3),
    "wrong_type": (b"schema_version: 1\ncertification: RNCP39644\nsituations: 12\n", "liste attendue", "situations", 3),
    "unknown_indicator": (
        b"schema_version: 1\ncertification: RNCP39644\nauto_evaluation:\n  BC01.C1.I1: 3\n  BC07.C1.I9: 2\n",
        "indicateur inconnu", "auto_evaluation.BC07.C1.I9", 5),
    "end_before_start": (
        b"schema_version: 1\ncertification: RNCP39644\nexperiences:\n- id: e1\n  intitule_poste: X\n"
        b"  debut: 2020-05-01\n  fin: 2019-01-31\n", "précède la date de début", "experiences[0].fin", 7),
    "rating_out_of_scale": (
        b"schema_version: 1\ncertification: RNCP39644\nauto_evaluation:\n  BC01.C1.I1: 7\n",
        "hors de l’échelle", "auto_evaluation.BC01.C1.I1", 4),
    "not_utf8": (b"schema_version: 1\ncertification: RNCP39644\nnotes: \xe9t\xe9\n", "pas encodé en UTF-8", None, 3),
    "empty": (b"", "vide", None, None),
    "only_spaces": (b"  \n\n", "vide", None, None),
    "not_a_mapping": (b"- a\n- b\n", "clé : valeur", None, None),
    "unknown_field": (b"schema_version: 1\ncertification: RNCP39644\nnotse: oups\n", "champ inconnu", "notse", 3),
    "unknown_certification": (b"schema_version: 1\ncertification: RNCP1\n", "Certification inconnue", "certification", 2),
    "missing_version": (b"certification: RNCP39644\n", "schema_version", "schema_version", None),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_raise_one_clear_error(new_folder: Path, case: str) -> None:
    content, fragment, field, line = BAD_FILES[case]
    path = dossier_file(new_folder)
    path.write_bytes(content)
    with pytest.raises(InvalidFileError) as info:
        load_dossier(new_folder)
    message = str(info.value)
    assert str(path) in message and fragment in message
    if field is not None:
        assert f"champ {field}" in message
    if line is not None:
        assert f"(ligne {line})" in message
    assert path.read_bytes() == content


def test_every_problem_is_listed(new_folder: Path) -> None:
    path = dossier_file(new_folder)
    path.write_bytes(b"schema_version: 1\ncertification: RNCP39644\nexperiences:\n- id: e1\n  intitule_poste: X\n"
                     b"  debut: 2020-05-01\n  fin: 2019-01-31\n  quotite: 3\nauto_evaluation:\n  BC01.C1.I1: 0\n"
                     b"  BC09.C1.I1: 2\n")
    with pytest.raises(InvalidFileError) as info:
        load_dossier(new_folder)
    assert [p.where for p in info.value.problems] == [
        "experiences[0].fin", "experiences[0].quotite", "auto_evaluation.BC01.C1.I1", "auto_evaluation.BC09.C1.I1"]
    assert [p.line for p in info.value.problems] == [7, 8, 10, 11]


def test_overwrite_skips_the_conflict_check(new_folder: Path) -> None:
    stale = load_dossier(new_folder).model
    _add_experience(new_folder)
    stale.notes = "je garde ma version"
    write_document(dossier_file(new_folder), stale, DocumentSpec(Dossier, 1), UNCHECKED)
    assert load_dossier(new_folder).model.notes == "je garde ma version"


def test_pieces_are_copied_privately(new_folder: Path, tmp_path: Path) -> None:
    src = tmp_path / "Attestation employeur (2021) — signée.pdf"
    src.write_bytes(b"%PDF-1.4 test")
    name = add_piece_file(new_folder, src)
    assert name == "Attestation-employeur-2021-signee.pdf"
    assert add_piece_file(new_folder, src) == "Attestation-employeur-2021-signee-2.pdf"
    copied = piece_path(new_folder, name)
    assert copied.read_bytes() == b"%PDF-1.4 test"
    if os.name == "posix":
        assert stat.S_IMODE(copied.stat().st_mode) == 0o600


@pytest.mark.parametrize("name", ["../../etc/passwd", "..", ".bashrc", "", "nom:avec*des?car|actères<>.txt"])
def test_safe_file_names_stay_inside(name: str) -> None:
    clean = safe_file_name(name)
    assert clean and "/" not in clean and "\\" not in clean and not clean.startswith(".")


@posix_only
def test_piece_path_refuses_escapes(new_folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    (new_folder / "pieces" / "lien.txt").symlink_to(outside)
    for bad in ["../dossier.yaml", "../../secret.txt", "lien.txt", str(outside)]:
        with pytest.raises(VaeError, match="hors du dossier pieces"):
            piece_path(new_folder, bad)


def test_piece_model_refuses_escaping_paths() -> None:
    from pydantic import ValidationError

    from vae_toolkit.models.dossier import Piece

    for bad in ["../x.pdf", "/etc/passwd", "C:\\Windows\\x.pdf", "a/../../b"]:
        with pytest.raises(ValidationError):
            Piece(id="p1", titre="x", fichier=bad)
    assert Piece(id="p1", titre="x", fichier="sous-dossier/piece.pdf").fichier == "sous-dossier/piece.pdf"
