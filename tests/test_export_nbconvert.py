"""The nbconvert side: exporters found through nbconvert's own API, ``jupyter nbconvert --to vae_*`` run for
real, and a wheel that carries the templates and the entry points for a non-editable install."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from export_helpers import page_count, pdf_text

from vae_toolkit.export.kinds import FORMAT_NAMES, KIND_NAMES
from vae_toolkit.export.nbconvert_exporters import notebook_parameter

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "06_dossier_de_validation.ipynb"
NAMES = [f"vae_{k}_{f}" for k in KIND_NAMES for f in FORMAT_NAMES]


def jupyter(*args: str | Path, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real ``jupyter`` command of the environment running the tests (``<venv>/bin/jupyter``)."""
    script = Path(sys.executable).with_name("jupyter")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "jupyter"]
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                          env=dict(os.environ, **(env or {})), cwd=cwd, timeout=300)


def test_exporters_are_found_by_nbconvert_with_usable_templates() -> None:
    from nbconvert.exporters import get_export_names, get_exporter

    names = get_export_names()
    for name in NAMES:
        assert name in names, name  # get_export_names drops an exporter whose template refuses its mimetype
        exporter = get_exporter(name)()
        assert exporter.template_name == name
        expected = "application/pdf" if name.endswith("pdf") else "text/html"
        assert exporter.output_mimetype == expected
        assert exporter.file_extension == ("." + name.rsplit("_", 1)[1])
        assert exporter.export_from_notebook.startswith("VAE – ")


def test_dossier_is_read_from_injected_parameters_first() -> None:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("dossier = None", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("dossier = '~/vae'", metadata={"tags": ["injected-parameters"]})])
    assert notebook_parameter(nb) == "~/vae"
    nb.cells.pop()
    assert notebook_parameter(nb) is None
    nb.cells[0].source = "dossier = os.environ['X']"  # not a literal: ignored, never executed
    assert notebook_parameter(nb) is None


def test_jupyter_nbconvert_to_vae_livret_pdf(demo_folder: Path, tmp_path: Path) -> None:
    done = jupyter("nbconvert", "--to", "vae_livret_pdf", NOTEBOOK, "--output-dir", tmp_path,
                   env={"VAE_DOSSIER": str(demo_folder)})
    assert done.returncode == 0, done.stderr[-3000:]
    pdf = tmp_path / "06_dossier_de_validation.pdf"
    assert page_count(pdf) >= 10
    text = pdf_text(pdf)
    assert "Camille Ferrand" in text and "RNCP39644" in text and "Table des matières" in text


def test_final_livret_exporters_write_the_version_to_send(demo_folder: Path, tmp_path: Path) -> None:
    from nbconvert.exporters import get_export_names, get_exporter

    assert {"vae_livret_final_pdf", "vae_livret_final_html"} <= set(get_export_names())
    html_exporter = get_exporter("vae_livret_final_html")()
    assert html_exporter.export_from_notebook.startswith("VAE – dossier de validation à envoyer")
    done = jupyter("nbconvert", "--to", "vae_livret_final_pdf", NOTEBOOK, "--output-dir", tmp_path,
                   env={"VAE_DOSSIER": str(demo_folder)})
    assert done.returncode == 0, done.stderr[-3000:]
    pdf = tmp_path / "06_dossier_de_validation.pdf"
    text = pdf_text(pdf)
    assert "Camille Ferrand" in text and "compléter" not in text and b"pdfuaid" in pdf.read_bytes()
    done = jupyter("nbconvert", "--to", "vae_livret_pdf", NOTEBOOK, "--output-dir", tmp_path,
                   "--VaeDataPreprocessor.final=True", env={"VAE_DOSSIER": str(demo_folder)})
    assert done.returncode == 0 and "compléter" not in pdf_text(pdf)


def test_parameters_cell_relative_path_and_option(demo_folder: Path, tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells[1].source = f"dossier = {demo_folder.name!r}"
    target = demo_folder.parent / "livret.ipynb"  # a relative path is read from the notebook's folder
    nbformat.write(nb, target)
    done = jupyter("nbconvert", "--to", "vae_gaps_html", target, cwd=ROOT, env={"VAE_DOSSIER": ""})
    assert done.returncode == 0, done.stderr[-3000:]
    html = target.with_suffix(".html").read_text(encoding="utf-8")
    assert "Analyse des écarts" in html and "Camille Ferrand" in html
    done = jupyter("nbconvert", "--to", "vae_review_html", NOTEBOOK, "--output-dir", tmp_path,
                   f"--VaeDataPreprocessor.dossier={demo_folder}")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Rapport de revue" in (tmp_path / "06_dossier_de_validation.html").read_text(encoding="utf-8")


def test_no_dossier_is_a_french_error(tmp_path: Path) -> None:
    done = jupyter("nbconvert", "--to", "vae_livret_pdf", NOTEBOOK, "--output-dir", tmp_path,
                   env={"VAE_DOSSIER": ""})
    assert done.returncode != 0 and "Aucun dossier indiqué" in done.stderr


@pytest.mark.slow
def test_wheel_ships_templates_as_shared_data_and_the_entry_points(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        entry_points = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))
    prefix = next(n.split("/")[0] for n in names if ".data/" in n) + "/data/share/jupyter/nbconvert/templates/"
    for template in (ROOT / "templates").iterdir():
        for file in template.iterdir():
            assert f"{prefix}{template.name}/{file.name}" in names, file
    assert "[nbconvert.exporters]" in entry_points
    for name in NAMES:
        assert f"{name} = vae_toolkit.export.nbconvert_exporters:" in entry_points


@pytest.mark.slow
def test_non_editable_install_converts_from_a_clean_venv(installed_python: Path, demo_folder: Path,
                                                         tmp_path: Path) -> None:
    """The wheel in a fresh venv (dependencies borrowed read-only from ours): nbconvert finds the installed
    templates under <venv>/share/jupyter, not the source tree."""
    python, target = installed_python, installed_python.parents[1]
    assert (target / "share/jupyter/nbconvert/templates/vae_livret_pdf/index.typ.j2").exists()
    # nbconvert's own templates (base, lab…) come with nbconvert, which is borrowed: offer them alone,
    # without the vae_* folders our editable install may have copied beside them.
    borrowed = tmp_path / "jupyter-data" / "nbconvert" / "templates"
    borrowed.mkdir(parents=True)
    for folder in (Path(sys.prefix) / "share/jupyter/nbconvert/templates").iterdir():
        if not folder.name.startswith("vae_"):
            (borrowed / folder.name).symlink_to(folder)
    work = tmp_path / "ailleurs"
    work.mkdir()
    shutil.copy(NOTEBOOK, work / "livret.ipynb")
    done = subprocess.run([str(python), "-m", "nbconvert", "--to", "vae_livret_pdf", "livret.ipynb"], cwd=work,
                          capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, VAE_DOSSIER=str(demo_folder), JUPYTER_PATH=str(borrowed.parents[1])))
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Camille Ferrand" in pdf_text(work / "livret.pdf")
    code = "import vae_toolkit.export.render as r; print([str(p) for p in r.template_chain('vae_livret_pdf')])"
    where = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True, cwd=work,
                           env=dict(os.environ, JUPYTER_PATH=str(borrowed.parents[1]))).stdout
    assert str(ROOT / "templates") not in where and str(target / "share/jupyter") in where


TOKEN = "jeton-de-test-export"


def _request(url: str):  # noqa: ANN202 - urllib.request.Request, imported lazily
    import urllib.request

    return urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})


@pytest.fixture
def jupyter_server(demo_folder: Path, tmp_path: Path):  # noqa: ANN201 - a generator fixture
    """A real jupyter_server on 127.0.0.1 serving notebooks/, stopped by its own PID."""
    import time
    import urllib.request

    from _servers import free_port

    port = free_port()
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", f"--ServerApp.port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={TOKEN}", "--no-browser", "--allow-root",
         f"--ServerApp.root_dir={ROOT / 'notebooks'}", f"--ServerApp.runtime_dir={tmp_path / 'runtime'}"],
        stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, VAE_DOSSIER=str(demo_folder),
                                                       JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime")))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(_request(f"{base}/api/status"), timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError((tmp_path / "server.log").read_text()[-3000:]) from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


@pytest.mark.slow
def test_jupyterlab_lists_and_downloads_the_exports(jupyter_server: str) -> None:
    """What JupyterLab's File → Save and Export Notebook As does: list /api/nbconvert, then download."""
    import json
    import urllib.request

    with urllib.request.urlopen(_request(f"{jupyter_server}/api/nbconvert"), timeout=60) as answer:
        listed = json.load(answer)
    for name in NAMES:
        assert listed[name]["output_mimetype"] == ("application/pdf" if name.endswith("pdf") else "text/html")
    url = f"{jupyter_server}/nbconvert/vae_livret_pdf/06_dossier_de_validation.ipynb?download=true"
    with urllib.request.urlopen(_request(url), timeout=120) as answer:
        assert answer.headers["Content-Type"].startswith("application/pdf")
        assert "06_dossier_de_validation.pdf" in answer.headers["Content-Disposition"]
        body = answer.read()
    assert body.startswith(b"%PDF-") and len(body) > 50_000
