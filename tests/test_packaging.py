"""Packaging stays coherent: one dependency list, a committed schema in sync, a true README."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import yaml

from vae_toolkit.models.dossier import SCHEMA_VERSION
from vae_toolkit.models.schema import SCHEMA_DIR, dossier_schema, schema_text

ROOT = Path(__file__).resolve().parents[1]


def _name_and_bound(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    assert m, spec
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def _conda_listed(name: str) -> dict[str, str]:
    env = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    listed: dict[str, str] = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for spec in dep["pip"]:
                if not spec.startswith("-"):
                    listed.update([_name_and_bound(spec)])
        elif not dep.startswith(("python", "pip")):
            listed.update([_name_and_bound(dep)])
    return listed


def test_environment_yml_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = dict(_name_and_bound(s) for s in project["dependencies"])
    assert _conda_listed("environment.yml") == wanted
    assert project["requires-python"] == ">=3.11"


def test_environment_dev_yml_adds_exactly_the_test_tools() -> None:
    """Conda users can run the tests: environment-dev.yml = the dependencies + the ``test`` extra, installed."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = dict(_name_and_bound(s) for s in project["dependencies"] + project["optional-dependencies"]["test"])
    assert _conda_listed("environment-dev.yml") == wanted
    env = yaml.safe_load((ROOT / "environment-dev.yml").read_text(encoding="utf-8"))
    pip = next(dep["pip"] for dep in env["dependencies"] if isinstance(dep, dict))
    assert "-e .[test]" in pip


def test_committed_json_schema_is_in_sync() -> None:
    committed = (SCHEMA_DIR / f"dossier.v{SCHEMA_VERSION}.json").read_text(encoding="utf-8")
    assert committed == schema_text(dossier_schema()), "run: python -m vae_toolkit.models.schema"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in ci.splitlines() if line.strip() and not line.startswith(("#", "set ", "cd "))]
    assert commands == ["python3 bootstrap.py test"]
    assert "python3 bootstrap.py test" in readme and "python3 bootstrap.py app" in readme


def shipped_notebooks(root: Path = ROOT) -> list[str]:
    """The notebooks of the project, as the folder holds them (what an sdist or a wheel carries)."""
    return sorted(p.relative_to(root).as_posix() for p in (root / "notebooks").rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)


def notebooks_with_outputs(root: Path = ROOT) -> list[str]:
    """``path: cell N`` for every code cell of a shipped notebook that holds an output or an execution count."""
    import json

    found = []
    for name in shipped_notebooks(root):
        cells = json.loads((root / name).read_text(encoding="utf-8"))["cells"]
        found += [f"{name}: cell {i}" for i, cell in enumerate(cells) if cell["cell_type"] == "code"
                  and (cell.get("outputs") or cell.get("execution_count") is not None)]
    return found


def test_notebooks_are_committed_without_outputs(tmp_path: Path) -> None:
    assert len(shipped_notebooks()) >= 10
    assert notebooks_with_outputs() == []
    if (ROOT / ".git").exists():  # a checkout: every notebook shipped is committed, and only those
        tracked = subprocess.run(["git", "ls-files", "notebooks/*.ipynb", "notebooks/**/*.ipynb"], cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout.split()
        assert sorted(set(tracked)) == shipped_notebooks()
    executed = tmp_path / "notebooks" / "executed.ipynb"
    executed.parent.mkdir()
    executed.write_text('{"cells": [{"cell_type": "code", "execution_count": 1, "outputs": [], "source": "",'
                        ' "metadata": {}}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', encoding="utf-8")
    assert notebooks_with_outputs(tmp_path) == ["notebooks/executed.ipynb: cell 0"]


def test_readme_and_docs_links_point_to_files_that_exist() -> None:
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
            assert (page.parent / target).exists(), f"{page.name} links to a missing file: {target}"


def test_readme_lists_every_vae_subcommand() -> None:
    from vae_toolkit.cli.main import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    listed = set(re.findall(r"^\| `vae ([a-z-]+)", readme, flags=re.MULTILINE))
    assert listed == set(sub.choices), "README's command table and the vae command disagree"


def test_every_declared_export_has_its_entry_points_templates_and_exporter_classes() -> None:
    """pyproject.toml lists exactly the exporters of vae_toolkit.export.kinds, and each one exists."""
    from vae_toolkit.export import nbconvert_exporters
    from vae_toolkit.export.kinds import FORMATS, KINDS, entry_points

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"]
    assert declared["nbconvert.exporters"] == entry_points(), "copy kinds.entry_points() into pyproject.toml"
    for target in declared["nbconvert.exporters"].values():
        module, name = target.split(":")
        assert module == nbconvert_exporters.__name__ and isinstance(getattr(nbconvert_exporters, name), type), target
    for kind in KINDS:
        for fmt in FORMATS:
            assert (ROOT / "templates" / f"vae_{kind.name}_{fmt.name}" / fmt.template_file).is_file(), (kind, fmt)
