"""Imports point one way: models → storage → analysis → dashboard / export → journey → ui → cli; and every
callback of a screen goes through the guard that shows its errors in the page.

Read from the source with ``ast`` (every import, also those inside functions), so a lazy import cannot hide a
dependency the wrong way.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "vae_toolkit"

FORBIDDEN = {
    "models": {"storage", "analysis", "dashboard", "export", "journey", "ui", "app", "cli", "demo"},
    "storage": {"analysis", "dashboard", "export", "journey", "ui", "app", "cli", "demo"},
    "analysis": {"storage", "dashboard", "export", "journey", "ui", "app", "cli", "demo"},
    "dashboard": {"export", "journey", "ui", "app", "cli"},
    "export": {"dashboard", "journey", "ui", "app", "cli"},
    "journey": {"ui", "app", "cli"},
}
"""For each layer, the packages of vae_toolkit it must never import."""

WIDGET_LIBRARIES = {"ipywidgets", "anywidget"}
"""journey/ holds the screens' models without widgets: these never appear there."""


def imported_names(source: str) -> set[tuple[str, int]]:
    """Every module name ``source`` imports (``a.b`` and ``a.b.c`` for ``from a.b import c``), with lines."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {(name, node.lineno) for name in [node.module] + [f"{node.module}.{a.name}" for a in node.names]}
        elif isinstance(node, ast.Import):
            found |= {(a.name, node.lineno) for a in node.names}
    return found


def imported_packages(source: str) -> set[tuple[str, int]]:
    """The vae_toolkit packages ``source`` imports (``storage`` for ``vae_toolkit.storage.dossier``), with lines."""
    return {(name.split(".")[1], line) for name, line in imported_names(source)
            if name.startswith("vae_toolkit.")}


def test_the_reader_sees_lazy_and_package_imports() -> None:
    source = ("import os\nfrom vae_toolkit.models import dossier\n"
              "def f():\n    from vae_toolkit import storage\n    import vae_toolkit.cli.main\n")
    assert imported_packages(source) == {("models", 2), ("storage", 4), ("cli", 5)}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_layer_imports_a_layer_above_it(layer: str) -> None:
    modules = sorted((PACKAGE / layer).rglob("*.py"))
    assert modules, layer
    wrong = [f"{path.relative_to(PACKAGE)}:{line} imports vae_toolkit.{package}"
             for path in modules
             for package, line in sorted(imported_packages(path.read_text(encoding="utf-8")))
             if package in FORBIDDEN[layer]]
    assert wrong == []


def test_journey_imports_no_widget_library() -> None:
    modules = sorted((PACKAGE / "journey").rglob("*.py"))
    assert len(modules) > 10
    wrong = [f"{path.relative_to(PACKAGE)}:{line} imports {name}"
             for path in modules for name, line in sorted(imported_names(path.read_text(encoding="utf-8")))
             if name.split(".")[0] in WIDGET_LIBRARIES]
    assert wrong == []


def test_the_import_reader_sees_widget_libraries() -> None:
    source = "import ipywidgets as widgets\ndef f():\n    from anywidget import AnyWidget\n"
    assert {name.split(".")[0] for name, _ in imported_names(source)} == {"ipywidgets", "anywidget"}


REGISTRATIONS = {"on_click", "observe", "on_msg", "on_submit"}
"""The methods through which a widget (or a traitlets object) calls back into a screen."""


def registrations(source: str) -> list[tuple[int, bool]]:
    """Each line where a callback is registered, and whether it is wrapped by a guard.

    A callback is wrapped when the argument given to ``x.on_click(...)``, ``x.observe(...)``, ``x.on_msg(...)`` is
    itself a call of a function named ``guard`` (``guard(f, place)``, ``feedback.guard(f)``, ``self.guard(f)``…):
    every such function in ``vae_toolkit.ui`` ends in :func:`vae_toolkit.ui.common.guard`.
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in REGISTRATIONS):
            continue
        handler = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "handler"), None)
        callee = handler.func if isinstance(handler, ast.Call) else None
        name = callee.id if isinstance(callee, ast.Name) else callee.attr if isinstance(callee, ast.Attribute) else ""
        found.append((node.lineno, name == "guard"))
    return sorted(found)


def unguarded_callbacks(source: str) -> list[int]:
    return [line for line, guarded in registrations(source) if not guarded]


def test_the_callback_reader_tells_wrapped_from_bare() -> None:
    source = ("b.on_click(self.feedback.guard(self._go))\n"
              "b.on_click(lambda _b: self._go())\n"
              "w.observe(guard(lambda ch: f(ch), self.message), names='value')\n"
              "w.observe(self._changed, names='value')\n"
              "w.observe(handler=self._changed, names='value')\n"
              "n.on_msg(self.guard(self._message))\n"
              "w.observe(unguarded(self._changed))\n")
    assert unguarded_callbacks(source) == [2, 4, 5, 7]


def test_every_callback_of_a_screen_goes_through_the_guard() -> None:
    """A callback's error must reach the page (in French), never vanish into the kernel's log."""
    found = {path.relative_to(PACKAGE): registrations(path.read_text(encoding="utf-8"))
             for path in sorted((PACKAGE / "ui").rglob("*.py"))}
    assert sum(map(len, found.values())) > 50, "the screens register their callbacks this way"
    assert [f"{path}:{line}" for path, lines in found.items() for line, guarded in lines if not guarded] == []
