"""Pre-heated Voilà kernels: build the page before anyone asks for it, learn its address when someone does.

Voilà starts a kernel ahead (``VOILA_PREHEAT=True``) and runs the app notebook in it; the page's HTML is what
that run produced. Blocking the notebook until the request (``voila.utils.get_query_string``) holds the whole
HTML back until the screen is built after the request. Instead the notebook ends with the app built on its
default screen, and :func:`on_request` hands the address to the app in the background, on the kernel's event
loop, as soon as Voilà gives the kernel to a page: the requested screen is built while the browser is still
loading its JavaScript, before it asks the kernel for the widgets.

Until the page asks for the widgets, nobody listens to them: Jupyter's server forwards a kernel's messages only
to the pages connected at that moment, and the page receives the full state of every widget in one reply when it
connects (ipywidgets' control comm). :func:`unheard_until_page` drops the widgets' messages until then; building
the requested screen no longer sends one message per widget that the server reads and throws away, while the
page's script is loading on the other core.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable, Mapping

QUERY_TIMEOUT = 5.0  # s to connect to Voilà's request-info socket (it is on this machine)


def preheating(environ: Mapping[str, str] | None = None) -> bool:
    """True inside a kernel that Voilà pre-heats: no page has asked for it yet."""
    env = os.environ if environ is None else environ
    return env.get("VOILA_PREHEAT") == "True"


def request_info_url(environ: Mapping[str, str]) -> str:
    """Voilà's socket that sends this kernel the request's details (as ``voila.utils.wait_for_request`` builds it)."""
    protocol = environ.get("VOILA_WS_PROTOCOL", "ws")
    host = environ.get("VOILA_APP_IP", "127.0.0.1")
    port = environ.get("VOILA_APP_PORT", "8866")
    base = environ.get("VOILA_WS_BASE_URL", environ.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{environ.get('VOILA_KERNEL_ID', '')}"


async def wait_for_query(environ: Mapping[str, str] | None = None) -> str | None:
    """The query string of the page this kernel was given to (its request details go to ``os.environ``).

    None when Voilà cannot be reached (the server is stopping): there is no page to serve then.
    """
    import websockets  # a dependency of Voilà, present wherever a pre-heated kernel runs

    env = os.environ if environ is None else environ
    try:
        async with websockets.connect(request_info_url(env), open_timeout=QUERY_TIMEOUT) as socket:
            raw = await socket.recv()
    except (OSError, TimeoutError, websockets.WebSocketException):
        return None
    info = json.loads(raw)
    if environ is None:
        os.environ.update({str(k): str(v) for k, v in info.items()})
    return str(info.get("QUERY_STRING", ""))


def page_connected() -> bool:
    """True once a page has asked this kernel for its widgets (ipywidgets' control comm is open)."""
    from ipywidgets.widgets.widget import Widget

    return Widget._control_comm is not None  # noqa: SLF001 - ipywidgets keeps no public flag for it


def unheard_until_page() -> bool:
    """In this kernel, send nothing for the widgets created from now on until a page connects (see the module).

    Their comms are created and registered as usual, so the page's messages reach them once it has their state.
    Returns False (and changes nothing) outside an ipykernel kernel.
    """
    import comm

    try:
        from ipykernel.comm import Comm
        from ipykernel.kernelbase import Kernel
    except ImportError:
        return False
    if not Kernel.initialized():
        return False  # not in a kernel: comm's own dummy comms already send nothing
    if getattr(comm.create_comm, "unheard", False):
        return True

    class UnheardComm(Comm):
        """A kernel comm that says nothing while no page can hear it."""

        def publish_msg(self, msg_type: str, data: object = None, metadata: object = None, buffers: object = None,
                        **keys: object) -> None:
            if page_connected():
                super().publish_msg(msg_type, data, metadata, buffers, **keys)

    def create_comm(*args: object, **kwargs: object) -> Comm:
        return UnheardComm(*args, **kwargs)

    create_comm.unheard = True  # type: ignore[attr-defined]
    comm.create_comm = create_comm
    return True


def on_request(callback: Callable[[str], None], environ: Mapping[str, str] | None = None) -> asyncio.Task:
    """Call ``callback(query)`` on the running event loop once Voilà gives this kernel to a page.

    The callback runs like a widget callback: what it changes reaches the page through the widgets' messages.
    """

    async def wait_then_call() -> None:
        query = await wait_for_query(environ)
        if query is not None:
            callback(query)

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # an ipykernel cell may run outside the loop's own task
        loop = asyncio.get_event_loop()
    return loop.create_task(wait_then_call())
