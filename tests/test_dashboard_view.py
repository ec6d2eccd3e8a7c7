"""The dashboard screen without a browser, and both counsellor notebooks: shape and a real run."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from vae_toolkit.storage.dossier import init_dossier
from vae_toolkit.ui.dashboard_view import DashboardView, dashboard_screen, table_html

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks" / "conseiller"


@pytest.fixture
def group(tmp_path: Path, demo_template: Path) -> Path:
    root = tmp_path / "groupe"
    shutil.copytree(demo_template, root / "demo")
    init_dossier(root / "durand", "Durand", "<Paul>", "RNCP39644")
    (root / "casse").mkdir()
    (root / "casse" / "dossier.yaml").write_text("schema_version: 1\nprofil: [\n", encoding="utf-8")
    return root


def test_filter_sort_and_errors_only(group: Path) -> None:
    view = DashboardView(group)
    assert "3 dossier(s) affiché(s) sur 3, dont 1 en erreur" in view.summary.value
    view.search.value = "durand"
    assert "Durand" in view.table.value and "demo" not in view.table.value
    view.search.value = ""
    view.errors_only.value = True
    assert "casse" in view.table.value and "vae-erreur" in view.table.value and "Durand" not in view.table.value
    view.errors_only.value = False
    view.sort.value, view.descending.value = "ecarts", True
    table = view.table.value
    assert table.index("durand") < table.index("demo") < table.index("casse")


def test_user_text_is_escaped_and_reload_sees_new_dossiers(group: Path) -> None:
    view = DashboardView(group)
    assert "&lt;Paul&gt; Durand" in view.table.value and "<Paul>" not in view.table.value
    init_dossier(group / "nouvelle", "Bernard", "Zoé", "RNCP39644")
    view.reload_button.click()
    assert "Zoé Bernard" in view.table.value


def test_empty_selection_says_so(group: Path) -> None:
    view = DashboardView(group)
    view.search.value = "personne de ce nom"
    assert "Aucun dossier ne correspond" in view.table.value
    assert "Aucun dossier" in table_html(view.state.visible())


def test_screen_without_a_folder_asks_for_one(group: Path, tmp_path: Path) -> None:
    screen = dashboard_screen(None)
    path, go = screen.children[0].children
    path.value = str(tmp_path / "absent")
    go.click()
    assert "n’existe pas" in screen.children[1].value
    path.value = str(group)
    go.click()
    assert isinstance(screen.children[0], DashboardView)


def _run(name: str, parameter: str, value: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    injected = nbformat.v4.new_code_cell(f"{parameter} = {str(value)!r}")
    injected.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(index + 1, injected)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    return nb


def _widget_texts(nb: nbformat.NotebookNode) -> str:
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    return "\n".join(str(w["state"].get("value", "")) for w in state.values())


def test_dashboard_notebook_runs_over_a_folder(group: Path) -> None:
    nb = _run("tableau_de_bord", "dossiers", group)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    texts = _widget_texts(nb)
    assert "Durand" in texts and "vae-erreur" in texts and "3 dossier(s) affiché(s) sur 3" in texts


def test_review_notebook_runs_on_a_dossier(demo_folder: Path) -> None:
    nb = _run("revue", "dossier", demo_folder)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert "Compétence par compétence" in str(nb.metadata["widgets"])


def test_one_click_opens_the_review_through_the_hook(group: Path) -> None:
    opened: list[Path] = []
    view = DashboardView(group, on_open=opened.append)
    assert view.rows in view.children and view.table not in view.children
    labels = [label for label, _ in view.rows.options]
    assert len(labels) == 3 and any("Durand" in label for label in labels)
    assert "Candidat" in view.rows_header.value and "Activité" in view.rows_header.value
    view.rows.value = "durand"  # what a click on that line does
    assert opened == [group / "durand"] and view.rows.value is None
    view.rows.value = "durand"  # the same line again
    assert opened == [group / "durand"] * 2
    view.search.value = "durand"
    assert [d for _, d in view.rows.options] == ["durand"]

    def broken(_folder: Path) -> None:
        raise RuntimeError("écran absent")

    failing = DashboardView(group, on_open=broken)
    failing.open_dossier("demo")
    shown = failing.feedback.label.value
    assert "Impossible d’ouvrir la revue" in shown and "demo" in shown and "écran absent" in shown


def test_without_a_hook_each_row_links_to_its_review_page(group: Path) -> None:
    view = DashboardView(group, review_url=lambda folder: f"revue.ipynb?dossier={folder.name}&x=<y>")
    assert 'href="revue.ipynb?dossier=durand&amp;x=&lt;y&gt;"' in view.table.value
    assert view.table.value.count(">Ouvrir</a>") == 3
    assert "Dernière activité" in view.table.value
    plain = DashboardView(group, review_url=False)
    assert "Ouvrir</a>" not in plain.table.value


def test_csv_export_of_the_visible_rows(group: Path) -> None:
    import base64
    import re

    view = DashboardView(group)
    view.search.value = "durand"
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", view.csv_link.value).group(1)
    text = base64.b64decode(data).decode("utf-8")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Dossier;Candidat;") and "Dernière activité" in lines[0]
    assert len(lines) == 2 and lines[1].startswith("durand;<Paul> Durand;")
    assert "1 ligne(s) affichée(s)" in view.csv_link.value
