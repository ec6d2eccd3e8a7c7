"""The jury screen: session (date, time, place), France VAE's result, comment and blocs acquired for good, what
remains after a partial validation, and the export that prepares the interview.

``JuryView(ws, feedback)`` on a :class:`~vae_toolkit.journey.workspace.Workspace`, like the other candidate views.
The candidate records the result (the certifier notifies it to the candidate; the counsellor never writes the
candidate's ``dossier.yaml``): see docs/france-vae.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import ipywidgets as widgets

from vae_toolkit.analysis.progress import blocs_status
from vae_toolkit.journey.inputs import format_date
from vae_toolkit.journey.jury import JuryModel
from vae_toolkit.journey.workspace import Workspace
from vae_toolkit.models.wording import RESULTAT_LABELS
from vae_toolkit.ui.common import ENV, Feedback, bind_value, field_error
from vae_toolkit.ui.fields import choice_options, date_setter, from_choice, to_choice

TITLE_HTML = ENV.from_string("<h2>{{ screen }}{% if name %} – {{ name }}{% endif %}</h2>")
AFTER_HTML = ENV.from_string("""{% if acquired %}<p class="vae-notice"><b>Acquis définitivement :</b>
{% for b in acquired %}{{ b }}{% if not loop.last %} ; {% endif %}{% endfor %}.{% if remaining %} Il vous reste
{% for b in remaining %}{{ b }}{% if not loop.last %} ; {% endif %}{% endfor %} : l’analyse des écarts, le tableau de bord
et le dossier de validation ne montrent plus que {{ 'ce bloc' if remaining|length == 1 else 'ces blocs' }}.{% endif %}
</p>{% elif pending %}<p class="vae-notice">Une validation partielle en attente de confirmation n’acquiert encore aucun
bloc.</p>{% endif %}""")


class JuryView(widgets.VBox):
    """Every change autosaved; a refused value is explained next to its field, which shows the value kept."""

    def __init__(self, ws: Workspace, feedback: Feedback, *, with_export: bool = True) -> None:
        self.model = JuryModel(ws)
        self.ws, self.feedback = ws, feedback
        jury = self.model.jury
        self.date = widgets.Text(description="Date", value=format_date(jury.session.date), placeholder="jj/mm/aaaa",
                                 continuous_update=False)
        self.heure = widgets.Text(description="Heure", value=jury.session.heure or "", placeholder="HH:MM",
                                  continuous_update=False)
        self.lieu = widgets.Text(description="Lieu", value=jury.session.lieu, continuous_update=False,
                                 layout={"width": "60%"})
        self.resultat = widgets.Dropdown(description="Résultat", value=to_choice(jury.resultat),
                                         layout={"width": "60%"}, options=choice_options(RESULTAT_LABELS))
        self.commentaire = widgets.Textarea(description="Commentaire", value=jury.commentaire,
                                            continuous_update=False, layout={"width": "95%"})
        self.blocs = {b.id: widgets.Checkbox(description=ENV.from_string("{{ c }} – {{ t }}").render(
                          c=b.code, t=b.intitule), value=b.id in jury.blocs_acquis, indent=False,
                          layout={"width": "auto"})
                      for b in ws.ref.blocs}
        for name, control in (("date", self.date), ("heure", self.heure), ("lieu", self.lieu),
                              ("resultat", self.resultat), ("commentaire", self.commentaire)):
            control.add_class(f"vae-jury-{name}")
        self.errors = {name: field_error() for name in ("date", "heure", "lieu", "resultat", "commentaire",
                                                        *self.blocs)}
        rows = [bind_value(self.date, date_setter(self.date, lambda v: self.model.set_session("date", v)), self.errors["date"], feedback),
                bind_value(self.heure, lambda v: self.model.set_session("heure", v), self.errors["heure"], feedback,
                           kept=lambda: self.model.jury.session.heure or "", after=self._show_session),
                bind_value(self.lieu, lambda v: self.model.set_session("lieu", v), self.errors["lieu"], feedback,
                           kept=lambda: self.model.jury.session.lieu)]
        result_row = bind_value(self.resultat, lambda v: self.model.set_result(from_choice(v)),
                                self.errors["resultat"], feedback, after=self.refresh,
                                kept=lambda: to_choice(self.model.jury.resultat))
        comment_row = bind_value(self.commentaire, self.model.set_comment, self.errors["commentaire"], feedback)
        bloc_rows = [bind_value(box, lambda v, b=bloc_id: self.model.set_acquired(b, v), self.errors[bloc_id],
                                feedback, after=self.refresh, kept=lambda b=bloc_id: b in self.model.jury.blocs_acquis)
                     for bloc_id, box in self.blocs.items()]
        self.after = widgets.HTML()
        self.after.add_class("vae-jury-after")
        export: list[widgets.Widget] = []
        self.export = None
        if with_export:
            from vae_toolkit.ui.export_view import ExportPanel

            self.export = ExportPanel(ws.folder, kinds=("entretien",), before=ws.autosave.flush,
                                      label="Exporter la préparation de l’entretien")
            export = [widgets.HTML("<h3>Préparer l’entretien</h3><p>Pour chaque bloc visé, les questions qu’un jury "
                                   "posera probablement — celles du référentiel et celles qui viennent de vos points "
                                   "à étayer — avec les situations à relire, et une fiche pour le jour J.</p>"),
                      self.export]
        profil = ws.dossier.profil
        title = TITLE_HTML.render(screen="Jury et après", name=f"{profil.prenom} {profil.nom}".strip())
        super().__init__([widgets.HTML(title), widgets.HTML("<h3>Session du jury</h3>"), *rows,
                          widgets.HTML("<h3>Résultat</h3><p>Reportez ici la décision que le certificateur vous a "
                                       "notifiée.</p>"), result_row, comment_row,
                          widgets.HTML("<h3>Blocs acquis définitivement</h3><p>Un bloc acquis n’est plus jamais "
                                       "compté comme une lacune.</p>"), *bloc_rows, self.after, *export])
        self.add_class("vae-jury")
        self.refresh()

    def _show_session(self) -> None:
        """The time as kept (« 14h30 » shows as 14:30)."""
        self.heure.value = self.model.jury.session.heure or ""

    def refresh(self) -> None:
        """What the result leaves to do: the blocs acquired and those that remain."""
        jury = self.model.jury
        acquired = set(jury.acquired())
        status = blocs_status(self.ws.dossier, self.ws.ref)
        names = {b.id: f"{b.code} – {b.intitule}" for b in self.ws.ref.blocs}
        remaining = [names[b] for b, (s, *_rest) in status.items() if s == "vise" and b not in acquired]
        self.after.value = AFTER_HTML.render(acquired=[names[b] for b in names if b in acquired], remaining=remaining,
                                             pending=jury.resultat == "validation_partielle_en_attente_de_confirmation")


def jury_screen(dossier: str | Path | None = None, *, delay: float = 1.0,
                environ: Mapping[str, str] | None = None) -> widgets.Widget:
    """The jury page on ``dossier`` (resolved as in :mod:`vae_toolkit.ui.context`), or the chooser."""
    from vae_toolkit.ui.page import journey_screen

    return journey_screen(dossier, JuryView, delay=delay, environ=environ)


__all__ = ["JuryView", "jury_screen"]
