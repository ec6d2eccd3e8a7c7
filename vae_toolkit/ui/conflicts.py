"""Fields changed both here and elsewhere, shown side by side with a choice for each.

Generic over the saved document: a conflict's path is named from its keys and, through lists of items,
from the item's title, so the same panel serves any document format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from vae_toolkit.journey.html import ENV
from vae_toolkit.storage.merge import MISSING, Conflict, ItemId, get_at

TITLE_KEYS = ("titre", "intitule_poste", "intitule", "nom", "original")

ROW_HTML = ENV.from_string("""<p class="vae-conflict-field"><b>{{ label }}</b></p>
<div class="vae-conflict-versions" style="display:flex; gap:12px; flex-wrap:wrap">
<div class="vae-conflict-ours" style="flex:1 1 18em; border:1px solid #bbb; padding:4px 8px">
<p><i>Votre version (ici)</i></p><p class="vae-text" style="white-space:pre-wrap">{{ ours }}</p></div>
<div class="vae-conflict-theirs" style="flex:1 1 18em; border:1px solid #bbb; padding:4px 8px">
<p><i>L’autre version (enregistrée ailleurs, actuellement dans le dossier)</i></p>
<p class="vae-text" style="white-space:pre-wrap">{{ theirs }}</p></div></div>""")


def _title(item: Any) -> str | None:
    if isinstance(item, dict):
        for key in TITLE_KEYS:
            if isinstance(item.get(key), str) and item[key].strip():
                return item[key].strip()
    return None


def conflict_label(conflict: Conflict, tree: dict[str, Any]) -> str:
    """« Situations › Ma situation › analyse »: the keys of the path, items named by their title."""
    parts = []
    for n, step in enumerate(conflict.path):
        if isinstance(step, ItemId):
            here = get_at(tree, conflict.path[: n + 1])
            whole = conflict.theirs if n + 1 == len(conflict.path) else MISSING
            parts.append(_title(here) or _title(whole) or _title(conflict.ours) or str(step.value))
        else:
            parts.append(str(step).replace("_", " "))
    label = " › ".join(parts)
    return label[:1].upper() + label[1:] if label else "Le document entier"


def describe(value: Any) -> str:
    """A value as the user reads it: text as is, an item by its title, nothing as « (vide) »."""
    if value is MISSING:
        return "(supprimé de ce côté)"
    if value is None or value == "" or value == [] or value == {}:
        return "(vide)"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y") if not isinstance(value, dt.datetime) else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dict):
        return "\n".join(v for k, v in value.items() if isinstance(v, str) and v.strip() and k != "id") or "(vide)"
    if isinstance(value, list):
        return "\n".join(describe(v) for v in value)
    return str(value)


class ConflictChoices(widgets.VBox):
    """One row per conflict: both versions next to each other, « Garder ma version » / « Garder l’autre »."""

    def __init__(self, choose: Callable[[Conflict, str], None], guard: Callable[[Callable], Callable]) -> None:
        super().__init__()
        self.choose, self.guard = choose, guard
        self.add_class("vae-conflict-choices")

    def show(self, conflicts: list[Conflict], tree: dict[str, Any]) -> None:
        rows = []
        for conflict in conflicts:
            text = widgets.HTML(ROW_HTML.render(label=conflict_label(conflict, tree), ours=describe(conflict.ours),
                                                theirs=describe(conflict.theirs)))
            ours = widgets.Button(description="Garder ma version", icon="check", layout={"width": "auto"})
            theirs = widgets.Button(description="Garder l’autre version", icon="check", layout={"width": "auto"})
            ours.add_class("vae-keep-ours")
            theirs.add_class("vae-keep-theirs")
            ours.on_click(self.guard(lambda _b, c=conflict: self.choose(c, "ours")))
            theirs.on_click(self.guard(lambda _b, c=conflict: self.choose(c, "theirs")))
            row = widgets.VBox([text, widgets.HBox([ours, theirs])])
            row.add_class("vae-field-conflict")
            rows.append(row)
        self.children = rows
