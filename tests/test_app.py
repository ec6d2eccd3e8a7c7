"""``vae app``: a real Voilà server on 127.0.0.1 serving every notebook as a page with no code, French errors."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from _servers import AppServer, free_port, start_app

from vae_toolkit.app.notebooks import START_NOTEBOOK, candidate_dirs, find_notebooks_dir, start_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.relative_to(ROOT / "notebooks").as_posix() for p in (ROOT / "notebooks").rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)
VOILA_ERROR = "There was an error when executing cell"
CODE_MARKERS = ("from vae_toolkit", "import ", "_screen(")


def fetch(url: str, headers: dict[str, str] | None = None, timeout: float = 120) -> tuple[int, str]:
    """GET ``url`` without following redirects: (status, body)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def server(module_demo_folder: Path) -> Iterator[AppServer]:
    running = start_app(module_demo_folder)
    try:
        yield running
    finally:
        running.stop()


def test_start_page_is_the_accueil_on_loopback(server: AppServer) -> None:
    assert server.url.startswith(f"http://127.0.0.1:{server.port}/voila/render/{START_NOTEBOOK}?token=")
    assert "Application VAE ouverte à l’adresse" in "".join(server.stdout)
    print(f"vae app: URL printed {server.started_in:.2f} s after launch")


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_notebook_is_a_page_without_code(server: AppServer, notebook: str) -> None:
    status, html = fetch(server.page(notebook))
    assert status == 200, html[-2000:]
    assert VOILA_ERROR not in html and "Traceback" not in html
    for marker in CODE_MARKERS:
        assert marker not in html, f"{notebook} shows code: {marker!r}"
    assert "application/vnd.jupyter.widget-view+json" in html


def test_a_page_needs_the_token(server: AppServer) -> None:
    status, _ = fetch(f"http://127.0.0.1:{server.port}/voila/render/{START_NOTEBOOK}")
    assert status in (302, 403)


@pytest.mark.parametrize("address", [f"/voila/render/{START_NOTEBOOK}?page=parcours", "/login",
                                     f"/voila/render/{START_NOTEBOOK}?token=ancien-jeton"])
def test_a_missing_or_old_token_lands_on_a_french_page(server: AppServer, address: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as refused:  # redirects followed, as a browser does
        urllib.request.urlopen(f"http://127.0.0.1:{server.port}{address}", timeout=60)
    page = refused.value.read().decode("utf-8")
    assert refused.value.code == 403 and '<html lang="fr">' in page
    assert "Adresse expirée ou incomplète" in page and "vae app" in page and "Jupyter" not in page


def test_an_unknown_address_is_a_french_page(server: AppServer) -> None:
    status, page = fetch(f"http://127.0.0.1:{server.port}/voila/render/inexistant.ipynb?token={server.token}")
    assert status == 404 and "Page introuvable" in page and "Traceback" not in page


def test_a_foreign_host_name_is_refused(server: AppServer) -> None:
    """DNS rebinding: a page of another site pointing its name at 127.0.0.1 gets nothing."""
    status, _ = fetch(server.url, headers={"Host": f"attaquant.example:{server.port}"})
    assert status == 403


def test_nothing_listens_beyond_loopback(server: AppServer) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: no packet is sent, this only picks the outgoing address
            address = probe.getsockname()[0]
        except OSError:
            pytest.skip("no network interface besides loopback")
    if address.startswith("127."):
        pytest.skip("no network interface besides loopback")
    with pytest.raises(OSError):
        socket.create_connection((address, server.port), timeout=3).close()


def test_port_in_use_is_a_french_error(vae: Callable[..., subprocess.CompletedProcess[str]],
                                       demo_folder: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = vae("app", demo_folder, "--no-browser", "--port", port, timeout=60)
    assert done.returncode == 1, done.stderr
    assert f"Le port {port} est déjà utilisé" in done.stderr and "--port" in done.stderr
    assert "Traceback" not in done.stderr and not done.stdout


def test_missing_dossier_is_a_french_error(vae: Callable[..., subprocess.CompletedProcess[str]],
                                           tmp_path: Path) -> None:
    done = vae("app", tmp_path / "absent", "--no-browser", "--port", free_port(), timeout=60)
    assert done.returncode == 1
    assert "n’existe pas" in done.stderr and "Traceback" not in done.stderr


def test_bad_port_is_a_usage_error(vae: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    done = vae("app", "--port", "99999", timeout=60)
    assert done.returncode == 2 and "port invalide" in done.stderr


@pytest.mark.skipif(os.name == "nt", reason="Ctrl-C is a POSIX signal here")
def test_ctrl_c_stops_cleanly_in_french(demo_folder: Path) -> None:
    running = start_app(demo_folder)
    try:
        status, _ = fetch(running.page(START_NOTEBOOK))
        assert status == 200
    finally:
        code = running.stop(signal.SIGINT)
    assert code == 0, "".join(running.stderr)
    err = "".join(running.stderr)
    assert "Application arrêtée" in err and "Traceback" not in err


def test_without_dossier_the_app_serves_the_accueil(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()}
    env["VAE_DOSSIER"] = str(tmp_path / "should-be-ignored")
    running = start_app(env=env)
    try:
        status, html = fetch(running.page(START_NOTEBOOK))
    finally:
        running.stop()
    assert status == 200 and VOILA_ERROR not in html
    assert "should-be-ignored" not in html


def test_kernels_get_the_dossier_or_no_dossier_at_all(tmp_path: Path) -> None:
    from vae_toolkit.app.server import AppSettings

    env = {"VAE_DOSSIER": "/ailleurs", "HOME": "/home/x"}
    AppSettings(notebooks_dir=tmp_path, start=tmp_path / "a.ipynb", dossier=tmp_path / "d").apply_env(env)
    assert env == {"VAE_DOSSIER": str(tmp_path / "d"), "HOME": "/home/x"}
    AppSettings(notebooks_dir=tmp_path, start=tmp_path / "a.ipynb").apply_env(env)
    assert env == {"HOME": "/home/x"}


def test_every_configured_option_exists(tmp_path: Path) -> None:
    """A misspelt option would be ignored silently by traitlets: each one must be a configurable trait."""
    from jupyter_client.manager import KernelManager
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager
    from voila.app import Voila
    from voila.configuration import VoilaConfiguration
    from voila.execute import VoilaExecutor

    from voila.voila_kernel_manager import voila_kernel_manager_factory

    from vae_toolkit.app.server import AppSettings, voila_config

    classes = {"Voila": Voila, "VoilaConfiguration": VoilaConfiguration, "MappingKernelManager": MappingKernelManager,
               "VoilaExecutor": VoilaExecutor,
               "KernelManager": KernelManager,
               "VoilaKernelManager": voila_kernel_manager_factory(MappingKernelManager, True, 0)}
    config = voila_config(AppSettings(notebooks_dir=tmp_path, start=tmp_path / "a.ipynb"))
    for section, options in config.items():
        traits = classes[section].class_traits(config=True)
        assert set(options) <= set(traits), f"{section}: {set(options) - set(traits)}"
    assert config["Voila"]["ip"] == "127.0.0.1" and config["VoilaConfiguration"]["strip_sources"] is True
    assert config["MappingKernelManager"]["cull_idle_timeout"] > 0
    pools = config["VoilaKernelManager"]["kernel_pools_config"]
    assert pools == {"default": {"pool_size": 0}, "a.ipynb": {"pool_size": 2}}, "only the app page is pre-heated"


def test_cli_start_up_does_not_import_voila() -> None:
    code = ("import sys; from vae_toolkit.cli.main import build_parser; build_parser(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('voila', 'jupyter_server', 'tornado')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_notebooks_come_from_the_checkout_and_open_on_accueil() -> None:
    assert find_notebooks_dir() == ROOT / "notebooks"
    assert start_notebook(ROOT / "notebooks").name == START_NOTEBOOK


def test_start_falls_back_to_the_first_notebook(tmp_path: Path) -> None:
    for name in ("05_ecarts.ipynb", "02_BC01.ipynb"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert start_notebook(tmp_path).name == "02_BC01.ipynb"


def test_installed_location_is_searched() -> None:
    assert any(p.parts[-3:] == ("share", "vae-toolkit", "notebooks") and Path(sys.prefix) in p.parents
               for p in candidate_dirs())


@pytest.mark.slow
def test_wheel_ships_the_notebooks(wheel: Path) -> None:
    import zipfile

    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    for nb in NOTEBOOKS:
        assert any(n.endswith(f".data/data/share/vae-toolkit/notebooks/{nb}") for n in names), nb


@pytest.mark.slow
def test_installed_wheel_serves_its_own_notebooks(installed_python: Path, demo_folder: Path,
                                                  tmp_path: Path) -> None:
    code = "from vae_toolkit.app.notebooks import find_notebooks_dir as f; print(f())"
    where = subprocess.run([str(installed_python), "-c", code], capture_output=True, text=True, check=True,
                           cwd=tmp_path).stdout.strip()
    prefix = installed_python.parents[1]
    assert Path(where) == prefix / "share" / "vae-toolkit" / "notebooks"
    # Voilà's own templates come with the borrowed voila package: point Jupyter at its data folder.
    env = dict(os.environ, JUPYTER_PATH=str(Path(sys.prefix) / "share" / "jupyter"))
    running = start_app(demo_folder, python=installed_python, cwd=tmp_path, env=env)
    try:
        status, html = fetch(running.page(START_NOTEBOOK))
    finally:
        running.stop()
    assert status == 200 and VOILA_ERROR not in html and "from vae_toolkit" not in html
