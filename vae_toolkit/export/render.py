"""The core renderer shared by the nbconvert exporters and ``vae export``: template lookup, Jinja, Typst.

``vae export`` renders the very same template folders through Jinja directly, so it does not pay for
importing nbconvert and nbformat (about 2 s here); the nbconvert exporters use nbconvert's own
machinery and call :func:`configure` and :func:`compile_pdf` from here, so both paths print the same.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from vae_toolkit.errors import VaeError
from vae_toolkit.export.escape import FILTERS, typst_text
from vae_toolkit.export.kinds import export_format, template_name
from vae_toolkit.models.wording import number_fr

PDF_STANDARD = "a-2b"
"""Every PDF is PDF/A-2b unless its data asks for more (``pdf_standards``: the final livret is PDF/A-2a + PDF/UA-1)."""
MAX_LAYOUT_WEIGHT = 2_500_000
"""Largest document compiled to PDF, in :func:`layout_weight` units. Typst lays the whole document out in
memory: measured here (benchmarks/bench_memory.py, docs/performance.md), about 240 MB per million characters
of source plus 23 MB per thousand content blocks (table cells weigh more than narrative text), over a
process of 150 to 200 MB. This limit keeps an export under about 800 MB; a real dossier de validation weighs
under 200,000 (the demo's livret: 91,000), so only a generated or pasted-in monster is refused."""
BLOCK_WEIGHT = 94
"""What one content block (``[`` in the Typst source) costs in layout memory, in characters of text."""


def layout_weight(source: str) -> int:
    """A cheap estimate of the memory Typst needs to lay ``source`` out: characters plus weighted blocks."""
    return len(source) + BLOCK_WEIGHT * source.count("[")


# Running from a source checkout (editable install): the repository's templates/ comes first.
SOURCE_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


class TypstCode(str):
    """Typst source produced by an escaping filter: the Typst environment prints it as is."""


def _typst_safe(fn: Any) -> Any:
    def wrapped(*args: Any, **kwargs: Any) -> TypstCode:
        return TypstCode(fn(*args, **kwargs))

    wrapped.__name__ = fn.__name__
    wrapped.__doc__ = fn.__doc__
    return wrapped


def typst_finalize(value: Any) -> Any:
    """Autoescape for Typst: every ``{{ … }}`` that is not already Typst code is shown as literal text."""
    if isinstance(value, TypstCode) or value is None:
        return value if value is not None else ""
    return TypstCode(typst_text(value))


def data_uri(svg: str) -> str:
    """An SVG document as a ``data:`` URI for an ``<img>`` (no script in an image runs, no id clashes)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def template_filters(fmt: str) -> dict[str, Any]:
    """The Jinja filters of our templates for one output format."""
    filters = dict(FILTERS)
    if fmt == "pdf":
        for name in ("typst", "typst_str", "typst_paras", "typst_num", "typst_label"):
            filters[name] = _typst_safe(FILTERS[name])
    filters["data_uri"] = data_uri
    return filters


def configure(env: jinja2.Environment, fmt: str) -> jinja2.Environment:
    """Add our filters to ``env`` and, for Typst, escape every expression by default."""
    env.filters.update(template_filters(fmt))
    if fmt == "pdf":
        env.finalize = typst_finalize
    return env


def template_roots() -> list[Path]:
    """Folders holding nbconvert template folders: the source checkout's, then Jupyter's data paths."""
    from jupyter_core.paths import jupyter_path

    roots = [SOURCE_TEMPLATES] if SOURCE_TEMPLATES.is_dir() else []
    return roots + [Path(p) for p in jupyter_path("nbconvert", "templates")]


def template_chain(name: str, roots: list[Path] | None = None) -> list[Path]:
    """The folders of ``name`` and of its ``base_template`` ancestors (conf.json), child first."""
    roots = roots if roots is not None else template_roots()
    chain: list[Path] = []
    current: str | None = name
    while current:
        found = [root / current for root in roots if (root / current).is_dir()]
        if not found:
            raise VaeError(f"Modèle d’export introuvable : {current} (cherché dans {', '.join(map(str, roots))}). "
                           "Réinstallez vae-toolkit.")
        chain += found
        conf = found[0] / "conf.json"
        current = json.loads(conf.read_text(encoding="utf-8")).get("base_template") if conf.exists() else None
    return chain


@lru_cache(maxsize=16)
def environment(name: str, fmt: str) -> jinja2.Environment:
    """A Jinja environment resolving names as nbconvert does (the template's chain, then the roots)."""
    roots = template_roots()
    paths = [str(p) for p in template_chain(name, roots)] + [str(r) for r in roots]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(paths), undefined=jinja2.StrictUndefined,
                             autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",),
                                                                 default_for_string=False))
    return configure(env, fmt)


def render_source(kind: str, fmt: str, context: dict[str, Any]) -> str:
    """The HTML page or the Typst source of one export, from its template and ``resources["vae"]``."""
    name = template_name(kind, fmt)
    template = environment(name, fmt).get_template(export_format(fmt).template_file)
    return template.render(nb={"cells": [], "metadata": {}}, resources={"vae": context})


def figure_files(context: dict[str, Any]) -> dict[str, bytes]:
    """Files the Typst source may read: one SVG per chart, named ``fig-<name>.svg``."""
    return {f"fig-{name}.svg": svg.encode("utf-8") for name, svg in context.get("figures", {}).items()}


@lru_cache(maxsize=1)
def fallback_font_dirs() -> tuple[str, ...]:
    """Matplotlib's font folder (DejaVu Sans and « Last Resort », which has a glyph for every code point).

    PDF/A refuses a character no font can show: without a last-resort font an emoji or a Chinese name
    in a narrative would stop the whole export. Found without importing matplotlib.
    """
    import importlib.util

    spec = importlib.util.find_spec("matplotlib")
    for location in (spec.submodule_search_locations or []) if spec else []:
        folder = Path(location) / "mpl-data" / "fonts" / "ttf"
        if (folder / "LastResortHE-Regular.ttf").exists():
            return (str(folder),)
    return ()


@lru_cache(maxsize=1)
def shipped_fonts() -> Any:
    """The only fonts Typst may use: its own (Libertinus Serif, New Computer Modern, DejaVu Sans Mono) and
    matplotlib's (DejaVu Sans: Latin, Greek, Cyrillic, Arabic, Hebrew; Last Resort), never the system's,
    so a PDF does not change with the fonts installed on the machine. Scanned once per process."""
    import typst

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=list(fallback_font_dirs()))


def pdf_standards(context: dict[str, Any]) -> list[str]:
    """The PDF standards an export declares and Typst enforces (``resources["vae"]["pdf_standards"]``)."""
    return list(context.get("pdf_standards") or [PDF_STANDARD])


def compile_pdf(source: str, files: dict[str, bytes] | None = None, standards: list[str] | None = None) -> bytes:
    """Compile Typst ``source`` to a PDF/A-2b (or ``standards``), tagged, fonts embedded (the typst wheel's and
    matplotlib's only).

    The compiler's root is a fresh folder holding only ``files``: even a template bug could read nothing else.
    """
    import typst

    weight = layout_weight(source)
    if weight > MAX_LAYOUT_WEIGHT:
        raise VaeError(
            f"Document trop volumineux pour un PDF (volume de mise en page {number_fr(weight)}, au plus "
            f"{number_fr(MAX_LAYOUT_WEIGHT)})\u00a0: sa mise en page demanderait plus de mémoire qu’un "
            "ordinateur portable n’en a. Aucun fichier n’a été écrit. Exportez en HTML, ou allégez le dossier "
            "(un dossier de validation compte d’ordinaire 10 à 30 situations)."
        )
    with tempfile.TemporaryDirectory(prefix="vae-typst-") as root:
        for name, data in (files or {}).items():
            Path(root, name).write_bytes(data)
        main = Path(root, "main.typ")
        main.write_text(source, encoding="utf-8")
        try:
            return typst.compile(os.fspath(main), root=root, pdf_standards=standards or [PDF_STANDARD],
                                 ignore_system_fonts=True, font_paths=shipped_fonts())
        except Exception as exc:  # typst raises its own error type, with the compiler's diagnostic
            detail = getattr(exc, "diagnostic", None) or str(exc)
            raise VaeError(f"La mise en page du PDF a échoué (erreur du modèle, à signaler) :\n{detail}") from exc


def render(kind: str, fmt: str, context: dict[str, Any]) -> bytes:
    """The finished export as bytes: UTF-8 HTML, or a compiled PDF."""
    source = render_source(kind, fmt, context)
    if fmt == "html":
        return source.encode("utf-8")
    return compile_pdf(source, figure_files(context), pdf_standards(context))
