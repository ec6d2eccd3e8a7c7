"""The draft dossier de validation screen (06) and the Export panel shared with the gap analysis screen (05).

:class:`LivretPreview` holds the dossier's livret data and its HTML, split by section (no widgets);
:class:`ExportPanel` writes an export through :func:`vae_toolkit.export.api.export` and shows a link to it.
The preview is the HTML export itself (same template, autoescaped), cut at its ``<section>`` elements.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from vae_toolkit.errors import VaeError
from vae_toolkit.export import render
from vae_toolkit.export.api import build_context, export
from vae_toolkit.export.kinds import FORMATS, kind
from vae_toolkit.models.wording import number_fr
from vae_toolkit.export.typography import count_label
from vae_toolkit.ui.anonymisation_view import AnonymisationEditor, AnonymisationModel
from vae_toolkit.ui.common import ENV, error_message, folder_screen, message_html
from vae_toolkit.ui.context import resolve_dossier

VERSION_LABELS = {False: "Version de travail", True: "Version à envoyer au jury"}
DOWNLOAD_LIMIT = 20_000_000
"""Larger files get no download link in the page (a data: URI that big would slow the browser)."""

_SECTION = re.compile(r'<section id="([^"]+)">(.*?)</section>', re.DOTALL)

PREVIEW_STYLE = """<style>
.vae-livret { font-family: Georgia, serif; line-height: 1.45; max-width: 52rem; }
.vae-livret h1 { font-size: 1.35em; } .vae-livret h2 { font-size: 1.15em; } .vae-livret h3 { font-size: 1.05em; }
.vae-livret table { border-collapse: collapse; width: 100%; font-size: .9em; margin: .4em 0 .8em; }
.vae-livret th, .vae-livret td { border: 1px solid #bbb; padding: .2em .4em; text-align: left; vertical-align: top; }
.vae-livret table.kv th, .vae-livret table.kv td { border: none; }
.vae-livret .note, .vae-livret .counts { color: #555; font-size: .88em; } .vae-livret .counts { text-align: right; }
.vae-livret .todo { border: 1px solid #7a4500; border-left: 4px solid #7a4500; background: #fff4e0;
  padding: .3em .6em; margin: .4em 0; }
.vae-livret .todo strong { color: #7a4500; }
</style>"""

HEADER_HTML = ENV.from_string("""<div class="vae-livret"><h3>Dossier de validation – {{ v.candidat }}</h3>
<p>{{ v.certification.code }} {{ v.certification.intitule }} · {{ total_mots }} mots, {{ total_signes }} signes ·
{% if v.final %}version à envoyer au jury, sans encadré ni compteur{% elif v.total.a_completer %}<b>{{ v.total.a_completer }} point(s) à compléter</b>{% else %}rien à compléter{% endif %}.
Ouvrez une section pour la relire ; le bouton <b>Exporter</b> écrit le document complet.</p></div>""")

LINK_HTML = ENV.from_string("""<p>{{ label }} écrit dans <code>{{ path }}</code>.
{% if href %}<a download="{{ name }}" href="{{ href }}" target="_blank">Télécharger {{ name }}</a>{% endif %}</p>""")



def section_title(section: dict[str, Any]) -> str:
    """« Parcours – 282 mots · 2 047 signes · 1 à compléter » for the accordion."""
    details = []
    if section["mots"] is not None:
        details.append(f"{count_label(section['mots'], 'mot')} · {count_label(section['signes'], 'signe')}")
    if section["a_completer"]:
        details.append(f"{len(section['a_completer'])} à compléter")
    return " – ".join([section["titre"], " · ".join(details)]) if details else section["titre"]


class LivretPreview:
    """The livret of one dossier: its data, and the HTML of each section as the export prints it."""

    def __init__(self, folder: str | Path, *, today: dt.date | None = None, final: bool = False) -> None:
        self.folder = Path(folder)
        self.today = today
        self.final = final
        self.reload()

    def reload(self) -> None:
        """Read the dossier again (after the candidate changed it elsewhere)."""
        self.context = build_context(self.folder, "livret", today=self.today, final=self.final)
        page = render.render_source("livret", "html", self.context)
        self.sections_html = {ident: body for ident, body in _SECTION.findall(page)}

    @property
    def sections(self) -> list[dict[str, Any]]:
        """The livret's sections in the order of the trame (the annex titled with the certification's code)."""
        code = self.context["certification"]["code"]
        return [s | {"titre": f"{s['titre']} {code}"} if s["type"] == "referentiel" else s
                for s in self.context["plan"]]

    def header_html(self) -> str:
        v = self.context
        return HEADER_HTML.render(v=v, total_mots=number_fr(v["total"]["mots"]),
                                  total_signes=number_fr(v["total"]["signes"]))

    def section_html(self, ident: str) -> str:
        """One section of the preview, styled in a scoped container."""
        return f"{PREVIEW_STYLE}<div class='vae-livret'>{self.sections_html.get(ident, '')}</div>"


def download_link(path: Path, label: str) -> str:
    """HTML saying where the file was written, with a download link that works in JupyterLab and Voilà."""
    href = ""
    if path.stat().st_size <= DOWNLOAD_LIMIT:
        mime = next((f.mimetype for f in FORMATS if f.extension == path.suffix), "application/octet-stream")
        href = f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")
    return LINK_HTML.render(label=label, path=str(path), name=path.name, href=href)


class ExportPanel(widgets.VBox):
    """What to export, the format, and an Export button that writes the file and shows a link to it."""

    def __init__(self, folder: str | Path, kinds: Sequence[str] = ("livret", "gaps"), *,
                 today: dt.date | None = None, before: Callable[[], object] | None = None,
                 label: str = "Exporter") -> None:
        self.folder = Path(folder)
        self.today = today
        self.before = before
        """Called before writing (a screen's pending autosave is flushed, so the file holds what is shown)."""
        self.what = widgets.Dropdown(options=[(kind(k).label, k) for k in kinds], value=kinds[0],
                                     description="Document", layout={"width": "22rem",
                                                                     "display": "" if len(kinds) > 1 else "none"})
        self.format = widgets.ToggleButtons(options=[(f.label, f.name) for f in FORMATS], value=FORMATS[0].name)
        self.version = widgets.ToggleButtons(options=[(v, k) for k, v in VERSION_LABELS.items()], value=False,
                                             tooltips=["Avec les encadrés « à compléter » et les compteurs",
                                                       "Sans encadré ni compteur : le document à envoyer (PDF/UA)"])
        self.version.add_class("vae-export-version")
        self.button = widgets.Button(description=label, icon="download", button_style="primary",
                                     layout={"width": "auto"})
        self.button.add_class("vae-export-button")
        self.result = widgets.HTML()
        self.result.add_class("vae-export-result")
        self.button.on_click(self._on_click)
        self.what.observe(lambda _ch: self._show_version(), names="value")
        self._show_version()
        super().__init__([widgets.HBox([self.what, self.format, self.button]), self.version, self.result])

    def _show_version(self) -> None:
        self.version.layout.display = "" if self.what.value == "livret" else "none"

    def run(self) -> Path:
        """Write the chosen export; the path of the file."""
        final = bool(self.version.value) and self.what.value == "livret"
        if self.before is not None:
            self.before()
        return export(self.folder, self.what.value, self.format.value, today=self.today, final=final)

    def _on_click(self, _button: object = None) -> None:
        self.button.disabled = True
        self.result.value = "<p><i>Export en cours…</i></p>"
        try:
            path = self.run()
            self.result.value = download_link(path, kind(self.what.value).label)
        except VaeError as exc:
            self.result.value = message_html(str(exc), "vae-error")
        except Exception as exc:  # noqa: BLE001 - a broken export must say why in the page, never fail silently
            self.result.value = message_html(f"L’export a échoué ({type(exc).__name__}) : {exc}", "vae-error")
        finally:
            self.button.disabled = False


class LivretView(widgets.VBox):
    """The livret preview, section by section, the anonymisation editor, then the Export panel.

    The caller displays it. A change of the anonymisation table is saved, then the preview is rebuilt.
    """

    def __init__(self, preview: LivretPreview) -> None:
        self.preview = preview
        self.header = widgets.HTML()
        self.accordion = widgets.Accordion()
        self.refresh_button = widgets.Button(description="Relire le dossier", icon="refresh")
        self.message = widgets.HTML()
        self.refresh_button.on_click(self._on_refresh)
        self.anonymisation = AnonymisationEditor(AnonymisationModel(preview.folder), self._on_table_saved)
        self.panel = ExportPanel(preview.folder, today=preview.today)
        self.panel.version.value = preview.final
        self.panel.version.observe(self._on_version, names="value")
        super().__init__([self.header, self.accordion, widgets.HBox([self.refresh_button]), self.message,
                          self.anonymisation, self.panel])
        self.refresh()

    def refresh(self) -> None:
        """Redraw the header and every section from the preview's data."""
        sections = self.preview.sections
        self.header.value = PREVIEW_STYLE + self.preview.header_html()
        self.accordion.children = [widgets.HTML(self.preview.section_html(s["id"])) for s in sections]
        self.accordion.titles = tuple(section_title(s) for s in sections)

    def _on_refresh(self, _button: object = None) -> None:
        try:
            self.preview.reload()
            self.anonymisation.model.reload()
            self.anonymisation.refresh()
            self.refresh()
            self.message.value = ""
        except Exception as exc:  # noqa: BLE001 - one guard: any error is shown in the page
            self.message.value = message_html(error_message(exc), "vae-error")

    def _on_version(self, change: dict) -> None:
        """The preview follows the version chosen for the export (working version or the one to send)."""
        try:
            self.preview.final = bool(change["new"])
            self.preview.reload()
            self.refresh()
            self.message.value = ""
        except VaeError as exc:
            self.message.value = message_html(str(exc), "vae-error")

    def _on_table_saved(self) -> None:
        """The table is on disk: rebuild the preview from it."""
        self.preview.reload()
        self.refresh()


def livret_screen(dossier: str | Path | None = None, *, today: dt.date | None = None) -> widgets.Widget:
    """The draft livret of ``dossier``; when it is None or unreadable, a field to choose the folder."""
    return folder_screen(resolve_dossier(dossier),
                         lambda folder: [LivretView(LivretPreview(folder, today=today))])
