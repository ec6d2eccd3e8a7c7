"""Every notebook under notebooks/ runs top to bottom on a fresh demo dossier, without an error anywhere.

Notebooks are found by glob, so a new screen is tested as soon as it is added. Each one's ``parameters`` cell
says what it expects (``dossier``: one candidate's folder; ``dossiers``: a folder of candidates' folders); the
values are injected after it, as papermill does. Widget state is stored so the test can look inside the views.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(p for p in NOTEBOOK_DIR.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
IDS = [p.relative_to(NOTEBOOK_DIR).as_posix() for p in NOTEBOOKS]
ERROR_MARKERS = ("Traceback", "Erreur inattendue")
ERROR_CLASS = re.compile(r"""class=["'][^"']*\bvae-error\b""")  # an element styled as an error, not the CSS rule
CELL_TIMEOUT = 240


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def parameter_names(nb: dict) -> list[str]:
    """The names the ``parameters`` cell assigns, in order."""
    cell = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    tree = ast.parse("".join(cell["source"]))
    return [t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets
            if isinstance(t, ast.Name)]


def is_hidden_input(cell: dict) -> bool:
    meta = cell.get("metadata", {})
    return bool(meta.get("jupyter", {}).get("source_hidden")) and "hide-input" in meta.get("tags", [])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_a_thin_parametrised_shell(path: Path) -> None:
    """The one check of every notebook's shape (its outputs: tests/test_packaging.py)."""
    import nbformat

    nbformat.validate(nbformat.reads(path.read_text(encoding="utf-8"), as_version=4))
    nb = read(path)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged `parameters`"
    assert code[0] is tagged[0], "the parameters cell comes first"
    assert parameter_names(nb), "the parameters cell assigns the parameters"
    for name in parameter_names(nb):
        assert f"{name} = None" in "".join(tagged[0]["source"]), f"{name} defaults to None (chooser)"
    rest = code[1:]
    assert rest, "a cell shows the view"
    assert all(is_hidden_input(c) for c in rest), "every other code cell hides its input"


@pytest.fixture(scope="module")
def dossiers_folder(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A counsellor's shared folder holding two candidates' dossiers."""
    folder = tmp_path_factory.mktemp("candidats")
    for name in ("camille-ferrand", "camille-ferrand-copie"):
        shutil.copytree(demo_template, folder / name)
    return folder


@pytest.fixture(scope="module")
def referentiel_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A référentiel imported from the v4.1 fixture (marked « à relire »), for the counsellor's review screen."""
    from vae_toolkit.referentiels.build import build_referentiel
    from vae_toolkit.referentiels.rncp_export import read_fiche
    from vae_toolkit.storage.referentiel_file import write_referentiel_file

    fiche = read_fiche(ROOT / "tests" / "data" / "rncp" / "export_fiches_RNCP_V4_1_2026-11-28.xml", "RNCP90002")
    return write_referentiel_file(tmp_path_factory.mktemp("referentiels") / "RNCP90002.yaml",
                                  build_referentiel(fiche).data)


def values_for(names: list[str], demo: Path, dossiers: Path, referentiel: Path | None = None) -> dict[str, str]:
    known = {"dossier": str(demo), "dossiers": str(dossiers), "referentiel": str(referentiel)}
    unknown = [n for n in names if n not in known]
    assert not unknown, f"unknown notebook parameters {unknown}: tell tests/test_notebooks.py what to inject"
    return {n: known[n] for n in names}


def inject(nb, values: dict[str, str]):  # noqa: ANN001, ANN201 - nbformat nodes
    """Insert a cell assigning ``values`` right after the parameters cell (papermill's convention)."""
    import nbformat

    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    source = "\n".join(f"{k} = {v!r}" for k, v in values.items())
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]}))
    return nb


def problems_in(nb) -> list[str]:  # noqa: ANN001 - nbformat node
    """Error outputs, tracebacks on stderr, and error messages shown inside widgets."""
    found = []
    for n, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append(f"cell {n}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr" and "Traceback" in out.text:
                found.append(f"cell {n} stderr: {out.text[-1500:]}")
    for text in widget_strings(nb.metadata.get("widgets", {})):
        if any(marker in text for marker in ERROR_MARKERS) or ERROR_CLASS.search(text):
            found.append(f"a widget shows an error: {text[:1500]}")
    return found


def dossier_texts(folder: Path) -> set[str]:
    """Names and titles written in the dossier (short single-line strings): one of them on screen proves it opened."""
    import yaml

    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str) and 6 <= len(value) <= 80 and "\n" not in value and " " in value:
            found.add(value)

    data = yaml.safe_load((folder / "dossier.yaml").read_text(encoding="utf-8"))
    walk(data)
    profil = data.get("profil") or {}
    found.update(n for n in (profil.get("nom"), f"{profil.get('prenom')} {profil.get('nom')}") if n)
    return found


def widget_strings(state: object) -> list[str]:
    """Every string inside the stored widget state, CSS classes of the widgets included."""
    if isinstance(state, str):
        return [state]
    if isinstance(state, dict):
        classes = state.get("_dom_classes")
        own = ["class='" + " ".join(classes) + "'"] if isinstance(classes, list) and classes else []
        return own + [s for v in state.values() for s in widget_strings(v)]
    if isinstance(state, list):
        return [s for v in state for s in widget_strings(v)]
    return []


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_on_the_demo_dossier(path: Path, demo_folder: Path, dossiers_folder: Path,
                                           referentiel_file: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    inject(nb, values_for(parameter_names(read(path)), demo_folder, dossiers_folder, referentiel_file))
    before = (demo_folder / "dossier.yaml").read_bytes()
    begin = time.perf_counter()
    NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    print(f"{path.name}: executed in {time.perf_counter() - begin:.1f} s")
    assert problems_in(nb) == []
    shown = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type in ("display_data", "execute_result")]
    assert any("application/vnd.jupyter.widget-view+json" in o.data for o in shown), "the view is displayed"
    shown_text = "\n".join(widget_strings(nb.metadata.get("widgets", {})))
    if "referentiel" in parameter_names(read(path)):
        expected = {"Accueillir les personnes et leurs proches"}  # a compétence of the imported fiche
    else:
        expected = dossier_texts(demo_folder)
    assert any(text in shown_text for text in expected), "the view shows the dossier's (or référentiel's) content"
    assert (demo_folder / "dossier.yaml").read_bytes() == before, "opening a screen does not rewrite the dossier"
