"""Imports point one way: models → storage → analysis → dashboard / export / ui → cli.

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
}
"""For each layer, the packages of vae_toolkit it must never import."""


def imported_packages(source: str) -> set[tuple[str, int]]:
    """The vae_toolkit packages ``source`` imports (``storage`` for ``vae_toolkit.storage.dossier``), with lines."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "vae_toolkit" and len(parts) > 1:
                found.add((parts[1], node.lineno))
    return found


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
