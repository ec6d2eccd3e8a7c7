"""The app in a pre-heated Voilà kernel: built before the request, the address applied when a page takes it."""

from __future__ import annotations

import asyncio
import json
import socket
from urllib.parse import quote
from pathlib import Path

import pytest
import websockets

from vae_toolkit.journey.workspace import Workspace
from vae_toolkit.ui.candidate_app import CandidateApp, CandidateShell
from vae_toolkit.ui.preheat import on_request, preheating, request_info_url
from vae_toolkit.ui.shell import HIDDEN

VOILA_ENV = {"VOILA_PREHEAT": "True", "VOILA_BASE_URL": "/", "VOILA_SERVER_URL": "/", "VOILA_KERNEL_ID": "k-1"}


def test_preheating_is_only_what_voila_says() -> None:
    assert preheating({"VOILA_PREHEAT": "True"})
    assert not preheating({"VOILA_PREHEAT": "False"})
    assert not preheating({})


def test_the_request_socket_is_the_one_voila_serves_for_this_kernel() -> None:
    env = {**VOILA_ENV, "VOILA_APP_PORT": "9999", "VOILA_SERVER_URL": "/hub/user/lea/"}
    assert request_info_url(env) == "ws://127.0.0.1:9999/hub/user/lea/voila/query/k-1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_callback_gets_the_query_when_voila_hands_the_kernel_to_a_page() -> None:
    got: list[str] = []
    paths: list[str] = []

    async def voila(ws) -> None:  # noqa: ANN001 - Voilà's RequestInfoSocketHandler, as it answers
        paths.append(ws.request.path)
        await asyncio.sleep(0.2)  # the page is requested a little after the kernel connected
        await ws.send(json.dumps({"QUERY_STRING": "page=bloc&bloc=BC02&token=t", "SERVER_NAME": "127.0.0.1"}))

    async def scenario() -> None:
        port = _free_port()
        async with websockets.serve(voila, "127.0.0.1", port):
            task = on_request(got.append, {**VOILA_ENV, "VOILA_APP_PORT": str(port)})
            assert not got, "nothing happens before the request"
            await asyncio.wait_for(task, 10)

    asyncio.run(scenario())
    assert got == ["page=bloc&bloc=BC02&token=t"]
    assert paths == ["/voila/query/k-1"]


def test_no_server_no_call_and_no_error() -> None:
    got: list[str] = []

    async def scenario() -> None:
        await asyncio.wait_for(on_request(got.append, {**VOILA_ENV, "VOILA_APP_PORT": str(_free_port())}), 10)

    asyncio.run(scenario())
    assert got == []


def _shell(app: CandidateApp) -> CandidateShell:
    assert app.shell is not None and app.box.children == (app.shell,)
    return app.shell


def test_prepared_shell_builds_no_screen_until_the_page_says_which(demo_folder: Path) -> None:
    app = CandidateApp(demo_folder, VOILA_ENV, delay=0, ahead=False)
    app.prepare()
    shell = _shell(app)
    assert shell.slots == {}, "the page's first state carries only the screen it shows"
    assert shell.navigator.sync_url
    app.open("page=bloc&bloc=BC02&token=t")
    assert shell is _shell(app), "the prepared shell is the one shown"
    assert [q for q, slot in shell.slots.items() if slot.built] == ["page=bloc&bloc=BC02"]
    assert HIDDEN not in shell.slots["page=bloc&bloc=BC02"].box._dom_classes
    assert shell.navigator.current == "page=bloc&bloc=BC02"


def test_an_address_without_a_page_opens_the_home_screen(demo_folder: Path) -> None:
    app = CandidateApp(demo_folder, VOILA_ENV, delay=0, ahead=False)
    app.prepare()
    app.open("token=t")
    assert _shell(app).navigator.current == "page=accueil"


def test_a_dossier_saved_meanwhile_is_read_again(demo_folder: Path) -> None:
    app = CandidateApp(demo_folder, VOILA_ENV, delay=0, ahead=False)
    app.prepare()
    shell = _shell(app)
    other = Workspace(demo_folder, delay=0)  # the previous page, still open, saves after the pre-heat
    assert other.edit(other.dossier.profil, "ville", "Saint-Étienne") is None
    app.open("page=accueil")
    assert _shell(app) is shell
    assert shell.ws.dossier.profil.ville == "Saint-Étienne"
    shell.ws.edit(shell.ws.dossier.profil, "prenom", "Léa")
    reread = Workspace(demo_folder, delay=0).dossier.profil
    assert (reread.ville, reread.prenom) == ("Saint-Étienne", "Léa")


def test_another_dossier_in_the_address_gets_its_own_shell(demo_folder: Path, tmp_path: Path) -> None:
    import shutil

    second = tmp_path / "second"
    shutil.copytree(demo_folder, second)
    app = CandidateApp(None, {**VOILA_ENV, "VAE_DOSSIER": str(demo_folder)}, delay=0, ahead=False)
    app.prepare()
    first = _shell(app)
    assert first.ws.folder == demo_folder
    app.open(f"page=parcours&dossier={quote(str(second))}")
    assert _shell(app) is not first
    assert _shell(app).ws.folder == second
    assert _shell(app).navigator.current == "page=parcours"


@pytest.mark.parametrize("env", [{}, {"VAE_DOSSIER": "/nulle/part"}])
def test_without_a_readable_dossier_the_page_offers_the_chooser(env: dict[str, str]) -> None:
    app = CandidateApp(None, {**VOILA_ENV, **env}, delay=0, ahead=False)
    app.prepare()
    app.open("page=accueil")
    assert app.shell is None
    assert "Chooser" in [type(w).__name__ for w in app.box.children[0].children]


def test_the_counsellor_app_builds_its_first_screen_when_the_page_asks(tmp_path: Path, demo_template: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from vae_toolkit.ui import counsellor_app as module
    from vae_toolkit.ui.counsellor_app import CounsellorShell, counsellor_app

    shutil.copytree(demo_template, tmp_path / "lea")
    requests: list = []
    monkeypatch.setattr(module, "on_request", requests.append)
    monkeypatch.setattr(module, "quiet_kernel", lambda: None)
    for key, value in VOILA_ENV.items():
        monkeypatch.setenv(key, value)
    box = counsellor_app(tmp_path)
    shell = box.children[0]
    assert isinstance(shell, CounsellorShell) and shell.slots == {}, "nothing read before a page asks"
    assert shell.navigator.sync_url
    [requested] = requests
    requested("page=revue&candidat=lea&token=t")
    assert shell.navigator.current == "page=revue&candidat=lea"
    assert [q for q, slot in shell.slots.items() if slot.built] == ["page=revue&candidat=lea"]
