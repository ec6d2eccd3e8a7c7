"""The app's navigation widget: links with real addresses, switched inside the page (see static/navigator.js).

It also carries the project's stylesheet (static/theme.css), injected once into the page by anywidget, so every
screen shown with a navigator gets the project's look instead of the default widget look.
"""

from __future__ import annotations

from importlib.resources import files

import anywidget
import traitlets

STATIC = files("vae_toolkit.ui") / "static"
THEME_CSS = (STATIC / "theme.css").read_text(encoding="utf-8")
NAVIGATOR_JS = (STATIC / "navigator.js").read_text(encoding="utf-8")


class Navigator(anywidget.AnyWidget):
    """A list of links (``items``: query, label, detail) and the query of the screen shown (``current``).

    With ``sync_url`` (app mode) the browser's address follows ``current`` and Back/Forward change it; the tab's
    title becomes ``title`` and the document is declared French. In JupyterLab the address is left alone.
    """

    _esm = NAVIGATOR_JS
    _css = THEME_CSS
    items = traitlets.List(traitlets.Dict()).tag(sync=True)
    current = traitlets.Unicode("").tag(sync=True, echo_update=False)
    """No echo: the browser changes it on every click, and an echo of an earlier click arriving after a newer one
    (a busy kernel) sent the page back to the earlier screen."""
    sync_url = traitlets.Bool(False).tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("Étapes").tag(sync=True)
