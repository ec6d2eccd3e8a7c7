"""Small pieces that keep a control and its message together."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from vae_toolkit.ui.common import Feedback

def action_button(button: widgets.Button, action: Callable[[], Any], *extra: widgets.Widget) -> widgets.VBox:
    """The button (and ``extra`` controls beside it) with its own message line just below.

    Whatever ``action`` raises is said in French right under the button, not at the top of the page.
    Actions that create something are idempotent in the models (a second click while the new item is
    untouched opens it again), so a double click creates one item.
    """
    feedback = Feedback()
    feedback.add_class("vae-action-message")
    button.on_click(feedback.guard(lambda _b: action()))
    box = widgets.VBox([widgets.HBox([*extra, button]), feedback])
    box.feedback = feedback  # type: ignore[attr-defined]
    return box
