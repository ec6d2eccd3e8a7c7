"""What the real-browser tests share: Debian's chromium, its launch arguments, the app server, and page helpers."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from _servers import AppServer, start_app

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("VAE_TEST_CHROMIUM", "/usr/bin/chromium"))
ARTEFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--lang=fr-FR"]
WIDGETS_TIMEOUT = 90_000  # ms: the page executes its notebook, then the widgets connect to the kernel
SAVE_TIMEOUT = 20.0  # s: the autosave writes about a second after the last keystroke


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"chromium introuvable ({CHROMIUM}) : « python3 bootstrap.py test » l’installe (apt)."
    if sys.platform.startswith("linux") and hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.fail(message)
    pytest.skip(message)


@contextlib.contextmanager
def running_app(*args: Any, **kwargs: Any) -> Iterator[AppServer]:
    """``vae app`` (arguments of :func:`_servers.start_app`) for a real browser; stopped by its PID at the end."""
    require_chromium()
    running = start_app(*args, **kwargs)
    try:
        yield running
    finally:
        running.stop()


@contextlib.contextmanager
def chromium(profile: Path, **options: Any) -> Iterator[Any]:
    """A whole chromium with its own profile folder, as a Playwright BrowserContext whose pages are tabs;
    leaving the block ends the browser process. ``options`` go to ``launch_persistent_context``."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    settings = {"locale": "fr-FR", "viewport": {"width": 1280, "height": 1000}} | options
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, **settings)
        try:
            yield context
        finally:
            context.close()


def first_tab(context: Any) -> Any:
    """The page a fresh chromium opened with, or a new one."""
    return context.pages[0] if context.pages else context.new_page()


def open_page(page, url: str, ready: str) -> tuple[float, float]:  # noqa: ANN001 - playwright Page
    """Load ``url`` and wait for the ``ready`` selector: (seconds to the page, seconds to the widgets)."""
    begin = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded", timeout=WIDGETS_TIMEOUT)
    loaded = time.perf_counter() - begin
    page.wait_for_selector(ready, state="visible", timeout=WIDGETS_TIMEOUT)
    return loaded, time.perf_counter() - begin


def wait_for_yaml(path: Path, check, timeout: float = SAVE_TIMEOUT) -> dict:  # noqa: ANN001
    """Poll dossier.yaml until ``check(data)`` holds; the last data read is returned either way."""
    deadline = time.monotonic() + timeout
    while True:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if check(data) or time.monotonic() > deadline:
            return data
        time.sleep(0.2)


def css(ident: str) -> str:
    return ident.replace(".", "-")
