"""One document held in memory by a screen or command, saved with a field-level merge.

:class:`DocumentSession` is the one session over a :class:`~vae_toolkit.storage.document.DocumentSpec`: it
keeps the version it loaded (the base of the merge), and each save merges the other writers' changes
(another tab, another device, a command, a restore) with ours, field by field. What both sides changed
differently is listed in :attr:`DocumentSession.conflicts` until the user chooses; the file meanwhile
holds the other version and ours stays in memory and beside the file. The dossier's and the review's
sessions are this class with their spec.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, Literal

from vae_toolkit.errors import VaeError
from vae_toolkit.models.checks import Problem
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.document import (
    UNCHECKED,
    DocumentSpec,
    Loaded,
    M,
    Saved,
    save_document,
    tree_of,
    validate_tree,
)
from vae_toolkit.storage.merge import MISSING, Conflict, get_at, set_at


def referentiel_checks(problems: Callable[[Any, Referentiel], list[Problem]]) -> Callable[[Any], list[Problem]]:
    """The checks of a document naming its certification: ``problems(document, référentiel)``."""

    def checks(document: Any) -> list[Problem]:
        try:
            ref = load_referentiel(document.certification)
        except VaeError as exc:
            return [Problem(("certification",), str(exc))]
        return problems(document, ref)

    return checks


class DocumentSession(Generic[M]):
    """A document, the tree it was loaded from, its fingerprint, and the conflicts still to decide."""

    def __init__(self, path: str | Path, spec: DocumentSpec[M], load: Callable[[], Loaded[M] | None],
                 empty: Callable[[], M] | None = None) -> None:
        """``load`` reads the file; it may return ``None`` when ``empty`` gives the document to start from."""
        self.path, self.spec, self._load, self._empty = Path(path), spec, load, empty
        self.conflicts: list[Conflict] = []
        self.reload()

    def reload(self) -> M:
        """Drop the in-memory version and read the file again."""
        loaded = self._load()
        if loaded is None:
            if self._empty is None:
                raise VaeError(f"{self.spec.what} {self.path} est introuvable.")
            self.model, self.fingerprint = self._empty(), None
        else:
            self.model, self.fingerprint = loaded.model, loaded.fingerprint
        self.base = tree_of(self.model)
        self.conflicts = []
        return self.model

    def save(self) -> Saved[M]:
        """Write the in-memory version, merged with what others saved since; see :class:`Saved`.

        After a merge the in-memory document is the merged one. A file that cannot be merged (deleted,
        unreadable, or a merge that is not a valid document) raises ConflictError and keeps ours aside.
        """
        saved = save_document(self.path, self.model, self.spec, self.fingerprint, base=self.base)
        self._took(saved)
        if saved.conflicts:
            latest = {c.path for c in saved.conflicts}
            self.conflicts = [c for c in self.conflicts if c.path not in latest] + saved.conflicts
        return saved

    def overwrite(self) -> None:
        """Write even if the file changed elsewhere (after the user chose to keep this version)."""
        self._took(save_document(self.path, self.model, self.spec, UNCHECKED))
        self.conflicts = []

    def resolve(self, conflict: Conflict, keep: Literal["ours", "theirs"]) -> Saved[M] | None:
        """Settle one conflict: keep our value (saved now) or theirs (already in the file)."""
        self.conflicts = [c for c in self.conflicts if c.path != conflict.path]
        if keep == "theirs":
            return None
        tree = tree_of(self.model)
        if conflict.ours is MISSING and get_at(tree, conflict.path) is MISSING:
            return None
        self.model = validate_tree(self.path, set_at(tree, conflict.path, conflict.ours), self.spec)
        return self.save()

    def _took(self, saved: Saved[M]) -> None:
        self.model, self.base, self.fingerprint = saved.model, saved.tree, saved.fingerprint
