"""Pieces shared by the screens: the guard every callback goes through, error messages, save status, conflict
banner, folder screens."""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import ipywidgets as widgets
from pydantic import ValidationError

from vae_toolkit.errors import VaeError
from vae_toolkit.journey.autosave import CONFLICT, ERROR, PENDING, Autosave
from vae_toolkit.journey.html import ENV
from vae_toolkit.journey.workspace import validation_message
from vae_toolkit.storage.document import tree_of
from vae_toolkit.ui.conflicts import ConflictChoices

F = TypeVar("F", bound=Callable[..., Any])

STYLE = """<style>
.vae-journey .vae-text { white-space: pre-wrap; }
.vae-journey .vae-conflict { border: 2px solid #b00020; padding: 6px 10px; background: #fdecea; }
.vae-journey .vae-save-status { color: #555; font-size: 0.9em; }
.vae-journey .vae-nav a { color: #1a5fb4; text-decoration: underline; }
.vae-journey table { border-collapse: collapse; }
.vae-journey td, .vae-journey th { border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: left;
  vertical-align: top; }
</style>"""

# Message styles are inline, so a class such as ``vae-error`` appears in a page only when an error is shown.
MESSAGE_STYLES = {
    "vae-error": "color:#b00020; white-space: pre-line",
    "vae-field-error": "color: #b00020; font-size: 0.9em",
    "vae-warning": "border-left: 4px solid #c77700; padding: 4px 8px; background: #fff8e6",
    "vae-notice": "border-left: 4px solid #2a6ebb; padding: 4px 8px; background: #eef4fb",
}

_MESSAGE = ENV.from_string("<p class='{{ cls }}'{% if style %} style='{{ style }}'{% endif %}>{{ m }}</p>")


def message_html(message: str, cls: str = "vae-notice") -> str:
    """A paragraph of escaped text with a CSS class (``vae-error``, ``vae-warning``, ``vae-notice``…)."""
    return _MESSAGE.render(m=message, cls=cls, style=MESSAGE_STYLES.get(cls, "")) if message else ""


def error_message(exc: BaseException) -> str:
    """The French message for an error raised in a callback (unexpected ones included, never hidden)."""
    if isinstance(exc, VaeError):
        return str(exc)
    if isinstance(exc, ValidationError):
        return "Valeur refusée : " + validation_message(exc)
    return (f"Erreur inattendue ({type(exc).__name__} : {exc}). Ce que vous aviez déjà saisi est conservé ; "
            "signalez ce message s’il se répète.")


class Feedback(widgets.VBox):
    """Where a page reports the outcome of an action: a French message, and the traceback of a bug folded below it.

    One HTML widget whatever is shown (a screen has dozens of these places and each widget costs the page a model
    to receive and draw).
    """

    def __init__(self) -> None:
        self.label = widgets.HTML()
        super().__init__([self.label])
        self.add_class("vae-feedback")

    def error(self, exc: BaseException, *, about: str = "") -> None:
        """Say ``exc`` in French (after ``about``, what was being done), as :func:`error_html` does."""
        self.label.value = error_html(exc, about=about)

    def info(self, message: str) -> None:
        self.label.value = message_html(message)

    def clear(self) -> None:
        self.label.value = ""

    def guard(self, func: F) -> F:
        """:func:`guard` with this place: any error ``func`` raises is shown here instead of vanishing.

        The previous message is cleared first: what shows is always about the last action.
        """

        @functools.wraps(func)
        def cleared(*args: Any, **kwargs: Any) -> Any:
            self.clear()
            return func(*args, **kwargs)

        return guard(cleared, self)  # type: ignore[return-value]


DETAILS_HTML = ENV.from_string("""<details class="vae-error-details"><summary>Détails techniques (à joindre à un
signalement)</summary><pre style="white-space: pre-wrap; font-size: 0.85em; line-height: 1.3">{{ trace }}</pre>
</details>""")


def error_html(exc: BaseException, *, about: str = "") -> str:
    """The French message for ``exc`` (after ``about``) as HTML; for a bug (neither VaeError nor ValidationError)
    its traceback follows, folded: opened on demand, escaped."""
    html = message_html(about + error_message(exc), "vae-error")
    if not isinstance(exc, VaeError | ValidationError):
        html += DETAILS_HTML.render(trace="".join(traceback.format_exception(exc)))
    return html


Place = Feedback | widgets.HTML | Callable[[BaseException], None]
"""Where :func:`guard` shows an error: a :class:`Feedback`, an HTML widget (its whole value), or a function."""


def guard(func: F, place: Place) -> F:
    """The one guard of every button and observer callback of the screens: what ``func`` raises is shown at
    ``place`` — a refusal (:class:`VaeError`, :class:`ValidationError`) as its French message, anything else as
    « Erreur inattendue » with its details folded — and never raised into the kernel's log, where nobody sees it.

    ``tests/test_layers.py`` checks that every ``on_click`` and ``observe`` of ``vae_toolkit.ui`` is given a
    callback wrapped by a ``guard``.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - every error is shown in the page
            show_error(place, exc)
            return None

    return wrapper  # type: ignore[return-value]


def show_error(place: Place, exc: BaseException) -> None:
    if isinstance(place, Feedback):
        place.error(exc)
    elif isinstance(place, widgets.HTML):
        place.value = error_html(exc)
    else:
        place(exc)


def field_error() -> widgets.HTML:
    """The place for a validation message next to a field."""
    return widgets.HTML(layout={"margin": "0 0 0 8px"})


def show_field_error(target: widgets.HTML, message: str | None) -> None:
    target.value = message_html(message or "", "vae-field-error")


def bind_value(widget: widgets.ValueWidget, setter: Callable[[Any], str | None], error: widgets.HTML,
               feedback: Feedback, after: Callable[[], None] | None = None,
               kept: Callable[[], Any] | None = None) -> widgets.Box:
    """Send each new value of ``widget`` to ``setter``; its French refusal shows in ``error`` beside the field.

    Returns the field and its error side by side. Any other error is said there too (a bug's traceback
    goes to ``feedback``). With ``kept``, a refused value is replaced in the field by the value kept
    (``kept()``), the message staying beside it.
    """
    restoring = False

    def observe(change: dict) -> None:
        nonlocal restoring
        if restoring:
            return
        refusal = setter(change["new"])
        if refusal and kept is not None:
            restoring = True
            try:
                widget.value = kept()
            finally:
                restoring = False
        show_field_error(error, refusal)
        if after is not None:
            after()

    def refused(exc: BaseException) -> None:
        """Every error is said next to the field; a bug's traceback goes to the page's details too."""
        show_field_error(error, error_message(exc))
        if not isinstance(exc, VaeError | ValidationError):
            feedback.error(exc)

    widget.observe(guard(observe, refused), names="value")
    return widgets.HBox([widget, error])


class ConfirmButton(widgets.Button):
    """« Supprimer » that asks once more before acting: a first click arms it, a second one confirms."""

    CONFIRM = "Confirmer la suppression"

    def __init__(self, action: Callable[[], None], feedback: Feedback, *, description: str = "Supprimer") -> None:
        super().__init__(description=description, icon="trash", layout={"width": "auto"})
        self.label, self.action, self.armed = description, action, False
        self.on_click(feedback.guard(self._clicked))

    def _clicked(self, _b: object = None) -> None:
        if not self.armed:
            self.armed, self.description, self.button_style = True, self.CONFIRM, "danger"
            return
        self.armed, self.description, self.button_style = False, self.label, ""
        self.action()


class SaveStatus(widgets.HTML):
    """« Enregistré à HH:MM:SS », « Modifications non enregistrées… » or the error, bound to an autosave."""

    def __init__(self, autosave: Autosave) -> None:
        super().__init__()
        self.add_class("vae-save-status")
        self.autosave = autosave
        autosave.observe(guard(self._update, self), names=["message", "state"])
        self._update()

    CONFLICT_SHORT = "Non enregistré : le dossier a changé ailleurs (voir l’encadré ci-dessus)."

    def _update(self, _change: object = None) -> None:
        state = self.autosave.state
        cls = "vae-error" if state in (ERROR, CONFLICT) else "vae-pending" if state == PENDING else "vae-saved"
        self.value = message_html(self.CONFLICT_SHORT if state == CONFLICT else self.autosave.message, cls)


CONFLICT_HTML = ENV.from_string("""<p><b>Ce dossier a été modifié ailleurs</b> (un autre onglet, un autre ordinateur
ou votre conseiller) depuis que vous l’avez ouvert ici : vos dernières modifications n’ont pas été écrites
par-dessus.</p>
<p>Rien de ce que vous avez saisi n’est perdu : votre version est conservée dans le fichier
{% if kept %}<code>{{ kept }}</code>{% else %}(copie impossible : {{ message }}){% endif %}, mise à jour tant que vous
continuez à écrire ici.</p>
<p>« Recharger » affiche la version actuelle du dossier (reportez-y ensuite ce qui manque depuis le fichier
ci-dessus) ; « Garder ma version » l’enregistre à la place de l’autre, qui reste dans l’historique.</p>""")


MERGED_HTML = ENV.from_string("""<p><b>Ce dossier a aussi été modifié ailleurs</b> (un autre onglet, un autre
ordinateur ou votre conseiller) : ces modifications ont été ajoutées aux vôtres.
{% if n == 1 %}Un champ a été modifié des deux côtés{% else %}{{ n }} champs ont été modifiés des deux
côtés{% endif %} : choisissez pour chacun la version à garder. En attendant, le dossier garde l’autre version ;
la vôtre reste affichée ci-dessous{% if kept %} et conservée dans le fichier <code>{{ kept }}</code>{% endif %}.</p>""")


class ConflictBanner(widgets.VBox):
    """Shown while the autosave is in conflict or fields wait for a choice; reload, keep mine, or choose per field."""

    def __init__(self, autosave: Autosave, feedback: Feedback) -> None:
        self.autosave = autosave
        self.text = widgets.HTML()
        self.choices = ConflictChoices(autosave.resolve, feedback.guard)
        self.reload = widgets.Button(description="Recharger", icon="refresh", button_style="warning",
                                     layout={"width": "auto"})
        self.keep = widgets.Button(description="Garder ma version", icon="save", layout={"width": "auto"})
        self.reload.add_class("vae-reload")
        self.keep.add_class("vae-keep-mine")
        self.reload.on_click(feedback.guard(lambda _b: autosave.reload()))
        self.keep.on_click(feedback.guard(lambda _b: autosave.keep_mine()))
        self.buttons = widgets.HBox([self.reload, self.keep])
        super().__init__([self.text, self.choices, self.buttons])
        self.add_class("vae-conflict")
        autosave.observe(guard(self._update, feedback), names=["state", "kept", "conflicts"])
        self._update()

    @property
    def visible(self) -> bool:
        return self.layout.display != "none"

    def _update(self, _change: object = None) -> None:
        if self.autosave.state == CONFLICT:
            self.text.value = CONFLICT_HTML.render(kept=self.autosave.kept, message=self.autosave.message)
            self.choices.show([], {})
            self.buttons.layout.display = None
            self.layout.display = None
        elif self.autosave.conflicts:
            self.text.value = MERGED_HTML.render(n=len(self.autosave.conflicts), kept=self.autosave.kept)
            self.choices.show(self.autosave.conflicts, tree_of(self.autosave.session.model))
            self.buttons.layout.display = "none"
            self.layout.display = None
        else:
            self.choices.show([], {})
            self.layout.display = "none"


def folder_screen(value: str | Path | None, build: Callable[[str], list[widgets.Widget]], *,
                  label: str = "Dossier", placeholder: str = "chemin du dossier du candidat") -> widgets.VBox:
    """A screen that opens a folder: ``build(folder)`` gives its widgets; until it succeeds, a field to choose it.

    An error raised by ``build`` (missing folder, bad file, or a bug) is shown in French under the field.
    """
    box = widgets.VBox()
    path = widgets.Text(description=label, placeholder=placeholder, value=str(value or ""), layout={"width": "60%"})
    go = widgets.Button(description="Ouvrir", icon="folder-open")
    message = widgets.HTML()

    def open_folder(_b: object = None) -> None:
        box.children = build(path.value.strip())

    go.on_click(guard(open_folder, message))
    box.children = [widgets.HBox([path, go]), message]
    if path.value.strip():
        guard(open_folder, message)()
    return box
