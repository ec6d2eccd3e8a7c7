"""The counsellor's file ``revue.yaml`` beside ``dossier.yaml``, with the same guarantees as the dossier.

Atomic replacement, earlier versions in ``historique/``, a save refused when the file changed since it
was loaded (two counsellors, two tabs), files 0600. Only the counsellor's screens and commands import
this module: the candidate's screens write ``dossier.yaml`` and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from vae_toolkit.errors import ConflictError, VaeError
from vae_toolkit.models.checks import Problem
from vae_toolkit.models.review import SCHEMA_VERSION, Review, reference_problems
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.document import UNCHECKED, DocumentSpec, Loaded, read_document, write_document
from vae_toolkit.storage.dossier import dossier_file, load_dossier

REVIEW_FILE = "revue.yaml"


def _checks(review: Review) -> list[Problem]:
    try:
        ref = load_referentiel(review.certification)
    except VaeError as exc:
        return [Problem(("certification",), str(exc))]
    return reference_problems(review, ref)


def _review_v1_to_v2(data: dict) -> dict:
    """Review format 2: bloc comments and the planned parcours of the DFF, empty in a v1 file."""
    return dict(data)


REVIEW_SPEC: DocumentSpec[Review] = DocumentSpec(model=Review, current=SCHEMA_VERSION, what="La revue", checks=_checks,
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


class ReviewSession:
    """The review of one dossier held in memory by a screen or command, with its load fingerprint."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.reload()

    def reload(self) -> Review:
        """Read the file again (or start an empty review for the dossier's certification)."""
        loaded = load_review(self.folder)
        if loaded is None:
            certification = load_dossier(self.folder).model.certification
            self.review, self.fingerprint = Review(certification=certification), None
        else:
            self.review, self.fingerprint = loaded.model, loaded.fingerprint
        return self.review

    def save(self) -> None:
        """Write the in-memory review; a concurrent change raises ConflictError and keeps ours aside."""
        self.fingerprint = save_review(self.folder, self.review, self.fingerprint)

    def apply(self, change: Callable[[Review], object]) -> bool:
        """Apply one counsellor action and save it at once.

        If someone else saved the review meanwhile, the action is replayed on their version and saved
        again, so neither side loses anything. Returns True when such a merge happened.
        """
        change(self.review)
        try:
            self.save()
            return False
        except ConflictError as exc:
            self.reload()
            change(self.review)
            self.save()
            if exc.kept is not None:
                exc.kept.unlink(missing_ok=True)  # the action now lives in the saved review
            return True

    def overwrite(self) -> None:
        """Write even if the file changed elsewhere (after the user chose to keep this version)."""
        self.fingerprint = write_document(review_file(self.folder), self.review, REVIEW_SPEC, UNCHECKED)

    def mark_reviewed(self, conseiller: str, dossier_fingerprint: str, when: dt.datetime | None = None) -> None:
        """Record that the dossier, as it is on disk with this fingerprint, has just been reviewed."""
        if conseiller.strip():
            self.review.conseiller = conseiller.strip()
        self.review.derniere_revue = when or now()
        self.review.empreinte_dossier = dossier_fingerprint
