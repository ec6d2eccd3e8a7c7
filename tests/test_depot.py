"""The deposit for France VAE: the final livret and the pièces, at most 1 + 8 files, each a PDF, JPG or PNG of at
most 10 MB; text pièces converted, refused formats and too-big files named with what to do; nothing overwritten."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.export_helpers import pdf_text
from vae_toolkit.export.depot import MAX_BYTES, write_deposit
from vae_toolkit.models.dossier import Piece
from vae_toolkit.storage.dossier import DossierSession, add_piece_file

TODAY = dt.date(2026, 11, 30)


def _png() -> bytes:
    """A real 2×2 PNG, built by hand."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _pdf(text: str) -> bytes:
    from vae_toolkit.export.depot import text_pdf

    return text_pdf(text, text, "Test")


def _add(folder: Path, session: DossierSession, name: str, data: bytes, title: str) -> None:
    stored = add_piece_file(folder, name=name, content=data)
    session.dossier.pieces.append(Piece(id=f"p-{len(session.dossier.pieces)}", titre=title, fichier=stored))


@pytest.fixture
def crowded(demo_folder: Path) -> Path:
    """The demo (5 text pièces) plus a JPG, two PDFs, a .docx, a 10 MB+ PDF, 3 more texts and two PNGs (one damaged)."""
    session = DossierSession(demo_folder)
    _add(demo_folder, session, "photo.jpeg", b"\xff\xd8\xff\xe0" + b"\0" * 100, "Photo d’atelier")
    _add(demo_folder, session, "rapport.pdf", _pdf("Rapport annuel"), "Rapport annuel")
    _add(demo_folder, session, "etude.pdf", _pdf("Étude aidants"), "Étude aidants")
    _add(demo_folder, session, "lettre.docx", b"PK\x03\x04 docx", "Lettre de mission")
    _add(demo_folder, session, "enorme.pdf", b"%PDF-1.7\n" + b"0" * (MAX_BYTES + 1), "Annexe trop lourde")
    for n in range(3):
        _add(demo_folder, session, f"note-{n}.txt", f"Note {n} #read(\"/etc/passwd\")".encode(), f"Note {n}")
    _add(demo_folder, session, "organigramme.png", _png(), "Organigramme")  # grouped: an image in the annex
    _add(demo_folder, session, "abime.png", b"\x89PNG\r\n\x1a\n damaged", "Image abîmée")
    session.save()
    return demo_folder


def test_at_most_nine_files_each_accepted(crowded: Path, tmp_path: Path, vae) -> None:
    out = tmp_path / "depot"
    result = vae("export", crowded, "--what", "depot", "-o", out)
    assert result.returncode == 0, result.stderr
    files = sorted(out.iterdir())
    assert 1 < len(files) <= 9
    for path in files:
        assert path.suffix in {".pdf", ".jpg", ".png"} and path.stat().st_size <= MAX_BYTES
        assert path.stat().st_mode & 0o777 == 0o600
    assert out.stat().st_mode & 0o777 == 0o700
    assert files[0].name == "00-dossier-de-validation.pdf" and files[-1].name == "08-annexes.pdf"
    annex = pdf_text(files[-1])
    assert "regroupe les pièces suivantes" in annex and "Organigramme" in annex and 'Note 2 #read("/etc/passwd")' in " ".join(annex.split())
    assert "Lettre de mission" in result.stdout and "format .docx refusé" in result.stdout
    assert "Annexe trop lourde" in result.stdout and "plus de 10" in result.stdout
    assert "Image abîmée" in result.stdout and "fichier illisible" in result.stdout
    assert "08-annexes.pdf" in result.stdout and "converti en PDF" in result.stdout
    final = pdf_text(files[0])
    assert "à compléter" not in final.lower()


def test_few_pieces_are_written_one_by_one(demo_folder: Path, tmp_path: Path) -> None:
    deposit = write_deposit(demo_folder, tmp_path / "d", today=TODAY)
    names = [p.name for p in deposit.files]
    assert len(names) == 6 and not any("annexes" in n for n in names)
    assert deposit.refused == []
    text = pdf_text(tmp_path / "d" / names[1])
    assert "Attestation" in text


def test_nothing_is_ever_overwritten(demo_folder: Path, tmp_path: Path, vae) -> None:
    out = tmp_path / "d"
    out.mkdir()
    (out / "00-dossier-de-validation.pdf").write_bytes(b"mon fichier")
    result = vae("export", demo_folder, "--what", "depot", "-o", out)
    assert result.returncode == 1 and "rien n’est jamais remplacé" in result.stderr
    assert (out / "00-dossier-de-validation.pdf").read_bytes() == b"mon fichier"
    assert [p.name for p in out.iterdir()] == ["00-dossier-de-validation.pdf"]


def test_the_folder_is_required(demo_folder: Path, vae) -> None:
    result = vae("export", demo_folder, "--what", "depot")
    assert result.returncode == 1 and "-o" in result.stderr and "Traceback" not in result.stderr


def test_a_piece_outside_pieces_is_refused(demo_folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    (demo_folder / "pieces" / "lien.txt").symlink_to(secret)
    session = DossierSession(demo_folder)
    session.dossier.pieces.append(Piece(id="p-lien", titre="Lien", fichier="lien.txt"))
    session.save()
    deposit = write_deposit(demo_folder, tmp_path / "d", today=TODAY)
    assert any("Lien" in r and "hors du dossier pieces" in r for r in deposit.refused)
    assert all("secret" not in pdf_text(tmp_path / "d" / p.name) for p in deposit.files[1:])


def test_the_deposit_stays_out_of_the_candidates_files(demo_folder: Path, tmp_path: Path) -> None:
    from vae_toolkit.errors import VaeError

    for inside in (demo_folder, demo_folder / "pieces", demo_folder / "historique" / "x"):
        with pytest.raises(VaeError, match="hors du dossier du candidat"):
            write_deposit(demo_folder, inside, today=TODAY)
    assert write_deposit(demo_folder, demo_folder / "exports" / "depot", today=TODAY).files


def test_text_pieces_are_anonymised(demo_folder: Path, tmp_path: Path) -> None:
    from vae_toolkit.models.dossier import Remplacement

    session = DossierSession(demo_folder)
    _add(demo_folder, session, "note-durand.txt", "Entretien avec Mme Durand le 3 mars.".encode(), "Note d’entretien")
    session.dossier.anonymisation = [*session.dossier.anonymisation,
                                     Remplacement(original="Mme Durand", remplacement="Mme D.")]
    session.save()
    deposit = write_deposit(demo_folder, tmp_path / "d", today=TODAY)
    text = " ".join(pdf_text(tmp_path / "d" / deposit.files[-1].name).split())
    assert "Mme D." in text and "Durand" not in text
