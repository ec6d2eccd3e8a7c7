"""Errors the toolkit shows to users: each carries a complete French message, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vae_toolkit.models.checks import Problem


class VaeError(Exception):
    """Base of every error meant for a user; ``str(err)`` is the French message."""


class InvalidFileError(VaeError):
    """A file that cannot be read as what it should be. Its bytes were left untouched."""

    def __init__(self, path: str | Path, problems: list[Problem], *, what: str = "Le fichier") -> None:
        self.path = Path(path)
        self.problems = list(problems)
        unchanged = "elle n’a pas été modifiée" if what.startswith("La ") else "il n’a pas été modifié"
        lines = [f"{what} {self.path} est invalide ; {unchanged}."]
        for p in self.problems:
            where = f"champ {p.where}" if p.path else "fichier"
            line = f" (ligne {p.line})" if p.line else ""
            lines.append(f"  – {where}{line} : {p.message}")
        super().__init__("\n".join(lines))


class TooNewError(InvalidFileError):
    """The file was written by a newer version of the toolkit."""


class TooOldError(InvalidFileError):
    """The file's format is older than any this version can upgrade."""


class ConflictError(VaeError):
    """The file changed on disk since it was loaded: the save was refused, the unsaved content kept aside."""

    def __init__(self, path: Path, kept: Path | None) -> None:
        self.path = path
        self.kept = kept
        msg = (
            f"Enregistrement refusé : {path} a été modifié ailleurs (autre onglet, autre ordinateur ou conseiller) "
            "depuis son ouverture."
        )
        if kept is not None:
            msg += f" Vos modifications non enregistrées sont conservées dans {kept}."
        msg += " Rechargez le dossier pour voir la version actuelle, puis reportez-y vos changements."
        super().__init__(msg)


class WriteError(VaeError):
    """Writing failed (disk full, permissions…); the previous file is intact."""


class UnknownCertificationError(VaeError):
    """No référentiel file for this certification code."""
