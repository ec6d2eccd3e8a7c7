"""The counsellor's file ``revue.yaml`` beside ``dossier.yaml``, with the same guarantees as the dossier.

Atomic replacement, earlier versions in ``historique/``, a save merged field by field with what another
counsellor or tab saved since it was loaded (see :mod:`vae_toolkit.storage.session`), files 0600. Only the
counsellor's screens and commands import this module: the candidate's screens write ``dossier.yaml`` and
nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from vae_toolkit.errors import VaeError
from vae_toolkit.models.review import SCHEMA_VERSION, Review, reference_problems
from vae_toolkit.storage.document import DocumentSpec, Loaded, Saved, read_document, write_document
from vae_toolkit.storage.dossier import dossier_file, load_dossier
from vae_toolkit.storage.session import DocumentSession, referentiel_checks

REVIEW_FILE = "revue.yaml"


def _review_v1_to_v2(data: dict) -> dict:
    """Review format 2: bloc comments and the planned parcours of the DFF, empty in a v1 file."""
    return dict(data)


REVIEW_SPEC: DocumentSpec[Review] = DocumentSpec(model=Review, current=SCHEMA_VERSION, what="La revue",
                                                 checks=referentiel_checks(reference_problems),
                                                 steps={1: _review_v1_to_v2})


def review_file(folder: str | Path) -> Path:
    return Path(folder) / REVIEW_FILE


def load_review(folder: str | Path) -> Loaded[Review] | None:
    """Read and validate ``revue.yaml``; ``None`` when the dossier has never been reviewed."""
    path = review_file(folder)
    if not path.exists():
        return None
    return read_document(path, REVIEW_SPEC)


def save_review(folder: str | Path, review: Review, expected: str | None) -> str:
    """Save atomically; refuse if the file changed since ``expected`` (``None``: the file must not exist yet)."""
    if not dossier_file(folder).exists():
        raise VaeError(f"Aucun fichier dossier.yaml dans {folder} : la revue doit être rangée à côté du dossier du candidat.")
    return write_document(review_file(folder), review, REVIEW_SPEC, expected)


def now() -> dt.datetime:
    """The local time to the second, as stored in comments and in the history's file names."""
    return dt.datetime.now().replace(microsecond=0)


class ReviewSession(DocumentSession[Review]):
    """The review of one dossier held in memory by a screen or command; saves merge like the dossier's."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        super().__init__(review_file(self.folder), REVIEW_SPEC, lambda: load_review(self.folder), self._empty_review)

    def _empty_review(self) -> Review:
        return Review(certification=load_dossier(self.folder).model.certification)

    @property
    def review(self) -> Review:
        return self.model

    @review.setter
    def review(self, value: Review) -> None:
        self.model = value

    def save(self) -> Saved[Review]:
        """Write the review, merged with what another counsellor saved meanwhile (see DocumentSession.save)."""
        if not dossier_file(self.folder).exists():
            raise VaeError(f"Aucun fichier dossier.yaml dans {self.folder} : la revue doit être rangée à côté du "
                           "dossier du candidat.")
        return super().save()

    def apply(self, change: Callable[[Review], object]) -> bool:
        """Apply one counsellor action and save it at once; True when changes saved elsewhere were merged in.

        Each action is saved at once, so what differs from the loaded version is this action alone: where
        it clashes with a value saved elsewhere meanwhile, it is the counsellor's latest explicit choice
        and wins; everything else saved elsewhere is kept.
        """
        change(self.review)
        saved = self.save()
        for conflict in list(self.conflicts):
            self.resolve(conflict, "ours")
        if saved.kept is not None:
            saved.kept.unlink(missing_ok=True)  # the action now lives in the saved review
        return saved.merged

    def mark_reviewed(self, conseiller: str, dossier_fingerprint: str, when: dt.datetime | None = None) -> None:
        """Record that the dossier, as it is on disk with this fingerprint, has just been reviewed."""
        if conseiller.strip():
            self.review.conseiller = conseiller.strip()
        self.review.derniere_revue = when or now()
        self.review.empreinte_dossier = dossier_fingerprint
