"""The draft dossier de validation screen (06) and the Export panel shared with the gap analysis screen (05).

:class:`~vae_toolkit.journey.livret_preview.LivretPreview` holds the dossier's livret data and its HTML, split by
section (no widgets); :class:`LivretView` shows it; :class:`ExportPanel` writes an export through
:func:`vae_toolkit.export.api.export` and shows a link to it.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

import ipywidgets as widgets

from vae_toolkit.export.api import export
from vae_toolkit.export.kinds import FORMATS, kind
from vae_toolkit.journey.anonymisation import AnonymisationModel
from vae_toolkit.journey.html import ENV
from vae_toolkit.journey.livret_preview import PREVIEW_STYLE, LivretPreview, section_title
from vae_toolkit.ui.anonymisation_view import AnonymisationEditor
from vae_toolkit.ui.common import folder_screen, guard
from vae_toolkit.ui.context import resolve_dossier

VERSION_LABELS = {False: "Version de travail", True: "Version à envoyer au jury"}
DOWNLOAD_LIMIT = 20_000_000
"""Larger files get no download link in the page (a data: URI that big would slow the browser)."""

LINK_HTML = ENV.from_string("""<p>{{ label }} écrit dans <code>{{ path }}</code>.
{% if href %}<a download="{{ name }}" href="{{ href }}" target="_blank">Télécharger {{ name }}</a>{% endif %}</p>""")



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
        self.button.on_click(guard(self._on_click, self.result))
        self.what.observe(guard(lambda _ch: self._show_version(), self.result), names="value")
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
        """Write the export and link to it; its guard says in the page why it failed, if it did."""
        self.button.disabled = True
        self.result.value = "<p><i>Export en cours…</i></p>"
        try:
            path = self.run()
            self.result.value = download_link(path, kind(self.what.value).label)
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
        self.refresh_button.on_click(guard(self._on_refresh, self.message))
        self.anonymisation = AnonymisationEditor(AnonymisationModel(preview.folder), self._on_table_saved)
        self.panel = ExportPanel(preview.folder, today=preview.today)
        self.panel.version.value = preview.final
        self.panel.version.observe(guard(self._on_version, self.message), names="value")
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
        self.preview.reload()
        self.anonymisation.model.reload()
        self.anonymisation.refresh()
        self.refresh()
        self.message.value = ""

    def _on_version(self, change: dict) -> None:
        """The preview follows the version chosen for the export (working version or the one to send)."""
        self.preview.final = bool(change["new"])
        self.preview.reload()
        self.refresh()
        self.message.value = ""

    def _on_table_saved(self) -> None:
        """The table is on disk: rebuild the preview from it."""
        self.preview.reload()
        self.refresh()


def livret_screen(dossier: str | Path | None = None, *, today: dt.date | None = None) -> widgets.Widget:
    """The draft livret of ``dossier``; when it is None or unreadable, a field to choose the folder."""
    return folder_screen(resolve_dossier(dossier),
                         lambda folder: [LivretView(LivretPreview(folder, today=today))])
