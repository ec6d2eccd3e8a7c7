"""The « Anonymisation » section of the 06 screen: uncovered suspects and the replacement table editor.

:class:`~vae_toolkit.journey.anonymisation.AnonymisationModel` (no widgets) holds the table and saves each change
at once; :class:`AnonymisationEditor` draws it; everything shown is autoescaped.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from vae_toolkit.journey.anonymisation import AnonymisationModel
from vae_toolkit.journey.html import ENV
from vae_toolkit.ui.common import Feedback

SUSPECTS_HTML = ENV.from_string("""{% if suspects %}<p><b>{{ suspects|length }} donnée(s) personnelle(s)
possible(s)</b> ne sont pas encore couvertes par la table. Ajoutez pour chacune un remplacement
(par exemple «\u00a0Mme Durand\u00a0» → «\u00a0Mme D.\u00a0»)\u00a0:</p>
<table class="vae-suspects"><tr><th>Texte trouvé</th><th>Où</th></tr>
{% for s in suspects %}<tr><td>{{ s.texte }}</td><td>{{ s.ou }}</td></tr>{% endfor %}</table>
{% else %}<p>Aucune donnée personnelle repérée hors de la table d’anonymisation.</p>{% endif %}""")

ROW_HTML = ENV.from_string("<span>«\u00a0{{ r.original }}\u00a0» → «\u00a0{{ r.remplacement }}\u00a0»</span>")

INTRO_HTML = ("<h3>Anonymisation</h3><p>Les tiers, usagers et familles que vous citez ne doivent pas être "
              "reconnaissables dans ce que vous transmettez. Chaque ligne de la table remplace un texte par un autre "
              "dans le livret, l’analyse des écarts et le rapport de revue\u00a0; votre dossier, lui, n’est pas "
              "modifié. "
              "Les adresses électroniques et numéros de téléphone sont signalés mais remplacés seulement s’ils "
              "figurent dans la table.</p>")


class AnonymisationEditor(widgets.VBox):
    """Uncovered suspects, the table (original → remplacement) with add and remove; ``on_saved`` after a save."""

    def __init__(self, model: AnonymisationModel, on_saved: Callable[[], None]) -> None:
        self.model = model
        self.on_saved = on_saved
        self.feedback = Feedback()
        self.suspects = widgets.HTML()
        self.rows = widgets.VBox()
        self.original = widgets.Text(description="Texte", placeholder="Mme Durand")
        self.remplacement = widgets.Text(description="Remplacé par", placeholder="Mme D.",
                                         style={"description_width": "initial"})
        self.add_button = widgets.Button(description="Ajouter", icon="plus", button_style="primary")
        self.add_button.on_click(self.feedback.guard(self._on_add))
        super().__init__([widgets.HTML(INTRO_HTML), self.suspects, widgets.HTML("<b>Table d’anonymisation</b>"),
                          self.rows, widgets.HBox([self.original, self.remplacement, self.add_button]),
                          self.feedback])
        self.add_class("vae-anonymisation")
        self.refresh()

    def refresh(self) -> None:
        """Redraw the suspects and the table from the model."""
        self.suspects.value = SUSPECTS_HTML.render(suspects=self.model.uncovered())
        rows = []
        for i, r in enumerate(self.model.table):
            button = widgets.Button(description="Retirer", icon="trash", layout={"width": "auto"})
            button.on_click(self.feedback.guard(lambda _b, i=i: self._remove(i)))
            rows.append(widgets.HBox([widgets.HTML(ROW_HTML.render(r=r)), button]))
        self.rows.children = rows or [widgets.HTML("<i>La table est vide.</i>")]

    def _on_add(self, _button: object = None) -> None:
        self.model.add(self.original.value, self.remplacement.value)
        self.original.value = self.remplacement.value = ""
        self._saved()

    def _remove(self, index: int) -> None:
        self.model.remove(index)
        self._saved()

    def _saved(self) -> None:
        self.refresh()
        self.on_saved()
        self.feedback.info("Table d’anonymisation enregistrée.")
