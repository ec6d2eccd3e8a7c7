"""One dossier under review, for the counsellor's screens: the candidate's dossier (read only), its gap analysis
and the review session (:class:`CounsellorWork`, shared with the DFF screen's
:class:`~vae_toolkit.journey.dff_grid.GridWork`), and every action of the review screen (:class:`ReviewWork`); no
widgets.

Each action is saved at once in ``revue.yaml``; the candidate's ``dossier.yaml`` is only ever read here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vae_toolkit.analysis.gaps import analyse
from vae_toolkit.analysis.progress import blocs_status
from vae_toolkit.analysis.review_diff import ReviewDiff, changes_since_review
from vae_toolkit.errors import VaeError
from vae_toolkit.models.review import Avis, CompetenceReview, Grille, Review, Statut, add_comment, orphan_situations
from vae_toolkit.models.status import BlocStatus
from vae_toolkit.models.wording import display_name
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.dossier import load_dossier
from vae_toolkit.storage.review import ReviewSession, default_counsellor, reviewed_version

MERGED = ("La revue avait été modifiée ailleurs entre-temps\u00a0: votre changement a été ajouté à la version "
          "actuelle.")
"""Said after an action merged into a review changed elsewhere meanwhile (review and DFF screens)."""


class CounsellorWork:
    """A counsellor's work on one dossier: the candidate's dossier (read only, as it was when opened), its gap
    analysis, and the review session where each action is saved at once."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        loaded = load_dossier(self.folder)
        self.dossier, self.dossier_fingerprint = loaded.model, loaded.fingerprint
        self.ref = load_referentiel(self.dossier.certification)
        self.analysis = analyse(self.dossier, self.ref)
        self.session = ReviewSession(self.folder)

    @property
    def review(self) -> Review:
        return self.session.review

    @property
    def candidate(self) -> str:
        return display_name(self.dossier)

    def _act(self, change: Callable[[Review], object]) -> str:
        """Apply ``change`` to the review and save it; what to tell the counsellor."""
        return MERGED if self.session.apply(change) else "Enregistré."


class ReviewWork(CounsellorWork):
    """One dossier under review (the review screen): the compétences of the blocs aimed at, and every action."""

    def __init__(self, folder: str | Path) -> None:
        super().__init__(folder)
        self.default_author = default_counsellor()
        status = blocs_status(self.dossier, self.ref)
        self.blocs = [b for b in self.ref.blocs if status[b.id][0] == BlocStatus.vise]
        self.warnings = [p.message for p in orphan_situations(self.review, self.dossier)]

    def competences(self) -> list[tuple[str, str]]:
        """(label, id) of every compétence of the blocs aimed at, in référentiel order."""
        return [(f"{self.ref.label(c.id)} – {c.intitule}", c.id) for b in self.blocs for c in b.competences]

    def set_status(self, comp_id: str, statut: Statut | None) -> str:
        return self._act(lambda r: setattr(r.competence(comp_id), "statut", statut))

    def set_rating(self, comp_id: str, note: int | None) -> str:
        return self._act(lambda r: setattr(r.competence(comp_id), "note_conseiller", note))

    def set_grille(self, comp_id: str, grille: Grille | None) -> str:
        return self._act(lambda r: setattr(r.competence(comp_id), "grille", grille))

    @property
    def author(self) -> str:
        """Who signs: the review's counsellor, else the name the server was given (``VAE_CONSEILLER``)."""
        return self.review.conseiller or self.default_author

    def _signed(self, change: Callable[[Review, str], object], texte: str) -> str:
        """Add a comment signed by :attr:`author`; a review naming nobody yet takes that name as its counsellor."""
        auteur = self.author
        add_comment(CompetenceReview(), auteur, texte)  # refuses a blank comment or author before anything is saved

        def signed(r: Review) -> None:
            change(r, auteur)
            if not r.conseiller:
                r.conseiller = auteur

        return self._act(signed)

    def comment(self, comp_id: str, texte: str) -> str:
        return self._signed(lambda r, auteur: add_comment(r.competence(comp_id), auteur, texte), texte)

    def set_situation_status(self, sit_id: str, statut: Statut | None) -> str:
        return self._act(lambda r: setattr(r.situation(sit_id), "statut", statut))

    def comment_situation(self, sit_id: str, texte: str) -> str:
        return self._signed(lambda r, auteur: add_comment(r.situation(sit_id), auteur, texte), texte)

    def set_opinion(self, field: str, value: Avis | str | None) -> str:
        """Set one field of the overall opinion (``avis``, ``preconisations`` or ``commentaire``)."""
        return self._act(lambda r: setattr(r.avis, field, value))

    def note(self, texte: str) -> str:
        """A dated follow-up note on the whole dossier (an interview, a phone call)."""
        return self._signed(lambda r, auteur: add_comment(r, auteur, texte), texte)

    def set_reviewer(self, name: str) -> str:
        return self._act(lambda r: setattr(r, "conseiller", name.strip()))

    def mark_reviewed(self) -> str:
        """Record that the dossier as read when this screen opened has been reviewed now."""
        auteur = self.author
        if not auteur:
            raise VaeError("Indiquez votre nom avant de marquer le dossier comme revu.")
        return self._act(lambda r: self.session.mark_reviewed(r.conseiller or auteur, self.dossier_fingerprint))

    def changes(self) -> ReviewDiff:
        return changes_since_review(self.review, self.dossier, reviewed_version(self.folder, self.review))

