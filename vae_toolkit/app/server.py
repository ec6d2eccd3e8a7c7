"""Run Voilà on the toolkit's notebooks: 127.0.0.1 only, sources stripped, idle kernels culled, French messages.

The dossier reaches every kernel through the ``VAE_DOSSIER`` environment variable (Voilà starts kernels with the
server's environment plus the request's); the notebooks resolve ``dossier`` → ``?dossier=`` → ``VAE_DOSSIER`` →
chooser. Voilà is imported only when :func:`serve` runs, so ``vae`` starts fast.
"""

from __future__ import annotations

import errno
import logging
import os
import secrets
import socket
import sys
import threading
import webbrowser
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from vae_toolkit.errors import VaeError
from vae_toolkit.storage.dossier import DOSSIER_ENV as ENV_VAR

HOST = "127.0.0.1"
DEFAULT_PORT = 8866
# A closed tab shuts its kernel down itself (Voilà's beforeunload request); the culler catches the rest:
# a kernel with no open page and no activity for CULL_IDLE seconds is stopped, checked every CULL_INTERVAL.
CULL_IDLE = 300
CULL_INTERVAL = 60
# s after a pre-heated kernel is taken before the next one starts: its start (imports, reading the dossier) takes
# a core for 1-2 s, which the page being loaded needs on a 2-core machine; the second kernel of the pool serves a
# reload meanwhile.
FILL_DELAY = 4.0


class PortInUseError(VaeError):
    """The requested port is already taken on 127.0.0.1."""

    def __init__(self, port: int) -> None:
        self.port = port
        super().__init__(
            f"Le port {port} est déjà utilisé sur cet ordinateur, sans doute par une application vae déjà ouverte "
            f"ou par un autre programme. Fermez-le, ou relancez avec un autre port, par exemple : --port {port + 1}"
        )


class PortDeniedError(VaeError):
    """The system refuses this port to the user (below 1024 without administrator rights, or reserved)."""

    def __init__(self, port: int) -> None:
        self.port = port
        super().__init__(f"Le système n’autorise pas l’application à utiliser le port {port}. Choisissez un port "
                         f"au-dessus de 1024, par exemple : --port {DEFAULT_PORT}")


@dataclass
class AppSettings:
    """What one ``vae app`` run serves: the notebooks folder, the page to open, the dossier, the port."""

    notebooks_dir: Path
    start: Path
    dossier: Path | None = None
    port: int = DEFAULT_PORT
    open_browser: bool = True
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))

    @property
    def start_rel(self) -> str:
        """The start notebook relative to the notebooks folder, as Voilà names it."""
        return self.start.relative_to(self.notebooks_dir).as_posix()

    def page_url(self, notebook: Path | None = None) -> str:
        """The address of a notebook's page (the start page by default), token included."""
        rel = (notebook or self.start).relative_to(self.notebooks_dir).as_posix()
        return f"http://{HOST}:{self.port}/voila/render/{quote(rel)}?token={self.token}"

    def apply_env(self, env: MutableMapping[str, str]) -> None:
        """Set ``VAE_DOSSIER`` in ``env`` (the server's, inherited by kernels) to the dossier, or remove it."""
        env.pop(ENV_VAR, None)
        if self.dossier is not None:
            env[ENV_VAR] = str(self.dossier)


def set_xsrf_cookie(handler: Any, notebook: Any = None, cwd: str | None = None) -> None:
    """Give the page its ``_xsrf`` cookie (reading ``xsrf_token`` sets it); usable as a Voilà prelaunch hook.

    A closed tab asks the server to shut its kernel down with a POST that carries this cookie's value; Voilà's
    own pages never set it, so the request was refused (voila-dashboards/voila#1458) and the kernel lived on.
    With pre-heated kernels Voilà refuses a prelaunch hook: :func:`serve` calls this before each page instead.
    """
    handler.xsrf_token  # noqa: B018 - the property sets the cookie


# The pages may load and contact nothing but this server: Voilà's template asks a CDN for Font Awesome (already in
# its bundle); the browser refuses it, so not even the address of the page leaves the machine.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; "
                           "style-src 'self' 'unsafe-inline' blob:; img-src 'self' data: blob:; font-src 'self' data:; "
                           "connect-src 'self' ws://127.0.0.1:* blob: data:; frame-ancestors 'self'")

# Extensions the pages do not need (JupyterLab's Voilà preview button, code highlighting: no code is shown).
UNUSED_EXTENSIONS = ["@voila-dashboards/jupyterlab-preview", "jupyterlab_pygments"]
# The page template: vae-toolkit's own (vae_toolkit/app/page), which draws the widgets with a small script instead
# of loading Voilà's JupyterLab application; found through JUPYTER_PATH (see :func:`use_page_template`).
PAGE_TEMPLATE = "vae-app"
PAGE_DATA = Path(__file__).resolve().parent / "page"
POOL_SIZE = 2  # pre-heated kernels kept ready for the start page: the next page or a reload opens at once
# s Voilà waits for a cell's output after the kernel said the cell is done (nbclient's default: 4 s, after which
# the output is dropped and the page stays blank). A pre-heated kernel runs the app notebook while the previous
# page is loading; on a busy 2-core machine its output was seen to arrive later than 4 s.
IOPUB_TIMEOUT = 60


def voila_config(settings: AppSettings) -> dict[str, Any]:
    """The traitlets configuration of the Voilà application (plain dict, turned into a Config by :func:`serve`)."""
    return {
        "Voila": {
            "ip": HOST,
            "port": settings.port,
            "port_retries": 0,
            "open_browser": False,
            "root_dir": str(settings.notebooks_dir),
            "token": settings.token,
            "log_level": logging.CRITICAL,  # Voilà and Jupyter log in English; our messages are French
            # The ping timeout equals the interval (Tornado otherwise warns in English at each page).
            "tornado_settings": {"allow_remote_access": False, "ws_ping_interval": 30_000, "ws_ping_timeout": 30_000,
                                 "headers": {"Content-Security-Policy": CONTENT_SECURITY_POLICY}},
        },
        "VoilaConfiguration": {
            "strip_sources": True,
            "show_tracebacks": False,
            "template": PAGE_TEMPLATE,
            "theme": "light",
            "preheat_kernel": True,
            "file_allowlist": [],
            "extension_denylist": UNUSED_EXTENSIONS,
        },
        "VoilaExecutor": {"iopub_timeout": IOPUB_TIMEOUT},
        # Only the start page (the app notebook) gets a pre-heated kernel: it runs the notebook up to the
        # request, so the page is ready when asked for; other notebooks start a kernel per page as before.
        "VoilaKernelManager": {
            "kernel_pools_config": {"default": {"pool_size": 0},
                                    settings.start_rel: {"pool_size": POOL_SIZE}},
            "fill_delay": FILL_DELAY,
        },
        "MappingKernelManager": {
            "cull_idle_timeout": CULL_IDLE,
            "cull_interval": CULL_INTERVAL,
            "cull_connected": False,
            "cull_busy": False,
        },
        # Unix sockets in Voilà's private connection folder rather than TCP ports (POSIX only).
        **({"KernelManager": {"transport": "ipc"}} if os.name != "nt" else {}),
    }


def use_page_template(env: MutableMapping[str, str]) -> None:
    """Put the app's page template where Voilà looks for templates (first in ``JUPYTER_PATH``)."""
    paths = [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p and p != str(PAGE_DATA)]
    env["JUPYTER_PATH"] = os.pathsep.join([str(PAGE_DATA), *paths])


def check_port_free(port: int) -> None:
    """Raise :class:`PortInUseError` when ``port`` cannot be bound on 127.0.0.1 (same options as Tornado)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        if os.name != "nt":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, port))
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
            raise PortInUseError(port) from None
        if exc.errno in (errno.EACCES, getattr(errno, "WSAEACCES", -1)):
            raise PortDeniedError(port) from None
        raise
    finally:
        sock.close()


def _open_later(url: str) -> Path | None:
    """Open the browser on a private redirect file, never on ``url`` itself (its token would show in ``ps``).

    Without a writable private folder no browser is opened: the address printed in the terminal still works.
    """
    from vae_toolkit.app.launch_file import write_launch_file

    try:
        launch = write_launch_file(url)
    except VaeError:
        return None
    threading.Thread(target=webbrowser.open, args=(launch.as_uri(),), kwargs={"new": 2}, daemon=True).start()
    return launch


def serve(settings: AppSettings, *, out: Any = None) -> None:
    """Serve the notebooks until Ctrl-C or SIGTERM; kernels are shut down on the way out."""
    out = out or sys.stdout
    check_port_free(settings.port)
    settings.apply_env(os.environ)
    use_page_template(os.environ)

    import tornado.ioloop
    from traitlets.config import Config
    from voila.app import Voila

    from vae_toolkit.app.launch_file import remove_launch_file

    class VaeVoila(Voila):
        """Voilà whose listen step speaks French and refuses another port rather than drifting to one."""

        def listen(self) -> None:
            try:
                self.app.listen(self.port, self.ip)
            except OSError as exc:
                self.stop()
                if exc.errno == errno.EADDRINUSE:
                    raise PortInUseError(self.port) from None
                raise
            url = settings.page_url()
            print(f"Application VAE ouverte à l’adresse : {url}", file=out, flush=True)
            print("Gardez cette fenêtre ouverte ; Ctrl-C pour arrêter l’application.", file=out, flush=True)
            launch = _open_later(url) if settings.open_browser else None
            self.ioloop = tornado.ioloop.IOLoop.current()
            try:
                self.ioloop.start()
            except KeyboardInterrupt:
                pass
            finally:
                remove_launch_file(launch)
                self.stop()

    from voila.tornado.handler import TornadoVoilaHandler

    page_get = TornadoVoilaHandler.get

    async def get_with_cookie(handler: Any, path: str | None = None) -> Any:
        set_xsrf_cookie(handler)
        return await page_get(handler, path)

    TornadoVoilaHandler.get = get_with_cookie  # type: ignore[method-assign]
    from vae_toolkit.app import quiet

    quiet.install()
    app = VaeVoila(config=Config(voila_config(settings)))
    app.initialize([])
    app.start()
