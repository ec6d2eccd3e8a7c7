"""Where an export may be written: never over the candidate's files, only over a previous export.

``vae export DIR -o DIR/dossier.yaml`` once replaced the dossier with a PDF. An export now refuses the
dossier's own files and folders (``dossier.yaml``, ``revue.yaml``, ``historique/``, ``pieces/``) and any
existing file that is not an export written by vae-toolkit, recognised by the marker every export carries.
"""

from __future__ import annotations

import mmap
import os
import stat
from pathlib import Path

from vae_toolkit.errors import VaeError

MARKER = b"vae-toolkit"
"""In every export: ``<meta name="generator" content="vae-toolkit">`` in HTML, the ``Keywords`` of a PDF."""

_HTML_MARKER = b'<meta name="generator" content="vae-toolkit">'


def is_previous_export(path: Path) -> bool:
    """Whether ``path`` is a regular file that vae-toolkit wrote as an export (HTML head or PDF metadata)."""
    try:
        with open(path, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode) or os.fstat(fh.fileno()).st_size == 0:
                return False
            head = fh.read(4096)
            if head.startswith(b"%PDF-"):
                with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
                    return any(data.find(m) >= 0 for m in (b"/Keywords(" + MARKER + b")", b"/Keywords (" + MARKER + b")"))
            return _HTML_MARKER in head
    except (OSError, ValueError):
        return False


def _protected(folder: Path) -> tuple[set[Path], list[Path]]:
    """The dossier's own files, and the folders whose content an export never touches."""
    from vae_toolkit.storage.dossier import DOSSIER_FILE, PIECES_DIR
    from vae_toolkit.storage.history import HISTORY_DIR
    from vae_toolkit.storage.review import REVIEW_FILE

    return {folder / DOSSIER_FILE, folder / REVIEW_FILE}, [folder / HISTORY_DIR, folder / PIECES_DIR]


def check_destination(folder: str | Path, target: Path) -> None:
    """Refuse, in French, to write an export at ``target`` if that would replace anything but a previous export."""
    try:
        folder_real = Path(folder).resolve()
        if folder_real.name == "dossier.yaml" and not folder_real.is_dir():
            folder_real = folder_real.parent
        real = target.parent.resolve() / target.name
        files, folders = _protected(folder_real)
        if real in files or any(real == f or f in real.parents for f in folders):
            raise VaeError(f"Refusé : {target} fait partie du dossier du candidat (dossier, revue, historique ou "
                           "pièces) ; un export ne l’écrit jamais. Choisissez un autre nom, par exemple dans exports/.")
        info = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        from vae_toolkit.storage.atomic import french_reason

        raise VaeError(f"Impossible d’écrire l’export {target} : {french_reason(exc)}.") from None
    if stat.S_ISLNK(info.st_mode) or not is_previous_export(target):
        raise VaeError(f"Refusé : {target} existe déjà et n’est pas un export de vae-toolkit ; il n’a pas été "
                       "remplacé. Choisissez un autre nom de fichier.")
