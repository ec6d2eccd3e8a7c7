"""The private launch file really leads a browser into the app (issue 15, item 3): Debian's chromium opens the
0600 file, follows its redirect with the token, and gets the app's page, not a refusal."""

from __future__ import annotations

from pathlib import Path

import pytest
from _browser import WIDGETS_TIMEOUT, chromium, first_tab
from _servers import AppServer

from vae_toolkit.app.launch_file import write_launch_file

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_launch_file_opens_the_app_in_chromium(demo_app: AppServer, tmp_path: Path) -> None:
    launch = write_launch_file(demo_app.url, tmp_path / "runtime")
    assert demo_app.token not in launch.as_uri()
    with chromium(tmp_path / "profil") as context:
        page = first_tab(context)
        statuses: list[int] = []
        page.on("response", lambda r: statuses.append(r.status) if "/voila/render/" in r.url else None)
        page.goto(launch.as_uri())
        page.wait_for_url(f"http://127.0.0.1:{demo_app.port}/voila/render/**", timeout=WIDGETS_TIMEOUT)
        page.wait_for_load_state("load", timeout=WIDGETS_TIMEOUT)
        assert statuses and statuses[0] == 200, statuses
        print(f"title: {page.title()!r}; Camille Ferrand shown: {'Camille Ferrand' in page.content()}")
        assert "403" not in page.title() and "Forbidden" not in page.content()
