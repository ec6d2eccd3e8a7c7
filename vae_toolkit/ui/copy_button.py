"""A « Copier » button that puts a text on the clipboard (see static/copy_button.js): one click, no selection."""

from __future__ import annotations

from importlib.resources import files

import anywidget
import traitlets

COPY_JS = (files("vae_toolkit.ui") / "static" / "copy_button.js").read_text(encoding="utf-8")


class CopyButton(anywidget.AnyWidget):
    """Copies ``text`` when clicked, then says « Copié » beside the button (read by screen readers).

    ``copies`` counts the successful copies the browser reported (tests read it).
    """

    _esm = COPY_JS
    text = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("Copier").tag(sync=True)
    done_message = traitlets.Unicode("Copié dans le presse-papiers.").tag(sync=True)
    failed_message = traitlets.Unicode(
        "Copie impossible dans ce navigateur\u00a0: sélectionnez le texte ci-dessus, puis Ctrl+C.").tag(sync=True)
    copies = traitlets.Int(0).tag(sync=True)
