"""The dashboard as fixed-width text: as many columns as the width holds (80 by default), long names shortened.

The wide table with every column is the CSV (``--csv``) or the JSON (``--json``).
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from typing import Any

GAP = "  "
ELLIPSIS = "…"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    minimum: int
    """Width below which the column is dropped rather than shortened further."""
    shrinks: bool = False
    right: bool = False


def terminal_width() -> int:
    """The terminal's width (``COLUMNS`` first), 80 when the output is not a terminal."""
    return shutil.get_terminal_size((80, 24)).columns


def _columns(blocs: list[str]) -> list[Column]:
    """Columns by priority: the first ones stay when the terminal is narrow."""
    head = [Column("candidat", "Candidat", 10, shrinks=True), Column("etat", "État", 6),
            Column("statut_revue", "Revue", 8, shrinks=True), Column("ecarts", "Écarts", 6, right=True),
            Column("jours_depuis_revue", "Jours", 5, right=True)]
    progress = [Column(f"avancement.{b}", f"{b} %", len(b) + 2, right=True) for b in blocs]
    tail = [Column("derniere_activite", "Activité", 8), Column("dossier", "Dossier", 10, shrinks=True),
            Column("competences_pretes", "Prêtes", 6, right=True), Column("avis", "Avis", 6, shrinks=True)]
    return head + progress + tail


def _cell(value: Any, key: str) -> str:
    if value is None:
        return "–"
    if key == "derniere_activite":
        return dt.datetime.fromisoformat(value).strftime("%d/%m/%y")
    return str(value)


def fit_table(records: list[dict[str, Any]], blocs: list[str], width: int) -> list[str]:
    """Lines no longer than ``width`` from JSON-ready ``records`` (``as_records``): text columns shortened with « … »
    down to a minimum, then the last columns by priority dropped."""
    rows = [{k: _cell(v, k) for k, v in r.items()} for r in records]
    for r, record in zip(rows, records, strict=True):
        r["etat"] = "ERREUR" if isinstance(record.get("erreur"), str) else ""
    columns = _columns(blocs)
    natural = {c.key: max([len(c.header), *(len(r.get(c.key, "–")) for r in rows)]) for c in columns}
    chosen = list(columns)

    def floor(c: Column) -> int:
        return min(c.minimum, natural[c.key]) if c.shrinks else natural[c.key]

    while len(chosen) > 1 and sum(floor(c) for c in chosen) + len(GAP) * (len(chosen) - 1) > width:
        chosen.pop()
    widths = {c.key: natural[c.key] for c in chosen}
    excess = sum(widths.values()) + len(GAP) * (len(chosen) - 1) - width
    while excess > 0:  # one character at a time from the text column with the most to spare
        spare = max((c for c in chosen if c.shrinks), key=lambda c: widths[c.key] - floor(c), default=None)
        if spare is None or widths[spare.key] <= floor(spare):
            break
        widths[spare.key] -= 1
        excess -= 1
    lines = [_line([c.header for c in chosen], chosen, widths)]
    lines += [_line([r.get(c.key, "–") for c in chosen], chosen, widths) for r in rows]
    return lines


def _line(cells: list[str], columns: list[Column], widths: dict[str, int]) -> str:
    out = []
    for text, c in zip(cells, columns, strict=True):
        w = widths[c.key]
        if len(text) > w:
            text = text[: max(w - 1, 0)] + ELLIPSIS
        out.append(text.rjust(w) if c.right else text.ljust(w))
    return GAP.join(out).rstrip()
