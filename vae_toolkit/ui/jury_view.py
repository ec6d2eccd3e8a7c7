"""The jury screen: session (date, time, place), France VAE's result, comment and blocs acquired for good.

``JuryView(ws, feedback)`` on a :class:`~vae_toolkit.journey.workspace.Workspace`, like the other candidate views.
"""

from __future__ import annotations

import ipywidgets as widgets

from vae_toolkit.journey.jury import JuryModel
from vae_toolkit.journey.workspace import Workspace
from vae_toolkit.models.wording import RESULTAT_LABELS
from vae_toolkit.ui.common import ENV, Feedback


class JuryView(widgets.VBox):
    """Every change autosaved; a refused value is explained in the page and the control shows the kept value."""

    def __init__(self, ws: Workspace, feedback: Feedback) -> None:
        self.model = JuryModel(ws)
        self.feedback = feedback
        jury = self.model.jury
        self.date = widgets.DatePicker(description="Date", value=jury.session.date)
        self.heure = widgets.Text(description="Heure", value=jury.session.heure or "", placeholder="HH:MM",
                                  continuous_update=False)
        self.lieu = widgets.Text(description="Lieu", value=jury.session.lieu, continuous_update=False,
                                 layout={"width": "95%"})
        self.resultat = widgets.Dropdown(description="Résultat", value=jury.resultat, layout={"width": "95%"},
                                         options=[(v, k) for k, v in RESULTAT_LABELS.items()])
        self.commentaire = widgets.Textarea(description="Commentaire", value=jury.commentaire,
                                            continuous_update=False, layout={"width": "95%"})
        self.blocs = {b.id: widgets.Checkbox(description=ENV.from_string("{{ c }} – {{ t }}").render(
                          c=b.code, t=b.intitule), value=b.id in jury.blocs_acquis, layout={"width": "95%"})
                      for b in ws.ref.blocs}
        for name, control in (("date", self.date), ("heure", self.heure), ("lieu", self.lieu)):
            control.observe(lambda ch, n=name: self._done(self.model.set_session(n, ch["new"])), names="value")
        self.resultat.observe(lambda ch: self._done(self.model.set_result(ch["new"])), names="value")
        self.commentaire.observe(lambda ch: self._done(self.model.set_comment(ch["new"])), names="value")
        for bloc_id, box in self.blocs.items():
            box.observe(lambda ch, b=bloc_id: self._done(self.model.set_acquired(b, ch["new"])), names="value")
        super().__init__([widgets.HTML("<h3>Session du jury</h3>"), self.date, self.heure, self.lieu,
                          widgets.HTML("<h3>Résultat</h3>"), self.resultat, self.commentaire,
                          widgets.HTML("<h3>Blocs acquis définitivement</h3><p>Un bloc acquis n’est plus jamais "
                                       "compté comme une lacune.</p>"), *self.blocs.values()])
        self.add_class("vae-jury")

    def _done(self, error: str | None) -> None:
        if error:
            self.feedback.info(f"Valeur refusée\u00a0: {error}")
            self.show()

    def show(self) -> None:
        """Put the kept values back in the controls (after a refusal)."""
        jury = self.model.jury
        self.heure.value = jury.session.heure or ""
        self.resultat.value = jury.resultat
        for bloc_id, box in self.blocs.items():
            box.value = bloc_id in jury.blocs_acquis
