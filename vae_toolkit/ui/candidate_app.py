"""The candidate's app: every screen of the dossier in one shell (Accueil, Parcours, each bloc, écarts, dossier de
faisabilité, livret, jury).

One :class:`~vae_toolkit.journey.workspace.Workspace` (one copy of the dossier, one autosave) serves every
screen. The gap analysis and the livret read the file: they are rebuilt when shown after the dossier changed.
:func:`candidate_app` is what ``notebooks/application.ipynb`` shows; in Voilà with pre-heated kernels it does
the slow part (imports, reading the dossier, building the start screen) before the request arrives.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from pathlib import Path

import ipywidgets as widgets

from vae_toolkit.analysis.france_vae import candidate_gaps
from vae_toolkit.analysis.progress import progress
from vae_toolkit.journey.bloc import BlocModel
from vae_toolkit.journey.workspace import Workspace
from vae_toolkit.models.jury import Jury
from vae_toolkit.models.status import BlocStatus
from vae_toolkit.models.wording import RESULTAT_LABELS, count_fr
from vae_toolkit.storage.document import fingerprint
from vae_toolkit.storage.dossier import dossier_file
from vae_toolkit.ui.common import ConflictBanner, Feedback, SaveStatus, error_message, guard
from vae_toolkit.ui.context import in_app_mode, resolve_dossier
from vae_toolkit.ui.navigator import Navigator
from vae_toolkit.ui.page import Chooser, JourneyPage
from vae_toolkit.ui.preheat import on_request, preheating, unheard_until_page
from vae_toolkit.ui.screens import APP_TITLE, Screen, candidate_screens, query_params
from vae_toolkit.ui.shell import AppShell

FILE_SCREENS = ("ecarts", "dossier")  # built from the file on disk: rebuilt when shown after a save
GAPS_HELP = ("<p class='vae-help'>Pour chaque indicateur du référentiel : ce qui le prouve (situations, pièces), "
             "votre auto-évaluation et un statut — <b>couvert</b>, <b>à étayer</b> ou <b>lacune</b> — avec la raison. "
             "Choisissez un bloc pour filtrer. Les onglets montrent aussi la grille France VAE proposée, des "
             "graphiques et des conseils tirés de votre dossier. « Exporter », en bas, écrit ce rapport en "
             "PDF ou en HTML dans le sous-dossier exports de votre dossier.</p>")


def quiet_kernel() -> None:
    """In a Voilà kernel, send what the kernel process itself writes to the terminal (stderr) to nowhere.

    The kernel shares the terminal of ``vae app``; what it prints there is English and technical (a kernel
    stopped while it waits for its page, ipykernel's own warnings). Errors of the screens are shown in the page.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def request_query(environ: Mapping[str, str] | None = None) -> str:
    """The page's query string (``QUERY_STRING``, set by Voilà for a kernel started for its page).

    A pre-heated kernel never gets here: it learns its page through :func:`vae_toolkit.ui.preheat.on_request`.
    """
    env = os.environ if environ is None else environ
    if environ is None and "VOILA_PREHEAT" in env:
        quiet_kernel()
    return env.get("QUERY_STRING", "")


class CandidateShell(AppShell):
    """The shell over one open dossier: shared save status and conflict banner, progress in the navigation."""

    def __init__(self, ws: Workspace, *, start: str | None = "", sync_url: bool = False,
                 today: dt.date | None = None) -> None:
        self.ws, self.today = ws, today
        self.bloc_models: dict[str, BlocModel] = {}
        self.built_from: dict[str, str] = {}
        feedback = Feedback()
        top = [ConflictBanner(ws.autosave, feedback), SaveStatus(ws.autosave), feedback]
        super().__init__(candidate_screens(ws.ref), self.build_screen, start=start, sync_url=sync_url, top=top,
                         label="Mon dossier")
        ws.autosave.observe(guard(lambda _change: self.refresh_progress(), feedback), names=["message"])
        self.refresh_progress()

    def build_screen(self, screen: Screen) -> widgets.Widget:
        builders: dict[str, Callable[[], widgets.Widget]] = {
            "accueil": lambda: self._journey(lambda ws, fb: _accueil(ws, fb)),
            "parcours": lambda: self._journey(lambda ws, fb: _parcours(ws, fb, self.today)),
            "bloc": lambda: self._journey(lambda ws, fb: self._bloc(ws, fb, screen.bloc or "")),
            "ecarts": self._gaps,
            "faisabilite": lambda: self._journey(lambda ws, fb: _faisabilite(ws, fb)),
            "dossier": self._livret,
            "jury": lambda: self._journey(lambda ws, fb: _jury(ws, fb)),
        }
        if screen.page in FILE_SCREENS:
            self.ws.autosave.flush()
            self.built_from[screen.page] = self._disk_fingerprint()
        return builders[screen.page]()

    def on_show(self, screen: Screen) -> None:
        if screen.page in FILE_SCREENS and screen.page in self.built_from:
            self.ws.autosave.flush()
            if self.built_from[screen.page] != self._disk_fingerprint():
                self.rebuild(screen)

    def _disk_fingerprint(self) -> str:
        try:
            return fingerprint(dossier_file(self.ws.folder).read_bytes())
        except OSError:
            return ""

    def _journey(self, build: Callable[[Workspace, Feedback], widgets.Widget]) -> widgets.Widget:
        return JourneyPage(self.ws, build, chrome=False)

    def _bloc(self, ws: Workspace, feedback: Feedback, bloc: str) -> widgets.Widget:
        from vae_toolkit.ui.bloc_view import BlocView

        model = self.bloc_models.get(bloc)
        if model is None or model.ws is not ws:
            model = self.bloc_models[bloc] = BlocModel(ws, bloc, today=self.today)
        return BlocView(ws, feedback, model=model)

    def _gaps(self) -> widgets.Widget:
        from vae_toolkit.ui.export_view import ExportPanel
        from vae_toolkit.journey.gaps import GapsState
        from vae_toolkit.ui.gaps_view import GapsView

        folder = self.ws.folder
        return widgets.VBox([widgets.HTML(GAPS_HELP), GapsView(GapsState.from_folder(folder, today=self.today),
                                                                      lazy_charts=True),
                             ExportPanel(folder, kinds=("gaps",), today=self.today)])

    def _livret(self) -> widgets.Widget:
        from vae_toolkit.journey.livret_preview import LivretPreview
        from vae_toolkit.ui.export_view import LivretView

        from vae_toolkit.ui.depot_view import DepotPanel

        return widgets.VBox([LivretView(LivretPreview(self.ws.folder, today=self.today)),
                             widgets.HTML("<h3>Déposer sur France VAE</h3>"),
                             DepotPanel(self.ws.folder, today=self.today, before=self.ws.autosave.flush)])

    def refresh_progress(self) -> None:
        """The short progress text under each screen's name, from the dossier in memory."""
        try:
            self.refresh_navigation(progress_details(self.ws))
        except Exception as exc:  # noqa: BLE001 - the navigation stays usable; the reason is shown
            self.show_error(exc)


def progress_details(ws: Workspace) -> dict[str, str]:
    """« 12/28 évalués », « 3 expériences », « dispensé »… by screen key."""
    dossier = ws.dossier
    profil = dossier.profil
    n_exp = len(dossier.experiences)
    details = {
        "accueil": "profil rempli" if profil.nom and profil.prenom else "profil à compléter",
        "parcours": count_fr(n_exp, "expérience", "expériences") if n_exp else "à compléter",
    }
    for bp in progress(dossier, ws.ref):
        key = Screen("bloc", "", "", bloc=bp.id).key
        if bp.statut == BlocStatus.dispense:
            details[key] = "dispensé"
        elif bp.statut == BlocStatus.acquis:
            details[key] = "acquis"
        elif bp.statut == BlocStatus.non_vise:
            details[key] = "non visé"
        else:
            details[key] = f"{bp.evalues}/{bp.indicateurs} indicateurs évalués"
    n_sit = len(dossier.situations)
    details["dossier"] = count_fr(n_sit, "situation", "situations")
    gaps = len(candidate_gaps(dossier))
    details["faisabilite"] = f"{count_fr(gaps, 'point', 'points')} à compléter" if gaps else "complet"
    details["jury"] = jury_detail(dossier.jury)
    return details


def jury_detail(jury: Jury) -> str:
    """« Validation partielle… », « jury le 12/06/2026 » or « à venir »."""
    if jury.resultat is not None:
        return RESULTAT_LABELS[jury.resultat]
    if jury.session.date is not None:
        return f"jury le {jury.session.date.strftime('%d/%m/%Y')}"
    return "à venir"


def _accueil(ws: Workspace, feedback: Feedback) -> widgets.Widget:
    from vae_toolkit.ui.accueil_view import AccueilView

    return AccueilView(ws, feedback)


def _faisabilite(ws: Workspace, feedback: Feedback) -> widgets.Widget:
    from vae_toolkit.ui.faisabilite_view import FaisabiliteView

    return FaisabiliteView(ws, feedback)


def _jury(ws: Workspace, feedback: Feedback) -> widgets.Widget:
    from vae_toolkit.ui.jury_view import JuryView

    return JuryView(ws, feedback)


def _parcours(ws: Workspace, feedback: Feedback, today: dt.date | None) -> widgets.Widget:
    from vae_toolkit.ui.parcours_view import ParcoursView

    return ParcoursView(ws, feedback, today=today) if today else ParcoursView(ws, feedback)


DEFAULT_QUERY = "page=accueil"


class CandidateApp:
    """What the app notebook shows: the shell on the resolved dossier, or the chooser; ``box`` holds it.

    :meth:`prepare` reads the dossier and builds the shell before any page asks (pre-heated kernel), but no
    screen: the page's state would carry one it may not show. :meth:`open` then builds and shows the screen of
    the page's address, reading the dossier again if it changed since.
    """

    def __init__(self, dossier: str | Path | None, environ: Mapping[str, str], *, delay: float = 1.0,
                 today: dt.date | None = None, ahead: bool = True) -> None:
        self.dossier, self.env = dossier, dict(environ)
        self.delay, self.today, self.ahead = delay, today, ahead
        self.shell: CandidateShell | None = None
        self.box = widgets.VBox()
        self.box.add_class("vae-app")

    def _env(self, query: str) -> dict[str, str]:
        return {**{k: v for k, v in self.env.items() if k != "QUERY_STRING"}, "QUERY_STRING": query}

    def prepare(self) -> None:
        """Read the dossier and build the shell now; a failure is shown by :meth:`open`."""
        env = self._env("")
        folder = resolve_dossier(self.dossier, env)
        if folder is None:
            return
        try:
            self._shell(folder, None, sync=in_app_mode(env))
        except Exception:  # noqa: BLE001 - open() tries again and shows the reason in the page
            self.shell = None
            self.box.children = []

    def open(self, query: str) -> None:
        """Show the screen of ``query`` (the page's address), or the chooser when no dossier is known."""
        env = self._env(query)
        sync = in_app_mode(env)
        start = query if query_params(query).get("page") else DEFAULT_QUERY
        folder = resolve_dossier(self.dossier, env)
        try:
            if folder is None:
                self.box.children = [chooser_page(lambda chosen: self._shell(chosen, start, sync=sync), sync=sync)]
                return
            shell = self.shell
            if shell is not None and str(shell.ws.folder) == str(folder):
                catch_up(shell)
                shell.show(start)
            else:
                self._shell(folder, start, sync=sync)
        except Exception as exc:  # noqa: BLE001 - the reason is shown above the chooser, in French
            self.box.children = [chooser_page(lambda chosen: self._shell(chosen, start, sync=sync), sync=sync,
                                              value=str(folder), reason=error_message(exc))]

    def _shell(self, folder: Path | str, start: str | None, *, sync: bool) -> CandidateShell:
        self.shell = CandidateShell(Workspace(folder, delay=self.delay), start=start, sync_url=sync, today=self.today)
        self.box.children = [self.shell]
        if self.ahead:  # once a page shows it (the browser says so)
            self.shell.build_ahead_when_shown()
        return self.shell


def catch_up(shell: CandidateShell) -> None:
    """Read the dossier again when it changed on disk since the shell read it (the previous page saved)."""
    ws = shell.ws
    ws.autosave.flush()
    if _fingerprint_of(ws.folder) == (ws.session.fingerprint or ""):
        return
    ws.session.reload()
    ws.autosave.reloaded = not ws.autosave.reloaded
    shell.refresh_progress()


def candidate_app(dossier: str | Path | None = None, *, query: str | None = None,
                  environ: Mapping[str, str] | None = None, delay: float = 1.0,
                  today: dt.date | None = None, ahead: bool = True) -> widgets.Widget:
    """The candidate's app on the resolved dossier, opened on the screen of ``query``; or the chooser.

    The dossier comes from ``dossier``, then ``?dossier=`` of the address, then ``VAE_DOSSIER``. In a kernel
    Voilà pre-heats, the shell is built now and the screen of the address when a page takes the kernel.
    """
    app = CandidateApp(dossier, os.environ if environ is None else environ, delay=delay, today=today, ahead=ahead)
    if query is None and environ is None and preheating():
        quiet_kernel()
        unheard_until_page()
        app.prepare()
        on_request(app.open)
        return app.box
    app.open(request_query(environ) if query is None else query)
    return app.box


def _fingerprint_of(folder: Path) -> str:
    try:
        return fingerprint(dossier_file(folder).read_bytes())
    except OSError:
        return ""


def chooser_page(on_open: Callable[[Path], None], *, sync: bool, value: str = "", reason: str = "") -> widgets.Widget:
    """The folder chooser, with the project's look, a French title and no navigation yet."""
    nav = Navigator(sync_url=sync, title=f"Choisir un dossier · {APP_TITLE}", label="Mon dossier")
    nav.layout.display = "none"
    page = widgets.VBox([nav, Chooser(on_open, value=value, reason=reason)])
    page.add_class("vae-app")
    return page
