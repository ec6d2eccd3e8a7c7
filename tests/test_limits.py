"""Input limits: huge texts, many entries, pièce paths that try to leave the folder, odd names and encodings.

Each either works or is refused with a French message; nothing crashes, nothing escapes ``pieces/``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from vae_toolkit.analysis.text import count_signes, count_words, narrative
from vae_toolkit.demo import demo_dossier
from vae_toolkit.errors import InvalidFileError, VaeError
from vae_toolkit.models.dossier import Experience, Piece, Situation
from vae_toolkit.storage.dossier import (
    DossierSession,
    add_piece_file,
    dossier_file,
    load_dossier,
    missing_piece_files,
    piece_path,
    safe_file_name,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="symlinks need POSIX rights")
PORTABLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def _realistic_text(size: int) -> str:
    paragraphs = [t for s in demo_dossier().situations for t in (s.contexte, s.actions, s.resultats, s.analyse) if t]
    text, i = "", 0
    while len(text) < size:
        text += paragraphs[i % len(paragraphs)] + "\n\n"
        i += 1
    return text[:size]


def test_a_one_megabyte_narrative_is_saved_loaded_checked_and_counted(vae, new_folder: Path, ref) -> None:  # noqa: ANN001
    session = DossierSession(new_folder)
    big = _realistic_text(1_000_000)
    bloc = ref.blocs[0]
    situation = Situation(id="s1", titre="Une très longue analyse", analyse=big,
                          indicateurs=[bloc.competences[0].indicateurs[0].id])
    session.dossier.situations.append(situation)
    session.save()
    assert load_dossier(new_folder).model.situations[0].analyse == big
    assert "dossier valide" in vae("check", new_folder, check=True).stdout
    status = json.loads(vae("status", new_folder, "--json", check=True).stdout)
    counted = next(b for b in status["blocs"] if b["id"] == bloc.id)
    words, signes = count_words(narrative(situation)), count_signes(narrative(situation))
    assert words > 100_000 and signes >= 1_000_000
    assert status["situations"] == 1
    assert (counted["situations"], counted["mots"], counted["signes"]) == (1, words, signes)


def test_five_hundred_experiences_and_situations(vae, new_folder: Path, ref) -> None:
    session = DossierSession(new_folder)
    indicators = sorted(ref.indicator_ids)
    for i in range(500):
        session.dossier.experiences.append(Experience(
            id=f"e{i}", intitule_poste=f"Poste n° {i}", debut=dt.date(1990 + i % 30, 1 + i % 12, 1),
            missions=["Coordonner l’équipe", "Piloter le diagnostic"]))
        session.dossier.situations.append(Situation(
            id=f"s{i}", titre=f"Situation {i}", experience_ids=[f"e{i}"], analyse=_realistic_text(2000),
            indicateurs=[indicators[i % len(indicators)]]))
    session.save()
    loaded = load_dossier(new_folder).model
    assert len(loaded.experiences) == 500 and loaded == session.dossier
    assert "dossier valide" in vae("check", new_folder, check=True).stdout
    assert "500 expérience(s), 500 situation(s)" in vae("status", new_folder, check=True).stdout


@pytest.mark.parametrize("path, reason", [
    ("../../etc/passwd", "ne doit pas sortir du dossier pieces/"),
    ("sous/../../dossier.yaml", "ne doit pas sortir du dossier pieces/"),
    ("..\\..\\Windows\\win.ini", "ne doit pas sortir du dossier pieces/"),
    ("/etc/passwd", "doit être relatif au dossier pieces/"),
    ("C:\\Windows\\win.ini", "doit être relatif au dossier pieces/"),
    ("C:win.ini", "doit être relatif au dossier pieces/"),
    ("\\\\serveur\\partage\\x.pdf", "doit être relatif au dossier pieces/"),
    ("", "le chemin du fichier est vide"),
    ("a\x00b.pdf", "caractère interdit"),
])
def test_piece_path_leaving_the_folder_is_refused_in_the_file(vae, new_folder: Path, path: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(reason)):
        Piece(id="p1", titre="Pièce", fichier=path)
    text = dossier_file(new_folder).read_text(encoding="utf-8").replace("pieces: []\n", "")
    escaped = json.dumps(path)  # a JSON string is a valid YAML double-quoted scalar
    dossier_file(new_folder).write_text(text + f"pieces:\n- id: p1\n  titre: x\n  fichier: {escaped}\n", encoding="utf-8")
    result = vae("check", new_folder)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "champ pieces[0].fichier" in result.stderr and reason in result.stderr


def _with_piece(folder: Path, fichier: str) -> None:
    session = DossierSession(folder)
    session.dossier.pieces.append(Piece(id="p1", titre="Pièce", fichier=fichier))
    session.save()


@posix_only
def test_symlink_to_a_file_outside_is_refused(vae, new_folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("ne doit jamais sortir", encoding="utf-8")
    (new_folder / "pieces" / "lien.pdf").symlink_to(secret)
    _with_piece(new_folder, "lien.pdf")
    with pytest.raises(VaeError, match="pointe hors du dossier pieces/ : refusée"):
        piece_path(new_folder, "lien.pdf")
    out = vae("check", new_folder, check=True).stdout
    assert "pieces[0].fichier : La pièce « lien.pdf » pointe hors du dossier pieces/ : refusée." in out


@posix_only
def test_symlinked_subfolder_and_symlinked_pieces_folder_are_refused(new_folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (outside / "x.pdf").write_bytes(b"%PDF")
    (new_folder / "pieces" / "sous").symlink_to(outside, target_is_directory=True)
    with pytest.raises(VaeError, match="hors du dossier pieces/"):
        piece_path(new_folder, "sous/x.pdf")
    os.unlink(new_folder / "pieces" / "sous")
    (new_folder / "pieces").rmdir()
    (new_folder / "pieces").symlink_to(outside, target_is_directory=True)
    with pytest.raises(VaeError, match="hors du dossier pieces/"):
        piece_path(new_folder, "x.pdf")
    with pytest.raises(VaeError, match="est un lien symbolique"):
        add_piece_file(new_folder, name="y.pdf", content=b"%PDF")
    assert sorted(p.name for p in outside.iterdir()) == ["x.pdf"]


@posix_only
def test_a_dangling_symlink_in_pieces_is_never_followed_by_a_new_piece(new_folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "cible-absente.pdf"
    (new_folder / "pieces" / "attestation.pdf").symlink_to(target)
    stored = add_piece_file(new_folder, name="attestation.pdf", content=b"%PDF-1.7")
    assert stored == "attestation-2.pdf" and not target.exists()
    source = tmp_path / "attestation.pdf"
    source.write_bytes(b"%PDF-1.7")
    assert add_piece_file(new_folder, source) == "attestation-3.pdf" and not target.exists()


ODD_NAMES = [
    "Attestation employeur (copie) — été 2021 ?.pdf", "../../etc/passwd", "..", ".", ".bashrc", "con.pdf", "NUL",
    "Com1.txt", "lpt9", "a" * 300 + ".pdf", "fichier\x00caché.pdf", "😀.png", "تقرير.pdf", "archive.tar.gz",
    "sans_extension", "  espaces  .pdf", "a:b*c?\"<>|.pdf", "..\\..\\win.ini", "nom.très-long-extension-bizarre",
    "\u202egnp.exe", "CV\nlong.pdf", "-début.pdf",
]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_file_names_become_portable_names_inside_pieces(new_folder: Path, name: str) -> None:
    stored = add_piece_file(new_folder, name=name, content=b"contenu")
    assert PORTABLE.match(stored), stored
    assert len(stored) <= 91 and stored.split(".")[0].upper() not in WINDOWS_DEVICES
    path = piece_path(new_folder, stored)
    assert path.parent == (new_folder / "pieces").resolve() and path.read_bytes() == b"contenu"
    assert safe_file_name(stored) == stored


def test_same_odd_name_twice_never_overwrites(new_folder: Path) -> None:
    first = add_piece_file(new_folder, name="été.pdf", content=b"1")
    second = add_piece_file(new_folder, name="ete.pdf", content=b"2")
    assert first != second
    assert piece_path(new_folder, first).read_bytes() == b"1" and piece_path(new_folder, second).read_bytes() == b"2"


def test_dossier_folder_with_odd_characters_works(vae, tmp_path: Path) -> None:
    folder = tmp_path / "Dossier de Léa (2026) #1 & co ; «test» 😀"
    vae("init", folder, "--nom", "عربي", "--prenom", "Léa 👩🏽‍⚕️", check=True)
    assert "dossier valide" in vae("check", folder, check=True).stdout
    assert "Léa 👩🏽‍⚕️ عربي" in vae("status", folder, check=True).stdout
    assert "Aucune version antérieure" in vae("restore", folder, "--list", check=True).stdout


def test_windows_editor_line_endings_and_bom_are_read(demo_folder: Path) -> None:
    original = load_dossier(demo_folder).model
    raw = dossier_file(demo_folder).read_bytes()
    dossier_file(demo_folder).write_bytes(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"))
    assert load_dossier(demo_folder).model == original


def test_utf16_file_from_notepad_is_refused_in_french(new_folder: Path) -> None:
    text = dossier_file(new_folder).read_text(encoding="utf-8")
    dossier_file(new_folder).write_bytes(text.encode("utf-16"))
    with pytest.raises(InvalidFileError, match="n’est pas encodé en UTF-8"):
        load_dossier(new_folder)


def test_missing_piece_files_lists_each_problem_once(new_folder: Path) -> None:
    _with_piece(new_folder, "absente.pdf")
    problems = missing_piece_files(new_folder, load_dossier(new_folder).model)
    assert [(p.where, p.message) for p in problems] == [("pieces[0].fichier", "fichier introuvable : pieces/absente.pdf")]
