"""The « Anonymisation » section of the 06 screen: uncovered suspects and the replacement table editor.

:class:`AnonymisationModel` (no widgets) holds the dossier through a
:class:`~vae_toolkit.storage.dossier.DossierSession` and saves each change at once, merged with what was
saved elsewhere since it was read (the table itself, if changed on both sides, takes this explicit action);
a file that cannot be merged makes the save fail with :class:`~vae_toolkit.errors.ConflictError` and the
change is dropped from memory. :class:`AnonymisationEditor` draws it; everything shown is autoescaped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from vae_toolkit.analysis.anonymisation import Suspect, uncovered
from vae_toolkit.errors import VaeError
from vae_toolkit.models.dossier import Remplacement
from vae_toolkit.storage.dossier import DossierSession
from vae_toolkit.ui.common import ENV, Feedback

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


class AnonymisationModel:
    """The anonymisation table of one dossier, saved through a :class:`DossierSession` at each change."""

    def __init__(self, folder: str | Path) -> None:
        self.session = DossierSession(folder)

    @property
    def table(self) -> list[Remplacement]:
        return list(self.session.dossier.anonymisation)

    def uncovered(self) -> list[Suspect]:
        """The suspects the table does not cover yet."""
        return uncovered(self.session.dossier)

    def reload(self) -> None:
        """Read the dossier again from disk."""
        self.session.reload()

    def add(self, original: str, remplacement: str) -> None:
        """Add (or update) the line for ``original`` and save; raises a French :class:`VaeError` when refused."""
        if not original.strip():
            raise VaeError("Indiquez le texte à remplacer (par exemple «\u00a0Mme Durand\u00a0»).")
        entry = Remplacement(original=original, remplacement=remplacement)
        table = [r for r in self.table if r.original != original]
        self._save([*table, entry])

    def remove(self, index: int) -> None:
        """Remove one line of the table and save."""
        table = self.table
        del table[index]
        self._save(table)

    def _save(self, table: list[Remplacement]) -> None:
        before = self.session.dossier.anonymisation
        self.session.dossier.anonymisation = table
        try:
            self.session.save()
            for conflict in list(self.session.conflicts):  # each action is saved at once: it is the latest choice
                self.session.resolve(conflict, "ours")
        except Exception:
            self.session.dossier.anonymisation = before
            raise


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
