"""The counsellor's app: the dashboard of every candidate under a folder, each row opening that candidate's review.

Addresses: ``?page=tableau`` and ``?page=revue&candidat=<sub-folder>``; a review opened once stays in the
navigation (and alive) until the page is closed. ``notebooks/conseiller/application.ipynb`` shows it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import ipywidgets as widgets

from vae_toolkit.errors import VaeError
from vae_toolkit.ui.candidate_app import quiet_kernel, request_query
from vae_toolkit.ui.common import ENV, folder_screen
from vae_toolkit.ui.context import in_app_mode
from vae_toolkit.ui.preheat import on_request, preheating
from vae_toolkit.ui.screens import COUNSELLOR_TITLE, Screen, query_params
from vae_toolkit.ui.shell import AppShell

DOSSIERS_ENV = "VAE_DOSSIERS"
DASHBOARD = Screen("tableau", "Tableau de bord", "Tableau de bord")
BACK = ENV.from_string('<p><a class="vae-back" href="?{{ q }}">← Retour au tableau de bord</a></p>')


def review_screen_of(candidat: str) -> Screen:
    return Screen("revue", f"Revue : {candidat}", f"Revue de {candidat}", candidat=candidat)


class CounsellorShell(AppShell):
    """Dashboard first; a candidate's review on its own address, with a way back."""

    def __init__(self, root: Path, *, start: str | None = "", sync_url: bool = False) -> None:
        self.root = root
        super().__init__([DASHBOARD], self.build_screen, start=start, app_title=COUNSELLOR_TITLE,
                         sync_url=sync_url, resolve=self.find, label="Suivi des candidats")

    def find(self, query: str) -> Screen | None:
        params = query_params(query)
        if params.get("page") == DASHBOARD.page:
            return DASHBOARD
        candidat = params.get("candidat", "")
        if params.get("page") != "revue" or not candidat:
            return None
        folder = (self.root / candidat).resolve()
        if not folder.is_dir() or not folder.is_relative_to(self.root.resolve()):
            raise VaeError(f"Aucun dossier de candidat « {candidat} » dans {self.root}.")
        screen = review_screen_of(candidat)
        if screen not in self.screens:
            self.screens.append(screen)
            self.refresh_navigation()
        return screen

    def build_screen(self, screen: Screen) -> widgets.Widget:
        if screen.page == DASHBOARD.page:
            from vae_toolkit.ui.dashboard_view import DashboardView

            root = self.root
            return DashboardView(root, review_url=lambda folder: "?" + review_screen_of(
                folder.relative_to(root).as_posix()).query)
        from vae_toolkit.ui.review_view import ReviewView

        return widgets.VBox([widgets.HTML(BACK.render(q=DASHBOARD.query)),
                             ReviewView(self.root / (screen.candidat or ""))])


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
