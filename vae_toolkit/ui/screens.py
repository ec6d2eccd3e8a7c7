"""The screens of each role's app and their addresses, generated from the référentiel (no bloc named in code).

A screen's address is a query string: ``page=accueil``, ``page=parcours``, ``page=bloc&bloc=<bloc id>``,
``page=ecarts``, ``page=faisabilite``, ``page=dossier``, ``page=jury`` for the candidate; ``page=tableau``,
``page=revue&candidat=<sub-folder>`` and ``page=faisabilite&candidat=<sub-folder>`` for the counsellor. Any other query (``dossier=``, ``token=``…) is carried along and ignored here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from vae_toolkit.models.referentiel import Referentiel

APP_TITLE = "Mon dossier de VAE"
COUNSELLOR_TITLE = "Suivi des candidats VAE"
PAGE_KEY = "page"


@dataclass(frozen=True)
class Screen:
    """One screen of an app: its address (query parameters), its name in the navigation, its page title."""

    page: str
    label: str
    short: str
    bloc: str | None = None
    candidat: str | None = None

    @property
    def key(self) -> str:
        """A stable identifier, usable in a CSS class (``bloc-BC02``)."""
        extra = self.bloc or self.candidat
        return f"{self.page}-{css_safe(extra)}" if extra else self.page

    @property
    def query(self) -> str:
        params = {PAGE_KEY: self.page, "bloc": self.bloc, "candidat": self.candidat}
        return urlencode({k: v for k, v in params.items() if v})

    def title(self, app: str = APP_TITLE) -> str:
        """The browser tab's title: « BC02 · Mon dossier de VAE »."""
        return f"{self.short} · {app}"


def css_safe(ident: str) -> str:
    """An identifier fit for a CSS class: anything but ASCII letters, digits, - and _ becomes - (as in the JS)."""
    return "".join(c if (c.isascii() and c.isalnum()) or c in "-_" else "-" for c in ident)


def candidate_screens(ref: Referentiel) -> list[Screen]:
    """Accueil, Parcours, one screen per bloc of ``ref`` in its order, then the steps of France VAE that follow:
    Analyse des écarts, Dossier de faisabilité, Dossier de validation, Jury et après."""
    screens = [Screen("accueil", "Accueil et profil", "Accueil"), Screen("parcours", "Parcours", "Parcours")]
    screens += [Screen("bloc", f"{b.id} – {b.intitule}", b.id, bloc=b.id) for b in ref.blocs]
    screens += [Screen("ecarts", "Analyse des écarts", "Analyse des écarts"),
                Screen("faisabilite", "Dossier de faisabilité", "Dossier de faisabilité"),
                Screen("dossier", "Dossier de validation", "Dossier de validation"),
                Screen("jury", "Jury et après", "Jury")]
    return screens


def query_params(query: str) -> dict[str, str]:
    """The first value of each parameter of a query string (``?`` optional), decoded."""
    return {k: v[0] for k, v in parse_qs(query.lstrip("?"), keep_blank_values=False).items()}


def find_screen(screens: Iterable[Screen], query: str) -> Screen | None:
    """The screen a query string designates, or None (unknown page, or a bloc the référentiel lacks)."""
    params = query_params(query)
    for screen in screens:
        if (params.get(PAGE_KEY), params.get("bloc"), params.get("candidat")) == (screen.page, screen.bloc,
                                                                                  screen.candidat):
            return screen
    return None
