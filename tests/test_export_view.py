"""The 06 screen (livret preview section by section, Export button) and the Export panel of 05_ecarts."""

from __future__ import annotations

import base64
import datetime as dt
import shutil
from pathlib import Path

import ipywidgets as widgets
from export_helpers import inject

from vae_toolkit.journey.livret_preview import LivretPreview
from vae_toolkit.ui.export_view import ExportPanel, LivretView, livret_screen
from vae_toolkit.ui.gaps_view import gaps_screen

TODAY = dt.date(2026, 11, 29)


def test_preview_has_one_section_each_with_counters_and_markers(demo_folder: Path) -> None:
    view = LivretView(LivretPreview(demo_folder, today=TODAY))
    titles = view.accordion.titles
    # the demo's deliberate « Mme Roussel » (docs/demo.md) is counted in the identity section
    assert titles[0] == "Identité et certification visée – 1 à compléter" and titles[-1] == "Annexe\u00a0: référentiel RNCP39644"
    assert any(t.startswith("Parcours") and "\u00a0mots ·" in t and t.endswith("signes") for t in titles)
    bloc_titles = [t for t in titles if "à compléter" in t]
    assert bloc_titles, titles
    html = {t: c.value for t, c in zip(titles, view.accordion.children, strict=True)}
    marked = html[bloc_titles[0]]
    assert "À compléter\u00a0:" in marked and "class=\"todo\"" in marked
    assert "Camille Ferrand" in view.header.value and "point(s) à compléter" in view.header.value


def test_export_button_writes_the_file_and_links_to_it(demo_folder: Path) -> None:
    view = LivretView(LivretPreview(demo_folder, today=TODAY))
    view.panel.button.click()
    written = demo_folder / "exports" / "dossier-de-validation-2026-11-29.pdf"
    assert written.read_bytes().startswith(b"%PDF-")
    result = view.panel.result.value
    assert str(written) in result and 'download="dossier-de-validation-2026-11-29.pdf"' in result
    encoded = result.split("base64,", 1)[1].split('"', 1)[0]
    assert base64.b64decode(encoded) == written.read_bytes()
    view.panel.what.value, view.panel.format.value = "gaps", "html"
    view.panel.button.click()
    assert (demo_folder / "exports" / "analyse-des-ecarts-2026-11-29.html").exists()
    assert not view.panel.button.disabled


def test_export_error_is_shown_in_french_in_the_page(demo_folder: Path) -> None:
    panel = ExportPanel(demo_folder, today=TODAY)
    (demo_folder / "dossier.yaml").write_text("schema_version: 1\ncertification: [\n", encoding="utf-8")
    panel.button.click()
    shown = panel.result.value
    assert "class='vae-error'" in shown and "dossier.yaml" in shown and "invalide" in shown and "ligne" in shown
    assert "Traceback" not in shown


def test_refresh_reads_changes_made_elsewhere(demo_folder: Path) -> None:
    view = LivretView(LivretPreview(demo_folder, today=TODAY))
    inject(demo_folder)
    view.refresh_button.click()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in view.header.value
    assert "<script>" not in "".join(c.value for c in view.accordion.children)


def test_screen_without_a_folder_asks_for_one(tmp_path: Path, demo_folder: Path) -> None:
    screen = livret_screen(None)
    field, go = screen.children[0].children
    field.value = str(tmp_path / "absent")
    go.click()
    assert "n’existe pas" in screen.children[1].value
    field.value = str(demo_folder)
    go.click()
    assert isinstance(screen.children[0], LivretView)


def test_gaps_screen_has_an_export_panel_for_the_gap_report(demo_folder: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copie"
    shutil.copytree(demo_folder, copy)
    screen = gaps_screen(copy, today=TODAY)
    panel = screen.children[-1]
    assert isinstance(panel, ExportPanel) and panel.what.value == "gaps"
    assert panel.what.layout.display == "none"
    panel.format.value = "html"
    panel.button.click()
    assert (copy / "exports" / "analyse-des-ecarts-2026-11-29.html").exists()
    assert isinstance(panel.result, widgets.HTML) and "Analyse des écarts écrit" in panel.result.value


def test_notebook_runs_on_the_demo_and_shows_the_preview(demo_folder: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    root = Path(__file__).resolve().parents[1]
    nb = nbformat.read(root / "notebooks" / "06_dossier_de_validation.ipynb", as_version=4)
    injected = nbformat.v4.new_code_cell(f"dossier = {str(demo_folder)!r}", metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(2, injected)
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(root)}}).execute()
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    accordion = next(w for w in state.values() if w["model_name"] == "AccordionModel")
    assert "Identité et certification visée – 1 à compléter" in accordion["state"]["titles"]  # docs/demo.md
    assert any("<h3>Anonymisation</h3>" in str(w["state"].get("value", "")) for w in state.values())
    buttons = [w["state"].get("description") for w in state.values() if w["model_name"] == "ButtonModel"]
    assert "Exporter" in buttons


def test_the_version_to_send_is_chosen_on_the_screen(demo_folder: Path) -> None:
    view = LivretView(LivretPreview(demo_folder, today=TODAY))
    assert "vae-export-version" in view.panel.version._dom_classes and view.panel.version.value is False
    view.panel.version.value = True
    assert view.preview.final and not any("à compléter" in t for t in view.accordion.titles)
    assert "version à envoyer au jury" in view.header.value
    assert "À compléter" not in "".join(c.value for c in view.accordion.children)
    view.panel.button.click()
    written = demo_folder / "exports" / "dossier-de-validation-final-2026-11-29.pdf"
    assert written.read_bytes().startswith(b"%PDF-") and b"pdfuaid" in written.read_bytes()
    view.panel.what.value = "gaps"
    assert view.panel.version.layout.display == "none"
