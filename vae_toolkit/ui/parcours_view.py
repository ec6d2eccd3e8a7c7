"""The parcours page (01_parcours): experiences and formations, durations, motivation, feasibility warning."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path

import ipywidgets as widgets

from vae_toolkit.analysis.durations import band, format_months
from vae_toolkit.journey.inputs import format_date, format_decimal
from vae_toolkit.journey.parcours import DurationReport, ParcoursModel
from vae_toolkit.journey.workspace import Workspace
from vae_toolkit.models.dossier import Experience, Formation
from vae_toolkit.models.wording import TYPE_EXPERIENCE_LABELS, short_months
from vae_toolkit.ui.common import ENV, Feedback, bind_value, field_error, message_html, show_field_error
from vae_toolkit.ui.fields import action_button
from vae_toolkit.ui.lists import ItemList
from vae_toolkit.ui.page import journey_screen

STRUCTURE_FIELDS = {"secteur": "Secteur", "organisation": "Organisation", "publics": "Publics",
                    "territoire": "Territoire", "environnement": "Environnement"}
WIDE = {"width": "95%"}
OPEN = "parcours.open"
"""Key of :attr:`Workspace.view_state`: the id of the experience and of the formation whose editor is open."""
DATE_TOOLTIP = "jj/mm/aaaa, ou mm/aaaa si le jour n’est pas connu"

DURATIONS_HTML = ENV.from_string("""<p>{{ report.sentence() }}</p>{% if report.by_type %}
<table><tr><th>Type d’expérience</th><th>Nombre</th><th>Durée (équivalent temps plein)</th><th>Tranche</th></tr>
{% for t in report.by_type %}<tr><td>{{ t.libelle }}</td><td>{{ t.nombre }}</td>
<td>{{ months(t.duree.fte_months) }}</td><td>{{ band(t.duree.fte_months) }}</td></tr>{% endfor %}</table>{% endif %}""")


def experience_label(e: Experience) -> str:
    """« Poste – Structure (09/2013 → 12/2019, 80 %) » for the list of experiences."""
    where = f" – {e.structure.nom}" if e.structure.nom else ""
    share = "" if e.quotite == 1 else f", {round(e.quotite * 100)}\u00a0%"
    return f"{e.intitule_poste}{where} ({short_months(e.debut, e.fin)}{share})"


def formation_label(f: Formation) -> str:
    parts = [p for p in (f.organisme, str(f.annee) if f.annee else "") if p]
    return f"{f.intitule}" + (f" ({', '.join(parts)})" if parts else "")


class ExperienceEditor(widgets.VBox):
    """The form of one experience, its structure and the fonctions it involved."""

    def __init__(self, model: ParcoursModel, index: int, feedback: Feedback, after: Callable[[], None]) -> None:
        exp = model.ws.dossier.experiences[index]
        self.errors: dict[str, widgets.HTML] = {}

        def bind(widget: widgets.ValueWidget, name: str, setter: Callable[[object], str | None],
                 css: str | None = None) -> widgets.Box:
            if css:
                widget.add_class(css)
            self.errors[name] = field_error()
            return bind_value(widget, setter, self.errors[name], feedback, after)

        def exp_field(name: str) -> Callable[[object], str | None]:
            return lambda v: model.set("experiences", index, name, v)

        self.intitule = widgets.Text(value=exp.intitule_poste, description="Poste", layout={"width": "60%"})
        self.type = widgets.Dropdown(options=[(v, k.value) for k, v in TYPE_EXPERIENCE_LABELS.items()],
                                     value=exp.type.value, description="Type")
        self.structure = widgets.Text(value=exp.structure.nom, description="Structure", layout={"width": "60%"})
        self.debut = widgets.Text(value=format_date(exp.debut), description="Début", placeholder="jj/mm/aaaa",
                                  tooltip=DATE_TOOLTIP, continuous_update=False)
        self.fin = widgets.Text(value=format_date(exp.fin), description="Fin", placeholder="vide si en cours",
                                tooltip=DATE_TOOLTIP, continuous_update=False)
        self.quotite = widgets.Text(value=format_decimal(exp.quotite), description="Quotité (ETP)",
                                    placeholder="1 ; 0,5 ; 80 %", continuous_update=False,
                                    style={"description_width": "initial"})
        self.missions = widgets.Textarea(value="\n".join(exp.missions), description="Missions",
                                         placeholder="une mission par ligne", layout={**WIDE, "height": "6em"})
        fonctions = model.ws.ref.fonctions
        self.fonctions = {f.id: widgets.Checkbox(value=f.id in exp.fonctions, description=f.intitule, indent=False)
                          for f in fonctions}
        self.structure_fields = {name: widgets.Textarea(value=getattr(exp.structure, name), description=label,
                                                        layout={**WIDE, "height": "4em"})
                                 for name, label in STRUCTURE_FIELDS.items()}
        rows = [
            bind(self.intitule, "intitule_poste", exp_field("intitule_poste"), "vae-experience-intitule"),
            bind(self.type, "type", exp_field("type")),
            bind(self.structure, "structure", lambda v: model.set_structure(index, "nom", v),
                 "vae-experience-structure"),
            bind(self.debut, "debut", lambda v: model.set_date(index, "debut", str(v)), "vae-experience-debut"),
            bind(self.fin, "fin", lambda v: model.set_date(index, "fin", str(v)), "vae-experience-fin"),
            bind(self.quotite, "quotite", lambda v: model.set_quotite(index, str(v)), "vae-experience-quotite"),
            bind(self.missions, "missions", lambda v: model.set_missions(index, str(v))),
        ]
        self.fonctions_error = field_error()
        for box in self.fonctions.values():
            box.observe(feedback.guard(lambda _c: self._fonctions(model, index, after)), names="value")
        structure_rows = [bind(w, name, lambda v, n=name: model.set_structure(index, n, str(v)))
                          for name, w in self.structure_fields.items()]
        super().__init__([
            *rows,
            widgets.HTML("<b>Fonctions du diplôme exercées dans ce poste</b>"),
            widgets.HBox(list(self.fonctions.values())), self.fonctions_error,
            widgets.HTML("<b>L’environnement de la structure</b> (il ouvre votre dossier de validation)"),
            *structure_rows,
        ], layout={"border": "1px solid #ccc", "padding": "6px"})
        self.add_class("vae-experience-editor")

    def _fonctions(self, model: ParcoursModel, index: int, after: Callable[[], None]) -> None:
        chosen = [f for f, box in self.fonctions.items() if box.value]
        show_field_error(self.fonctions_error, model.set_fonctions(index, chosen))
        after()


class FormationEditor(widgets.VBox):
    """The form of one formation."""

    def __init__(self, model: ParcoursModel, index: int, feedback: Feedback, after: Callable[[], None]) -> None:
        form = model.ws.dossier.formations[index]

        def setter(name: str) -> Callable[[object], str | None]:
            return lambda v: model.set("formations", index, name, v)

        self.intitule = widgets.Text(value=form.intitule, description="Intitulé", layout={"width": "60%"})
        self.organisme = widgets.Text(value=form.organisme, description="Organisme", layout={"width": "60%"})
        self.annee = widgets.Text(value=str(form.annee or ""), description="Année", placeholder="aaaa",
                                  continuous_update=False)
        self.heures = widgets.Text(value=format_decimal(form.duree_heures), description="Heures",
                                   continuous_update=False)
        self.certifiante = widgets.Checkbox(value=form.certifiante, description="Certifiante", indent=False)
        self.intitule.add_class("vae-formation-intitule")
        rows = [bind_value(self.intitule, setter("intitule"), field_error(), feedback, after),
                bind_value(self.organisme, setter("organisme"), field_error(), feedback, after),
                bind_value(self.annee, lambda v: model.set_formation_year(index, str(v)), field_error(), feedback,
                           after),
                bind_value(self.heures, lambda v: model.set_formation_hours(index, str(v)), field_error(), feedback,
                           after),
                bind_value(self.certifiante, setter("certifiante"), field_error(), feedback, after)]
        super().__init__(rows, layout={"border": "1px solid #ccc", "padding": "6px"})


class ParcoursView(widgets.VBox):
    """Both lists with their editor, the durations and the feasibility warning; every change autosaved."""

    def __init__(self, ws: Workspace, feedback: Feedback, *, today: dt.date | None = None) -> None:
        self.model = ParcoursModel(ws, today=today)
        self.feedback = feedback
        self.editors = {"experiences": widgets.Box(layout={"display": "block"}),
                        "formations": widgets.Box(layout={"display": "block"})}
        self.notes = {"experiences": widgets.HTML(), "formations": widgets.HTML()}
        self.lists = {
            "experiences": ItemList(lambda: [experience_label(e) for e in ws.dossier.experiences],
                                    on_edit=lambda i: self.edit("experiences", i),
                                    on_move=lambda i, d: self.move("experiences", i, d),
                                    on_delete=lambda i: self.delete("experiences", i),
                                    empty="Aucune expérience pour l’instant.", css="experience"),
            "formations": ItemList(lambda: [formation_label(f) for f in ws.dossier.formations],
                                   on_edit=lambda i: self.edit("formations", i),
                                   on_move=lambda i, d: self.move("formations", i, d),
                                   on_delete=lambda i: self.delete("formations", i),
                                   empty="Aucune formation pour l’instant.", css="formation"),
        }
        self.add_experience = widgets.Button(description="Ajouter une expérience", icon="plus", button_style="primary",
                                             layout={"width": "auto"})
        self.add_experience.add_class("vae-add-experience")
        add_experience = action_button(self.add_experience,
                                       lambda: self.edit("experiences", self.model.add_experience()))
        self.add_formation = widgets.Button(description="Ajouter une formation", icon="plus", layout={"width": "auto"})
        self.add_formation.add_class("vae-add-formation")
        add_formation = action_button(self.add_formation, lambda: self.edit("formations", self.model.add_formation()))
        self.durations = widgets.HTML()
        self.feasibility = widgets.HTML()
        self.texts = {name: widgets.Textarea(value=getattr(ws.dossier.profil, name), description=label,
                                             layout={**WIDE, "height": "9em"})
                      for name, label in (("motivation", "Motivation"), ("projet", "Projet"))}
        self.texts["conclusion"] = widgets.Textarea(value=ws.dossier.conclusion, description="Conclusion",
                                                    layout={**WIDE, "height": "9em"})
        text_rows = []
        for name, area in self.texts.items():
            area.add_class(f"vae-{name}")
            text_rows.append(bind_value(area, lambda v, n=name: self.model.set_text(n, str(v)), field_error(),
                                        feedback))
        super().__init__([
            widgets.HTML("<h2>Mon parcours</h2><p>Toutes vos expériences comptent : salariées, indépendantes, "
                         "bénévoles, d’aidant, de mandat électif, stages. Ajoutez-les dans l’ordre qui vous "
                         "convient ; l’enregistrement est automatique.</p><h3>Expériences</h3>"),
            self.lists["experiences"], add_experience, self.notes["experiences"], self.editors["experiences"],
            self.feasibility, widgets.HTML("<h3>Durées</h3>"), self.durations,
            widgets.HTML("<h3>Formations</h3>"), self.lists["formations"], add_formation,
            self.notes["formations"], self.editors["formations"],
            widgets.HTML("<h3>Ma motivation et mon projet</h3>"), *text_rows[:2],
            widgets.HTML("<h3>Ma conclusion</h3><p>À écrire en dernier, quand les blocs sont rédigés : ce que ce "
                         "travail vous a appris, ce que vous retenez de votre parcours, ce vers quoi vous allez.</p>"),
            *text_rows[2:],
        ])
        self.refresh()
        for kind, ident in list(ws.view_state.get(OPEN, {}).items()):  # the cards open before a redraw
            ids = [item.id for item in self.model.items(kind)]
            if ident in ids:
                self.edit(kind, ids.index(ident))

    def edit(self, kind: str, index: int) -> None:
        """Open the editor of one item below its list."""
        editor = ExperienceEditor if kind == "experiences" else FormationEditor
        self.model.ws.view_state.setdefault(OPEN, {})[kind] = self.model.items(kind)[index].id
        self.lists[kind].selected = index
        self.lists[kind].rebuild()
        self.notes[kind].value = ""
        self.editors[kind].children = [editor(self.model, index, self.feedback, self.refresh)]

    def move(self, kind: str, index: int, delta: int) -> None:
        target = self.model.move(kind, index, delta)
        if self.lists[kind].selected in (index, target):
            self.lists[kind].selected = target if self.lists[kind].selected == index else index
            self.edit(kind, self.lists[kind].selected)
        else:
            self.lists[kind].rebuild()
        self.refresh()

    def delete(self, kind: str, index: int) -> None:
        note = self.model.delete(kind, index)
        self.model.ws.view_state.get(OPEN, {}).pop(kind, None)
        self.lists[kind].selected = None
        self.editors[kind].children = []
        self.lists[kind].rebuild()
        self.notes[kind].value = message_html(note or "", "vae-warning")
        self.refresh()

    def refresh(self) -> None:
        """Labels, durations and the feasibility warning after any change."""
        for item_list in self.lists.values():
            item_list.relabel()
        report: DurationReport = self.model.durations()
        self.durations.value = DURATIONS_HTML.render(report=report, months=format_months, band=band)
        warning = self.model.feasibility_warning() if self.model.ws.dossier.experiences else None
        self.feasibility.value = message_html(warning or "", "vae-warning")


def parcours_screen(dossier: str | Path | None = None, *, delay: float = 1.0,
                    environ: Mapping[str, str] | None = None) -> widgets.Widget:
    """The parcours page on ``dossier`` (resolved as in :mod:`vae_toolkit.ui.context`), or the chooser."""
    return journey_screen(dossier, ParcoursView, delay=delay, environ=environ)
