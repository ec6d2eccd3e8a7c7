"""Which dossier a page opens, whether it runs under Voilà, and the screens of the app and their addresses."""

from __future__ import annotations

from pathlib import Path

import yaml

from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.ui.context import dossier_from_query, in_app_mode, resolve_dossier
from vae_toolkit.ui.screens import candidate_screens, css_safe, find_screen

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


def test_screens_follow_the_referentiel(ref: Referentiel) -> None:
    screens = candidate_screens(ref)
    assert [s.page for s in screens[:2]] == ["accueil", "parcours"]
    blocs = screens[2:2 + len(ref.blocs)]
    assert [s.bloc for s in blocs] == [b.id for b in ref.blocs]
    assert [s.page for s in screens[-4:]] == ["ecarts", "faisabilite", "dossier", "jury"]
    assert blocs[1].query == f"page=bloc&bloc={ref.blocs[1].id}"
    assert blocs[1].title() == f"{ref.blocs[1].id} · Mon dossier de VAE"
    assert len({s.key for s in screens}) == len(screens)


def test_a_query_finds_its_screen_whatever_else_it_carries(ref: Referentiel) -> None:
    screens = candidate_screens(ref)
    bloc = ref.blocs[-1].id
    assert find_screen(screens, f"?token=x&bloc={bloc}&page=bloc&dossier=%2Fd").bloc == bloc
    assert find_screen(screens, "page=ecarts").page == "ecarts"
    assert find_screen(screens, "page=bloc&bloc=INCONNU") is None
    assert find_screen(screens, "page=bloc") is None
    assert find_screen(screens, "") is None


def test_another_certification_gets_its_own_screens_and_no_notebook_is_needed() -> None:
    root = Path(__file__).resolve().parent / "data" / "referentiels"
    other = Referentiel.model_validate(yaml.safe_load((root / "RNCP00001.yaml").read_text("utf-8")))
    screens = candidate_screens(other)
    assert [s.bloc for s in screens if s.bloc] == [b.id for b in other.blocs]
    assert len(screens) == len(other.blocs) + 6


def test_css_keys_are_ascii_like_the_browser_side() -> None:
    assert css_safe("page=revue&candidat=léa martin") == "page-revue-candidat-l-a-martin"
