"""The accompagnateur's part of the dossier de faisabilité (DFF) for one dossier, without widgets: the France VAE
grid to confirm, one comment per bloc, the planned parcours and the opinion, each action saved at once in
``revue.yaml`` (the candidate's dossier is only read), and the plain text of each bloc to copy into France VAE.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vae_toolkit.analysis.france_vae import (
    aimed_blocs,
    bloc_text,
    confirm_proposals,
    grid_problems,
    opinion_problems,
)
from vae_toolkit.analysis.grid import GRID_LABELS
from vae_toolkit.analysis.review_report import final_answers, final_comment
from vae_toolkit.journey.review import CounsellorWork
from vae_toolkit.models.review import Avis, Grille, Review

PARCOURS_FIELDS = ("heures_accompagnement_individuel", "heures_accompagnement_collectif", "heures_formation",
                   "formations_obligatoires", "savoirs_de_base")


class GridWork(CounsellorWork):
    """One dossier's grid and DFF part for the accompagnateur (the candidate's dossier is only read)."""

    def __init__(self, folder: str | Path) -> None:
        super().__init__(folder)
        self.blocs = aimed_blocs(self.analysis, self.ref)

    def proposed(self, comp_id: str) -> str:
        """The analysis' proposal for a compétence, in words."""
        return GRID_LABELS[str(self.analysis.grille.at[comp_id, "grille"])]

    def set_answer(self, comp_id: str, answer: Grille | None) -> str:
        return self._act(lambda r: setattr(r.competence(comp_id), "grille", answer))

    def set_comment(self, bloc_id: str, text: str) -> str:
        return self._act(lambda r: setattr(r.bloc(bloc_id), "commentaire", text))

    def confirm_all(self) -> str:
        """Copy every proposal not yet confirmed into the review (never over a choice already made)."""
        count = 0

        def change(review: Review) -> None:
            nonlocal count
            count = confirm_proposals(self.analysis, review, self.dossier, self.ref)

        message = self._act(change)
        return f"{count} proposition(s) confirmée(s). {message}" if count else "Tout était déjà confirmé."

    def proposed_answer(self, comp_id: str) -> Grille:
        """The analysis' proposal for a compétence, as an answer of the grid."""
        return Grille(str(self.analysis.grille.at[comp_id, "grille"]))

    def bloc_problems(self, bloc_id: str) -> list[str]:
        """What France VAE would refuse in one bloc (unconfirmed answers, comment), in French."""
        return [p.message for p in grid_problems(self.analysis, self.review, self.ref) if p.bloc == bloc_id]

    def proposed_comment(self, bloc_id: str) -> str:
        return final_comment(self.analysis, self.dossier, self.ref.bloc(bloc_id), final_answers(self.analysis, self.review))

    def set_parcours(self, name: str, value: Any) -> str:
        if name not in PARCOURS_FIELDS:
            raise ValueError(name)
        if name in ("formations_obligatoires", "savoirs_de_base") and isinstance(value, str):
            value = [line.strip() for line in value.splitlines() if line.strip()]
        return self._act(lambda r: setattr(r.parcours, name, value))

    def set_opinion(self, name: str, value: Avis | str | None) -> str:
        return self._act(lambda r: setattr(r.avis, name, value))

    def problems(self) -> list[str]:
        """Everything France VAE would still refuse (grid, then opinion), in French."""
        return [p.message for p in grid_problems(self.analysis, self.review, self.ref)] + opinion_problems(self.review)

    def text(self, bloc_id: str) -> str:
        """The plain text of one bloc as it stands (confirmed answers; proposals marked as such)."""
        answers = {c: a for c, a in final_answers(self.analysis, self.review).items()}
        entry = self.review.blocs.get(bloc_id)
        comment = entry.commentaire if entry and entry.commentaire.strip() else "(commentaire non confirmé)"
        return bloc_text(self.ref.bloc(bloc_id), self.ref, answers, comment)
