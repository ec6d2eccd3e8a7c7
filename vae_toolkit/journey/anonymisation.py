"""The anonymisation table of one dossier, without widgets: the suspects it does not cover yet, and add / remove,
each saved at once through a :class:`~vae_toolkit.storage.dossier.DossierSession`, merged with what was saved
elsewhere since it was read (the table itself, if changed on both sides, takes this explicit action); a file that
cannot be merged makes the save fail with :class:`~vae_toolkit.errors.ConflictError` and the change is dropped from
memory.
"""

from __future__ import annotations

from pathlib import Path

from vae_toolkit.analysis.anonymisation import Suspect, uncovered
from vae_toolkit.errors import VaeError
from vae_toolkit.models.dossier import Remplacement
from vae_toolkit.storage.dossier import DossierSession


class AnonymisationModel:
    """The anonymisation table of one dossier, saved through a :class:`DossierSession` at each change."""

    def __init__(self, folder: str | Path) -> None:
        self.session = DossierSession(folder)

    @property
    def table(self) -> list[Remplacement]:
        return list(self.session.dossier.anonymisation)

    def uncovered(self) -> list[Suspect]:
        """The suspects the table does not cover yet."""
        return uncovered(self.session.dossier)

    def reload(self) -> None:
        """Read the dossier again from disk."""
        self.session.reload()

    def add(self, original: str, remplacement: str) -> None:
        """Add (or update) the line for ``original`` and save; raises a French :class:`VaeError` when refused."""
        if not original.strip():
            raise VaeError("Indiquez le texte à remplacer (par exemple «\u00a0Mme Durand\u00a0»).")
        entry = Remplacement(original=original, remplacement=remplacement)
        table = [r for r in self.table if r.original != original]
        self._save([*table, entry])

    def remove(self, index: int) -> None:
        """Remove one line of the table and save."""
        table = self.table
        del table[index]
        self._save(table)

    def _save(self, table: list[Remplacement]) -> None:
        before = self.session.dossier.anonymisation
        self.session.dossier.anonymisation = table
        try:
            self.session.save()
            for conflict in list(self.session.conflicts):  # each action is saved at once: it is the latest choice
                self.session.resolve(conflict, "ours")
        except Exception:
            self.session.dossier.anonymisation = before
            raise
