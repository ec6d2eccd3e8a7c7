"""A new candidate's whole journey in a real browser (issue 3, « Done when »), against ``vae app`` without a dossier.

In the chooser a new folder is created; the profile is filled in; three experiences are entered on the parcours
page (dates typed jj/mm/aaaa); on the BC02 page a situation is written for a compétence other than the
first, with accented French text, linked to two of its indicators, which are rated. The browser is then closed
for good, a new one (fresh profile) opens the same dossier through « Ouvrir », and everything is found again, on
screen and in dossier.yaml. Screenshots of each step go to test-artifacts/browser/journey-*.png (git-ignored).
Chromium, its launch arguments and the page helpers are in _browser.py.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
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
    css,
    first_tab,
    open_page,
    require_chromium,
    running_app,
    wait_for_yaml,
)
from _servers import AppServer

from vae_toolkit.journey.inputs import format_decimal
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.ui.screens import candidate_screens

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NBSP = "\u00a0"
BLOC = "BC02"
FOLDER = "~/Ma VAE – é"  # typed as a candidate would: the home folder, a space, a dash and an accent
NOM, PRENOM = "Lefèvre d’Arçon", "Zoé"
EXPERIENCES = [  # poste, structure, début, fin (None: still in post), quotité, label in the list
    ("Éducatrice spécialisée", f"Foyer d’accueil «{NBSP}Les Tilleuls{NBSP}»", "2008-09-01", "2013-08-31", 1.0,
     f"Éducatrice spécialisée – Foyer d’accueil «{NBSP}Les Tilleuls{NBSP}» (09/2008 → 08/2013)"),
    ("Cheffe de service éducatif", "Association Cœur de Ville", "2013-09-02", "2019-12-31", 0.8,
     f"Cheffe de service éducatif – Association Cœur de Ville (09/2013 → 12/2019, 80{NBSP}%)"),
    ("Directrice adjointe", "Maison des solidarités de l’Yonne", "2020-01-06", None, 1.0,
     "Directrice adjointe – Maison des solidarités de l’Yonne (01/2020 → aujourd’hui)"),
]


def french_date(iso: str) -> str:
    """« 2008-09-01 » as a candidate types it: « 01/09/2008 »."""
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def french(text: str) -> str:
    """French typography as a careful candidate types it: a no-break space before « : » and « ; »."""
    return text.replace(" :", f"{NBSP}:").replace(" ;", f"{NBSP};")


TITRE = french(f"Piloter le projet «{NBSP}Été solidaire{NBSP}» : é à ç œ ’")
TEXTS = {part: french(text) for part, text in {
    "contexte": f"À la Maison des solidarités, l’été 2021 : l’équipe «{NBSP}accueil{NBSP}» était réduite de "
                f"moitié.\nCœur du problème : é à ç œ ’.",
    "actions": "J’ai conçu le projet avec les partenaires, j’ai évalué les ressources ; j’ai animé le comité "
               "de pilotage (é à ç œ ’).",
    "resultats": "Soixante ménages accompagnés ; une convention signée à l’automne — é à ç œ ’.",
    "analyse": "J’ai appris à associer les bénévoles dès la conception ; aujourd’hui je prévoirais "
               "l’évaluation plus tôt. é à ç œ ’",
}.items()}
RATING_CHOICES = [("Acquis", 3), ("En cours", 2)]  # for the first two indicators of the compétence


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty home folder, also the app's working directory: no dossier anywhere to begin with."""
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def bare_server(home: Path) -> Iterator[AppServer]:
    """``vae app`` with no DOSSIER argument and no VAE_DOSSIER: the accueil shows the chooser."""
    env = {k: v for k, v in os.environ.items() if k != "VAE_DOSSIER"}
    env["HOME"] = str(home)
    with running_app(env=env, cwd=home) as running:
        yield running


@contextlib.contextmanager
def browser(profile: Path) -> Iterator[Page]:
    """A whole chromium (its own profile folder) and its page; closing it ends the browser process."""
    with chromium(profile) as context:
        yield first_tab(context)


class Steps:
    """Screenshots and durations of the journey, one name per step."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.begin = self.last = time.perf_counter()
        ARTEFACTS.mkdir(parents=True, exist_ok=True)

    def done(self, name: str) -> None:
        now = time.perf_counter()
        self.page.screenshot(path=str(ARTEFACTS / f"journey-{name}.png"), full_page=True)
        print(f"journey {name}: {now - self.last:.2f} s (total {now - self.begin:.2f} s)")
        self.last = now
        assert not self.page.locator(".vae-conflict").first.is_visible(), f"conflict shown at step {name}"
        assert "Erreur inattendue" not in self.page.inner_text("body"), f"error shown at step {name}"


def here(page: Page) -> Locator:
    """The screen shown: the app keeps every screen it built in the page, the others hidden."""
    return page.locator(".vae-screen:not(.vae-screen-hidden)")


def follow_nav(page: Page, query: str, ready: str) -> None:
    """Click the navigation link of the screen at ``query`` and wait for ``ready`` on it."""
    page.locator(f".vae-nav-link[data-vae-query='{query}']").click()
    here(page).locator(ready).first.wait_for(state="visible", timeout=WIDGETS_TIMEOUT)


def choose_folder(page: Page, folder: str, button: str) -> None:
    """Type ``folder`` in the chooser and press « Créer » or « Ouvrir » (``button`` is its CSS hook)."""
    page.locator(".vae-dossier-path input").fill(folder)
    page.locator(f"button.{button}").click()
    page.wait_for_selector(".vae-profil-nom input", state="visible", timeout=WIDGETS_TIMEOUT)


def page_titles(ref: Referentiel) -> tuple[str, str]:
    """The addresses of the parcours screen and of the bloc screen (as the référentiel names them)."""
    screens = candidate_screens(ref)
    parcours = next(s.query for s in screens if s.page == "parcours")
    return parcours, next(s.query for s in screens if s.bloc == BLOC)


def wait_for_value(page: Page, selector: str, value: str) -> None:
    """Wait until the field ``selector`` (looked up afresh: editors are replaced, not updated) shows ``value``."""
    shown = "([s, v]) => document.querySelector('.vae-screen:not(.vae-screen-hidden) ' + s)?.value === v"
    page.wait_for_function(shown, arg=[selector, value],
                           timeout=WIDGETS_TIMEOUT)


def add_experience(page: Page, n: int, poste: str, structure: str, debut: str, fin: str | None,
                   quotite: float, label: str) -> None:
    """Add the ``n``-th experience (1-based) and fill it; wait until the list shows its label."""
    here(page).locator("button.vae-add-experience").click()
    here(page).locator(".vae-experience-edit").nth(n - 1).wait_for(state="visible", timeout=WIDGETS_TIMEOUT)
    wait_for_value(page, ".vae-experience-intitule input", "Nouvelle expérience")
    here(page).locator(".vae-experience-intitule input").fill(poste)
    here(page).locator(".vae-experience-structure input").fill(structure)
    for field, value in (("debut", debut), ("fin", fin)):
        if value is not None:  # typed the French way, jj/mm/aaaa, then Tab as a candidate leaves the field
            here(page).locator(f".vae-experience-{field} input").fill(french_date(value))
            here(page).locator(f".vae-experience-{field} input").press("Tab")
    if quotite != 1.0:
        quotite_input = here(page).locator(".vae-experience-quotite input")
        quotite_input.fill(format_decimal(quotite))
        quotite_input.press("Enter")
    here(page).locator(".vae-experience-edit").nth(n - 1).locator("xpath=..").get_by_text(label).wait_for(
        state="visible", timeout=SAVE_TIMEOUT * 1000)


def open_situation(page: Page, titre: str) -> None:
    """Click « Modifier » on the row of the situation titled ``titre`` and wait for its card."""
    row = here(page).locator(".widget-hbox", has_text=titre).filter(has=page.locator(".vae-situation-edit")).last
    row.locator(".vae-situation-edit").click()
    wait_for_value(page, ".vae-situation-titre input", titre)


def expected_in_yaml(data: dict, comp_indicators: list[str]) -> list[str]:
    """What differs between dossier.yaml and what was typed (empty when everything is there, exactly)."""
    wrong = []
    profil = data.get("profil", {})
    if (profil.get("nom"), profil.get("prenom")) != (NOM, PRENOM):
        wrong.append(f"profil: {profil.get('nom')!r} {profil.get('prenom')!r}")
    exps = data.get("experiences", [])
    got = [(e.get("intitule_poste"), e.get("structure", {}).get("nom"), str(e.get("debut")),
            None if e.get("fin") is None else str(e.get("fin")), e.get("quotite")) for e in exps]
    if got != [e[:5] for e in EXPERIENCES]:
        wrong.append(f"experiences: {got}")
    sits = data.get("situations", [])
    if len(sits) != 1:
        wrong.append(f"{len(sits)} situations")
    else:
        sit = sits[0]
        for key, value in {"titre": TITRE, **TEXTS}.items():
            if sit.get(key) != value:
                wrong.append(f"situation.{key}: {sit.get(key)!r}")
        if sit.get("indicateurs") != comp_indicators:
            wrong.append(f"situation.indicateurs: {sit.get('indicateurs')}")
        last = exps[-1].get("id") if exps else None
        if sit.get("experience_ids") != [last]:
            wrong.append(f"situation.experience_ids: {sit.get('experience_ids')} (expected [{last}])")
    ratings = {i: v for i, (_label, v) in zip(comp_indicators, RATING_CHOICES, strict=True)}
    if data.get("auto_evaluation") != ratings:
        wrong.append(f"auto_evaluation: {data.get('auto_evaluation')}")
    return wrong


def test_new_candidate_journey_survives_closing_the_browser(bare_server: AppServer, home: Path, tmp_path: Path,
                                                            ref: Referentiel) -> None:
    require_chromium()
    parcours_title, bloc_title = page_titles(ref)
    comp = ref.bloc(BLOC).competences[1]
    indicators = [i.id for i in comp.indicateurs[:2]]
    folder = home / FOLDER.removeprefix("~/")
    dossier_yaml = folder / "dossier.yaml"

    with browser(tmp_path / "profil-1") as page:
        steps = Steps(page)
        open_page(page, bare_server.url, ".vae-dossier-path input")
        steps.done("01-chooser")
        choose_folder(page, FOLDER, "vae-create")
        assert dossier_yaml.is_file(), "« Créer » writes the dossier"
        assert str(folder) in page.inner_text("body"), "the page says where the files live"
        steps.done("02-dossier-cree")
        here(page).locator(".vae-profil-nom input").fill(NOM)
        here(page).locator(".vae-profil-prenom input").fill(PRENOM)
        steps.done("03-profil")

        follow_nav(page, parcours_title, "button.vae-add-experience")
        assert "page=parcours" in page.url
        steps.done("04-parcours")
        for n, experience in enumerate(EXPERIENCES, start=1):
            add_experience(page, n, *experience)
        assert here(page).locator(".vae-experience-edit").count() == len(EXPERIENCES)
        steps.done("05-trois-experiences")

        follow_nav(page, bloc_title, ".vae-competence select")
        here(page).locator("button.vae-next").click()
        here(page).locator("h3", has_text=f"{ref.label(comp.id)} – {comp.intitule}").wait_for(
            state="visible", timeout=WIDGETS_TIMEOUT)
        shown = here(page).locator(".vae-competence select option:checked").inner_text().replace(NBSP, " ")
        assert shown == f"{ref.label(comp.id)} – {comp.intitule}", "the dropdown follows « Suivante »"
        steps.done("06-competence")
        here(page).locator("button.vae-new-situation").click()
        here(page).locator(".vae-situation-titre input").wait_for(state="visible", timeout=WIDGETS_TIMEOUT)
        here(page).locator(".vae-situation-titre input").fill(TITRE)
        here(page).locator(".vae-situation-experiences .widget-checkbox", has_text="(2020–aujourd’hui)").locator(
            "input[type=checkbox]").check()
        for part, text in TEXTS.items():
            here(page).locator(f".vae-situation-{part} textarea").fill(text)
        for ind_id, (label, _value) in zip(indicators, RATING_CHOICES, strict=True):
            here(page).locator(f".vae-link-{css(ind_id)} input[type=checkbox]").check()
            here(page).locator(f".vae-rating-{css(ind_id)} button", has_text=label).click()
        data = wait_for_yaml(dossier_yaml, lambda d: not expected_in_yaml(d, indicators))
        page.wait_for_function("el => el.innerText.includes('Enregistré à')",
                               arg=page.locator(".vae-save-status").first.element_handle(),
                               timeout=SAVE_TIMEOUT * 1000)
        steps.done("07-situation-enregistree")
        assert not expected_in_yaml(data, indicators), expected_in_yaml(data, indicators)
    # The browser process is gone: nothing of this session (profile, cookies, page state) survives it.

    with browser(tmp_path / "profil-2") as page:
        steps = Steps(page)
        open_page(page, bare_server.url, ".vae-dossier-path input")
        assert page.locator(".vae-dossier-path input").input_value() == "", "a fresh browser remembers nothing"
        choose_folder(page, FOLDER, "vae-open")
        assert here(page).locator(".vae-profil-nom input").input_value() == NOM
        assert here(page).locator(".vae-profil-prenom input").input_value() == PRENOM
        assert f"Mon dossier de VAE – {PRENOM} {NOM}" in here(page).locator("h2").first.inner_text()
        steps.done("08-rouvert-accueil")

        follow_nav(page, parcours_title, "button.vae-add-experience")
        rows = here(page).locator(".vae-experience-edit")
        rows.nth(len(EXPERIENCES) - 1).wait_for(state="visible", timeout=WIDGETS_TIMEOUT)
        assert rows.count() == len(EXPERIENCES)
        for n, (poste, structure, debut, fin, quotite, label) in enumerate(EXPERIENCES):
            row = rows.nth(n).locator("xpath=..")
            assert row.get_by_text(label).is_visible(), f"row {n + 1}: {row.inner_text()}"
            row.locator(".vae-experience-edit").click()
            wait_for_value(page, ".vae-experience-intitule input", poste)
            assert here(page).locator(".vae-experience-structure input").input_value() == structure
            assert here(page).locator(".vae-experience-debut input").input_value() == french_date(debut)
            assert here(page).locator(".vae-experience-fin input").input_value() == (french_date(fin) if fin else "")
            assert here(page).locator(".vae-experience-quotite input").input_value() == format_decimal(quotite)
        steps.done("09-rouvert-parcours")

        follow_nav(page, bloc_title, ".vae-competence select")
        here(page).locator(".vae-competence select").select_option(label=f"{ref.label(comp.id)} – {comp.intitule}")
        here(page).locator("h3", has_text=f"{ref.label(comp.id)} – {comp.intitule}").wait_for(
            state="visible", timeout=WIDGETS_TIMEOUT)
        for ind_id, (label, _value) in zip(indicators, RATING_CHOICES, strict=True):
            active = here(page).locator(f".vae-rating-{css(ind_id)} button.mod-active")
            assert active.inner_text().strip() == label, f"rating of {ind_id}"
        open_situation(page, TITRE)
        for part, text in TEXTS.items():
            assert here(page).locator(f".vae-situation-{part} textarea").input_value() == text, part
        for ind_id in indicators:
            assert here(page).locator(f".vae-link-{css(ind_id)} input[type=checkbox]").is_checked(), ind_id
        checked = here(page).locator(".vae-situation-experiences .widget-checkbox", has=page.locator("input:checked"))
        assert checked.count() == 1
        assert checked.inner_text().replace(NBSP, " ").strip() == f"{EXPERIENCES[-1][0]} (2020–aujourd’hui)"
        steps.done("10-rouvert-situation")

    data = yaml.safe_load(dossier_yaml.read_text(encoding="utf-8"))
    assert not expected_in_yaml(data, indicators), expected_in_yaml(data, indicators)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(dossier_yaml.stat().st_mode) == 0o600
