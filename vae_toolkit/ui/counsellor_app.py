"""The counsellor's app: the dashboard of every candidate under a folder, each row opening that candidate's review.

Addresses: ``?page=tableau``, ``?page=revue&candidat=<sub-folder>`` and, from a review, the accompagnateur's part
of the dossier de faisabilité ``?page=faisabilite&candidat=<sub-folder>``; a candidate's screen opened once stays in
the navigation (and alive) until the page is closed. ``notebooks/conseiller/application.ipynb`` shows it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import ipywidgets as widgets

from vae_toolkit.errors import VaeError
from vae_toolkit.storage.document import fingerprint
from vae_toolkit.storage.dossier import dossier_file
from vae_toolkit.storage.review import review_file
from vae_toolkit.ui.candidate_app import quiet_kernel, request_query
from vae_toolkit.ui.common import ENV, folder_screen
from vae_toolkit.ui.context import in_app_mode
from vae_toolkit.ui.preheat import on_request, preheating, unheard_until_page
from vae_toolkit.ui.screens import COUNSELLOR_TITLE, Screen, query_params
from vae_toolkit.ui.shell import AppShell

DOSSIERS_ENV = "VAE_DOSSIERS"
DASHBOARD = Screen("tableau", "Tableau de bord", "Tableau de bord")
LINKS = ENV.from_string('<p class="vae-links">{% for cls, q, text in links %}<a class="{{ cls }}" href="?{{ q }}">'
                        '{{ text }}</a>{% if not loop.last %} · {% endif %}{% endfor %}</p>')
CANDIDATE_PAGES = ("revue", "faisabilite")


def review_screen_of(candidat: str) -> Screen:
    return Screen("revue", f"Revue : {candidat}", f"Revue de {candidat}", candidat=candidat)


def dff_screen_of(candidat: str) -> Screen:
    """The accompagnateur's part of the DFF for one candidate (grid, bloc comments, parcours, opinion)."""
    return Screen("faisabilite", f"Faisabilité : {candidat}", f"Dossier de faisabilité de {candidat}",
                  candidat=candidat)


def links_html(screen: Screen) -> str:
    """The way back to the dashboard, and to the other screen of the same candidate."""
    candidat = screen.candidat or ""
    links = [("vae-back", DASHBOARD.query, "← Retour au tableau de bord")]
    if screen.page == "revue":
        links.append(("vae-to-dff", dff_screen_of(candidat).query, "Dossier de faisabilité (France VAE) →"))
    else:
        links.append(("vae-to-review", review_screen_of(candidat).query, "← Revue du dossier"))
    return LINKS.render(links=links)


class CounsellorShell(AppShell):
    """Dashboard first; a candidate's review on its own address, with a way back."""

    def __init__(self, root: Path, *, start: str | None = "", sync_url: bool = False) -> None:
        self.root = root
        self.left: dict[str, str] = {}
        """The files of a candidate's screen as they were when it was last left (query → fingerprint)."""
        self.shown: Screen | None = None
        super().__init__([DASHBOARD], self.build_screen, start=start, app_title=COUNSELLOR_TITLE,
                         sync_url=sync_url, resolve=self.find, label="Suivi des candidats")

    def find(self, query: str) -> Screen | None:
        params = query_params(query)
        if params.get("page") == DASHBOARD.page:
            return DASHBOARD
        candidat, page = params.get("candidat", ""), params.get("page")
        if page not in CANDIDATE_PAGES or not candidat:
            return None
        folder = (self.root / candidat).resolve()
        if not folder.is_dir() or not folder.is_relative_to(self.root.resolve()):
            raise VaeError(f"Aucun dossier de candidat « {candidat} » dans {self.root}.")
        screen = review_screen_of(candidat) if page == "revue" else dff_screen_of(candidat)
        if screen not in self.screens:
            self.screens.append(screen)
            self.refresh_navigation()
        return screen

    def on_show(self, screen: Screen) -> None:
        """A candidate's screen shown again after its files changed (the other screen, or elsewhere) is rebuilt."""
        if self.shown is not None and self.shown.candidat:
            self.left[self.shown.query] = self._files_print(self.shown)
        if screen.candidat and screen.query in self.left and self.left[screen.query] != self._files_print(screen):
            self.rebuild(screen)
        self.shown = screen

    def _files_print(self, screen: Screen) -> str:
        folder = self.root / (screen.candidat or "")
        parts = []
        for path in (dossier_file(folder), review_file(folder)):
            try:
                parts.append(fingerprint(path.read_bytes()))
            except OSError:
                parts.append("")
        return "/".join(parts)

    def build_screen(self, screen: Screen) -> widgets.Widget:
        if screen.page == DASHBOARD.page:
            from vae_toolkit.ui.dashboard_view import DashboardView

            root = self.root
            return DashboardView(root, review_url=lambda folder: "?" + review_screen_of(
                folder.relative_to(root).as_posix()).query)
        folder = self.root / (screen.candidat or "")
        if screen.page == "faisabilite":
            from vae_toolkit.ui.grille_view import GridView

            view: widgets.Widget = GridView(folder)
        else:
            from vae_toolkit.ui.review_view import ReviewView

            view = ReviewView(folder)
        return widgets.VBox([widgets.HTML(links_html(screen)), view])


def counsellor_app(dossiers: str | Path | None = None, *, query: str | None = None,
                   environ: Mapping[str, str] | None = None) -> widgets.Widget:
    """The counsellor's app on the folder ``dossiers`` (else ``VAE_DOSSIERS``); a field to choose it otherwise.

    In a kernel Voilà pre-heats, the shell is built now and its first screen when a page takes the kernel.
    """
    env = os.environ if environ is None else environ
    value = dossiers if dossiers not in (None, "") else env.get(DOSSIERS_ENV)
    ahead = query is None and environ is None and preheating()
    if ahead:
        quiet_kernel()
        unheard_until_page()
    elif query is None:
        query = request_query(environ)
    sync = in_app_mode({**env, "QUERY_STRING": query or ""})
    shells: list[CounsellorShell] = []

    def build(folder: str) -> list[widgets.Widget]:
        root = Path(folder).expanduser()
        if not root.is_dir():
            raise VaeError(f"Le dossier {root} n’existe pas : indiquez le dossier qui contient ceux des candidats.")
        shells.append(CounsellorShell(root, start=query, sync_url=sync))
        return [shells[-1]]

    def requested(page_query: str) -> None:
        nonlocal query
        query = page_query
        for shell in shells[-1:]:
            shell.show(page_query)

    box = folder_screen(value, build, label="Dossiers", placeholder="dossier contenant les dossiers des candidats")
    box.add_class("vae-app")
    if ahead:
        on_request(requested)
    return box
