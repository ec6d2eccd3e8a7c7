"""Every callback's error reaches the page: a refusal in French, a bug as « Erreur inattendue » with its details folded.

Each kind of error is raised inside a real callback (a click, a changed value) of the review screen, the export
panel, the DFF screen, the dashboard and a folder screen, and read back from the page's widgets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from vae_toolkit.errors import VaeError
from vae_toolkit.ui.common import folder_screen, guard
from vae_toolkit.ui.dashboard_view import DashboardView
from vae_toolkit.ui.export_view import ExportPanel
from vae_toolkit.ui.grille_view import GridView
from vae_toolkit.ui.review_view import ReviewView

TODAY = dt.date(2026, 11, 29)


def refusal() -> None:
    raise VaeError("Le fichier « dossier.yaml » est illisible (ligne 3).")


def invalid() -> None:
    TypeAdapter(int).validate_python("trois")


def bug() -> None:
    raise RuntimeError("<b>index</b> hors limites")


KINDS = {"VaeError": refusal, "ValidationError": invalid, "RuntimeError": bug}


def assert_shown(html: str, kind: str) -> None:
    """What the page shows for each kind: the French message, and for a bug only, its escaped traceback folded."""
    assert "vae-error" in html, html
    if kind == "VaeError":
        assert "« dossier.yaml » est illisible (ligne 3)" in html and "<details" not in html
    elif kind == "ValidationError":
        assert "Valeur refusée" in html and "<details" not in html
    else:
        assert "Erreur inattendue (RuntimeError" in html and "&lt;b&gt;index&lt;/b&gt;" in html
        assert "<b>index</b>" not in html, "the message is escaped"
        assert "<details" in html and "Traceback" in html.split("<details", 1)[1], "details folded below"


def failing(kind: str) -> Callable[..., object]:
    def action(*_args: object, **_kwargs: object) -> object:
        return KINDS[kind]()

    return action


@pytest.mark.parametrize("kind", KINDS)
def test_review_screen_shows_every_error_of_a_button_or_a_changed_value(demo_folder: Path, kind: str,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    view = ReviewView(demo_folder)
    for action in ("note", "set_reviewer"):
        monkeypatch.setattr(view.work, action, failing(kind))
    view.new_note.value = "Entretien du 12 novembre"
    view.add_note.click()
    assert_shown(view.message.value, kind)
    assert view.new_note.value == "Entretien du 12 novembre", "what was typed is kept"
    view.message.value = ""
    view.reviewer.value = "Claire Roux"
    assert_shown(view.message.value, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_review_screen_shows_the_errors_of_a_situation_box(demo_folder: Path, kind: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    view = ReviewView(demo_folder)
    for _, comp_id in view.work.competences():
        view.competence.value = comp_id
        if view.situations.children:
            break
    box = view.situations.children[0]
    monkeypatch.setattr(view.work, "comment_situation", failing(kind))
    box.text.value = "À préciser"
    box.add.click()
    assert_shown(view.message.value, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_export_panel_shows_every_error_under_its_button(demo_folder: Path, kind: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vae_toolkit.ui.export_view.export", failing(kind))
    panel = ExportPanel(demo_folder, today=TODAY)
    panel.button.click()
    assert_shown(panel.result.value, kind)
    assert not panel.button.disabled, "the button works again after a failure"


@pytest.mark.parametrize("kind", KINDS)
def test_dff_screen_shows_every_error(demo_folder: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    view = GridView(demo_folder)
    monkeypatch.setattr(view.work, "confirm_all", failing(kind))
    view.confirm.click()
    assert_shown(view.message.value, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_dashboard_shows_every_error_of_a_reload(demo_folder: Path, kind: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    view = DashboardView(demo_folder.parent, review_url=False)
    monkeypatch.setattr(view.state, "reload", failing(kind))
    view.reload_button.click()
    assert_shown(view.feedback.label.value, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_a_folder_screen_says_why_it_cannot_open(tmp_path: Path, kind: str) -> None:
    screen = folder_screen(tmp_path, lambda _folder: KINDS[kind]())  # type: ignore[func-returns-value]
    assert_shown(screen.children[1].value, kind)


def test_the_guard_returns_the_callbacks_result_and_shows_nothing_when_all_goes_well() -> None:
    import ipywidgets as widgets

    place = widgets.HTML("avant")
    assert guard(lambda x: x * 2, place)(21) == 42 and place.value == "avant"
    seen: list[BaseException] = []
    assert guard(lambda: 1 / 0, seen.append)() is None and isinstance(seen[0], ZeroDivisionError)
