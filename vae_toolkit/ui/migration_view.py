"""The counsellor's screen to carry a dossier to another référentiel (the successor fiche), bound to
:class:`~vae_toolkit.journey.migration_plan.MigrationPlan`: what matched, what to map by hand, then the move."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from vae_toolkit.journey.migration_plan import KINDS, MigrationPlan, PlanRow
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.ui.common import ENV, STYLE, Feedback, folder_screen, message_html
from vae_toolkit.ui.context import resolve_dossier

NOT_CARRIED = "— ne pas reporter —"
ELEMENTS = {"situation": "situation", "piece": "pièce", "auto_evaluation": "note", "blocs_vises": "blocs visés",
            "experience": "expérience", "revue": "revue du conseiller"}

_HEAD = ENV.from_string("""<h2>Changer de référentiel – {{ p.candidate }}</h2>
<p>Certification actuelle\u00a0: {{ p.old.code }} – {{ p.old.intitule }}</p>""")

_SUMMARY = ENV.from_string("""{% if lost %}<p><strong>{{ lost | length }} lien(s) ne seraient pas reportés</strong>
(ils resteraient listés dans le dossier et par vae check)\u00a0:</p><ul>{% for l in lost %}<li>{{ labels[l.element] }}
{% if l.id %}{{ l.id }}{% endif %}\u00a0: {{ l.ancien }}{% if l.texte %} – {{ l.texte }}{% endif %}</li>{% endfor %}</ul>
{% else %}<p>Tous les liens du dossier seront reportés.</p>{% endif %}""")

_ROW = ENV.from_string("""<b>{{ r.ancien }}</b> {{ r.texte }} <span style="color:#555">({{ r.comment }}{% if not r.cite %},
non cité par le dossier{% endif %})</span>""")


class MigrationView(widgets.VBox):
    """Choose the target, map by hand what did not match, carry the dossier over."""

    def __init__(self, source: str | Path | MigrationPlan) -> None:
        self.plan = source if isinstance(source, MigrationPlan) else MigrationPlan(source)
        self.feedback = Feedback()
        self.head = widgets.HTML()
        self.warning = widgets.HTML()
        self.target = widgets.Dropdown(description="Vers", layout={"width": "80%"})
        self.summary = widgets.HTML()
        self.rows = widgets.VBox()
        self.apply = widgets.Button(description="Reporter le dossier", icon="share", button_style="warning",
                                    layout={"width": "auto"})
        self.report = widgets.HTML()
        self.choices: dict[str, widgets.Dropdown] = {}
        guard = self.feedback.guard
        self.target.observe(guard(lambda ch: self._choose(ch["new"])), "value")
        self.apply.on_click(guard(lambda _b: self._apply()))
        super().__init__([widgets.HTML(STYLE), self.head, self.warning, self.target, self.summary, self.rows,
                          self.apply, self.report, self.feedback])
        self.add_class("vae-journey")
        self._refresh_target()

    def _refresh_target(self) -> None:
        self.head.value = _HEAD.render(p=self.plan)
        self.warning.value = message_html(self.plan.warning or "", "vae-warning")
        options = [("— choisir le référentiel d’arrivée —", "")]
        for code in self.plan.targets:
            options.append((f"{code} – {load_referentiel(code).intitule}", code))
        self.target.options = options
        self.target.value = ""
        self._show()

    def _choose(self, code: str) -> None:
        self.plan.choose(code or None)
        self._show()

    def _show(self) -> None:
        self.apply.disabled = self.plan.vers is None
        if self.plan.vers is None:
            self.summary.value = message_html("Choisissez le référentiel vers lequel reporter le dossier\u00a0: rien "
                                              "n’est modifié avant «\u00a0Reporter le dossier\u00a0».")
            self.rows.children = []
            return
        self.summary.value = _SUMMARY.render(lost=self.plan.lost(), labels=ELEMENTS)
        boxes: list[widgets.Widget] = []
        self.choices = {}
        rows = self.plan.rows()
        for kind, title in KINDS.items():
            mine = [r for r in rows if r.kind == kind]
            if mine:
                boxes.append(widgets.HTML(f"<h3>{ENV.from_string('{{ t }}').render(t=title)}</h3>"))
                boxes += [self._row(r) for r in mine]
        self.rows.children = boxes

    def _row(self, row: PlanRow) -> widgets.Widget:
        choice = widgets.Dropdown(options=[(NOT_CARRIED, "")] + self.plan.options(row.kind), value=row.nouveau or "",
                                  layout={"width": "45%"})
        choice.observe(self.feedback.guard(lambda ch, a=row.ancien: self._set(a, ch["new"])), "value")
        self.choices[row.ancien] = choice
        return widgets.HBox([widgets.HTML(_ROW.render(r=row), layout={"width": "55%"}), choice])

    def _set(self, ancien: str, nouveau: str) -> None:
        self.plan.set(ancien, nouveau or None)
        self.summary.value = _SUMMARY.render(lost=self.plan.lost(), labels=ELEMENTS)

    def _apply(self) -> None:
        report = self.plan.apply()
        self.report.value = ENV.from_string("<pre>{{ r }}</pre>").render(r=report)
        self._refresh_target()


def migration_screen(dossier: str | Path | None) -> widgets.Widget:
    """The move of ``dossier`` to another référentiel; when it is None or unreadable, a field to choose the folder."""
    return folder_screen(resolve_dossier(dossier), lambda folder: [MigrationView(folder)])
