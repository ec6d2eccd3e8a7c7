"""The card of one situation: title, experiences, main compétence, the four parts, links to indicators, live
counters and hints."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from vae_toolkit.analysis.text import NARRATIVE_PARTS
from vae_toolkit.journey.bloc import BlocModel
from vae_toolkit.ui.common import ENV, Feedback, bind_value, field_error, message_html

PLACEHOLDERS = {
    "contexte": "Où, quand, avec qui, quel enjeu ? Présentez la situation en quelques lignes.",
    "actions": "Ce que j’ai fait, moi : « j’ai analysé… », « j’ai proposé… », « j’ai animé… »",
    "resultats": "Ce qui en est résulté, pour les personnes, l’équipe, la structure, le territoire.",
    "analyse": "Pourquoi j’ai agi ainsi, ce que j’en ai appris, ce que je ferais autrement aujourd’hui.",
}
HINTS_HTML = ENV.from_string("""<p class="vae-counters">{{ label }}</p>{% if hints %}<ul class="vae-hints">
{% for h in hints %}<li>{{ h }}</li>{% endfor %}</ul>{% endif %}""")


def css_id(ident: str) -> str:
    """A référentiel ID usable in a CSS class: dots become dashes (BC02.C1.I1 → BC02-C1-I1)."""
    return ident.replace(".", "-")


class SituationEditor(widgets.VBox):
    """Edit situation ``sit_id`` in place; ``after(structural)`` runs after each accepted change."""

    def __init__(self, model: BlocModel, sit_id: str, feedback: Feedback,
                 after: Callable[[bool], None]) -> None:
        self.model, self.sit_id, self.feedback, self.after = model, sit_id, feedback, after
        sit = model.situation(sit_id)
        self.errors: dict[str, widgets.HTML] = {}
        self.titre = widgets.Text(value=sit.titre, description="Titre", layout={"width": "80%"})
        self.titre.add_class("vae-situation-titre")
        self.experiences = {ident: widgets.Checkbox(value=ident in sit.experience_ids, description=label, indent=False,
                                                    layout={"width": "95%"})
                            for label, ident in model.experience_options()}
        for ident, check in self.experiences.items():
            check.add_class(f"vae-situation-experience-{css_id(ident)}")
            check.observe(self.feedback.guard(lambda _ch: self._experiences_changed()), names="value")
        self.principale = widgets.Dropdown(options=model.main_competence_options(sit_id),
                                           value=sit.competence_principale or "", description="Compétence principale",
                                           style={"description_width": "initial"}, layout={"width": "80%"})
        self.principale.add_class("vae-situation-principale")
        self.periode = widgets.Text(value=sit.periode, description="Période", placeholder="ex. 09/2019 – 06/2020")
        self.periode.add_class("vae-situation-periode")
        self.parts: dict[str, widgets.Textarea] = {}
        experiences = widgets.VBox([widgets.HTML("<b>Expériences où elle s’est passée</b> (une ou plusieurs)"),
                                    *self.experiences.values()] if self.experiences
                                   else [widgets.HTML("Aucune expérience : ajoutez-les sur la page Parcours.")])
        experiences.add_class("vae-situation-experiences")
        principale_note = widgets.HTML("<small>La situation est racontée en entier sous cette compétence ; ailleurs, "
                                       "le dossier y renvoie par son titre et sa page.</small>")
        rows = [self._bind(self.titre, "titre"), experiences, self._bind(self.principale, "competence_principale"),
                principale_note, self._bind(self.periode, "periode")]
        for part, label in NARRATIVE_PARTS.items():
            area = widgets.Textarea(value=getattr(sit, part), placeholder=PLACEHOLDERS.get(part, ""),
                                    layout={"width": "95%", "height": "9em"})
            area.add_class(f"vae-situation-{part}")
            self.parts[part] = area
            rows += [widgets.HTML(f"<b>{label}</b>"), self._bind(area, part)]
        self.counters = widgets.HTML()
        self.counters.add_class("vae-situation-counters")
        self.links: dict[str, widgets.Checkbox] = {}
        self.links_message = Feedback()  # under the boxes: why a link could not be saved, if ever
        super().__init__([*rows, self.counters, widgets.HTML("<b>Indicateurs que cette situation illustre</b>"),
                          self._link_boxes(), self.links_message],
                         layout={"border": "1px solid #ccc", "padding": "6px"})
        self.add_class("vae-situation-editor")
        self.update_counters()

    def _bind(self, widget: widgets.ValueWidget, name: str) -> widgets.Box:
        error = self.errors[name] = field_error()
        row = bind_value(widget, lambda v: self.model.set_situation(self.sit_id, name, v), error, self.feedback,
                         self._changed)
        row.layout.width = "100%"
        return row

    def _changed(self) -> None:
        self.update_counters()
        self.after(False)

    def _link_boxes(self) -> widgets.Widget:
        """Checkboxes for the compétence shown, then every other one of the référentiel folded below."""
        current = self.model.competence
        linked = set(self.model.situation(self.sit_id).indicateurs)

        def box(ind_id: str, text: str) -> widgets.Checkbox:
            check = widgets.Checkbox(value=ind_id in linked, description=f"{self.model.ws.ref.label(ind_id)} – {text}",
                                     indent=False,
                                     layout={"width": "95%"})
            check.add_class(f"vae-link-{css_id(ind_id)}")
            check.observe(self.links_message.guard(lambda ch, i=ind_id: self._link(i, ch["new"])), names="value")
            self.links[ind_id] = check
            return check

        here = widgets.VBox([box(i.id, i.texte) for i in current.indicateurs])
        others, titles = [], []
        for bloc in self.model.ws.ref.blocs:
            boxes = [box(i.id, i.texte) for c in bloc.competences if c.id != current.id for i in c.indicateurs]
            if boxes:
                others.append(widgets.VBox(boxes))
                titles.append(f"Autres indicateurs du bloc {bloc.id}")
        fold = widgets.Accordion(children=others, selected_index=None)
        for k, title in enumerate(titles):
            fold.set_title(k, title)
        return widgets.VBox([here, fold])

    def _experiences_changed(self) -> None:
        chosen = [ident for ident, check in self.experiences.items() if check.value]
        self.model.set_situation(self.sit_id, "experience_ids", chosen)
        self._changed()

    def _link(self, indicator_id: str, linked: bool) -> None:
        self.model.set_link(self.sit_id, indicator_id, linked)
        self.refresh_principale()
        self.after(True)

    def refresh_principale(self) -> None:
        """The main compétence's choices follow the indicators linked (a choice no longer possible is kept aside)."""
        options = self.model.main_competence_options(self.sit_id)
        current = self.model.situation(self.sit_id).competence_principale or ""
        with self.principale.hold_trait_notifications():
            self.principale.options = options
            self.principale.value = current if current in [v for _, v in options] else ""

    def update_counters(self) -> None:
        """Words, signes and the writing hints, recomputed from what is typed."""
        counters = self.model.counters(self.sit_id)
        self.counters.value = HINTS_HTML.render(label=counters.label(), hints=counters.conseils)


def situation_summary(model: BlocModel, sit_id: str) -> str:
    """The row text of a situation in the list: title, words, and « à relier » when linked to nothing."""
    sit = model.situation(sit_id)
    counters = model.counters(sit_id)
    suffix = " – à relier à des indicateurs" if not sit.indicateurs else ""
    return message_html(f"{sit.titre} ({counters.mots} mots){suffix}", "vae-situation-row")
