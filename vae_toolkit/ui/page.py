"""The frame every candidate page shares, and the chooser shown when no dossier is given.

:func:`journey_screen` resolves the dossier (parameter, URL, ``VAE_DOSSIER``: see :mod:`vae_toolkit.ui.context`),
opens it in a :class:`~vae_toolkit.journey.workspace.Workspace` and returns the page; when there is no
dossier, or it cannot be read, it returns the chooser with the reason in French. Nothing is displayed here:
the notebook's last expression shows the widget.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import ipywidgets as widgets

from vae_toolkit.analysis.echeance import echeance_warning
from vae_toolkit.journey.accueil import create_demo, open_or_create
from vae_toolkit.journey.workspace import Workspace
from vae_toolkit.referentiels import DEFAULT_CODE, available_codes
from vae_toolkit.ui.common import STYLE, ConflictBanner, Feedback, SaveStatus, error_message, message_html
from vae_toolkit.ui.context import resolve_dossier

Builder = Callable[[Workspace, Feedback], widgets.Widget]


class JourneyPage(widgets.VBox):
    """Conflict banner, save status and messages around a page body rebuilt after each reload.

    In the app shell (``chrome=False``) the banner and the save status are the shell's, shown once above
    every screen; each screen keeps its own messages, next to what caused them.
    """

    def __init__(self, ws: Workspace, build: Builder, *, chrome: bool = True) -> None:
        self.ws, self.build = ws, build
        self.feedback = Feedback()
        self.status = SaveStatus(ws.autosave)
        self.banner = ConflictBanner(ws.autosave, self.feedback)
        self.echeance = widgets.HTML(message_html(echeance_warning(ws.ref) or "", "vae-warning"))
        self.body = widgets.Box(layout={"display": "block"})
        top = [widgets.HTML(STYLE), self.echeance, self.banner, self.status] if chrome else [widgets.HTML(STYLE)]
        super().__init__([*top, self.feedback, self.body])
        self.add_class("vae-journey")
        ws.autosave.observe(self.feedback.guard(self._rebuild), names="reloaded")
        self._rebuild()

    def _rebuild(self, _change: object = None) -> None:
        self.body.children = [self.build(self.ws, self.feedback)]


class Chooser(widgets.VBox):
    """A folder field with « Ouvrir », « Créer » and « Démonstration »; calls ``on_open(folder)``."""

    def __init__(self, on_open: Callable[[Path], None], *, value: str = "", reason: str = "") -> None:
        self.on_open = on_open
        self.feedback = Feedback()
        self.path = widgets.Text(value=value, description="Dossier", placeholder="par exemple ~/ma-vae",
                                 layout={"width": "60%"})
        codes = available_codes()
        self.certification = widgets.Dropdown(options=codes, value=DEFAULT_CODE if DEFAULT_CODE in codes else codes[0],
                                              description="Diplôme")
        self.certification.layout.display = None if len(codes) > 1 else "none"
        self.open_button = widgets.Button(description="Ouvrir", icon="folder-open", button_style="primary",
                                          layout={"width": "auto"})
        self.create_button = widgets.Button(description="Créer", icon="plus", layout={"width": "auto"})
        self.path.add_class("vae-dossier-path")
        self.demo_button = widgets.Button(description="Démonstration", icon="eye", layout={"width": "auto"},
                                          tooltip="Écrit à cet endroit le dossier fictif de démonstration")
        self.open_button.add_class("vae-open")
        self.create_button.add_class("vae-create")
        self.demo_button.add_class("vae-demo")
        self.demo_button.on_click(self.feedback.guard(lambda _b: self.on_open(create_demo(self.path.value))))
        if reason:
            self.feedback.label.value = message_html(reason, "vae-error")
        self.open_button.on_click(self.feedback.guard(lambda _b: self._go(create=False)))
        self.create_button.on_click(self.feedback.guard(lambda _b: self._go(create=True)))
        intro = widgets.HTML(message_html(
            "Indiquez le dossier de votre VAE : « Ouvrir » pour un dossier existant, « Créer » pour en commencer "
            "un (un répertoire privé est créé à cet endroit), « Démonstration » pour découvrir l’outil sur une "
            "candidate fictive. Tout reste sur cet ordinateur."))
        super().__init__([widgets.HTML(STYLE), intro, widgets.HBox([self.path, self.certification]),
                          widgets.HBox([self.open_button, self.create_button, self.demo_button]), self.feedback])
        self.add_class("vae-journey")

    def _go(self, *, create: bool) -> None:
        folder = open_or_create(self.path.value, create=create, certification=self.certification.value)
        self.on_open(folder)


def journey_screen(dossier: str | Path | None, build: Builder, *, delay: float = 1.0,
                   environ: Mapping[str, str] | None = None) -> widgets.Widget:
    """One screen on the resolved dossier, or a chooser that turns into it once a folder is chosen."""
    box = widgets.VBox()

    def show(folder: Path | str) -> None:
        box.children = [JourneyPage(Workspace(folder, delay=delay), build)]

    folder = resolve_dossier(dossier, environ)
    if folder is None:
        box.children = [Chooser(show)]
        return box
    try:
        show(folder)
    except Exception as exc:  # noqa: BLE001 - the reason is shown above the chooser, in French
        box.children = [Chooser(show, value=folder, reason=error_message(exc))]
    return box
