"""The candidate's folder on disk: ``dossier.yaml``, ``pieces/``, ``historique/``, ``exports/``."""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from pathlib import Path

from vae_toolkit.errors import VaeError
from vae_toolkit.models.checks import Problem, reference_problems
from vae_toolkit.models.dossier import SCHEMA_VERSION, Dossier, Profil
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.atomic import atomic_write, ensure_private_dir, file_mode, french_reason
from vae_toolkit.storage.document import DocumentSpec, Loaded, read_document, write_document
from vae_toolkit.storage.dossier_upgrades import STEPS
from vae_toolkit.storage.session import DocumentSession, referentiel_checks

DOSSIER_FILE = "dossier.yaml"
PIECES_DIR = "pieces"
EXPORTS_DIR = "exports"
DOSSIER_ENV = "VAE_DOSSIER"
"""Environment variable naming the dossier that pages and exporters open when none is given (set by ``vae app``)."""
DOSSIERS_ENV = "VAE_DOSSIERS"
"""Environment variable naming the folder of dossiers the counsellor's dashboard opens (JupyterHub)."""
COUNSELLOR_NAME_ENV = "VAE_CONSEILLER"
"""Environment variable: the name a review is signed with when it names no counsellor yet (set by the hub)."""


def _context(data: dict) -> dict | None:
    code = data.get("certification")
    if not isinstance(code, str):
        return None
    try:
        ref = load_referentiel(code)
    except VaeError:
        return None
    return {"indicator_ids": ref.indicator_ids, "code": ref.code}


DOSSIER_SPEC: DocumentSpec[Dossier] = DocumentSpec(
    model=Dossier, current=SCHEMA_VERSION, what="Le dossier", oldest=1, steps=STEPS,
    checks=referentiel_checks(reference_problems),
    context=_context,
)


def dossier_file(folder: str | Path) -> Path:
    return Path(folder) / DOSSIER_FILE


def load_dossier(folder: str | Path) -> Loaded[Dossier]:
    """Read and fully validate the dossier of ``folder`` (shape and références)."""
    folder = Path(folder)
    try:
        if folder.name == DOSSIER_FILE and not folder.is_dir():
            folder = folder.parent
        dossier_file(folder).stat()
        present = True
    except (FileNotFoundError, NotADirectoryError):
        present = False
    except OSError as exc:
        raise VaeError(f"Impossible d’ouvrir le dossier {folder} : {french_reason(exc)}.") from None
    if not present:
        if not folder.exists():
            raise VaeError(f"Le dossier {folder} n’existe pas.")
        raise VaeError(f"Aucun fichier {DOSSIER_FILE} dans {folder} : ce n’est pas un dossier de candidat (voir « vae init »).")
    return read_document(dossier_file(folder), DOSSIER_SPEC)


def save_dossier(folder: str | Path, dossier: Dossier, expected: str | None) -> str:
    """Save atomically; refuse if the file changed since ``expected`` (see :func:`write_document`)."""
    return write_document(dossier_file(folder), dossier, DOSSIER_SPEC, expected)


def init_dossier(folder: str | Path, nom: str, prenom: str, certification: str) -> Path:
    """Create a new, empty, valid dossier; refuse to touch an existing one."""
    folder = Path(folder)
    ref = load_referentiel(certification)
    if dossier_file(folder).exists():
        raise VaeError(f"{dossier_file(folder)} existe déjà : rien n’a été modifié.")
    ensure_private_dir(folder)
    ensure_private_dir(folder / PIECES_DIR)
    dossier = Dossier(certification=ref.code, profil=Profil(nom=nom, prenom=prenom))
    write_document(dossier_file(folder), dossier, DOSSIER_SPEC, None)
    return folder


class DossierSession(DocumentSession[Dossier]):
    """The dossier held in memory by one screen or command; saves merge with the other writers' changes."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        super().__init__(dossier_file(self.folder), DOSSIER_SPEC, lambda: load_dossier(self.folder))

    @property
    def dossier(self) -> Dossier:
        return self.model

    @dossier.setter
    def dossier(self, value: Dossier) -> None:
        self.model = value


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Names Windows reserves for devices, whatever the extension (« con.pdf » cannot be created there).
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_file_name(name: str) -> str:
    """A portable file name: accents folded, odd characters replaced, never hidden nor empty."""
    stem, dot, ext = Path(name).name.rpartition(".")
    if not dot:
        stem, ext = ext, ""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    clean = _UNSAFE.sub("-", ascii_stem).strip("-.")[:80] or "piece"
    if clean.split(".")[0].upper() in _WINDOWS_DEVICES:
        clean += "-piece"
    clean_ext = _UNSAFE.sub("", ext)[:10]
    return f"{clean}.{clean_ext}" if clean_ext else clean


def add_piece_file(folder: str | Path, source: str | Path | None = None, *, name: str | None = None,
                   content: bytes | None = None) -> str:
    """Copy a file into ``pieces/`` (0600) and return its path relative to ``pieces/``.

    Give either ``source`` (a path) or ``name`` and ``content`` (an upload). Never overwrites:
    a name already taken gets a numeric suffix.
    """
    if (Path(folder) / PIECES_DIR).is_symlink():
        raise VaeError(f"{Path(folder) / PIECES_DIR} est un lien symbolique : les pièces doivent être dans le dossier "
                       "du candidat lui-même. Remplacez le lien par un vrai dossier.")
    pieces = ensure_private_dir(Path(folder) / PIECES_DIR)
    if source is not None:
        src = Path(source)
        if not src.is_file():
            raise VaeError(f"Le fichier {src} est introuvable ou n’est pas un fichier ordinaire.")
        name = name or src.name
    if name is None:
        raise VaeError("Nom de fichier manquant pour la pièce.")
    target_name = safe_file_name(name)
    stem, dot, ext = target_name.rpartition(".")
    if not dot:
        stem, ext = target_name, ""
    n = 1
    while os.path.lexists(pieces / target_name):
        n += 1
        target_name = f"{stem}-{n}.{ext}" if ext else f"{stem}-{n}"
    target = pieces / target_name
    if content is not None:
        atomic_write(target, content)
    else:
        with open(src, "rb") as fsrc, open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, file_mode()), "wb") as fdst:
            shutil.copyfileobj(fsrc, fdst)
    return target_name


def piece_path(folder: str | Path, relative: str) -> Path:
    """The real path of a pièce, refusing anything that resolves outside ``pieces/`` (``..``, symlinks)."""
    root = Path(folder).resolve() / PIECES_DIR  # pieces/ itself may be a symlink: do not follow it here
    target = (root / relative).resolve()
    if target != root and root not in target.parents:
        raise VaeError(f"La pièce « {relative} » pointe hors du dossier pieces/ : refusée.")
    return target


__all__ = [
    "DOSSIER_FILE", "DOSSIER_SPEC", "EXPORTS_DIR", "PIECES_DIR", "DossierSession", "add_piece_file",
    "dossier_file", "init_dossier", "load_dossier", "missing_piece_files", "piece_path", "safe_file_name",
    "save_dossier",
]


def missing_piece_files(folder: str | Path, dossier: Dossier) -> list[Problem]:
    """Pièces whose file is absent from ``pieces/`` or resolves outside it."""
    out = []
    for j, piece in enumerate(dossier.pieces):
        if not piece.fichier:
            continue
        try:
            path = piece_path(folder, piece.fichier)
        except VaeError as exc:
            out.append(Problem(("pieces", j, "fichier"), str(exc)))
            continue
        if not path.is_file():
            out.append(Problem(("pieces", j, "fichier"), f"fichier introuvable : pieces/{piece.fichier}"))
    return out
