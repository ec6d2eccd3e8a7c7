"""The counsellor's screen to review an imported référentiel: correct the split, add indicateurs and questions,
mark dispenses, save as validated. Bound to :class:`~vae_toolkit.journey.referentiel_review.ReferentielReview`.

``ReferentielView(path)`` (or ``referentiel_screen(path)``, which lets the user pick a file first) is all another
screen needs to mount it.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from vae_toolkit.journey.referentiel_review import ReferentielReview
from vae_toolkit.referentiels.userdir import user_referentiels_dir
from vae_toolkit.ui.common import ENV, STYLE, Feedback, folder_screen, message_html

_HEAD = ENV.from_string("""<h2>{{ r.code }} – {{ r.data.intitule }}</h2>
<p>Niveau {{ r.data.niveau }}{% if r.data.get('echeance') %} · fin d’enregistrement le {{ r.data.echeance.strftime('%d/%m/%Y') }}{% endif %}
{% if r.data.get('nouvelles_certifications') %} · remplacée par {{ r.data.nouvelles_certifications | join(', ') }}{% endif %}</p>
<p>{% if r.a_relire %}<strong>À relire</strong> : le découpage a été proposé automatiquement, vérifiez-le bloc par bloc.
{% else %}<strong>Validé</strong>.{% endif %}{% if r.changed %} Modifications non enregistrées.{% endif %}</p>
{% if r.data.get('source') %}<p style="color:#555">Source : {{ r.data.source }}</p>{% endif %}""")

_COMP = ENV.from_string("""<p><b>{{ c.id }}</b> {{ c.intitule }}</p>
{% if c.get('indicateurs') %}<p>Indicateurs :</p><ul>{% for i in c.indicateurs %}<li><b>{{ i.id }}</b> {{ i.texte }}</li>{% endfor %}</ul>
{% else %}<p><i>Sans indicateurs : le candidat évalue la compétence en entier.</i></p>{% endif %}
{% if c.get('questions') %}<p>Questions pour le candidat :</p><ul>{% for q in c.questions %}<li>{{ q }}</li>{% endfor %}</ul>{% endif %}
{% if b.get('modalites_evaluation') %}<p style="color:#555">Modalités d’évaluation du bloc : {{ b.modalites_evaluation }}</p>{% endif %}""")

_DISPENSES = ENV.from_string("""{% if dispenses %}<ul>{% for d in dispenses %}<li>{{ d.diplome }} ({{ d.intitule }}) :
dispense de {{ d.blocs | join(', ') }}</li>{% endfor %}</ul>{% else %}<p>Aucune dispense.</p>{% endif %}""")


LABEL = {"description_width": "9em"}
WIDE = {"width": "72%"}


def _button(description: str, icon: str = "") -> widgets.Button:
    return widgets.Button(description=description, icon=icon, layout={"width": "auto", "min_width": "fit-content"})


class ReferentielView(widgets.VBox):
    """Review of one référentiel file; every action validates the whole référentiel before it is kept."""

    def __init__(self, source: str | Path | ReferentielReview) -> None:
        self.model = source if isinstance(source, ReferentielReview) else ReferentielReview(source)
        self.feedback = Feedback()
        self.head = widgets.HTML()
        self.bloc = widgets.Dropdown(description="Bloc", layout=WIDE, style=LABEL)
        self.competence = widgets.Select(description="Compétence", rows=6, layout=WIDE, style=LABEL)
        self.details = widgets.HTML()
        self.text = widgets.Textarea(description="Intitulé", layout={**WIDE, "height": "4em"}, style=LABEL)
        self.reword = _button("Reformuler", "pencil")
        self.parts = widgets.Textarea(description="Découper", placeholder="une compétence par ligne",
                                      layout={**WIDE, "height": "6em"}, style=LABEL)
        self.split = _button("Découper", "scissors")
        self.others = widgets.SelectMultiple(description="Fusionner avec", rows=4, layout=WIDE, style=LABEL)
        self.merge = _button("Fusionner", "compress")
        self.indicator = widgets.Text(description="Indicateur", placeholder="Savoir…", layout=WIDE, style=LABEL)
        self.add_indicator = _button("Ajouter l’indicateur", "plus")
        self.indicators = widgets.Dropdown(description="Indicateur", layout=WIDE, style=LABEL)
        self.remove_indicator = _button("Retirer l’indicateur", "trash")
        self.question = widgets.Text(description="Question", placeholder="Racontez…", layout=WIDE, style=LABEL)
        self.add_question = _button("Ajouter la question", "plus")
        self.dispense_code = widgets.Text(description="Diplôme", placeholder="sigle, ex. CAFERUIS", style=LABEL)
        self.dispense_title = widgets.Text(description="Intitulé", layout={"width": "60%"})
        self.dispense_blocs = widgets.SelectMultiple(description="Blocs", rows=4, layout={"width": "50%"}, style=LABEL)
        self.add_dispense = _button("Enregistrer la dispense", "check")
        self.dispenses = widgets.HTML()
        self.save = _button("Enregistrer (à relire)", "save")
        self.validate = _button("Enregistrer comme validé", "check-circle")
        self.validate.button_style = "success"

        guard = self.feedback.guard
        self.bloc.observe(guard(lambda _c: self._fill_competences()), "value")
        self.competence.observe(guard(lambda _c: self._show_competence()), "value")
        self.reword.on_click(guard(lambda _b: self._act(lambda: self.model.reword(self._comp(), self.text.value))))
        self.split.on_click(guard(lambda _b: self._act(
            lambda: self.model.split(self._comp(), self.parts.value.splitlines()), clear=self.parts)))
        self.merge.on_click(guard(lambda _b: self._act(
            lambda: self.model.merge([self._comp(), *self.others.value]))))
        self.add_indicator.on_click(guard(lambda _b: self._act(
            lambda: self.model.add_indicator(self._comp(), self.indicator.value), clear=self.indicator)))
        self.remove_indicator.on_click(guard(lambda _b: self._act(
            lambda: self.model.remove_indicator(self.indicators.value or ""))))
        self.add_question.on_click(guard(lambda _b: self._act(
            lambda: self.model.add_question(self._comp(), self.question.value), clear=self.question)))
        self.add_dispense.on_click(guard(lambda _b: self._act(lambda: self.model.set_dispense(
            self.dispense_code.value, self.dispense_title.value, list(self.dispense_blocs.value)))))
        self.save.on_click(guard(lambda _b: self._saved(self.model.save())))
        self.validate.on_click(guard(lambda _b: self._saved(self.model.save(validated=True))))

        editor = widgets.VBox([
            self.details,
            widgets.HBox([self.text, self.reword]),
            widgets.HBox([self.parts, self.split]),
            widgets.HBox([self.others, self.merge]),
            widgets.HBox([self.indicator, self.add_indicator]),
            widgets.HBox([self.indicators, self.remove_indicator]),
            widgets.HBox([self.question, self.add_question]),
        ])
        dispenses = widgets.VBox([self.dispenses, widgets.HBox([self.dispense_code, self.dispense_title]),
                                  widgets.HBox([self.dispense_blocs, self.add_dispense])])
        super().__init__([widgets.HTML(STYLE), self.head, self.bloc, self.competence, editor,
                          widgets.HTML("<h3>Dispenses</h3>"), dispenses,
                          widgets.HBox([self.save, self.validate]), self.feedback])
        self.add_class("vae-journey")
        self._refresh()

    def _comp(self) -> str:
        if not self.competence.value:
            from vae_toolkit.errors import VaeError

            raise VaeError("Choisissez d’abord une compétence.")
        return self.competence.value

    def _act(self, action, clear: widgets.ValueWidget | None = None) -> None:  # noqa: ANN001 - a callable
        result = action()
        if clear is not None:
            clear.value = ""
        self._refresh(select=result if isinstance(result, str) else None)
        self.feedback.info("Modifié\u00a0: pensez à enregistrer.")

    def _saved(self, path: Path) -> None:
        self._refresh()
        state = "comme validé" if not self.model.a_relire else "(encore à relire)"
        self.feedback.info(f"Référentiel enregistré {state} dans {path}.")

    def _refresh(self, select: str | None = None) -> None:
        self.head.value = _HEAD.render(r=self.model)
        options = [(f"{b['id']} – {b['intitule']}", b["id"]) for b in self.model.blocs]
        comp_ids = {c["id"] for b in self.model.blocs for c in b["competences"]}
        if select not in comp_ids:
            select = self.competence.value if self.competence.value in comp_ids else None
        current = self.bloc.value if self.bloc.value in {v for _l, v in options} else options[0][1]
        if select is not None:
            current = self.model.bloc_of(select)["id"]
        with self.hold_trait_notifications():
            self.bloc.options = options
            self.bloc.value = current
        self.dispense_blocs.options = options
        self._fill_competences(select)
        self.dispenses.value = _DISPENSES.render(dispenses=self.model.data.get("dispenses", []))

    def _fill_competences(self, select: str | None = None) -> None:
        if not self.bloc.value:
            return
        comps = self.model.bloc(self.bloc.value)["competences"]
        options = [(f"{c['id']} – {c['intitule']}", c["id"]) for c in comps]
        keep = select or self.competence.value
        self.competence.options = options
        ids = [v for _l, v in options]
        self.competence.value = keep if keep in ids else ids[0]
        self._show_competence()

    def _show_competence(self) -> None:
        if not self.competence.value:
            return
        comp = self.model.competence(self.competence.value)
        bloc = self.model.bloc(self.bloc.value)
        self.details.value = _COMP.render(c=comp, b=bloc)
        self.text.value = comp["intitule"]
        self.others.options = [(f"{c['id']} – {c['intitule']}", c["id"]) for c in bloc["competences"]
                               if c["id"] != comp["id"]]
        self.indicators.options = [(f"{i['id']} – {i['texte']}", i["id"]) for i in comp.get("indicateurs", [])]
        self.indicators.value = self.indicators.options[0][1] if self.indicators.options else None


def referentiel_screen(referentiel: str | Path | None = None) -> widgets.Widget:
    """The review of a référentiel file; when none is given or it is unreadable, a field to choose it."""
    folder = user_referentiels_dir()
    hint = f"fichier .yaml, par exemple {folder / 'RNCP00000.yaml'}"
    screen = folder_screen(referentiel, lambda path: [ReferentielView(path)], label="Référentiel", placeholder=hint)
    if referentiel is None:
        found = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
        listing = ", ".join(p.name for p in found) or "aucun pour l’instant (voir «\u00a0vae referentiel import\u00a0»)"
        screen.children = (*screen.children, widgets.HTML(message_html(f"Référentiels importés dans {folder}\u00a0: {listing}.")))
    return screen
