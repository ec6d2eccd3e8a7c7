"""User text is escaped for each target: every injection case prints literally, runs nothing, reads no file."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from export_helpers import INJECTIONS, PAYLOAD, inject, pdf_text

from vae_toolkit.export.typography import typographic

from vae_toolkit.export import render
from vae_toolkit.export.api import build_context, export
from vae_toolkit.export.escape import html_paragraphs, typst_paragraphs, typst_str, typst_text

TODAY = dt.date(2026, 11, 29)
KINDS = ("livret", "gaps", "review")


class _Page(HTMLParser):
    """Tags and text of a page, as a browser would build them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def injected(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    folder = tmp_path_factory.mktemp("injection") / "dossier"
    shutil.copytree(demo_template, folder)
    inject(folder)
    return folder


def _loose(text: str) -> str:
    """Blanks collapsed, no-break spaces included (text extraction does not keep them)."""
    return " ".join(text.replace("\u00a0", " ").split())


def assert_html_literal(html: str) -> None:
    page = _page(html)
    text = " ".join(" ".join(page.text).split())
    for case in INJECTIONS:
        assert case in text or _loose(typographic(case)) in _loose(text), case  # the livret's quotes are typographic
    assert "script" not in page.tags and "label" not in page.tags
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def assert_pdf_literal(path: Path) -> None:
    text = pdf_text(path)
    for case in INJECTIONS:
        assert case in text or _loose(typographic(case)) in _loose(text), case
    assert PAYLOAD in text or _loose(typographic(PAYLOAD)) in _loose(text)
    assert "root:x:0:0" not in text


@pytest.mark.parametrize("kind", KINDS)
def test_html_export_prints_every_case_literally(injected: Path, kind: str, tmp_path: Path) -> None:
    assert_html_literal(export(injected, kind, "html", tmp_path / "x.html", today=TODAY).read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_export_prints_every_case_literally(injected: Path, kind: str, tmp_path: Path) -> None:
    assert_pdf_literal(export(injected, kind, "pdf", tmp_path / "x.pdf", today=TODAY))


def test_nbconvert_exporters_escape_too(injected: Path, tmp_path: Path) -> None:
    """The nbconvert environments (not autoescaped by default) give the same escaped output."""
    import nbformat
    from nbconvert.exporters import get_exporter
    from traitlets.config import Config

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("dossier = None", metadata={"tags": ["parameters"]})])
    config = Config({"VaeDataPreprocessor": {"dossier": str(injected)}})
    html, _ = get_exporter("vae_livret_html")(config=config).from_notebook_node(nb)
    assert_html_literal(html)
    pdf, resources = get_exporter("vae_review_pdf")(config=config).from_notebook_node(nb)
    (tmp_path / "r.pdf").write_bytes(pdf)
    assert_pdf_literal(tmp_path / "r.pdf")
    assert '#read("' not in resources["typst_source"]


def test_typst_source_holds_user_text_only_in_string_literals(injected: Path) -> None:
    source = render.render_source("livret", "pdf", build_context(injected, "livret", today=TODAY))
    assert typst_str(typographic(PAYLOAD)) in source  # typographic quotes, still one string literal
    for line in source.splitlines():
        if "read(" in line:
            quoted = line.count('#read(\\"/etc/passwd\\")') + line.count("#read(«\u00a0/etc/passwd\u00a0»)")
            assert quoted == line.count("read(")


def test_a_forged_read_would_fail_the_compile() -> None:
    """Guard of the guard: were escaping to fail, the compiler's root holds no file to read."""
    from vae_toolkit.errors import VaeError

    with pytest.raises(VaeError, match="mise en page"):
        render.compile_pdf('#read("/etc/passwd")')


@pytest.mark.parametrize("text", ['a "b" \\ c', "ligne 1\nligne 2", "tab\tand\rcr\x07bell", "#$*_`@<>[]/~=-+",
                                  "Émoji 🙂, 中文 et ж : aucun caractère ne bloque le PDF/A"])
def test_typst_filters_round_trip_through_the_compiler(text: str, tmp_path: Path) -> None:
    paragraphs = typst_paragraphs(text + "\n\nfin")
    source = f"#set page(width: 30cm, height: auto)\n{typst_text(text)}\n\n{paragraphs}"
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(render.compile_pdf(source))
    visible = " ".join(text.replace("\x07", "").split())
    # No shipped font covers Chinese, Japanese or Korean (docs/robustesse.md): such characters are drawn with
    # the Last Resort font, which does not tell them apart when read back; everything else reads back exactly.
    assert _without_cjk(visible) in _without_cjk(pdf_text(pdf))


def _without_cjk(text: str) -> str:
    return re.sub(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]", "", text)


def test_filters_escape_for_their_language() -> None:
    assert typst_str('x"\\') == '"x\\"\\\\"'
    assert typst_text("a\nb") == '#"a"; \\\n#"b";'
    assert typst_text("") == ""
    assert str(html_paragraphs("<b>a</b>\n\nb\nc")) == "<p>&lt;b&gt;a&lt;/b&gt;</p>\n<p>b<br>\nc</p>"
