"""The app's light page (vae_toolkit/app/page, built from frontend/): built from its sources, self-contained, and
able to draw every kind of widget the app uses — controls, anywidget, the Output widget — in a real chromium."""

from __future__ import annotations

import filecmp
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from _browser import CHROMIUM_ARGS, WIDGETS_TIMEOUT, require_chromium

from vae_toolkit.app.server import PAGE_DATA, PAGE_TEMPLATE, use_page_template

ROOT = Path(__file__).resolve().parents[1]
FRONTEND = ROOT / "frontend"
TEMPLATE = PAGE_DATA / "voila" / "templates" / PAGE_TEMPLATE
BUILT = ("app.js", "app.css", "fa-solid-900.woff2", "THIRD-PARTY-LICENSES.txt")


def test_the_committed_page_is_what_its_sources_build(tmp_path: Path) -> None:
    """app.js and app.css are committed (a user needs no Node.js); they must be exactly what frontend/ builds."""
    node = shutil.which("node")
    if node is None or not (FRONTEND / "node_modules").is_dir():
        pytest.skip("Node.js ou frontend/node_modules absent : « python3 bootstrap.py test » les installe (npm ci)")
    subprocess.run([node, "build.mjs", str(tmp_path)], cwd=FRONTEND, check=True, timeout=300)
    for name in BUILT:
        assert filecmp.cmp(tmp_path / name, TEMPLATE / "static" / name, shallow=False), (
            f"{name} ne correspond pas aux sources : lancez « npm run build » dans frontend/ et committez")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(BUILT), "the build writes something not committed"


def test_the_page_asks_nothing_of_another_server() -> None:
    """No CDN, no font from elsewhere: the page works offline and leaks no address."""
    template = (TEMPLATE / "index.html.j2").read_text(encoding="utf-8")
    css = (TEMPLATE / "static" / "app.css").read_text(encoding="utf-8")
    assert "http://" not in template and "https://" not in template and "//cdn" not in template
    assert "url(http" not in css.replace(" ", "") and "@import" not in css
    assert 'url("./fa-solid-900.woff2")' in css  # the one font, served beside the stylesheet
    licences = (TEMPLATE / "static" / "THIRD-PARTY-LICENSES.txt").read_text(encoding="utf-8")
    assert "@jupyter-widgets/controls@" in licences and "anywidget@" in licences


def test_jupyter_path_puts_the_page_first_once() -> None:
    env = {"JUPYTER_PATH": os.pathsep.join(["/opt/a", str(PAGE_DATA), "/opt/b"])}
    use_page_template(env)
    use_page_template(env)
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(PAGE_DATA), "/opt/a", "/opt/b"]


NOTEBOOK = '''
import anywidget
import ipywidgets as widgets
import traitlets

out = widgets.Output()
appended = widgets.Output()  # its own widget: the page's copy of `out` would race the kernel's append
button = widgets.Button(description="Écrire")


def click(_):
    with out:
        print("Bonjour « é » ; 1 < 2")
        raise RuntimeError("panne voulue")


def more(_):
    appended.append_stdout("ajouté par append_stdout\\n")


button.on_click(click)
button.on_click(more)


class Seven(anywidget.AnyWidget):
    _esm = """export default { render({ model, el }) {
        el.className = "vae-test-any"; el.textContent = "anywidget " + model.get("value"); } }"""
    value = traitlets.Int(7).tag(sync=True)


allowed = widgets.Checkbox(description='<b>gras</b><img src="x" onerror="window.pwned = 1"><script>window.pwned = 2'
                           '</script><a href="javascript:window.pwned = 3">lien</a>', description_allow_html=True)
widgets.VBox([widgets.HTML("<b>page légère</b>"), widgets.Dropdown(options=["un", "deux"]), button, out, appended,
              Seven(), allowed])
'''


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _voila(folder: Path) -> tuple[subprocess.Popen, str]:
    port, token = _free_port(), secrets.token_urlsafe(12)
    env = dict(os.environ)
    use_page_template(env)
    voila = Path(sys.executable).with_name("voila")
    proc = subprocess.Popen([str(voila), str(folder / "essai.ipynb"), "--no-browser", f"--port={port}",
                             "--Voila.ip=127.0.0.1", f"--Voila.token={token}", f"--template={PAGE_TEMPLATE}",
                             "--VoilaConfiguration.strip_sources=True"],
                            cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/?token={token}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/templates/{PAGE_TEMPLATE}/static/app.css",
                                        timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    proc.wait(timeout=30)
    pytest.fail("Voilà n’a pas démarré en 60 s")


@pytest.mark.browser
def test_the_light_page_draws_controls_anywidget_and_output(tmp_path: Path) -> None:
    require_chromium()
    from playwright.sync_api import sync_playwright

    from _browser import CHROMIUM

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(NOTEBOOK)])
    nbformat.write(nb, tmp_path / "essai.ipynb")
    proc, url = _voila(tmp_path)
    requests: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS[1:])
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto(url, wait_until="domcontentloaded", timeout=WIDGETS_TIMEOUT)
            page.wait_for_selector(".vae-test-any", timeout=WIDGETS_TIMEOUT)
            assert page.inner_text(".vae-test-any") == "anywidget 7"
            assert "page légère" in page.inner_text("body")
            assert not page.locator("#vae-page-status").is_visible()
            # The widgets' state came with the HTML's inline script's socket (the page's head start).
            assert page.evaluate("performance.getEntriesByName('vae-prefetched').length") == 1
            # A description in HTML is sanitized (DOMPurify, ipywidgets' allow-list): bold kept, scripts gone.
            label = page.locator(".widget-checkbox").first
            assert label.locator("b").inner_text() == "gras"
            assert page.locator(".widget-checkbox img[onerror], .widget-checkbox script").count() == 0
            assert label.locator("a").inner_text() == "lien"
            assert label.locator("a[href]").count() == 0  # its javascript: address removed
            assert page.evaluate("window.pwned") is None
            page.get_by_role("button", name="Écrire").click()
            page.wait_for_selector("text=ajouté par append_stdout", timeout=WIDGETS_TIMEOUT)
            page.wait_for_selector("text=panne voulue", timeout=WIDGETS_TIMEOUT)
            shown = page.locator(".jupyter-widgets-output-area").first.inner_text()
            assert "Bonjour « é » ; 1 < 2" in shown  # text, not HTML
            assert "RuntimeError" in shown and "\x1b[" not in shown
            alone = browser.new_page()  # no head start (its socket refused): the page connects by itself
            alone.add_init_script("""(() => { const Native = window.WebSocket; let first = true;
              window.WebSocket = function (url, protocols) {
                if (first) { first = false; throw new Error("refusé pour l’essai"); }
                return protocols === undefined ? new Native(url) : new Native(url, protocols); };
              window.WebSocket.prototype = Native.prototype;
              Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3}); })();""")
            alone.goto(url, wait_until="domcontentloaded", timeout=WIDGETS_TIMEOUT)
            alone.wait_for_selector(".vae-test-any", timeout=WIDGETS_TIMEOUT)
            assert alone.evaluate("performance.getEntriesByName('vae-prefetched').length") == 0
            alone.get_by_role("button", name="Écrire").click()
            alone.wait_for_selector("text=panne voulue", timeout=WIDGETS_TIMEOUT)
            alone.close()
            broken = browser.new_page()  # the script missing from the server: said, not a blank page
            broken.route("**/app.js", lambda route: route.fulfill(status=404, body="absent"))
            broken.goto(url, wait_until="load", timeout=WIDGETS_TIMEOUT)
            broken.wait_for_selector(".vae-page-error", timeout=WIDGETS_TIMEOUT)
            assert "installation de vae-toolkit semble incomplète" in broken.inner_text("#vae-page-status")
            broken.close()
            proc.terminate()  # the server stops under the open page: said at once, at the top of the screen
            proc.wait(timeout=30)
            page.wait_for_selector(".vae-page-error", timeout=WIDGETS_TIMEOUT)
            assert "connexion avec l’application est interrompue" in page.inner_text("#vae-page-status")
            browser.close()
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=30)
    origin = url.split("/?", 1)[0]
    assert requests and all(r.startswith(origin) or r.startswith(("blob:", "data:")) for r in requests), requests
    assert not [r for r in requests if "/voila/static/" in r], "Voilà's JupyterLab application is not loaded"
