"""Two tabs on one dossier, and inputs that cannot lie, in a real browser (issue 11, items 3 and 4).

Each test opens the candidate's app shell (``vae app``) on a copy of the demo dossier, at the address of one
screen; the shell keeps the screens it built in the page (hidden), so every locator is scoped to the one shown.
Screenshots go to test-artifacts/browser/merge-*.png (git-ignored).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from _browser import (
    ARTEFACTS,
    SAVE_TIMEOUT,
    WIDGETS_TIMEOUT,
    chromium,
    first_tab,
    open_page,
    wait_for_yaml,
)
from _servers import AppServer

from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.ui.screens import candidate_screens

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Locator, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

READY = {"accueil": ".vae-profil-ville input", "parcours": "button.vae-add-experience",
         "bloc": "button.vae-new-situation"}


@pytest.fixture
def tabs(tmp_path: Path) -> Iterator[BrowserContext]:
    """One chromium whose pages are tabs sharing one profile, as a candidate opens two tabs."""
    with chromium(tmp_path / "chromium-profile") as context:
        yield context


def here(tab: Page) -> Locator:
    """The screen shown: the shell keeps every screen it built in the page, the others hidden."""
    return tab.locator(".vae-screen:not(.vae-screen-hidden)")


def open_screen(tab: Page, demo_app: AppServer, folder: Path, screen: str) -> None:
    """Show ``screen`` (accueil, parcours, or the first bloc) by its address in ``tab`` and wait for its widgets."""
    ref = load_referentiel(yaml.safe_load((folder / "dossier.yaml").read_text(encoding="utf-8"))["certification"])
    target = next(s for s in candidate_screens(ref) if (s.bloc is not None if screen == "bloc" else s.page == screen))
    open_page(tab, f"{demo_app.url}&{target.query}", f".vae-screen:not(.vae-screen-hidden) {READY[screen]}")


def on_disk(folder: Path) -> dict:
    return yaml.safe_load((folder / "dossier.yaml").read_text(encoding="utf-8"))


def type_in(tab: Page, selector: str, text: str) -> None:
    """Type ``text`` in the field (replacing its content) and leave it, as a candidate does."""
    field = here(tab).locator(selector)
    field.fill(text)
    field.press("Tab")


def shot(tab: Page, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTEFACTS / f"merge-{name}.png"), full_page=True)


def wait_value(tab: Page, selector: str, value: str) -> None:
    tab.wait_for_function("([s, v]) => document.querySelector(s)?.value === v", arg=[selector, value],
                          timeout=WIDGETS_TIMEOUT)


def test_two_tabs_editing_different_fields_keep_both(demo_app: AppServer, module_demo_folder: Path,
                                                     tabs: BrowserContext) -> None:
    folder = module_demo_folder
    parcours, accueil = first_tab(tabs), tabs.new_page()
    open_screen(parcours, demo_app, folder, "parcours")
    open_screen(accueil, demo_app, folder, "accueil")
    projet = "Mon projet écrit dans l’onglet Parcours."
    here(parcours).locator(".vae-projet textarea").fill(projet)
    wait_for_yaml(folder / "dossier.yaml", lambda d: d["profil"]["projet"] == projet)
    type_in(accueil, ".vae-profil-ville input", "Lons-le-Saunier")
    data = wait_for_yaml(folder / "dossier.yaml", lambda d: d["profil"]["ville"] == "Lons-le-Saunier")
    assert (data["profil"]["projet"], data["profil"]["ville"]) == (projet, "Lons-le-Saunier")
    accueil.get_by_text("avec les modifications faites ailleurs").first.wait_for(timeout=SAVE_TIMEOUT * 1000)
    assert not accueil.locator(".vae-conflict").is_visible() and not parcours.locator(".vae-conflict").is_visible()
    shot(accueil, "01-accueil-fusionne")
    for tab in (parcours, accueil):
        tab.reload(wait_until="domcontentloaded")
    here(parcours).locator(READY["parcours"]).wait_for(state="visible", timeout=WIDGETS_TIMEOUT)
    here(accueil).locator(READY["accueil"]).wait_for(state="visible", timeout=WIDGETS_TIMEOUT)
    assert here(parcours).locator(".vae-projet textarea").input_value() == projet
    assert here(accueil).locator(".vae-profil-ville input").input_value() == "Lons-le-Saunier"
    open_screen(accueil, demo_app, folder, "parcours")  # the other tab's edit, on the other screen
    assert here(accueil).locator(".vae-projet textarea").input_value() == projet
    assert not list(folder.glob("dossier.non-enregistre-*"))


def test_the_same_field_in_two_tabs_keeps_both_texts_reachable(demo_app: AppServer, module_demo_folder: Path,
                                                                tabs: BrowserContext) -> None:
    folder = module_demo_folder
    first, second = first_tab(tabs), tabs.new_page()
    for tab in (first, second):
        open_screen(tab, demo_app, folder, "accueil")
    type_in(first, ".vae-profil-ville input", "Besançon")
    wait_for_yaml(folder / "dossier.yaml", lambda d: d["profil"]["ville"] == "Besançon")
    type_in(second, ".vae-profil-ville input", "Dole")
    choice = second.locator(".vae-field-conflict")
    choice.wait_for(state="visible", timeout=SAVE_TIMEOUT * 1000)
    text = choice.inner_text()
    assert "Besançon" in text and "Dole" in text and "Votre version" in text, text
    assert on_disk(folder)["profil"]["ville"] == "Besançon", "the file keeps the version saved first"
    kept = list(folder.glob("dossier.non-enregistre-*.yaml"))
    assert kept and "Dole" in kept[-1].read_text(encoding="utf-8")
    shot(second, "02-meme-champ")
    choice.locator("button.vae-keep-ours").click()
    wait_for_yaml(folder / "dossier.yaml", lambda d: d["profil"]["ville"] == "Dole")
    second.locator(".vae-field-conflict").wait_for(state="detached", timeout=SAVE_TIMEOUT * 1000)
    wait_value(second, ".vae-profil-ville input", "Dole")
    first.reload(wait_until="domcontentloaded")
    here(first).locator(READY["accueil"]).wait_for(state="visible", timeout=WIDGETS_TIMEOUT)
    assert here(first).locator(".vae-profil-ville input").input_value() == "Dole"


def test_dates_decimals_and_double_clicks(demo_app: AppServer, module_demo_folder: Path,
                                          tabs: BrowserContext) -> None:
    folder = module_demo_folder
    tab = first_tab(tabs)
    before = len(on_disk(folder)["experiences"])
    open_screen(tab, demo_app, folder, "parcours")
    here(tab).locator("button.vae-add-experience").dblclick()
    here(tab).locator(".vae-experience-debut input").wait_for(state="visible", timeout=WIDGETS_TIMEOUT)
    data = wait_for_yaml(folder / "dossier.yaml", lambda d: len(d["experiences"]) > before)
    wait_for_yaml(folder / "dossier.yaml", lambda d: len(d["experiences"]) > before + 1, timeout=3)  # a 2nd one?
    assert len(on_disk(folder)["experiences"]) == before + 1, "a double click adds one experience"
    new_id = data["experiences"][-1]["id"]
    for typed in ("31022020", "30/02/2020"):
        type_in(tab, ".vae-experience-debut input", typed)
        field = here(tab).locator(".vae-experience-debut")
        error = field.locator("xpath=..").get_by_text("n’existe pas")
        error.wait_for(state="visible", timeout=SAVE_TIMEOUT * 1000)
        box, near = field.bounding_box(), error.bounding_box()
        assert box and near and abs(near["y"] - box["y"]) < 60, "the message is next to the field"
        shot(tab, f"03-date-{typed.replace('/', '-')}")
    assert next(e for e in on_disk(folder)["experiences"] if e["id"] == new_id)["debut"] == dt.date.today()
    type_in(tab, ".vae-experience-debut input", "01/03/2021")
    type_in(tab, ".vae-experience-quotite input", "0,2")
    saved = wait_for_yaml(folder / "dossier.yaml", lambda d: d["experiences"][-1]["quotite"] == 0.2)
    assert saved["experiences"][-1]["quotite"] == 0.2 and saved["experiences"][-1]["debut"] == dt.date(2021, 3, 1)

    situations = len(on_disk(folder)["situations"])
    open_screen(tab, demo_app, folder, "bloc")
    here(tab).locator("button.vae-new-situation").dblclick()
    here(tab).locator(".vae-situation-titre input").wait_for(state="visible", timeout=WIDGETS_TIMEOUT)
    wait_for_yaml(folder / "dossier.yaml", lambda d: len(d["situations"]) > situations)
    wait_for_yaml(folder / "dossier.yaml", lambda d: len(d["situations"]) > situations + 1, timeout=3)
    assert len(on_disk(folder)["situations"]) == situations + 1, "a double click creates one situation"
    shot(tab, "04-une-situation")
