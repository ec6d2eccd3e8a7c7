"""The counsellor's dashboard screen: every dossier under a folder, sortable and filterable.

State lives in :class:`DashboardState` (no widgets); :class:`DashboardView` only binds controls to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from vae_toolkit.analysis.dashboard import (
    REVIEW_CHANGED,
    REVIEW_CURRENT,
    REVIEW_NEVER,
    column_label,
    dashboard,
    filter_rows,
    sort_rows,
)
from vae_toolkit.ui.common import ENV, error_message, folder_screen

OPEN_LINK = ENV.from_string('<a href="{{ url }}" target="_self" title="Ouvrir la revue de ce dossier">Ouvrir</a>')

_STYLE = """<style>
.vae-dash table { border-collapse: collapse; font-size: 0.9em; }
.vae-dash th, .vae-dash td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
.vae-dash td { white-space: pre-line; }
.vae-dash tr.vae-erreur td { background: #fdecea; }
</style>"""

ALL = "Toutes"


@dataclass
class DashboardState:
    """What the counsellor is looking at: the rows and the current filter and sort."""

    folder: Path
    frame: pd.DataFrame = field(default_factory=pd.DataFrame)
    text: str = ""
    statut_revue: str | None = None
    errors_only: bool = False
    sort: str = "dossier"
    descending: bool = False
    loaded_at: dt.datetime | None = None

    def reload(self) -> None:
        """Scan the folder again (dossiers saved meanwhile by candidates show at once)."""
        self.frame = dashboard(self.folder)
        self.loaded_at = dt.datetime.now()

    def visible(self) -> pd.DataFrame:
        rows = filter_rows(self.frame, self.text, statut_revue=self.statut_revue, errors_only=self.errors_only)
        return sort_rows(rows, self.sort, descending=self.descending)


def table_html(frame: pd.DataFrame, root: Path | None = None,
               review_url: Callable[[Path], str] | None = None) -> str:
    """The rows as an escaped HTML table with French headers; rows in error are tinted.

    With ``review_url``, a first column links each row to its review (``root / dossier``).
    """
    if frame.empty:
        return "<p>Aucun dossier ne correspond.</p>"
    shown = frame.copy()
    shown["derniere_modification"] = shown["derniere_modification"].dt.strftime("%d/%m/%Y %H:%M")
    shown = shown.drop(columns=["certification"]).rename(columns=column_label)
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
    """Controls (filter, review status, errors only, sort) above the table; the caller displays it."""

    def __init__(self, folder: str | Path, state: DashboardState | None = None, *,
                 review_url: Callable[[Path], str] | None = None) -> None:
        """``review_url(folder)``: the address each row links to (the counsellor's app: its review screen)."""
        self.review_url = review_url
        self.state = state or DashboardState(Path(folder))
        if state is None:
            self.state.reload()
        columns = list(self.state.frame.columns) or ["dossier"]
        self.search = widgets.Text(description="Chercher", placeholder="nom ou dossier", continuous_update=True)
        self.status = widgets.Dropdown(description="Revue", options=[ALL, REVIEW_NEVER, REVIEW_CHANGED, REVIEW_CURRENT])
        self.errors_only = widgets.Checkbox(description="Dossiers en erreur seulement", indent=False)
        self.sort = widgets.Dropdown(description="Trier par", options=[(column_label(c), c) for c in columns],
                                     value=self.state.sort)
        self.descending = widgets.Checkbox(description="Ordre décroissant", indent=False)
        self.reload_button = widgets.Button(description="Actualiser", icon="refresh")
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.out = widgets.Output()
        for control in (self.search, self.status, self.errors_only, self.sort, self.descending):
            control.observe(self._changed, names="value")
        self.reload_button.on_click(self._reload)
        controls = widgets.HBox([self.search, self.status, self.errors_only])
        order = widgets.HBox([self.sort, self.descending, self.reload_button])
        super().__init__([widgets.HTML(_STYLE), controls, order, self.summary, self.out, self.table])
        self.add_class("vae-dash")
        self.refresh()

    def _changed(self, _change: dict) -> None:
        self.state.text = self.search.value
        self.state.statut_revue = None if self.status.value == ALL else self.status.value
        self.state.errors_only = self.errors_only.value
        self.state.sort, self.state.descending = self.sort.value, self.descending.value
        self.refresh()

    def _reload(self, _button: widgets.Button) -> None:
        self.out.clear_output()
        try:
            self.state.reload()
        except Exception as exc:  # noqa: BLE001 - one guard: any error is shown in the page
            self.out.append_stdout(f"{error_message(exc)}\n")
            return
        self.refresh()

    def refresh(self) -> None:
        visible = self.state.visible()
        total = len(self.state.frame)
        broken = int(self.state.frame["erreur"].notna().sum()) if total else 0
        when = f" (lu le {self.state.loaded_at:%d/%m/%Y à %H:%M})" if self.state.loaded_at else ""
        self.summary.value = (f"<p>{len(visible)} dossier(s) affiché(s) sur {total}, "
                              f"dont {broken} en erreur au total{when}.</p>")
        self.table.value = table_html(visible, self.state.folder, self.review_url)


def dashboard_screen(dossiers: str | Path | None) -> widgets.Widget:
    """The dashboard of the folder ``dossiers``; when it is None or unreadable, a field to choose it instead."""
    return folder_screen(dossiers, lambda folder: [DashboardView(folder)], label="Dossiers",
                         placeholder="dossier contenant les dossiers des candidats")
