"""Time the candidate's app in a real chromium: first screen, switching screens, reload, memory per open candidate.

Each run starts ``vae app`` on a fresh demo dossier (as a user does), opens the address it prints and waits until
the first screen can be typed in; then, once every screen is built ahead, clicks between Accueil and a bloc;
then reloads the bloc's address. The baseline, in the same run, is the page of one screen of the old layout
(a notebook per screen, a kernel per page: ``03_BC02.ipynb``) on Voilà's own page, which every move between screens
used to cost; the same notebook on the app's light page (vae_toolkit/app/page) isolates what the page weighs.
Memory: the unique memory (USS) of the kernel serving the open page, and of the pre-heated kernel waiting.

``run(ctx)`` is what ``benchmarks/run.py`` calls; standalone: ``python benchmarks/bench_app.py [--runs 5]``.
Nothing is asserted; the figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Context, Row, machine, median  # noqa: E402

from vae_toolkit.app.server import POOL_SIZE  # noqa: E402

GROUP = "application"
CHROMIUM = Path(os.environ.get("VAE_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=fr-FR"]
TIMEOUT = 120_000  # ms
READY = ".vae-screen:not(.vae-screen-hidden) input"
BLOC_QUERY = "page=bloc&bloc=BC02"
HOME_QUERY = "page=accueil"
URL_RE = re.compile(r"https?://\S+")
# Where the first screen's time goes, recorded in the page itself (ms since the navigation started): the HTML
# received, the kernel's websocket open (by the page's inline script), the app page's script evaluated (its
# "vae-script" mark; the old Voilà page has none), the JavaScript parsed (DOMContentLoaded, load: Voilà's code
# started only at load), the widgets' state in hand ("vae-prefetched", when it came with the inline script's
# socket), the first widget drawn, the first screen ready to type in.
PHASES = ("html", "kernel", "script", "dcl", "load", "prefetched", "widget", "ready")
PHASE_SCRIPT = """
(() => {
  const marks = window.__vaeMarks = {};
  const mark = (k) => { if (!(k in marks)) marks[k] = performance.now(); };
  const Native = window.WebSocket;
  window.WebSocket = function (url, protocols) {
    const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    if (String(url).includes("/api/kernels/")) ws.addEventListener("open", () => mark("kernel"));
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  const check = () => {
    if (document.querySelector(".jupyter-widgets")) mark("widget");
    if (document.querySelector("%READY%")) mark("ready");
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true, attributes: true});
  document.addEventListener("DOMContentLoaded", () => mark("dcl"));
  window.addEventListener("load", () => mark("load"));
})();
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _vae() -> list[str]:
    script = Path(sys.executable).with_name("vae")
    return [str(script)] if script.exists() else [sys.executable, "-m", "vae_toolkit"]


class Server:
    """``vae app DOSSIER`` on a free port; ``url`` is the address it printed, ``up_at`` when it printed it."""

    def __init__(self, dossier: Path) -> None:
        self.port = _free_port()
        env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen([*_vae(), "app", str(dossier), "--no-browser", "--port", str(self.port)],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                     encoding="utf-8", env=env)
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            found = URL_RE.search(line)
            if found:
                self.url, self.up_at = found.group(0), time.perf_counter()
                return
        raise RuntimeError("vae app n’a pas démarré")

    def at(self, notebook: str, query: str = "") -> str:
        token = self.url.split("token=", 1)[1]
        return f"http://127.0.0.1:{self.port}/voila/render/{notebook}?{query + '&' if query else ''}token={token}"

    def kernels(self) -> list:  # noqa: ANN401 - psutil processes
        import psutil

        out = []
        for child in psutil.Process(self.proc.pid).children(recursive=True):
            try:
                if any("ipykernel" in part for part in child.cmdline()):
                    out.append(child)
            except psutil.Error:
                continue
        return out

    def settle(self, kernels: int = 1, limit: float = 90.0) -> None:
        """Wait until ``kernels`` kernels run and all are idle: the pool refilled (``vae app`` waits FILL_DELAY
        before starting a new pre-heated kernel, then it runs its notebook), so that no kernel starting up shares
        the machine with the page being measured."""
        import psutil

        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            running = self.kernels()
            try:
                busy = sum(k.cpu_percent(interval=None) for k in running)
                time.sleep(0.5)
                busy = sum(k.cpu_percent(interval=None) for k in running)
            except psutil.Error:
                continue
            if len(running) >= kernels and busy < 5.0:
                return

    def memory(self) -> list[float]:
        """USS of each kernel, in MB."""
        import psutil

        sizes = []
        for k in self.kernels():
            try:
                sizes.append(k.memory_full_info().uss / 1e6)
            except psutil.Error:
                continue
        return sorted(sizes)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def _visible(page, query: str) -> None:  # noqa: ANN001 - playwright Page
    key = re.sub(r"[^A-Za-z0-9_-]", "-", query)
    page.wait_for_selector(f".vae-screen--{key}:not(.vae-screen-hidden)", state="visible", timeout=TIMEOUT)


def _switch(page, query: str) -> float:  # noqa: ANN001
    begin = time.perf_counter()
    page.locator(f".vae-nav-link[data-vae-query='{query}']").click()
    _visible(page, query)
    return time.perf_counter() - begin


def _phases(page, results: dict[str, list[float]]) -> None:  # noqa: ANN001
    """Add the page's phase marks (seconds since navigation start) to ``results["phase_*"]``."""
    marks = page.evaluate("""() => ({...window.__vaeMarks,
        html: performance.getEntriesByType("navigation")[0].responseEnd,
        ...Object.fromEntries(["script", "prefetched"].flatMap((k) =>
            performance.getEntriesByName(`vae-${k}`).map((m) => [k, m.startTime])))})""")
    for name in PHASES:
        if name in marks:
            results[f"phase_{name}"].append(marks[name] / 1000)


def one_run(browser, dossier: Path, results: dict[str, list[float]], switches: int) -> None:  # noqa: ANN001
    server = Server(dossier)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        # Cold: the address opened as soon as vae app prints it (the browser opens it then).
        page.goto(server.url, wait_until="domcontentloaded", timeout=TIMEOUT)
        page.wait_for_selector(READY, state="visible", timeout=TIMEOUT)
        results["cold"].append(time.perf_counter() - server.up_at)
        page.wait_for_selector(".vae-all-built", state="attached", timeout=TIMEOUT)
        for _ in range(switches):
            results["switch"].append(_switch(page, BLOC_QUERY))
            results["switch"].append(_switch(page, HOME_QUERY))
        results["memory_page"].append(max(server.memory()))
        page.close()
        # Warm: a new page once the server has settled (its pool of pre-heated kernels full), then a reload of it.
        server.settle(POOL_SIZE)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(PHASE_SCRIPT.replace("%READY%", READY))
        begin = time.perf_counter()
        page.goto(server.at("application.ipynb", BLOC_QUERY), wait_until="domcontentloaded", timeout=TIMEOUT)
        page.wait_for_selector(READY, state="visible", timeout=TIMEOUT)
        results["first"].append(time.perf_counter() - begin)
        _phases(page, results)
        server.settle(POOL_SIZE + 1)
        results["memory_pool"].append(min(server.memory()))
        begin = time.perf_counter()
        page.reload(wait_until="domcontentloaded", timeout=TIMEOUT)
        page.wait_for_selector(READY, state="visible", timeout=TIMEOUT)
        results["reload"].append(time.perf_counter() - begin)
        page.close()
        # Baseline: one screen of the old layout, its own page and kernel, on Voilà's own page (JupyterLab's
        # application): what each move used to cost. Then the same notebook on the app's light page: the
        # difference is the page alone, kernel and notebook unchanged.
        for key, query in (("old_page", "template=lab"), ("old_page_light", "")):
            server.settle()
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            begin = time.perf_counter()
            page.goto(server.at("03_BC02.ipynb", query), wait_until="domcontentloaded", timeout=TIMEOUT)
            page.wait_for_selector(".vae-journey input", state="visible", timeout=TIMEOUT)
            results[key].append(time.perf_counter() - begin)
            page.close()
    finally:
        server.stop()


def measure_app(workdir: Path, runs: int, switches: int = 3) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    dossier = workdir / "app-demo"
    if not (dossier / "dossier.yaml").exists():
        subprocess.run([*_vae(), "demo", str(dossier)], check=True, stdout=subprocess.DEVNULL)
    results: dict[str, list[float]] = {k: [] for k in ("cold", "first", "switch", "reload", "old_page", "old_page_light",
                                                        "memory_page", "memory_pool",
                                                        *(f"phase_{p}" for p in PHASES))}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                one_run(browser, dossier, results, switches)
        finally:
            browser.close()
    return results


def run(ctx: Context) -> list[Row]:
    if not CHROMIUM.exists():
        return []
    runs = 1 if ctx.quick else max(5, ctx.repeat // 2 + 1)
    r = measure_app(ctx.workdir, runs, switches=1 if ctx.quick else 3)
    old = "page d’un écran, ancienne disposition (un noyau par page, page de Voilà)"
    mem = (f"mémoire : page ouverte {median(r['memory_page']):.0f} Mo, noyau pré-chauffé en attente "
           f"{median(r['memory_pool']):.0f} Mo")
    return [
        Row(GROUP, old, r["old_page"]),
        Row(GROUP, "la même, sur la page légère de l’application", r["old_page_light"], baseline=old),
        Row(GROUP, "premier écran, serveur prêt", r["first"], baseline=old),
        Row(GROUP, "premier écran dès l’adresse affichée", r["cold"], baseline=old),
        Row(GROUP, "passer d’un écran à l’autre", r["switch"], baseline=old),
        Row(GROUP, "recharger un écran", r["reload"], baseline=old, note=mem),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="vae-bench-app-"))
    load_before = os.getloadavg()
    try:
        r = measure_app(workdir, args.runs)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    load_after = os.getloadavg()
    for key, values in machine().items():
        print(f"  {key} : {values}")
    print(f"  charge (1, 5, 15 min) : avant {' '.join(f'{x:.2f}' for x in load_before)}, "
          f"après {' '.join(f'{x:.2f}' for x in load_after)}")
    old = median(r["old_page"]) if r["old_page"] else 0.0
    for name, values in r.items():
        if not values:
            continue
        unit = "Mo" if name.startswith("memory") else "s"
        ratio = f"  × {median(values) / old:.2f} référence" if old and unit == "s" else ""
        print(f"{name:14} médiane {median(values):.2f} {unit}  min {min(values):.2f}  max {max(values):.2f}  "
              f"n={len(values)}{ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
