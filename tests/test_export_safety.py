"""Exports never replace the candidate's files, long words wrap, oversized PDFs are refused, fonts are ours
only, and the app's token never reaches a command line (issue 15, items 2, 3, 9, 10, 11)."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import stat
from pathlib import Path

import pytest
from export_helpers import normalise_pdf_text, pdf_text

from vae_toolkit.errors import VaeError
from vae_toolkit.export import render
from vae_toolkit.export.api import build_context, export

TODAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize("target", ["dossier.yaml", "revue.yaml", "historique/dossier-x.yaml", "pieces/x.pdf",
                                    "pieces/attestation-employeur-departement.txt"])
def test_an_export_never_writes_over_the_dossiers_own_files(demo_folder: Path, vae, target: str) -> None:
    from vae_toolkit.storage.review import ReviewSession

    ReviewSession(demo_folder).save()
    (demo_folder / "historique").mkdir(exist_ok=True)
    before = {p: p.read_bytes() for p in demo_folder.rglob("*") if p.is_file()}
    result = vae("export", demo_folder, "--format", "html", "-o", demo_folder / target)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Refusé" in result.stderr and "dossier du candidat" in result.stderr
    assert {p: p.read_bytes() for p in demo_folder.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_an_export_replaces_a_previous_export_but_no_other_file(demo_folder: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"rapport.{fmt}"
    export(demo_folder, "gaps", fmt, out, today=TODAY)
    first = out.read_bytes()
    export(demo_folder, "gaps", fmt, out, today=TODAY)  # a previous export: replaced
    assert out.read_bytes()[:5] == first[:5]
    foreign = tmp_path / f"attestation.{fmt}"
    foreign.write_bytes(b"%PDF-1.7 a candidate's own file" if fmt == "pdf" else b"<html>mine</html>")
    with pytest.raises(VaeError, match="n’est pas un export de vae-toolkit"):
        export(demo_folder, "gaps", fmt, foreign, today=TODAY)
    assert foreign.read_bytes().endswith(b"own file" if fmt == "pdf" else b"mine</html>")


def test_a_symlink_or_a_hard_link_to_the_dossier_is_refused(demo_folder: Path, tmp_path: Path) -> None:
    link = tmp_path / "lien.html"
    link.symlink_to(demo_folder / "dossier.yaml")
    hard = tmp_path / "dur.html"
    os.link(demo_folder / "dossier.yaml", hard)
    raw = (demo_folder / "dossier.yaml").read_bytes()
    for target in (link, hard):
        with pytest.raises(VaeError, match="Refusé"):
            export(demo_folder, "livret", "html", target, today=TODAY)
    assert (demo_folder / "dossier.yaml").read_bytes() == raw


def test_a_500_character_word_wraps_inside_the_page(demo_folder: Path) -> None:
    """Rendered to PNG: the right margin stays blank, and the whole word is still in the PDF's text."""
    import typst
    from PIL import Image

    from vae_toolkit.storage.dossier import DossierSession

    word = "".join(chr(ord("a") + i % 26) for i in range(500))
    session = DossierSession(demo_folder)
    session.dossier.situations[0].contexte = f"Début {word} fin."
    session.save()
    source = render.render_source("livret", "pdf", build_context(demo_folder, "livret", today=TODAY))
    main = demo_folder / "page.typ"
    main.write_text(source, encoding="utf-8")
    pages = typst.compile(str(main), format="png", ppi=40, ignore_system_fonts=True, font_paths=render.shipped_fonts())
    assert isinstance(pages, list) and len(pages) > 3
    for png in pages:
        image = Image.open(io.BytesIO(png)).convert("L")
        width, height = image.size
        margin = image.crop((width - int(width * 0.06), 0, width, height))  # A4 margin is wider than 6 %
        assert margin.getextrema()[0] > 200, "text ran into the right margin"
    pdf = demo_folder / "livret.pdf"
    export(demo_folder, "livret", "pdf", pdf, today=TODAY)
    assert word in re.sub(r"[\s-]", "", pdf_text(pdf))  # wrapped (and hyphenated) over lines, every letter kept


def test_an_oversized_pdf_is_refused_in_french_and_nothing_is_written(demo_folder: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "MAX_LAYOUT_WEIGHT", 20_000)  # the demo’s livret weighs about 91,000
    out = tmp_path / "livret.pdf"
    with pytest.raises(VaeError, match="Document trop volumineux pour un PDF") as caught:
        export(demo_folder, "livret", "pdf", out, today=TODAY)
    assert "Exportez en HTML" in str(caught.value) and not out.exists()
    export(demo_folder, "livret", "html", tmp_path / "livret.html", today=TODAY)  # HTML has no such limit


def test_pdfs_use_only_the_shipped_fonts_even_with_other_fonts_on_the_machine(tmp_path: Path) -> None:
    """A font installed for the user (here in a private HOME) is never used, whatever the text asks for."""
    import shutil
    import subprocess
    import sys

    system_font = next(iter(sorted(Path("/usr/share/fonts").rglob("DejaVuMathTeXGyre.ttf"))), None)
    if system_font is None:
        pytest.skip("no DejaVu Math TeX Gyre font on this machine to stand for a system font")
    home = tmp_path / "home"
    (home / ".fonts").mkdir(parents=True)
    shutil.copy(system_font, home / ".fonts" / "extra.ttf")
    code = ("import sys, io\nfrom vae_toolkit.export import render\nfrom pypdf import PdfReader\n"
            "pdf = render.compile_pdf('#set text(font: (\"DejaVu Math TeX Gyre\", \"Libertinus Serif\"))\\n"
            "Bonjour Ελληνικά Кириллица مرحبا ∮ ⨁')\n"
            "fonts = {str(f.get_object()['/BaseFont']).split('+')[-1] for p in PdfReader(io.BytesIO(pdf)).pages "
            "for f in p['/Resources']['/Font'].values()}\nprint(sorted(fonts))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, HOME=str(home)))
    assert done.returncode == 0, done.stderr
    fonts = done.stdout
    assert "DejaVuMath" not in fonts
    families = set(render.shipped_fonts().families())
    assert {"Libertinus Serif", "DejaVu Sans", "Last Resort High-Efficiency"} <= families
    assert "DejaVu Math TeX Gyre" not in families


def test_text_assertions_ignore_soft_hyphens_and_layout_marks() -> None:
    # What pypdf reads from Typst's PDFs: a real hyphen as U+00AD, a hyphenation break as U+00AD + newline.
    assert normalise_pdf_text("Auto\u00adéva\u00ad\nluation et\npreuves") == "Auto-évaluation et preuves"
    assert normalise_pdf_text("mot\u200blong co-\nopération\u2060") == "motlong co-opération"


def test_the_browser_is_opened_on_a_private_file_never_on_the_token_url(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from vae_toolkit.app import launch_file, server

    opened: list[str] = []
    monkeypatch.setattr(server.webbrowser, "open", lambda url, **_kw: opened.append(url))
    monkeypatch.setattr(launch_file, "runtime_dir", lambda: tmp_path / "runtime")

    class Now:
        def __init__(self, target, args=(), kwargs=None, daemon=None) -> None:
            self.run = lambda: target(*args, **(kwargs or {}))

        def start(self) -> None:
            self.run()

    monkeypatch.setattr(server.threading, "Thread", Now)
    url = "http://127.0.0.1:8866/voila/render/00_accueil.ipynb?token=SECRET-TOKEN-123"
    launch = server._open_later(url)
    assert len(opened) == 1 and "SECRET" not in opened[0] and opened[0].startswith("file://")
    assert Path(launch) == tmp_path / "runtime" / launch.name and launch.as_uri() == opened[0]
    assert stat.S_IMODE(launch.stat().st_mode) == 0o600
    assert stat.S_IMODE(launch.parent.stat().st_mode) == 0o700
    page = launch.read_text(encoding="utf-8")
    assert 'content="0;url=http://127.0.0.1:8866/voila/render/00_accueil.ipynb?token=SECRET-TOKEN-123"' in page
    launch_file.remove_launch_file(launch)
    assert not launch.exists()
