"""The counsellor's review screen: the candidate's work competence by competence, the gap analysis beside it,
statuses, ratings, dated comments, the overall opinion, and what changed since the last review.

:class:`~vae_toolkit.journey.review.ReviewWork` holds the state and every action (no widgets); :class:`ReviewView`
binds controls to it, each callback through :func:`~vae_toolkit.ui.common.guard` (an error shows in the page).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from vae_toolkit.analysis.review_diff import word_diff
from vae_toolkit.journey.html import ENV
from vae_toolkit.journey.review import ReviewWork
from vae_toolkit.models.wording import AVIS_LABELS, GRILLE_LABELS, RATING_LABELS, STATUT_LABELS
from vae_toolkit.ui import common
from vae_toolkit.ui.common import folder_screen
from vae_toolkit.ui.fields import choose, dropdown
from vae_toolkit.ui.review_html import CHANGES_HTML, COMMENTS_HTML, STYLE, work_html
from vae_toolkit.ui.review_situation import SituationBox

TAB_TITLES = ("Compétence par compétence", "Depuis la dernière revue", "Avis global", "Imprimer")
WIDE = {"width": "95%"}


class ReviewView(widgets.VBox):
    """The review screen for one dossier; the caller displays it."""

    def __init__(self, folder: str | Path, work: ReviewWork | None = None) -> None:
        self.work = work or ReviewWork(folder)
        self._loading = False
        self.message = widgets.HTML()
        tabs = widgets.Tab([self._competence_tab(), self._changes_tab(), self._opinion_tab(),
                            self._export_tab(folder)])
        for i, title in enumerate(TAB_TITLES):
            tabs.set_title(i, title)
        super().__init__([widgets.HTML(STYLE), *self._header(), self.message, tabs])
        self.add_class("vae-review")
        self.show_competence()
        self.show_changes()

    def _header(self) -> list[widgets.Widget]:
        """The candidate and certification, the warnings of the review, the reviewer's name and « revu »."""
        self.reviewer = widgets.Text(description="Conseiller", value=self.work.author,
                                     continuous_update=False)
        self.mark = widgets.Button(description="Marquer comme revu", icon="check")
        self.reviewer.observe(self.guard(lambda ch: self._run(self.work.set_reviewer, ch["new"])), names="value")
        self.mark.on_click(self.guard(lambda _b: self._run(self._mark)))
        head = ENV.from_string("<h3>{{ n }} – {{ c }}</h3>").render(n=self.work.candidate, c=self.work.ref.code)
        warnings = "".join(ENV.from_string("<p>⚠ {{ w }}</p>").render(w=w) for w in self.work.warnings)
        return [widgets.HTML(head), widgets.HTML(warnings), widgets.HBox([self.reviewer, self.mark])]

    def _competence_tab(self) -> widgets.Widget:
        """The chosen compétence: the candidate's work beside the analysis, then its status, rating, grid answer,
        comments and situations."""
        self.competence = widgets.Dropdown(description="Compétence", options=self.work.competences(), layout=WIDE)
        self.previous = widgets.Button(description="Précédente", icon="arrow-left")
        self.next = widgets.Button(description="Suivante", icon="arrow-right")
        self.work_panel = widgets.HTML(layout={"width": "60%"})
        self.statut = dropdown("Statut", STATUT_LABELS)
        self.note = dropdown("Ma note", RATING_LABELS)
        self.grille = dropdown("Grille", GRILLE_LABELS)
        self.comments = widgets.HTML()
        self.new_comment = widgets.Textarea(placeholder="Votre commentaire sur cette compétence", layout=WIDE)
        self.add_comment = widgets.Button(description="Ajouter le commentaire", icon="comment")
        self.situations = widgets.VBox()
        self.competence.observe(self.guard(lambda _ch: self.show_competence()), names="value")
        self.previous.on_click(self.guard(lambda _b: self._step(-1)))
        self.next.on_click(self.guard(lambda _b: self._step(1)))
        for control, setter in ((self.statut, self.work.set_status), (self.note, self.work.set_rating),
                                (self.grille, self.work.set_grille)):
            control.observe(self.guard(lambda ch, s=setter: self._run(s, self.competence.value, ch["new"])),
                            names="value")
        self.add_comment.on_click(self.guard(lambda _b: self._run(self._comment)))
        controls = widgets.VBox([self.statut, self.note, self.grille, widgets.HTML("<b>Commentaires</b>"),
                                 self.comments, self.new_comment, self.add_comment,
                                 widgets.HTML("<b>Situations</b>"), self.situations], layout={"width": "40%"})
        return widgets.VBox([widgets.HBox([self.competence, self.previous, self.next]),
                             widgets.HBox([self.work_panel, controls], layout={"align_items": "flex-start"})])

    def _changes_tab(self) -> widgets.Widget:
        self.changes = widgets.HTML()
        return self.changes

    def _opinion_tab(self) -> widgets.Widget:
        """The overall opinion (avis, préconisations, comment) and the dated follow-up notes."""
        opinion = self.work.review.avis
        self.avis = dropdown("Avis", AVIS_LABELS, opinion.avis)
        self.preconisations = widgets.Textarea(description="Préconisations", value=opinion.preconisations,
                                               continuous_update=False, layout={**WIDE, "height": "8em"})
        self.general = widgets.Textarea(description="Commentaire", value=opinion.commentaire,
                                        continuous_update=False, layout={**WIDE, "height": "6em"})
        self.notes = widgets.HTML(COMMENTS_HTML.render(comments=self.work.review.commentaires))
        self.new_note = widgets.Textarea(placeholder="Note de suivi datée (entretien, appel…)", layout=WIDE)
        self.add_note = widgets.Button(description="Ajouter la note", icon="sticky-note")
        for field, control in (("avis", self.avis), ("preconisations", self.preconisations),
                               ("commentaire", self.general)):
            control.observe(self.guard(lambda ch, f=field: self._run(self.work.set_opinion, f, ch["new"])),
                            names="value")
        self.add_note.on_click(self.guard(lambda _b: self._run(self._note)))
        return widgets.VBox([self.avis, self.preconisations, self.general, widgets.HTML("<b>Notes de suivi</b>"),
                             self.notes, self.new_note, self.add_note])

    def _export_tab(self, folder: str | Path) -> widgets.Widget:
        from vae_toolkit.ui.export_view import ExportPanel

        self.export = ExportPanel(folder, kinds=("review", "livret", "gaps"))
        return self.export

    def guard(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """:func:`~vae_toolkit.ui.common.guard` showing errors in this screen's message line."""
        return common.guard(func, self.message)

    def _run(self, action: Callable[..., str], *args: object) -> None:
        """Do one action and say its outcome (not while the controls are being filled from the review)."""
        if not self._loading:
            self.message.value = ENV.from_string("<p>{{ m }}</p>").render(m=action(*args))

    def _step(self, delta: int) -> None:
        ids = [v for _, v in self.work.competences()]
        self.competence.value = ids[(ids.index(self.competence.value) + delta) % len(ids)]

    def _comment(self) -> str:
        message = self.work.comment(self.competence.value, self.new_comment.value)
        self.new_comment.value = ""
        self.show_competence()
        return message

    def _note(self) -> str:
        message = self.work.note(self.new_note.value)
        self.new_note.value = ""
        self.notes.value = COMMENTS_HTML.render(comments=self.work.review.commentaires)
        return message

    def _mark(self) -> str:
        message = self.work.mark_reviewed()
        self.show_changes()
        return message

    def show_competence(self) -> None:
        """Fill the panel and the controls for the selected compétence (without saving anything)."""
        comp_id = self.competence.value
        if comp_id is None:
            self.work_panel.value = "<p>Aucun bloc visé\u00a0: rien à revoir.</p>"
            return
        entry = self.work.review.competences.get(comp_id)
        self._loading = True
        try:
            choose(self.statut, entry.statut if entry else None)
            choose(self.note, entry.note_conseiller if entry else None)
            choose(self.grille, entry.grille if entry else None)
        finally:
            self._loading = False
        self.work_panel.value = work_html(self.work, comp_id)
        self.comments.value = COMMENTS_HTML.render(comments=entry.commentaires if entry else [])
        indicators = {i.id for i in self.work.ref.competence(comp_id).indicateurs}
        self.situations.children = [SituationBox(self, s.id, s.titre) for s in self.work.dossier.situations
                                    if set(s.indicateurs) & indicators]

    def show_changes(self) -> None:
        self.changes.value = CHANGES_HTML.render(diff=self.work.changes(), word_diff=word_diff)


def review_screen(dossier: str | Path | None) -> widgets.Widget:
    """The review of ``dossier``; when it is None or unreadable, a field to choose the folder instead."""
    return folder_screen(dossier, lambda folder: [ReviewView(folder)])
