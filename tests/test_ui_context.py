"""Which dossier a page opens, whether it runs under Voilà, and the links between pages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.ui.common import navigation_html
from vae_toolkit.ui.context import (
    dossier_from_query,
    in_app_mode,
    journey_pages,
    page_url,
    resolve_dossier,
)

# What voila/handler.py puts in a page kernel's environment (voila 0.5).
VOILA_ENV = {"SCRIPT_NAME": "/voila/render/03_BC02.ipynb", "PATH_INFO": "", "SERVER_SOFTWARE": "voila/0.5.13",
             "QUERY_STRING": "dossier=%2Fhome%2Fl%C3%A9a%2Fma%20vae&x=1", "VOILA_PREHEAT": "False",
             "VOILA_BASE_URL": "/", "VOILA_SERVER_URL": "/"}


def test_parameter_then_query_then_environment_then_nothing(tmp_path: Path) -> None:
    env = {**VOILA_ENV, "VAE_DOSSIER": "/srv/dossier-env"}
    assert resolve_dossier(tmp_path, env) == str(tmp_path)
    assert resolve_dossier(None, env) == "/home/léa/ma vae"
    assert resolve_dossier(None, {"VAE_DOSSIER": "/srv/dossier-env", "QUERY_STRING": ""}) == "/srv/dossier-env"
    assert resolve_dossier("  ", {"VAE_DOSSIER": "  "}) is None
    assert resolve_dossier(None, {}) is None
    assert resolve_dossier("~/vae", {}) == str(Path.home() / "vae")


def test_query_string_parsing() -> None:
    assert dossier_from_query("dossier=%2Fa%2Fb") == "/a/b"
    assert dossier_from_query("?dossier=C%3A%5CUsers%5Cl%C3%A9a") == "C:\\Users\\léa"
    assert dossier_from_query("dossier=") is None
    assert dossier_from_query("autre=1") is None


def test_app_mode_is_detected_from_what_voila_sets() -> None:
    assert in_app_mode(VOILA_ENV)
    assert in_app_mode({"VOILA_KERNEL_ID": "abc"})
    assert not in_app_mode({"JPY_SESSION_NAME": "/home/x/03_BC02.ipynb", "VAE_DOSSIER": "/x"})


def test_pages_follow_the_referentiel(ref: Referentiel) -> None:
    pages = journey_pages(ref)
    assert [p.name for p in pages[:2]] == ["00_accueil", "01_parcours"]
    blocs = pages[2:2 + len(ref.blocs)]
    assert [p.bloc for p in blocs] == [b.id for b in ref.blocs]
    assert [p.name for p in blocs] == [f"{n:02d}_{b.id}" for n, b in enumerate(ref.blocs, start=2)]
    assert [p.name[:2] for p in pages] == [f"{n:02d}" for n in range(len(pages))]
    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    assert all((notebooks / f"{p.name}.ipynb").is_file() for p in pages)


def test_app_links_are_relative_and_carry_the_quoted_dossier(ref: Referentiel) -> None:
    page = journey_pages(ref)[1]
    url = page_url(page, "/home/léa/ma vae?&")
    assert url.startswith("01_parcours.ipynb?dossier=") and " " not in url and "&" not in url
    assert unquote(url.split("=", 1)[1]) == "/home/léa/ma vae?&"
    html = navigation_html(ref, "/d<x>", "01_parcours", VOILA_ENV)
    assert 'href="00_accueil.ipynb?dossier=%2Fd%3Cx%3E"' in html and "<b>Parcours</b>" in html
    assert "<x>" not in html


def test_in_jupyterlab_the_notebook_names_are_shown(ref: Referentiel) -> None:
    html = navigation_html(ref, "/d", "00_accueil", {})
    assert "href" not in html
    assert re.search(r"<code>01_parcours\.ipynb</code>", html) and "<b>00_accueil.ipynb</b>" in html


def test_each_page_notebook_is_a_thin_shell_over_its_screen(ref: Referentiel) -> None:
    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    for page in journey_pages(ref)[:2 + len(ref.blocs)]:
        cells = json.loads((notebooks / f"{page.name}.ipynb").read_text(encoding="utf-8"))["cells"]
        params = [c for c in cells if "parameters" in c["metadata"].get("tags", [])]
        hidden = [c for c in cells if c["metadata"].get("jupyter", {}).get("source_hidden")]
        assert len(params) == 1 and re.search(r"^dossier = None", "".join(params[0]["source"]), re.MULTILINE)
        assert len(hidden) == 1
        source = "".join(hidden[0]["source"])
        if page.bloc:
            assert f'bloc_screen(dossier, bloc="{page.bloc}")' in source
        else:
            assert "_screen(dossier)" in source
