"""The counsellor's file ``revue.yaml`` beside ``dossier.yaml``, with the same guarantees as the dossier.

Atomic replacement, earlier versions in ``historique/``, a save merged field by field with what another
counsellor or tab saved since it was loaded (see :mod:`vae_toolkit.storage.session`), files 0600. Only the
counsellor's screens and commands import this module: the candidate's screens write ``dossier.yaml`` and
nothing else.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from vae_toolkit.errors import VaeError
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.models.review import SCHEMA_VERSION, Review, reference_problems
from vae_toolkit.models.wording import short_datetime
from vae_toolkit.storage import history
from vae_toolkit.storage.document import (
    DocumentSpec,
    Loaded,
    Saved,
    fingerprint,
    parse_document,
    read_document,
    write_document,
)
from vae_toolkit.storage.dossier import COUNSELLOR_NAME_ENV, DOSSIER_SPEC, dossier_file, load_dossier
from vae_toolkit.storage.session import DocumentSession, referentiel_checks

REVIEW_FILE = "revue.yaml"


def default_counsellor(environ: Mapping[str, str] | None = None) -> str:
    """The counsellor's name from ``VAE_CONSEILLER`` (trimmed), or an empty string."""
    env = os.environ if environ is None else environ
    return env.get(COUNSELLOR_NAME_ENV, "").strip()


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


def load_with_review(folder: str | Path) -> tuple[Dossier, Review, Referentiel]:
    """The dossier in ``folder``, its review (an empty one when the counsellor has not written any yet) and its
    référentiel, each read once: what the review report, the France VAE grid and the DFF are computed from."""
    from vae_toolkit.referentiels import load_referentiel

    dossier = load_dossier(folder).model
    ref = load_referentiel(dossier.certification)
    loaded = load_review(folder)
    return dossier, loaded.model if loaded is not None else Review(certification=ref.code), ref


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


def reviewed_version(folder: str | Path, review: Review) -> tuple[Dossier | None, str, str]:
    """The dossier as it was at the last review: (dossier, "exacte" | "approchée" | "aucune", French note).

    Found in ``historique/`` by the fingerprint the review recorded (exact); when the history no longer holds it
    (thinned as it ages), by the review date (the version that was on disk then).
    """
    path = dossier_file(folder)
    if review.derniere_revue is None:
        return None, "aucune", "Ce dossier n’a encore jamais été revu."
    candidates: list[tuple[dt.datetime | None, Path]] = [(v.saved_at, v.path) for v in history.versions(path)]
    candidates.append((None, path))
    if review.empreinte_dossier:
        for _, version in candidates:
            raw = _read(version)
            if raw is not None and fingerprint(raw) == review.empreinte_dossier:
                return _checked(_parse(version, raw), "exacte",
                                f"Comparaison avec la version revue le {_when(review.derniere_revue)}.")
    # The version on disk at time T is the first one replaced after T (versions are stamped when replaced).
    after = sorted((saved, p) for saved, p in candidates if saved is not None and saved > review.derniere_revue)
    version = after[0][1] if after else path
    raw = _read(version)
    if raw is None:
        return None, "aucune", "La version revue n’est plus dans l’historique."
    note = (f"La version exacte revue le {_when(review.derniere_revue)} n’est plus dans l’historique : "
            "comparaison avec la version la plus proche.")
    return _checked(_parse(version, raw), "approchée", note)


def _checked(dossier: Dossier | None, kind: str, note: str) -> tuple[Dossier | None, str, str]:
    if dossier is None:
        return None, "aucune", "La version revue, conservée dans l’historique, ne se lit plus : comparaison impossible."
    return dossier, kind, note


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _parse(path: Path, raw: bytes) -> Dossier | None:
    try:
        return parse_document(path, raw, DOSSIER_SPEC).model
    except VaeError:
        return None


def _when(moment: dt.datetime) -> str:
    return short_datetime(moment).replace(" ", " à ")
