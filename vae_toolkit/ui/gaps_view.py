"""The gap analysis screen: tables, charts and recommendations, filtered by bloc.

:class:`~vae_toolkit.journey.gaps.GapsState` holds the dossier, its analysis and the bloc shown, and renders each pane
(no widgets); :class:`GapsView` binds a Dropdown and tabs to it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import ipywidgets as widgets

from vae_toolkit.journey.gaps import GapsState
from vae_toolkit.ui.common import Feedback, folder_screen
from vae_toolkit.ui.context import resolve_dossier

STYLE = """<style>
.vae-gaps table { border-collapse: collapse; font-size: 0.9em; }
.vae-gaps th, .vae-gaps td { border-bottom: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
.vae-gaps td.vae-lacune { font-weight: bold; background: #eeeeee; }
.vae-gaps td.vae-a_etayer { font-style: italic; }
.vae-gaps .vae-text { white-space: pre-wrap; }
.vae-gaps .vae-prio-1 { border-left: 4px solid #222; padding-left: 6px; }
.vae-gaps .vae-prio-2 { border-left: 4px double #777; padding-left: 6px; }
.vae-gaps .vae-prio-3 { border-left: 1px solid #999; padding-left: 9px; }
</style>"""


class GapsView(widgets.VBox):
    """A bloc filter above tabs of tables, charts and recommendations; the caller displays it."""

    TABS = ("Indicateurs", "Compétences et blocs", "Grille France VAE", "Auto-évaluation", "Recommandations",
            "Graphiques")

    def __init__(self, state: GapsState, *, lazy_charts: bool = False) -> None:
        self.state, self.lazy_charts = state, lazy_charts
        self.bloc = widgets.Dropdown(options=state.bloc_options(), value="", description="Bloc",
                                     layout={"width": "60%"})
        self.header = widgets.HTML(STYLE + state.header_html())
        self.panes = {name: widgets.HTML() for name in self.TABS[:-1]}
        self.images = {k: widgets.Image(format="png", layout={"max_width": "100%"})
                       for k in ("radar", "heatmap", "couverture")}
        self.feedback = Feedback()
        self.tabs = widgets.Tab(children=[*self.panes.values(), widgets.VBox(list(self.images.values()))])
        for i, name in enumerate(self.TABS):
            self.tabs.set_title(i, name)
        self.bloc.observe(self.feedback.guard(self._on_bloc), names="value")
        self.charts_stale = True
        self.tabs.observe(self.feedback.guard(lambda _ch: self.draw_charts()), names="selected_index")
        super().__init__([self.header, self.bloc, self.feedback, self.tabs])
        self.refresh()

    def draw_charts(self) -> None:
        """The charts (slow: matplotlib); with ``lazy_charts`` (the app) only once their tab is shown."""
        shown = self.tabs.selected_index == len(self.TABS) - 1 or not self.lazy_charts
        if self.charts_stale and shown:
            for key, png in self.state.chart_images().items():
                self.images[key].value = png
            self.charts_stale = False

    def _on_bloc(self, change: dict) -> None:
        self.state.bloc = change["new"] or None
        self.refresh()

    def refresh(self) -> None:
        """Redraw every pane for the bloc selected."""
        s = self.state
        for name, html in zip(self.TABS[:-1], (s.indicators_html(), s.competences_html(), s.grid_html(),
                                               s.ratings_html(), s.recommendations_html()), strict=True):
            self.panes[name].value = html
        self.charts_stale = True
        self.draw_charts()


def gaps_screen(dossier: str | Path | None = None, *, today: dt.date | None = None) -> widgets.Widget:
    """The gap analysis of ``dossier``; when it is None or unreadable, a field to choose the folder."""
    from vae_toolkit.ui.export_view import ExportPanel

    return folder_screen(resolve_dossier(dossier), lambda folder: [
        GapsView(GapsState.from_folder(folder, today=today)), ExportPanel(folder, kinds=("gaps",), today=today)])
