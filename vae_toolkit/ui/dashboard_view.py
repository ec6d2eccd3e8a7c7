"""The counsellor's dashboard screen: every dossier under a folder, sortable, filterable, exportable, and a way in.

State lives in :class:`~vae_toolkit.journey.dashboard.DashboardState` (no widgets); :class:`DashboardView` only
binds controls to it.
Opening a candidate's review is one click: with an ``on_open(folder)`` hook (the counsellor's app shell mounts the
review screen there) every row is a line of a list that calls it; without one, each row of the table links to the
review page beside this one (``revue.ipynb?dossier=…``) when the screen runs as a Voilà page.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import ipywidgets as widgets
import pandas as pd

from vae_toolkit.dashboard.table import (
    REVIEW_CHANGED,
    REVIEW_CURRENT,
    REVIEW_NEVER,
    PROGRESS_PREFIX,
    as_records,
    column_label,
    dashboard_csv,
)
from vae_toolkit.analysis.dashboard_text import fit_table
from vae_toolkit.journey.dashboard import DashboardState
from vae_toolkit.journey.html import ENV
from vae_toolkit.ui.common import Feedback, folder_screen, guard
from vae_toolkit.ui.context import in_app_mode, resolve_dossiers

_STYLE = """<style>
.vae-dash table { border-collapse: collapse; font-size: 0.9em; }
.vae-dash th, .vae-dash td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
.vae-dash td { white-space: pre-line; }
.vae-dash tr.vae-erreur td { background: #fdecea; }
.vae-dash .vae-rows select { font-family: monospace; font-size: 0.9em; }
</style>"""
ROWS_WIDTH = 130
"""Characters per line of the list of rows (``on_open`` mode)."""
OPEN_LINK = ENV.from_string('<a href="{{ url }}" target="_self" title="Ouvrir la revue de ce dossier">Ouvrir</a>')
CSV_LINK = ENV.from_string('<a download="{{ name }}" href="data:text/csv;charset=utf-8;base64,{{ data }}">'
                           'Exporter en CSV</a> ({{ count }} ligne(s) affichée(s), toutes les colonnes)')

ALL = "Toutes"


def review_page_url(folder: Path) -> str:
    """The review page beside the dashboard's notebook, on ``folder`` (Voilà: ``conseiller/revue.ipynb``)."""
    return f"revue.ipynb?dossier={quote(str(folder), safe='')}"


def table_html(frame: pd.DataFrame, root: Path | None = None,
               review_url: Callable[[Path], str] | None = None) -> str:
    """The rows as an escaped HTML table with French headers; rows in error are tinted.

    With ``review_url``, a first column links each row to its review (``root / dossier``).
    """
    if frame.empty:
        return "<p>Aucun dossier ne correspond.</p>"
    shown = frame.copy()
    for col in ("derniere_modification", "derniere_activite", "derniere_revue"):
        shown[col] = shown[col].dt.strftime("%d/%m/%Y %H:%M")
    shown = shown.drop(columns=["certification", "derniere_revue"]).rename(columns=column_label)
    links = None
    if review_url is not None and root is not None:
        links = [OPEN_LINK.render(url=review_url(root / d)) for d in frame["dossier"]]
        shown.insert(0, "Revue ", links)
    errors = frame["erreur"].notna().to_numpy()
    styler = shown.style.hide(axis="index").format(na_rep="–", escape="html")
    if links is not None:
        styler = styler.format(lambda html: html, subset=["Revue "])  # built by the escaping template above
    styler = styler.set_td_classes(pd.DataFrame(
        [["vae-erreur" if errors[i] else ""] * shown.shape[1] for i in range(len(shown))],
        index=shown.index, columns=shown.columns))
    return styler.to_html()


class DashboardView(widgets.VBox):
    """Controls (filter, review status, errors only, sort) above the rows; the caller displays it.

    ``on_open(folder)``: called with a dossier's folder when its row is clicked (the app shell opens the review
    there). ``review_url(folder)``: the address each row of the table links to when there is no such hook (by
    default the review page beside this one, in a Voilà page only).
    """

    def __init__(self, folder: str | Path, state: DashboardState | None = None, *,
                 on_open: Callable[[Path], None] | None = None,
                 review_url: Callable[[Path], str] | None | bool = True) -> None:
        self.state = state or DashboardState(Path(folder))
        if state is None:
            self.state.reload()
        self.on_open = on_open
        if review_url is True:
            review_url = review_page_url if in_app_mode() else None
        self.review_url = None if on_open is not None or review_url is False else review_url
        columns = list(self.state.frame.columns) or ["dossier"]
        self.search = widgets.Text(description="Chercher", placeholder="nom ou dossier", continuous_update=True)
        self.status = widgets.Dropdown(description="Revue", options=[ALL, REVIEW_NEVER, REVIEW_CHANGED, REVIEW_CURRENT])
        self.errors_only = widgets.Checkbox(description="Dossiers en erreur seulement", indent=False)
        self.sort = widgets.Dropdown(description="Trier par", options=[(column_label(c), c) for c in columns],
                                     value=self.state.sort)
        self.descending = widgets.Checkbox(description="Ordre décroissant", indent=False)
        self.reload_button = widgets.Button(description="Actualiser", icon="refresh")
        self.summary = widgets.HTML()
        self.csv_link = widgets.HTML()
        self.table = widgets.HTML()
        self.rows = widgets.Select(options=[], rows=20, layout={"width": "100%"})
        self.rows.add_class("vae-rows")
        self.rows_header = widgets.HTML()
        self.feedback = Feedback()
        self.opening: Path | None = None
        for control in (self.search, self.status, self.errors_only, self.sort, self.descending):
            control.observe(self.feedback.guard(self._changed), names="value")
        self.reload_button.on_click(self.feedback.guard(self._reload))
        self.rows.observe(guard(self._picked, self._open_failed), names="value")
        controls = widgets.HBox([self.search, self.status, self.errors_only])
        order = widgets.HBox([self.sort, self.descending, self.reload_button])
        body = [self.rows_header, self.rows] if on_open is not None else [self.table]
        super().__init__([widgets.HTML(_STYLE), controls, order, self.summary, self.csv_link, self.feedback, *body])
        self.add_class("vae-dash")
        self.refresh()

    def _changed(self, _change: dict) -> None:
        self.state.text = self.search.value
        self.state.statut_revue = None if self.status.value == ALL else self.status.value
        self.state.errors_only = self.errors_only.value
        self.state.sort, self.state.descending = self.sort.value, self.descending.value
        self.refresh()

    def _reload(self, _button: widgets.Button) -> None:
        self.state.reload()
        self.refresh()

    def _picked(self, change: dict) -> None:
        if change["new"] is None or self.on_open is None:
            return
        self.feedback.clear()
        self.opening = self.state.folder / change["new"]
        self.rows.value = None  # a second click on the same row opens it again
        self.on_open(self.opening)

    def _open_failed(self, exc: BaseException) -> None:
        """The shell's screen failing says why, in the page, naming the dossier."""
        self.feedback.error(exc, about=f"Impossible d’ouvrir la revue de {self.opening}\u00a0: ")

    def open_dossier(self, dossier: str) -> None:
        """Open the row whose ``dossier`` (relative path) is given, as a click on it would."""
        guard(self._picked, self._open_failed)({"new": dossier})

    def refresh(self) -> None:
        visible = self.state.visible()
        total = len(self.state.frame)
        broken = int(self.state.frame["erreur"].notna().sum()) if total else 0
        when = f" (lu le {self.state.loaded_at:%d/%m/%Y à %H:%M})" if self.state.loaded_at else ""
        self.summary.value = (f"<p>{len(visible)} dossier(s) affiché(s) sur {total}, "
                              f"dont {broken} en erreur au total{when}.</p>")
        data = base64.b64encode(("\ufeff" + dashboard_csv(visible)).encode("utf-8")).decode("ascii")
        self.csv_link.value = CSV_LINK.render(name=f"tableau-de-bord-{dt.date.today():%Y-%m-%d}.csv", data=data,
                                              count=len(visible)) if total else ""
        if self.on_open is None:
            self.table.value = table_html(visible, self.state.folder, self.review_url)
            return
        blocs = [c[len(PROGRESS_PREFIX):] for c in visible.columns if c.startswith(PROGRESS_PREFIX)]
        lines = fit_table(as_records(visible), blocs, ROWS_WIDTH) if len(visible) else ["Aucun dossier ne correspond."]
        self.rows_header.value = ENV.from_string("<pre>{{ h }}</pre>").render(h=lines[0])
        self.rows.options = [(line, d) for line, d in zip(lines[1:], visible["dossier"], strict=True)]
        self.rows.value = None


def dashboard_screen(dossiers: str | Path | None) -> widgets.Widget:
    """The dashboard of the folder ``dossiers`` (else ``?dossiers=``, else ``VAE_DOSSIERS``); when none is given or
    it is unreadable, a field to choose it instead."""
    return folder_screen(resolve_dossiers(dossiers), lambda folder: [DashboardView(folder)], label="Dossiers",
                         placeholder="dossier contenant les dossiers des candidats")
