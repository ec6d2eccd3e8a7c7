"""notebooks/05_ecarts shows the analysis of the demo: statuses, grid, recommendations and the three charts.

The shape of every notebook (parameters cell, hidden input, no outputs) is checked in tests/test_notebooks.py.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "05_ecarts.ipynb"


def test_notebook_runs_on_the_demo_and_shows_tables_and_charts(demo_folder: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    injected = nbformat.v4.new_code_cell(f"dossier = {str(demo_folder)!r}")
    injected.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(index + 1, injected)
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    texts = "\n".join(str(w["state"].get("value", "")) for w in state.values())
    for expected in ("BC01.C3.I3", "Lacune", "À étayer", "Partiellement", "Haute"):
        assert expected in texts, expected
    images = [w for w in state.values() if w["model_name"] == "ImageModel"]
    assert len(images) == 3
    assert all(w["buffers"][0]["data"].startswith("iVBORw0KGgo") for w in images)  # base64 of a PNG signature
    tabs = next(w for w in state.values() if w["model_name"] == "TabModel")
    assert "Graphiques" in tabs["state"]["titles"]
