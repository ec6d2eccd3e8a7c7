"""The private launch file really leads a browser into the app (issue 15, item 3): Debian's chromium opens the
0600 file, follows its redirect with the token, and gets the app's page, not a refusal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from _browser import CHROMIUM, CHROMIUM_ARGS, WIDGETS_TIMEOUT, require_chromium
from _servers import AppServer, start_app

from vae_toolkit.app.launch_file import write_launch_file

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(module_demo_folder: Path) -> Iterator[AppServer]:
    require_chromium()
    running = start_app(module_demo_folder)
    try:
        yield running
    finally:
        running.stop()


def test_the_launch_file_opens_the_app_in_chromium(server: AppServer, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    launch = write_launch_file(server.url, tmp_path / "runtime")
    assert server.token not in launch.as_uri()
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profil"), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            locale="fr-FR")
        try:
            page = context.pages[0] if context.pages else context.new_page()
            statuses: list[int] = []
            page.on("response", lambda r: statuses.append(r.status) if "/voila/render/" in r.url else None)
            page.goto(launch.as_uri())
            page.wait_for_url(f"http://127.0.0.1:{server.port}/voila/render/**", timeout=WIDGETS_TIMEOUT)
            page.wait_for_load_state("load", timeout=WIDGETS_TIMEOUT)
            assert statuses and statuses[0] == 200, statuses
            print(f"title: {page.title()!r}; Camille Ferrand shown: {'Camille Ferrand' in page.content()}")
            assert "403" not in page.title() and "Forbidden" not in page.content()
        finally:
            context.close()
