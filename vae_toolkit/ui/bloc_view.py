"""The bloc page (one per bloc of the référentiel): each compétence in turn, with its text and guiding questions,
the candidate's situations, a self-rating of each indicator, pièces, counters and progress bars.

The notebook passes the bloc ID as data (``bloc_screen(dossier, bloc="…")``); nothing here names a bloc.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import ipywidgets as widgets

from vae_toolkit.journey.bloc import BlocModel, progress_label
from vae_toolkit.journey.workspace import Workspace
from vae_toolkit.models.status import BlocStatus
from vae_toolkit.models.wording import RATING_LABELS, RATING_MEANINGS, number_fr
from vae_toolkit.ui.common import ENV, ConfirmButton, Feedback, message_html
from vae_toolkit.ui.fields import action_button
from vae_toolkit.ui.page import journey_screen
from vae_toolkit.ui.pieces_view import PiecesPanel
from vae_toolkit.ui.situation_editor import SituationEditor, css_id, situation_summary

RATING_OPTIONS = [(RATING_LABELS[v], v or 0) for v in RATING_LABELS]
RATING_TOOLTIPS = [RATING_MEANINGS[v] for v in RATING_LABELS]

HEADER_HTML = ENV.from_string("""<h2>{{ bloc.id }} – {{ bloc.intitule }}</h2>
<p>{{ bloc.code }}{% if bloc.ancien_code %} (ancien {{ bloc.ancien_code }}){% endif %} · {{ bloc.competences | length }}
compétence(s), {{ bloc.indicateurs | length }} indicateurs{% if bloc.epreuve %} · épreuve : {{ bloc.epreuve.intitule }}
{% if bloc.epreuve.signes_min %} ({{ num(bloc.epreuve.signes_min) }} à {{ num(bloc.epreuve.signes_max or 0) }} signes)
{% endif %}{% endif %}</p>""")

COMPETENCE_HTML = ENV.from_string("""<h3>{{ label(comp.id) }} – {{ comp.intitule }}</h3>
{% if comp.evaluee_en_entier %}<p>Le référentiel ne détaille pas cette compétence en indicateurs : vous l’évaluez
en entier.</p>{% else %}<p>Indicateurs du référentiel :</p><ul>{% for i in comp.indicateurs %}
<li><b>{{ label(i.id) }}</b> {{ i.texte }}</li>{% endfor %}</ul>{% endif %}{% if comp.questions %}<details open><summary>Questions pour vous guider</summary><ul>
{% for q in comp.questions %}<li>{{ q }}</li>{% endfor %}</ul></details>{% endif %}""")


class ProgressRow(widgets.HBox):
    """A progress bar and its French label, updated in place."""

    def __init__(self, css: str) -> None:
        self.bar = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, layout={"width": "40%"})
        self.bar.add_class(css)
        self.label = widgets.HTML()
        super().__init__([self.bar, self.label])

    def show(self, fraction: float, label: str) -> None:
        self.bar.value = fraction
        self.label.value = message_html(label, "vae-progress-label")


class CompetencePanel(widgets.VBox):
    """Everything about the compétence selected in ``model``."""

    def __init__(self, model: BlocModel, feedback: Feedback, view: BlocView) -> None:
        self.model, self.feedback, self.view = model, feedback, view
        comp = model.competence
        self.ratings: dict[str, widgets.ToggleButtons] = {}
        rating_rows = []
        for ind in comp.indicateurs:
            toggle = widgets.ToggleButtons(options=RATING_OPTIONS, value=model.rating(ind.id), tooltips=RATING_TOOLTIPS,
                                           style={"button_width": "auto"})
            toggle.add_class(f"vae-rating-{css_id(ind.id)}")
            message = Feedback()  # under this rating: why it could not be saved, if ever
            toggle.observe(message.guard(lambda ch, i=ind.id: self._rate(i, ch["new"])), names="value")
            self.ratings[ind.id] = toggle
            rating_rows.append(widgets.VBox([widgets.HTML(ENV.from_string("<b>{{ l }}</b> {{ i.texte }}").render(
                l=model.ws.ref.label(ind.id), i=ind)), toggle, message]))
        self.situation_rows = widgets.VBox()
        self.situations_message = Feedback()  # under the list: what « Modifier » or « Supprimer » could not do
        self.new_situation = widgets.Button(description="Nouvelle situation", icon="plus", button_style="primary",
                                            layout={"width": "auto"})
        self.new_situation.add_class("vae-new-situation")
        new_situation = action_button(self.new_situation, lambda: self.edit(model.new_situation(), structural=True))
        self.new_situation_message: Feedback = new_situation.feedback
        self.editor = widgets.Box(layout={"display": "block"})
        self.pieces = PiecesPanel(model, feedback, view.refresh_progress)
        super().__init__([
            widgets.HTML(COMPETENCE_HTML.render(comp=comp, label=model.ws.ref.label)),
            widgets.HTML("<h4>Mon auto-évaluation</h4><p>Pour chaque indicateur : <i>Pas encore</i> (je ne l’ai pas "
                         "fait), <i>En cours</i> (avec de l’aide, ou de temps en temps), <i>Acquis</i> (seul(e), "
                         "régulièrement), <i>Maîtrisé</i> (je sais l’expliquer, l’adapter, le transmettre).</p>"),
            *rating_rows,
            widgets.HTML("<h4>Mes situations</h4><p>Des situations réelles, racontées au « je » : le contexte, ce "
                         "que vous avez fait, les résultats, votre analyse.</p>"),
            self.situation_rows, self.situations_message, new_situation, self.editor,
            widgets.HTML("<h4>Mes pièces justificatives</h4>"), self.pieces,
        ])
        if model.editing and any(s.id == model.editing for s in model.ws.dossier.situations):
            self.edit(model.editing)  # the card open before the page was redrawn (a merge, a reload)
        else:
            model.editing = None
            self.refresh_situations()

    @property
    def editing(self) -> str | None:
        return self.model.editing

    def _rate(self, indicator_id: str, value: int) -> None:
        self.model.set_rating(indicator_id, value)
        self.view.refresh_progress()

    def edit(self, sit_id: str, *, structural: bool = False) -> None:
        """Open the card of one situation below the list."""
        self.model.editing = sit_id
        self.editor.children = [SituationEditor(self.model, sit_id, self.feedback, self._after_edit)]
        self.refresh_situations()
        if structural:
            self.view.refresh_progress()

    def _after_edit(self, structural: bool) -> None:
        if structural:
            self.refresh_situations()
        else:
            self._relabel()
        self.view.refresh_progress()

    def _delete(self, sit_id: str) -> None:
        self.model.delete_situation(sit_id)
        if self.editing is None:
            self.editor.children = []
        self.refresh_situations()
        self.view.refresh_progress()

    def refresh_situations(self) -> None:
        """Redraw the list of situations (the one being edited stays listed even if unlinked meanwhile)."""
        ids = [s.id for s in self.model.situations()]
        if self.editing and self.editing not in ids:
            ids.append(self.editing)
        rows = []
        for sit_id in ids:
            edit = widgets.Button(description="Modifier", icon="edit", layout={"width": "auto"})
            edit.add_class("vae-situation-edit")
            edit.on_click(self.situations_message.guard(lambda _b, s=sit_id: self.edit(s)))
            delete = ConfirmButton(lambda s=sit_id: self._delete(s), self.situations_message)
            delete.add_class("vae-situation-delete")
            rows.append(widgets.HBox([widgets.HTML(layout={"width": "60%"}), edit, delete]))
        self._row_ids = ids
        self.situation_rows.children = rows or [widgets.HTML(message_html(
            "Aucune situation pour cette compétence : « Nouvelle situation » pour en écrire une."))]
        self._relabel()

    def _relabel(self) -> None:
        if not self._row_ids:
            return
        for sit_id, row in zip(self._row_ids, self.situation_rows.children, strict=True):
            text = situation_summary(self.model, sit_id)
            row.children[0].value = f"<b>{text}</b>" if sit_id == self.editing else text


class BlocView(widgets.VBox):
    """The bloc page: plain status when dispensed or not aimed at, progress, compétence navigation and panel."""

    def __init__(self, ws: Workspace, feedback: Feedback, *, model: BlocModel) -> None:
        self.model, self.feedback = model, feedback
        self.status = widgets.HTML()
        comps = model.competences
        self.bloc_bar = ProgressRow("vae-progress-bloc")
        self.competence_bars = {c.id: ProgressRow(f"vae-progress-{css_id(c.id)}") for c in comps}
        self.competence = widgets.Dropdown(options=[(f"{ws.ref.label(c.id)} – {c.intitule}", c.id) for c in comps],
                                           value=model.competence.id, description="Compétence",
                                           layout={"width": "70%"})
        self.competence.add_class("vae-competence")
        self.previous = widgets.Button(description="Précédente", icon="arrow-left", layout={"width": "auto"})
        self.next = widgets.Button(description="Suivante", icon="arrow-right", layout={"width": "auto"})
        self.previous.add_class("vae-prev")
        self.next.add_class("vae-next")
        self.previous.on_click(feedback.guard(lambda _b: self._step(-1)))
        self.next.on_click(feedback.guard(lambda _b: self._step(1)))
        self.competence.observe(feedback.guard(lambda ch: self._select(ch["new"])), names="value")
        self.panel = widgets.Box(layout={"display": "block"})
        self.work = widgets.VBox([widgets.HTML(f"<b>Avancement du bloc {model.bloc.id}</b>"), self.bloc_bar,
                                  widgets.HTML("<b>Par compétence</b>"), *self.competence_bars.values(),
                                  widgets.HBox([self.previous, self.competence, self.next]), self.panel])
        statut, _by = model.status()
        self.show_anyway = widgets.Button(description="Travailler quand même ce bloc", icon="pencil",
                                          layout={"width": "auto"})
        self.show_anyway.add_class("vae-show-bloc")
        self.show_anyway.on_click(feedback.guard(lambda _b: self._reveal()))
        header = widgets.HTML(HEADER_HTML.render(bloc=model.bloc, num=number_fr))
        children: list[widgets.Widget] = [header, self.status]
        message = model.status_message()
        self.status.value = message_html(message or "", "vae-notice")
        if statut == BlocStatus.dispense:
            self.status.add_class("vae-bloc-dispense")
            super().__init__(children)
            return
        if statut == BlocStatus.non_vise:
            self.status.add_class("vae-bloc-non-vise")
            self.work.layout.display = "none"
            children.append(self.show_anyway)
        super().__init__([*children, self.work])
        self._show_panel()

    def _reveal(self) -> None:
        self.work.layout.display = None
        self.show_anyway.layout.display = "none"

    def _step(self, delta: int) -> None:
        if self.model.step(delta):
            self.competence.value = self.model.competence.id

    def _select(self, comp_id: str) -> None:
        if comp_id != self.model.competence.id:
            self.model.select(comp_id)
        self._show_panel()

    def _show_panel(self) -> None:
        self.previous.disabled = self.model.index == 0
        self.next.disabled = self.model.index == len(self.model.competences) - 1
        self.panel.children = [CompetencePanel(self.model, self.feedback, self)]
        self.refresh_progress()

    def refresh_progress(self) -> None:
        """Progress bars of the bloc and of each of its compétences, after any change."""
        bp, by_comp = self.model.progress()
        done = self.model.avancement()
        bloc_id = self.model.bloc.id
        self.bloc_bar.show(done[bloc_id].part, f"Avancement : {done[bloc_id].label()} · {progress_label(bp)}")
        for cid, row in self.competence_bars.items():
            row.show(done[cid].part, f"{self.model.ws.ref.label(cid)} : {done[cid].label()} · "
                                     f"{progress_label(by_comp[cid])}")


def bloc_screen(dossier: str | Path | None = None, *, bloc: str, delay: float = 1.0, today: dt.date | None = None,
                environ: Mapping[str, str] | None = None) -> widgets.Widget:
    """The page of ``bloc`` (an ID of the dossier's référentiel) on ``dossier``, or the chooser."""
    kept: list[BlocModel] = []

    def build(ws: Workspace, feedback: Feedback) -> widgets.Widget:
        # One model per workspace, kept across reloads so that the compétence shown stays the same.
        if not kept or kept[0].ws is not ws:
            kept[:] = [BlocModel(ws, bloc, today=today)]
        return BlocView(ws, feedback, model=kept[0])

    return journey_screen(dossier, build, delay=delay, environ=environ)
