"""The app in a real browser: Debian's chromium driven by Playwright (no browser download) against ``vae app``.

A situation is written with accented text on the BC02 screen of the app; two indicators are linked and rated, the
page is reloaded and everything is found again, on screen and in dossier.yaml. Screenshots go to test-artifacts/browser/ (git-ignored).
On Linux as root (CI) a missing chromium is a failure, not a skip: bootstrap.py installs it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from _browser import (
    ARTEFACTS,
    SAVE_TIMEOUT,
    WIDGETS_TIMEOUT,
    chromium,
    css,
    first_tab,
    open_page,
    wait_for_yaml,
)
from _servers import AppServer, start_app

from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.ui.screens import candidate_screens, css_safe

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# The screen shown, by key: every screen of the app is in the page once built, the others hidden.
SCREEN_OF = {s.key: f".vae-screen--{css_safe(s.query)}:not(.vae-screen-hidden)"
             for s in candidate_screens(load_referentiel("RNCP39644"))}


@pytest.fixture(scope="module")
def artefacts() -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    print(f"\nbrowser screenshots: {ARTEFACTS}")
    return ARTEFACTS


@pytest.fixture(scope="module")
def dossier(module_demo_folder: Path) -> Path:
    return module_demo_folder


@pytest.fixture
def page(tmp_path: Path) -> Iterator[object]:
    with chromium(tmp_path / "chromium-profile") as context:
        yield first_tab(context)


def test_start_page_leads_to_the_gaps_tables(demo_app: AppServer, page, artefacts: Path) -> None:  # noqa: ANN001
    """The printed URL opens the app on the accueil; its navigation shows the gaps inside the same page."""
    loaded, ready = open_page(page, demo_app.url, ".vae-nav-link")
    print(f"application: page {loaded:.2f} s, navigation ready {ready:.2f} s")
    page.screenshot(path=str(artefacts / "application-accueil.png"), full_page=True)
    link = page.locator(".vae-nav-link", has_text="Analyse des écarts")
    begin = time.perf_counter()
    link.click()
    page.wait_for_selector(f"{SCREEN_OF['ecarts']} .vae-gaps table", state="visible", timeout=WIDGETS_TIMEOUT)
    print(f"Analyse des écarts through the navigation: {time.perf_counter() - begin:.2f} s")
    page.screenshot(path=str(artefacts / "application-ecarts.png"), full_page=True)
    assert "page=ecarts" in page.url and "application.ipynb" in page.url
    text = page.inner_text("body")
    assert "Analyse des écarts – Camille Ferrand" in text
    assert "import" not in text and "gaps_screen" not in text


def test_closing_the_page_stops_its_kernel(demo_app: AppServer, page) -> None:  # noqa: ANN001
    before = demo_app.kernels()
    open_page(page, demo_app.page("05_ecarts.ipynb"), ".vae-gaps table")
    mine = demo_app.kernels() - before
    assert len(mine) == 1, "one kernel per page view"
    page.goto("about:blank")
    deadline = time.monotonic() + 30
    while mine & demo_app.kernels() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not mine & demo_app.kernels(), "the kernel of a closed page is shut down"


def test_without_dossier_the_accueil_offers_the_chooser(page, artefacts: Path) -> None:  # noqa: ANN001
    env = {k: v for k, v in os.environ.items() if k != "VAE_DOSSIER"}
    running = start_app(env=env)
    try:
        open_page(page, running.url, ".vae-dossier-path input")
        page.screenshot(path=str(artefacts / "00_accueil-sans-dossier.png"), full_page=True)
        assert page.locator(".vae-open").first.is_visible() and page.locator(".vae-create").first.is_visible()
    finally:
        running.stop()


def find_situation(data: dict, titre: str) -> dict | None:
    return next((s for s in data.get("situations", []) if s.get("titre") == titre), None)


TITRE = "Coordination d’un réseau d’été : é à ç œ ’"
TEXTS = {
    "contexte": "En été 2021, à la Maison des solidarités, l’équipe « accueil » était réduite ; cœur du problème : "
                "la coordination.\nDeuxième ligne : é à ç œ ’.",
    "actions": "J’ai réuni les partenaires, j’ai rédigé une charte ; j’ai animé trois réunions (é à ç œ ’).",
    "resultats": "Quarante ménages accompagnés ; un protocole signé à l’automne.",
    "analyse": "J’ai appris à déléguer ; aujourd’hui je formaliserais plus tôt les rôles de chacun — é à ç œ ’.",
}
RATINGS = {"BC02.C1.I1": ("Maîtrisé", 4), "BC02.C1.I2": ("Pas encore", 1)}


def test_situation_survives_a_reload(demo_app: AppServer, dossier: Path, page, artefacts: Path) -> None:  # noqa: ANN001
    url = demo_app.page("application.ipynb", page="bloc", bloc="BC02")
    bc02 = SCREEN_OF["bloc-BC02"]
    loaded, ready = open_page(page, url, f"{bc02} .vae-new-situation")
    print(f"BC02: page {loaded:.2f} s, widgets ready {ready:.2f} s")
    page.screenshot(path=str(artefacts / "03_BC02-ouverte.png"), full_page=True)
    screen = page.locator(bc02)

    screen.locator("button.vae-new-situation").click()
    title = screen.locator(".vae-situation-titre input")
    title.wait_for(state="visible", timeout=WIDGETS_TIMEOUT)
    title.fill("")
    title.press_sequentially(TITRE, delay=10)
    for part, text in TEXTS.items():
        screen.locator(f".vae-situation-{part} textarea").fill(text)
    for ind_id, (label, _value) in RATINGS.items():
        screen.locator(f".vae-link-{css(ind_id)} input[type=checkbox]").check()
        screen.locator(f".vae-rating-{css(ind_id)} button", has_text=label).click()

    def saved(data: dict) -> bool:
        sit = find_situation(data, TITRE)
        return (sit is not None and all(sit.get(k) == v for k, v in TEXTS.items())
                and set(RATINGS) <= set(sit.get("indicateurs", []))
                and all(data.get("auto_evaluation", {}).get(i) == v for i, (_l, v) in RATINGS.items()))

    data = wait_for_yaml(dossier / "dossier.yaml", saved)
    status = page.locator(".vae-save-status").first
    page.wait_for_function("el => el.innerText.includes('Enregistré à')", arg=status.element_handle(),
                           timeout=SAVE_TIMEOUT * 1000)
    page.screenshot(path=str(artefacts / "03_BC02-saisie.png"), full_page=True)
    assert saved(data), f"dossier.yaml after the autosave: {find_situation(data, TITRE)}"
    assert not page.locator(".vae-conflict").first.is_visible()

    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector(f"{bc02} .vae-new-situation", state="visible", timeout=WIDGETS_TIMEOUT)
    screen = page.locator(bc02)
    row = screen.locator(".widget-hbox", has_text=TITRE).filter(has=page.locator(".vae-situation-edit")).last
    row.locator(".vae-situation-edit").click()
    screen.locator(".vae-situation-titre input").wait_for(state="visible", timeout=WIDGETS_TIMEOUT)
    assert screen.locator(".vae-situation-titre input").input_value() == TITRE
    for part, text in TEXTS.items():
        assert screen.locator(f".vae-situation-{part} textarea").input_value() == text
    for ind_id, (label, _value) in RATINGS.items():
        assert screen.locator(f".vae-link-{css(ind_id)} input[type=checkbox]").is_checked()
        active = screen.locator(f".vae-rating-{css(ind_id)} button.mod-active")
        assert active.inner_text().strip() == label
    page.screenshot(path=str(artefacts / "03_BC02-rechargee.png"), full_page=True)
    assert saved(yaml.safe_load((dossier / "dossier.yaml").read_text(encoding="utf-8")))
