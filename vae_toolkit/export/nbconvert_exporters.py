"""nbconvert exporters, one per kind and format of :mod:`vae_toolkit.export.kinds` (``vae_livret_pdf``…).

``jupyter nbconvert --to vae_livret_pdf notebooks/06_dossier_de_validation.ipynb`` works like this:
the template's conf.json enables :class:`VaeDataPreprocessor`, which reads the dossier named by the
notebook (``--VaeDataPreprocessor.dossier``, else the ``parameters`` cell, else ``VAE_DOSSIER``) and puts
its data in ``resources["vae"]``; the HTML exporters are nbconvert's :class:`HTMLExporter` with our template;
the PDF exporters render our Typst template through nbconvert's Jinja machinery, then compile it in-process.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import Any

from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Enum, Unicode, default
from traitlets.config import Config

from vae_toolkit.errors import VaeError
from vae_toolkit.export import render
from vae_toolkit.export.kinds import FORMAT_NAMES, KIND_NAMES, KINDS, ExportKind, exporter_class_name, template_name
from vae_toolkit.storage.dossier import DOSSIER_ENV as ENV_VAR

PARAMETER = "dossier"


def notebook_parameter(nb: Any, name: str = PARAMETER) -> str | None:
    """The literal value given to ``name`` by the notebook: papermill's ``injected-parameters`` cell first,
    then the ``parameters`` cell; None when absent, empty or not a literal."""
    for tag in ("injected-parameters", "parameters"):
        for cell in nb.cells:
            if cell.cell_type == "code" and tag in cell.metadata.get("tags", []):
                found = _assigned(cell.source, name)
                if found is not None:
                    return found
    return None


def _assigned(source: str, name: str) -> str | None:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    value = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                value = None
    return str(value) if value else None


class _Flag(Bool):
    """A boolean also given on the command line (``--VaeDataPreprocessor.final=True``): nbconvert loads our
    preprocessor from the template's conf.json, so the option reaches it as an unparsed string."""

    def validate(self, obj: Any, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().lower() in ("1", "true", "yes", "oui", "vrai")
        return super().validate(obj, value)


class VaeDataPreprocessor(Preprocessor):
    """Loads the dossier named by the notebook and puts the export's data in ``resources["vae"]``."""

    dossier = Unicode("", help="Dossier du candidat ; sinon la cellule « parameters » du notebook, "
                               "sinon la variable d’environnement VAE_DOSSIER.").tag(config=True)
    what = Enum(list(KIND_NAMES), default_value="livret", help="Export à produire.").tag(config=True)
    final = _Flag(False, help="Dossier de validation : la version à envoyer au jury (sans encadré ni compteur, "
                             "PDF/UA-1) au lieu de la version de travail.").tag(config=True)

    def folder(self, nb: Any, resources: dict[str, Any]) -> Path:
        """The dossier folder: option, then parameters cell, then VAE_DOSSIER; relative to the notebook."""
        value = self.dossier or notebook_parameter(nb) or os.environ.get(ENV_VAR, "")
        if not value.strip():
            raise VaeError("Aucun dossier indiqué : donnez --VaeDataPreprocessor.dossier=CHEMIN, renseignez "
                           "« dossier = … » dans la cellule de paramètres ou la variable VAE_DOSSIER.")
        path = Path(value.strip()).expanduser()
        base = (resources.get("metadata") or {}).get("path") or ""
        if not path.is_absolute() and base and (Path(base) / path).exists():
            path = Path(base) / path
        return path

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        from vae_toolkit.export.api import build_context

        resources["vae"] = build_context(self.folder(nb, resources), self.what, final=self.final)
        return nb, resources


class _VaeHTML(HTMLExporter):
    """nbconvert's HTML exporter with one of our templates (autoescaped, data from ``resources["vae"]``)."""

    def default_filters(self) -> Any:
        yield from super().default_filters()
        yield from render.template_filters("html").items()

    @default("extra_template_basedirs")
    def _extra_basedirs(self) -> list[str]:
        return _source_basedirs()


class _VaePDF(TemplateExporter):
    """Renders our Typst template with nbconvert's Jinja machinery, then compiles it to PDF/A-2b in-process."""

    output_mimetype = "application/pdf"

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".pdf"

    @default("template_extension")
    def _template_extension_default(self) -> str:
        return ".typ.j2"

    @default("extra_template_basedirs")
    def _extra_basedirs(self) -> list[str]:
        return _source_basedirs()

    def default_filters(self) -> Any:
        yield from super().default_filters()
        yield from render.template_filters("pdf").items()

    def _create_environment(self) -> Any:
        env = super()._create_environment()
        return render.configure(env, "pdf")

    def from_notebook_node(self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any) -> tuple[bytes, dict]:
        source, resources = super().from_notebook_node(nb, resources, **kw)
        resources["typst_source"] = source
        resources["output_extension"] = ".pdf"
        vae = resources["vae"]
        return render.compile_pdf(source, render.figure_files(vae), render.pdf_standards(vae)), resources


def _source_basedirs() -> list[str]:
    """In a source checkout, the repository's templates/ (installed wheels find theirs under share/jupyter)."""
    return [str(render.SOURCE_TEMPLATES)] if render.SOURCE_TEMPLATES.is_dir() else []


def _exporter(chosen: ExportKind, fmt: str) -> type:
    base = _VaeHTML if fmt == "html" else _VaePDF
    name = template_name(chosen.name, fmt)
    label = chosen.label[0].lower() + chosen.label[1:]
    return type(exporter_class_name(chosen.name, fmt), (base,), {
        "__doc__": f"{chosen.label} ({fmt.upper()}), template {name}.",
        "__module__": __name__,
        "export_from_notebook": f"VAE – {label} ({fmt.upper()})",
        "_template_name_default": default("template_name")(lambda self: name),
    })


def _final(chosen: ExportKind, base: type, fmt: str) -> type:
    """The exporter writing the version to send (``VaeDataPreprocessor.final`` on by default)."""

    class Final(base):  # type: ignore[valid-type, misc]
        @property
        def default_config(self) -> Config:
            config = super().default_config
            config.merge(Config({"VaeDataPreprocessor": {"final": True}}))
            return config

    label = chosen.label[0].lower() + chosen.label[1:]
    Final.__name__ = Final.__qualname__ = exporter_class_name(chosen.name, fmt, final=True)
    Final.__module__ = __name__
    Final.__doc__ = f"{chosen.label}, version à envoyer ({fmt.upper()})."
    Final.export_from_notebook = f"VAE – {label} à envoyer ({fmt.upper()})"
    return Final


def _declare() -> None:
    """One exporter class per kind and format of :mod:`vae_toolkit.export.kinds`, as module attributes (the
    entry points of pyproject.toml name them)."""
    for chosen in KINDS:
        for fmt in FORMAT_NAMES:
            cls = _exporter(chosen, fmt)
            globals()[cls.__name__] = cls
            if chosen.final_stem:
                final = _final(chosen, cls, fmt)
                globals()[final.__name__] = final


_declare()
