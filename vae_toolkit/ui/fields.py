"""Small pieces that keep a control and its message together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from vae_toolkit.journey.inputs import format_date, parse_date
from vae_toolkit.ui.common import Feedback

NO_CHOICE = ""
"""The value of a dropdown's « nothing chosen yet » entry: ipywidgets shows a None value as a blank field."""


def choice_options(labels: dict[Any, str]) -> list[tuple[str, Any]]:
    """Dropdown options from labels keyed by value, ``None`` (not chosen) becoming :data:`NO_CHOICE`."""
    return [(label, NO_CHOICE if value is None else value) for value, label in labels.items()]


def from_choice(value: Any) -> Any:
    """A dropdown's value back to the model's (:data:`NO_CHOICE` is None)."""
    return None if value == NO_CHOICE else value


def to_choice(value: Any) -> Any:
    """A model's value for a dropdown built with :func:`choice_options`."""
    return NO_CHOICE if value is None else value


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


def date_setter(field: widgets.Text, save: Callable[[dt.date | None], str | None]) -> Callable[[str], str | None]:
    """A setter for ``bind_value``: the French date typed in ``field`` (a date to come allowed, empty allowed) is
    saved through ``save`` and shown back as jj/mm/aaaa; the error of either step is returned."""

    def setter(text: str) -> str | None:
        value, error = parse_date(text, today=dt.date.today(), required=False, past=False)
        error = error or save(value)
        if error is None:
            field.value = format_date(value)  # type: ignore[arg-type]
        return error

    return setter


def choose(dropdown: widgets.Dropdown, value: object) -> None:
    """Select ``value``; ``None`` is a real choice in :func:`dropdown` (« Non revu »), which ``.value = None``
    would blank."""
    values = [v for _, v in dropdown.options]
    dropdown.index = values.index(value) if value in values else None


def dropdown(description: str, labels: dict[Any, str], value: object = None) -> widgets.Dropdown:
    """A dropdown of ``labels`` (value → label, ``None`` included as a value like any other), set to ``value``."""
    widget = widgets.Dropdown(description=description, options=[(label, key) for key, label in labels.items()])
    choose(widget, value)
    return widget
