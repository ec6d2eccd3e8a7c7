"""The livret (dossier de validation) of one dossier as its preview screen shows it, without widgets: the data of
the export, and the HTML of each section cut from the HTML export itself (same template, autoescaped) at its
``<section>`` elements.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from vae_toolkit.export import render
from vae_toolkit.export.api import build_context
from vae_toolkit.export.typography import count_label
from vae_toolkit.journey.html import ENV
from vae_toolkit.models.wording import number_fr

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
