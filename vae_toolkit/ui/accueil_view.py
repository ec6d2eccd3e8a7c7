"""The welcome page (00_accueil): the dossier, the profile, diplomas held, dispenses and blocs aimed at."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from pathlib import Path

import ipywidgets as widgets

from vae_toolkit.journey.accueil import ProfileModel
from vae_toolkit.journey.inputs import parse_year
from vae_toolkit.journey.workspace import Workspace
from vae_toolkit.models.wording import TYPOLOGIE_LABELS

ACCORD_CHOICES = {"Épicènes (« Emploi salarié »)": "", "Au féminin (« Salariée »)": "feminin",
                  "Au masculin (« Salarié »)": "masculin"}
"""How the exports' labels agree with the candidate (``profil.accord``)."""
from vae_toolkit.storage.dossier import DOSSIER_FILE, EXPORTS_DIR, PIECES_DIR
from vae_toolkit.ui.common import ENV, Feedback, bind_value, field_error, message_html, show_field_error
from vae_toolkit.ui.page import journey_screen

TEXT_FIELDS = {"nom": "Nom", "prenom": "Prénom", "email": "Courriel", "telephone": "Téléphone", "ville": "Ville"}
DOUBLE_CLICK_WINDOW = 0.8
"""Seconds after adding a diploma during which a click on empty fields is the double click's second half."""
CHECKED_FIELDS = ("email", "telephone")
"""Checked when the candidate leaves the field (Entrée, Tab), not at each key: « lea@ » is not yet an error."""

WHERE_HTML = ENV.from_string("""<p class="vae-notice">Votre dossier est le répertoire <code>{{ folder }}</code> :
<code>{{ file }}</code> contient tout ce que vous saisissez (enregistré automatiquement, les versions précédentes sont
gardées dans <code>historique/</code>), <code>{{ pieces }}/</code> les pièces justificatives copiées,
<code>{{ exports }}/</code> les documents produits. <b>Rien ne quitte cet ordinateur</b> : aucune donnée n’est envoyée
nulle part.</p>""")

BLOCS_HTML = ENV.from_string("""<table><tr><th>Bloc</th><th>Pour vous</th></tr>{% for b in blocs %}
<tr><td>{{ b.id }} – {{ b.intitule }}</td><td>{% if b.statut == 'dispense' %}<b>dispensé</b> grâce à votre
{{ b.dispense_par }} : rien à rédiger, pas d’épreuve{% elif b.statut == 'vise' %}visé{% else %}non visé
{% endif %}</td></tr>{% endfor %}</table>""")

DIPLOMAS_HTML = ENV.from_string("""{% for d in diplomes %}<span>{{ d.intitule }}{% if d.code and d.code not in d.intitule %} ({{ d.code }}){% endif
%}{% if d.annee %}, {{ d.annee }}{% endif %}</span>{% endfor %}""")


class AccueilView(widgets.VBox):
    """Profile, diplomas and objective of the dossier; every change is autosaved."""

    def __init__(self, ws: Workspace, feedback: Feedback) -> None:
        self.model = ProfileModel(ws)
        self.feedback = feedback
        profil = self.model.profil
        self.fields: dict[str, widgets.Text] = {}
        self.errors: dict[str, widgets.HTML] = {}
        rows = []
        for name, label in TEXT_FIELDS.items():
            text = widgets.Text(value=getattr(profil, name) or "", description=label,
                                continuous_update=name not in CHECKED_FIELDS)
            text.add_class(f"vae-profil-{name}")
            self.fields[name] = text
            self.errors[name] = field_error()
            rows.append(bind_value(text, lambda v, n=name: self.model.set(n, v), self.errors[name], feedback))
        self.typologie = widgets.Dropdown(options=[("—", None)] + [(v, k.value) for k, v in TYPOLOGIE_LABELS.items()],
                                          value=profil.typologie.value if profil.typologie else None,
                                          description="Situation")
        typologie_row = bind_value(self.typologie, lambda v: self.model.set("typologie", v), field_error(), feedback)
        self.accord = widgets.Dropdown(options=list(ACCORD_CHOICES.items()), description="Libellés",
                                       value=profil.accord.value if profil.accord else "",
                                       tooltip="Accord des libellés du dossier de validation (« Salariée », « Salarié »)")
        self.accord.add_class("vae-profil-accord")
        accord_row = bind_value(self.accord, lambda v: self.model.set("accord", v), field_error(), feedback)

        self.diplomas = widgets.VBox()
        known = self.model.dispense_codes()
        self.new_diploma = widgets.Text(description="Intitulé", placeholder="ex. Master 2 de sociologie")
        self.new_code = widgets.Text(description="Sigle", placeholder=f"ex. {known[0]}" if known else "ex. DEES",
                                     layout={"width": "220px"})
        self.new_year = widgets.Text(description="Année", placeholder="ex. 2011", layout={"width": "180px"})
        self.add_diploma = widgets.Button(description="Ajouter le diplôme", icon="plus", layout={"width": "auto"})
        self.add_diploma.add_class("vae-add-diplome")
        self.diploma_error = field_error()
        self.add_diploma.on_click(feedback.guard(self._add_diploma))
        self._added_at = -DOUBLE_CLICK_WINDOW
        codes = ", ".join(known)
        dispense_hint = message_html(f"Diplômes ouvrant droit à une dispense de bloc : {codes}. Indiquez leur sigle."
                                     if codes else "")

        blocs = self.model.blocs()
        self.whole = widgets.RadioButtons(options=[("Le diplôme complet", True), ("Certains blocs seulement", False)],
                                          value=profil.objectif == "diplome_complet", description="Je vise")
        self.bloc_boxes = {b.id: widgets.Checkbox(value=b.id in profil.blocs_vises, indent=False,
                                                  description=f"{b.id} – {b.intitule}", layout={"width": "95%"})
                           for b in blocs}
        self.objective_error = field_error()
        self.blocs_table = widgets.HTML()
        self.whole.observe(feedback.guard(self._objective), names="value")
        for box in self.bloc_boxes.values():
            box.observe(feedback.guard(self._objective), names="value")

        name = f"{profil.prenom} {profil.nom}".strip()
        title = ENV.from_string("<h2>Mon dossier de VAE{% if n %} – {{ n }}{% endif %}</h2><p>{{ r }}</p>").render(
            n=name, r=f"{ws.ref.code} – {ws.ref.intitule}")
        super().__init__([
            widgets.HTML(title), widgets.HTML(WHERE_HTML.render(folder=str(ws.folder), file=DOSSIER_FILE,
                                                                pieces=PIECES_DIR, exports=EXPORTS_DIR)),
            widgets.HTML("<h3>Mon profil</h3>"), *rows, typologie_row, accord_row,
            widgets.HTML("<h3>Mes diplômes</h3>"), self.diplomas, widgets.HTML(dispense_hint),
            widgets.HBox([self.new_diploma, self.new_code, self.new_year, self.add_diploma]), self.diploma_error,
            widgets.HTML("<h3>Ce que je vise</h3>"), self.whole, widgets.VBox(list(self.bloc_boxes.values())),
            self.objective_error, self.blocs_table,
        ])
        self.refresh()

    def _add_diploma(self, _b: object = None) -> None:
        typed = (self.new_diploma.value, self.new_code.value, self.new_year.value)
        if not any(t.strip() for t in typed) and time.monotonic() - self._added_at < DOUBLE_CLICK_WINDOW:
            return  # the second click of a double click, after the fields were emptied by the first
        year, error = parse_year(self.new_year.value, today=dt.date.today())
        if error:
            show_field_error(self.diploma_error, error)
            return
        error = self.model.add_diploma(self.new_diploma.value, self.new_code.value, year)
        show_field_error(self.diploma_error, error)
        if error is None:
            self._added_at = time.monotonic()
            self.new_diploma.value = self.new_code.value = self.new_year.value = ""
            self.refresh()

    def _remove_diploma(self, index: int) -> None:
        self.model.remove_diploma(index)
        self.refresh()

    def _objective(self, _change: object = None) -> None:
        for box in self.bloc_boxes.values():
            box.disabled = self.whole.value
        chosen = [b for b, box in self.bloc_boxes.items() if box.value]
        show_field_error(self.objective_error, self.model.set_objective(self.whole.value, chosen))
        self.refresh()

    def refresh(self) -> None:
        """Redraw the diplomas held and the status of each bloc (dispenses follow the diplomas)."""
        rows = []
        for i, d in enumerate(self.model.profil.diplomes):
            remove = widgets.Button(description="Retirer", icon="trash", layout={"width": "auto"})
            remove.on_click(self.feedback.guard(lambda _b, i=i: self._remove_diploma(i)))
            rows.append(widgets.HBox([widgets.HTML(DIPLOMAS_HTML.render(diplomes=[d])), remove]))
        self.diplomas.children = rows or [widgets.HTML(message_html("Aucun diplôme indiqué pour l’instant."))]
        for box in self.bloc_boxes.values():
            box.disabled = self.whole.value
        self.blocs_table.value = BLOCS_HTML.render(blocs=self.model.blocs())


def accueil_screen(dossier: str | Path | None = None, *, delay: float = 1.0,
                   environ: Mapping[str, str] | None = None) -> widgets.Widget:
    """The welcome page on ``dossier`` (resolved as in :mod:`vae_toolkit.ui.context`), or the chooser."""
    return journey_screen(dossier, AccueilView, delay=delay, environ=environ)
