"""The demonstration dossier (``vae demo DOSSIER``): a fictional candidate with deliberate gaps.

The data lives in ``dossier.yaml`` and ``pieces/`` beside this file; docs/demo.md describes the
candidate and the gaps, which tests/test_demo.py checks.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from vae_toolkit.errors import VaeError
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.storage.atomic import ensure_private_dir
from vae_toolkit.storage.document import parse_document, write_document
from vae_toolkit.storage.dossier import DOSSIER_SPEC, add_piece_file, dossier_file

DATA_FILE = "dossier.yaml"
PIECES_DATA_DIR = "pieces"


def _data() -> Traversable:
    return resources.files(__package__)


def demo_dossier() -> Dossier:
    """The demonstration dossier, fully validated against its référentiel (no file written)."""
    resource = _data() / DATA_FILE
    return parse_document(Path(str(resource)), resource.read_bytes(), DOSSIER_SPEC).model


def _piece_bytes(name: str) -> bytes:
    return (_data() / PIECES_DATA_DIR / name).read_bytes()


def demo_piece_files() -> dict[str, bytes]:
    """Content of every packaged pièce, by the ``fichier`` name the demo dossier gives it."""
    return {p.fichier: _piece_bytes(p.fichier) for p in demo_dossier().pieces if p.fichier}


def write_demo(folder: str | Path) -> Path:
    """Write the demonstration dossier and its pièces into ``folder``; refuse to touch an existing dossier."""
    folder = Path(folder)
    target = dossier_file(folder)
    if target.exists():
        raise VaeError(
            f"{target} existe déjà : la démonstration n’a rien modifié. Indiquez un dossier vide ou inexistant."
        )
    if folder.exists() and not folder.is_dir():
        raise VaeError(f"{folder} existe et n’est pas un dossier : la démonstration n’a rien écrit.")
    dossier = demo_dossier()
    ensure_private_dir(folder)
    for piece in dossier.pieces:
        if piece.fichier:
            # add_piece_file never overwrites: a stray file of the same name gets a suffix, so follow it.
            piece.fichier = add_piece_file(folder, name=piece.fichier, content=_piece_bytes(piece.fichier))
    write_document(target, dossier, DOSSIER_SPEC, None)
    return folder


__all__ = ["demo_dossier", "demo_piece_files", "write_demo"]
