"""The one declaration of the exports: each kind of document and each format.

Everything else derives from these two tables: the CLI's ``--what`` and ``--format`` choices, the Export
panel's menus, the template folder names (``vae_<kind>_<format>``), the file names, the nbconvert exporter
classes and the entry points ``pyproject.toml`` must list (checked by ``tests/test_packaging.py``).
Adding an export is one :class:`ExportKind` here plus its template folders under ``templates/``.

Light on purpose: ``vae --help`` imports it, so it imports nothing beyond the standard library and our errors.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from vae_toolkit.errors import VaeError


@dataclass(frozen=True)
class ExportKind:
    """One kind of document, rendered by the templates ``vae_<name>_html`` and ``vae_<name>_pdf``."""

    name: str
    """The stable name: ``--what NAME``, the template folders, the entry points."""
    label: str
    """How the Export panel and the exporter menus name it (French)."""
    help: str
    """Its short description in ``vae export --help`` (French)."""
    stem: str
    """The default file name, before the date: ``exports/<stem>-<date>.<ext>``."""
    builder: str
    """``module:function`` building ``resources["vae"]``: ``function(dossier, ref, today=…)``, plus
    ``review=`` with :attr:`with_review`, plus ``final=`` with :attr:`final_stem`."""
    with_review: bool = False
    """The document also shows the counsellor's review (``revue.yaml``, an empty review when there is none)."""
    final_stem: str | None = None
    """The kind has a version to send (``--final``), written under this file name."""

    def build(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Call :attr:`builder` (imported only now: the data modules import pandas)."""
        module, function = self.builder.split(":")
        return getattr(importlib.import_module(module), function)(*args, **kwargs)


@dataclass(frozen=True)
class ExportFormat:
    """One output format."""

    name: str
    label: str
    extension: str
    template_file: str
    """The template of each folder ``vae_<kind>_<name>``."""
    mimetype: str


KINDS: tuple[ExportKind, ...] = (
    ExportKind("livret", "Dossier de validation", "dossier de validation, ex-livret 2", "dossier-de-validation",
               "vae_toolkit.export.livret_data:livret_context", final_stem="dossier-de-validation-final"),
    ExportKind("gaps", "Analyse des écarts", "analyse des écarts", "analyse-des-ecarts",
               "vae_toolkit.export.report_data:gaps_context"),
    ExportKind("review", "Rapport de revue", "rapport de revue du conseiller", "rapport-de-revue",
               "vae_toolkit.export.report_data:review_context", with_review=True),
    ExportKind("faisabilite", "Dossier de faisabilité", "dossier de faisabilité pour France VAE, refusé tant que "
               "la grille est incomplète", "dossier-de-faisabilite",
               "vae_toolkit.export.faisabilite_data:faisabilite_context", with_review=True),
    ExportKind("entretien", "Préparation de l’entretien", "questions probables du jury et fiche du jour J",
               "preparation-entretien", "vae_toolkit.export.entretien_data:entretien_context"),
)

FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("pdf", "PDF (à imprimer)", ".pdf", "index.typ.j2", "application/pdf"),
    ExportFormat("html", "Page HTML", ".html", "index.html.j2", "text/html"),
)

KIND_NAMES = tuple(k.name for k in KINDS)
FORMAT_NAMES = tuple(f.name for f in FORMATS)
_KINDS = {k.name: k for k in KINDS}
_FORMATS = {f.name: f for f in FORMATS}


def kind(name: str) -> ExportKind:
    """The declared kind ``name``; :class:`VaeError` otherwise."""
    try:
        return _KINDS[name]
    except KeyError:
        raise VaeError(f"Export inconnu\u00a0: {name}. Choix possibles\u00a0: {', '.join(KIND_NAMES)}.") from None


def export_format(name: str) -> ExportFormat:
    """The declared format ``name``; :class:`VaeError` otherwise."""
    try:
        return _FORMATS[name]
    except KeyError:
        raise VaeError(f"Format inconnu\u00a0: {name}. Choix possibles\u00a0: {', '.join(FORMAT_NAMES)}.") from None


def template_name(kind_name: str, format_name: str) -> str:
    """The template folder of one export, e.g. ``vae_livret_pdf``."""
    return f"vae_{kind(kind_name).name}_{export_format(format_name).name}"


def exporter_class_name(kind_name: str, format_name: str, final: bool = False) -> str:
    """``VaeLivretPDFExporter``, ``VaeLivretFinalHTMLExporter``…"""
    return f"Vae{kind_name.capitalize()}{'Final' if final else ''}{format_name.upper()}Exporter"


def entry_points() -> dict[str, str]:
    """Every nbconvert exporter, as ``pyproject.toml`` declares it: ``--to`` name → ``module:Class``."""
    module = "vae_toolkit.export.nbconvert_exporters"
    points = {}
    for k in KINDS:
        for f in FORMATS:
            points[template_name(k.name, f.name)] = f"{module}:{exporter_class_name(k.name, f.name)}"
            if k.final_stem:
                points[f"vae_{k.name}_final_{f.name}"] = f"{module}:{exporter_class_name(k.name, f.name, final=True)}"
    return points
