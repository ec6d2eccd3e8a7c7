"""An ordered list of items with « Modifier », up, down and « Supprimer » (confirmed) on each row."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from vae_toolkit.ui.common import ENV, ConfirmButton, Feedback, message_html

_LABEL = ENV.from_string("{% if selected %}<b>▸ {{ text }}</b>{% else %}{{ text }}{% endif %}")


class ItemList(widgets.VBox):
    """Rows drawn from ``labels()``; the callbacks receive the row index. Their errors show under the rows."""

    def __init__(self, labels: Callable[[], list[str]], *, on_edit: Callable[[int], None],
                 on_move: Callable[[int, int], None], on_delete: Callable[[int], None], empty: str,
                 css: str) -> None:
        self.labels, self.on_edit, self.on_move, self.on_delete = labels, on_edit, on_move, on_delete
        self.empty, self.css = empty, css
        self.selected: int | None = None
        self.message = Feedback()  # under the rows: what a row's button could not do
        self.rows: list[tuple[widgets.HTML, widgets.Button, widgets.Button, widgets.Button, widgets.Button]] = []
        super().__init__()
        self.rebuild()

    def rebuild(self) -> None:
        """Redraw every row (after an item was added, removed or moved)."""
        self.rows = []
        for i, _label in enumerate(self.labels()):
            edit = widgets.Button(description="Modifier", icon="edit", layout={"width": "auto"})
            up = widgets.Button(icon="arrow-up", tooltip="Monter", layout={"width": "36px"})
            down = widgets.Button(icon="arrow-down", tooltip="Descendre", layout={"width": "36px"})
            delete = ConfirmButton(lambda i=i: self.on_delete(i), self.message)
            for button, css in ((edit, "edit"), (up, "up"), (down, "down"), (delete, "delete")):
                button.add_class(f"vae-{self.css}-{css}")
            edit.on_click(self.message.guard(lambda _b, i=i: self.on_edit(i)))
            up.on_click(self.message.guard(lambda _b, i=i: self.on_move(i, -1)))
            down.on_click(self.message.guard(lambda _b, i=i: self.on_move(i, 1)))
            self.rows.append((widgets.HTML(layout={"width": "60%"}), edit, up, down, delete))
        rows = [widgets.HBox(list(row)) for row in self.rows] or [widgets.HTML(message_html(self.empty))]
        self.children = [*rows, self.message]
        self.relabel()

    def relabel(self) -> None:
        """Update the row texts in place (after an edit), without recreating widgets."""
        labels = self.labels()
        if len(labels) != len(self.rows):
            self.rebuild()
            return
        for i, (row, label) in enumerate(zip(self.rows, labels, strict=True)):
            row[0].value = _LABEL.render(text=label, selected=i == self.selected)
