"""The app shell: a navigation beside the screens, every screen switched inside the page, none rebuilt twice.

Screens are built on first visit (the first one before the page shows) and the others ahead, one at a time, once
the page is up; a built screen stays alive and is only shown or hidden. Each build and each switch goes through
one guard: an error shows in the page, in French, never as a traceback in the terminal.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ipywidgets as widgets

from vae_toolkit.ui.common import Feedback, error_message, guard, message_html
from vae_toolkit.ui.navigator import Navigator
from vae_toolkit.ui.screens import APP_TITLE, Screen, css_safe, find_screen

HIDDEN = "vae-screen-hidden"  # the CSS class of screens not shown (theme.css, navigator.js)
ALL_BUILT = "vae-all-built"  # on the shell once every screen of the navigation is built (benchmarks wait for it)
AHEAD_PAUSE = 0.05  # s between two screens built ahead: the kernel answers clicks in between


@dataclass
class ShellScreen:
    """A screen of the shell: where it lives in the page, and whether it was built."""

    screen: Screen
    box: widgets.Box
    built: bool = False


class AppShell(widgets.HBox):
    """The navigation (``screens``) and the screen shown; ``build(screen)`` gives a screen's widget.

    ``resolve(query)`` may return screens that are not in the navigation (a candidate's review); an unknown
    query shows the first screen. With ``start=None`` no screen is built until :meth:`show` is called (a
    pre-heated kernel builds the shell before it knows which screen the page asks for).
    """

    def __init__(self, screens: Sequence[Screen], build: Callable[[Screen], widgets.Widget], *,
                 start: str | None = "",
                 app_title: str = APP_TITLE, sync_url: bool = False, top: Sequence[widgets.Widget] = (),
                 resolve: Callable[[str], Screen | None] | None = None, label: str = "Étapes") -> None:
        self.screens, self.build, self.app_title = list(screens), build, app_title
        self.resolve = resolve or (lambda query: find_screen(self.screens, query))
        self.slots: dict[str, ShellScreen] = {}
        self.error = Feedback()
        self.navigator = Navigator(label=label, sync_url=sync_url)
        self.navigator.add_class("vae-navigator-box")
        self.stack = widgets.VBox()
        self.stack.add_class("vae-screens")
        loading = widgets.HTML(message_html("Chargement de l’écran…"))
        loading.add_class("vae-loading-note")
        main = widgets.VBox([*top, self.error, loading, self.stack])
        main.add_class("vae-main")
        super().__init__([self.navigator, main])
        self.add_class("vae-shell")
        self.add_class("vae-app")
        self.refresh_navigation()
        self.navigator.observe(guard(lambda change: self.show(change["new"]), self.show_error), names="current")
        self.ahead_on_ready = False
        self.navigator.on_msg(guard(self._message, self.show_error))
        if start is not None:
            self.show(start)

    def _message(self, _widget: object, content: dict, _buffers: object) -> None:
        if content.get("event") == "ready" and self.ahead_on_ready:
            self.ahead_on_ready = False
            self.build_ahead()

    @property
    def current(self) -> Screen:
        return self.slots[self.navigator.current].screen

    def refresh_navigation(self, details: dict[str, str] | None = None) -> None:
        """Redraw the links, with a short progress text under each screen's name (``details`` by screen key)."""
        details = details or {}
        self.navigator.items = [{"query": s.query, "label": s.label, "detail": details.get(s.key, ""),
                                 "title": s.title(self.app_title)} for s in self.screens]

    def show(self, query: str) -> None:
        """Show the screen of ``query`` (built now if needed); the address and the title follow."""
        self.error.clear()
        try:
            screen = self.resolve(query) or self.screens[0]
            slot = self._slot(screen)
            if not slot.built:
                self._build(slot)
            for other in self.slots.values():  # the browser has already done it for screens it has (navigator.js)
                if other is slot:
                    other.box.remove_class(HIDDEN)
                else:
                    other.box.add_class(HIDDEN)
            self.on_show(screen)
            self.navigator.title = screen.title(self.app_title)
            self.navigator.current = screen.query
        except Exception as exc:  # noqa: BLE001 - the one guard of the shell: shown in the page
            self.show_error(exc)

    def on_show(self, screen: Screen) -> None:
        """Called each time ``screen`` is shown (a subclass refreshes what depends on other screens)."""

    def show_error(self, exc: BaseException) -> None:
        self.error.error(exc)

    def _slot(self, screen: Screen) -> ShellScreen:
        if screen.query not in self.slots:
            box = widgets.Box(layout={"display": "block"})
            box.add_class("vae-screen")
            box.add_class(HIDDEN)
            box.add_class(f"vae-screen--{css_safe(screen.query)}")
            self.slots[screen.query] = ShellScreen(screen, box)
            self.stack.children = [*self.stack.children, box]
        return self.slots[screen.query]

    def _build(self, slot: ShellScreen) -> None:
        slot.built = True
        try:
            slot.box.children = [self.build(slot.screen)]
        except Exception as exc:  # noqa: BLE001 - a screen that cannot be built says why, in its place
            slot.box.children = [widgets.HTML(message_html(error_message(exc), "vae-error"))]

    def rebuild(self, screen: Screen) -> None:
        """Build ``screen`` again (its data changed elsewhere), keeping its place."""
        self._build(self._slot(screen))

    def build_ahead_when_shown(self) -> None:
        """Build the other screens once the page has shown the first one (the browser says so)."""
        self.ahead_on_ready = True

    def build_ahead(self, pause: float = AHEAD_PAUSE) -> None:
        """Build the screens not built yet, one per turn of the kernel's event loop (no-op without a loop)."""
        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:
            return
        pending = [s for s in self.screens if not self._slot(s).built]

        def step() -> None:
            while pending:
                slot = self._slot(pending.pop(0))
                if not slot.built:
                    self._build(slot)
                    break
            if pending:
                loop.call_later(pause, step)
            else:
                self.add_class(ALL_BUILT)

        loop.call_later(pause, step)
