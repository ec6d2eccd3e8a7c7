"""The button that prepares the deposit of the dossier de validation for France VAE (``vae export --what depot``).

:class:`DepotPanel` writes into a new folder under the dossier's ``exports/`` (never over an earlier deposit) and
shows, next to the button, what it wrote and the pièces France VAE would refuse, each with what to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from vae_toolkit.storage.dossier import EXPORTS_DIR
from vae_toolkit.ui.common import ENV, guard

SUMMARY_HTML = ENV.from_string("""<p>Dépôt prêt dans <code>{{ folder }}</code> ({{ files|length }} fichier(s), au plus
{{ limit }}) :</p><ul>{% for f in files %}<li><code>{{ f.name }}</code> — {{ f.what }}</li>{% endfor %}</ul>
{% if refused %}<div class="vae-warning"><p><b>Pièces non déposées, à reprendre :</b></p><ul>{% for r in refused %}
<li>{{ r }}</li>{% endfor %}</ul></div>{% endif %}""")


def deposit_folder(folder: Path, today: dt.date) -> Path:
    """A folder under ``exports/`` that does not exist yet: ``depot-france-vae-AAAA-MM-JJ`` then ``-2``, ``-3``…"""
    base = folder / EXPORTS_DIR / f"depot-france-vae-{today.isoformat()}"
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


class DepotPanel(widgets.VBox):
    """« Préparer le dépôt pour France VAE » and, below it, what was written or why nothing was."""

    def __init__(self, folder: str | Path, *, today: dt.date | None = None,
                 before: Callable[[], object] | None = None) -> None:
        self.folder, self.today, self.before = Path(folder), today, before
        self.button = widgets.Button(description="Préparer le dépôt pour France VAE", icon="upload",
                                     layout={"width": "auto"})
        self.button.add_class("vae-depot-button")
        self.result = widgets.HTML()
        self.result.add_class("vae-depot-result")
        self.button.on_click(guard(self._on_click, self.result))
        intro = widgets.HTML("<p>France VAE prend un fichier principal et au plus 8 autres, en PDF, JPG ou PNG, de "
                             "10 Mo chacun au plus. Ce bouton écrit la version à envoyer du dossier de validation et "
                             "vos pièces (converties en PDF si besoin) dans un nouveau dossier de "
                             f"<code>{EXPORTS_DIR}/</code>.</p>")
        super().__init__([intro, self.button, self.result])

    def run(self) -> str:
        """Write the deposit; the HTML of what was done."""
        from vae_toolkit.export.depot import MAX_EXTRA_FILES, write_deposit

        if self.before is not None:
            self.before()
        target = deposit_folder(self.folder, self.today or dt.date.today())
        deposit = write_deposit(self.folder, target, self.today)
        return SUMMARY_HTML.render(folder=str(target), files=deposit.files, refused=deposit.refused,
                                   limit=1 + MAX_EXTRA_FILES)

    def _on_click(self, _button: object = None) -> None:
        self.button.disabled = True
        self.result.value = "<p><i>Préparation du dépôt…</i></p>"
        try:
            self.result.value = self.run()
        finally:
            self.button.disabled = False
