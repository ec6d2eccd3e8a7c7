"""One situation of the candidate on the review screen: its status and the counsellor's comments on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as widgets

from vae_toolkit.journey.html import ENV
from vae_toolkit.models.wording import STATUT_LABELS
from vae_toolkit.ui.fields import dropdown
from vae_toolkit.ui.review_html import COMMENTS_HTML

if TYPE_CHECKING:
    from vae_toolkit.ui.review_view import ReviewView


class SituationBox(widgets.VBox):
    """Status and comments of one situation; actions go through the review screen (its guard and message)."""

    def __init__(self, view: ReviewView, sit_id: str, titre: str) -> None:
        entry = view.work.review.situations.get(sit_id)
        self.view, self.sit_id = view, sit_id
        self.statut = dropdown("Statut", STATUT_LABELS, entry.statut if entry else None)
        self.comments = widgets.HTML(COMMENTS_HTML.render(comments=entry.commentaires if entry else []))
        self.text = widgets.Textarea(placeholder="Commentaire sur cette situation", layout={"width": "95%"})
        self.add = widgets.Button(description="Commenter la situation", icon="comment")
        self.statut.observe(view.guard(lambda ch: view._run(view.work.set_situation_status, sit_id, ch["new"])),
                            names="value")
        self.add.on_click(view.guard(lambda _b: view._run(self._comment)))
        title = ENV.from_string("<b>{{ i }} – {{ t }}</b>").render(i=sit_id, t=titre)
        super().__init__([widgets.HTML(title), self.statut, self.comments, self.text, self.add])

    def _comment(self) -> str:
        message = self.view.work.comment_situation(self.sit_id, self.text.value)
        self.text.value = ""
        entry = self.view.work.review.situations[self.sit_id]
        self.comments.value = COMMENTS_HTML.render(comments=entry.commentaires)
        return message
