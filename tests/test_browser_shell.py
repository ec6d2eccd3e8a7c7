"""The app shell in a real chromium: every screen one click from every other, addresses that survive Back,
Forward and reload, axe-core on every screen, another certification's screens, the counsellor's dashboard → review.

axe-core's script comes from the ``axe-playwright-python`` package (test extra), injected by Playwright.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import pytest
import yaml
from _browser import ARTEFACTS, CHROMIUM, CHROMIUM_ARGS, WIDGETS_TIMEOUT, require_chromium, wait_for_yaml
from _servers import AppServer, start_app

from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.ui.screens import Screen, candidate_screens, css_safe

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DATA = Path(__file__).resolve().parent / "data" / "referentiels"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
READY = ".vae-screen:not(.vae-screen-hidden) .vae-journey, .vae-screen:not(.vae-screen-hidden) .widget-html"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser) -> Iterator[object]:  # noqa: ANN001
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 1000})
    try:
        yield context.new_page()
    finally:
        context.close()


def shown(page, screen_query: str) -> None:  # noqa: ANN001
    """Wait until the screen of ``screen_query`` is the one displayed."""
    page.wait_for_selector(f".vae-screen--{css_safe(screen_query)}:not(.vae-screen-hidden) > *", state="visible",
                           timeout=WIDGETS_TIMEOUT)


def click_nav(page, screen: Screen) -> None:  # noqa: ANN001
    page.locator(f".vae-nav-link[data-vae-query='{screen.query}']").click()
    shown(page, screen.query)
    # The highlight follows the same click (navigator.js draws it at once); on a loaded machine a late message from
    # the kernel about an earlier click has been seen to redraw it a moment later: it must settle on this screen.
    page.wait_for_selector(f".vae-nav-link[aria-current='page'][data-vae-query='{screen.query}']",
                           state="attached", timeout=10_000)
    assert page.locator(".vae-nav-link[aria-current='page']").count() == 1


def open_app(page, url: str) -> None:  # noqa: ANN001
    page.goto(url, wait_until="domcontentloaded", timeout=WIDGETS_TIMEOUT)
    page.wait_for_selector(".vae-all-built", state="attached", timeout=WIDGETS_TIMEOUT)


def walk_every_pair(page, screens: list[Screen]) -> None:  # noqa: ANN001
    """From each screen, one click on the navigation reaches each other screen; address and title follow."""
    for origin in screens:
        for target in screens:
            if target == origin:
                continue
            try:
                click_nav(page, origin)
                click_nav(page, target)
            except Exception:
                ARTEFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(ARTEFACTS / f"walk-failed-{origin.key}-{target.key}.png"))
                raise
            assert re.search(rf"[?&]page={target.page}(&|$)", page.url)
            if target.bloc:
                assert f"bloc={target.bloc}" in page.url
            page.wait_for_function("t => document.title === t", arg=target.title(), timeout=WIDGETS_TIMEOUT)


def axe_violations(page) -> list[str]:  # noqa: ANN001
    """Serious and critical axe-core violations of what is displayed."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=(files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:4]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_every_screen_is_one_click_from_every_other(demo_app: AppServer, page) -> None:  # noqa: ANN001
    screens = candidate_screens(load_referentiel("RNCP39644"))
    open_app(page, demo_app.url)
    assert page.evaluate("() => document.documentElement.lang") == "fr"
    walk_every_pair(page, screens)


def test_back_forward_and_reload_keep_the_screen(demo_app: AppServer, page) -> None:  # noqa: ANN001
    screens = {s.key: s for s in candidate_screens(load_referentiel("RNCP39644"))}
    bloc, parcours = screens["bloc-BC02"], screens["parcours"]
    open_app(page, demo_app.url)
    click_nav(page, bloc)
    click_nav(page, parcours)
    page.go_back()
    shown(page, bloc.query)
    assert "page=bloc" in page.url and "bloc=BC02" in page.url
    page.go_forward()
    shown(page, parcours.query)
    page.reload(wait_until="domcontentloaded")
    shown(page, parcours.query)
    assert page.title() == "Parcours · Mon dossier de VAE"
    page.goto(demo_app.page("application.ipynb", page="bloc", bloc="BC03"), wait_until="domcontentloaded")
    shown(page, screens["bloc-BC03"].query)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "shell-BC03.png"))


def test_the_navigation_works_with_the_keyboard_alone(demo_app: AppServer, page) -> None:  # noqa: ANN001
    screens = candidate_screens(load_referentiel("RNCP39644"))
    open_app(page, demo_app.url)
    for _ in range(30):  # Tab from the top of the page to the first link of the navigation
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('vae-nav-link')"):
            break
    assert page.evaluate("() => document.activeElement.dataset.vaeQuery") == screens[0].query
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    shown(page, screens[1].query)
    assert page.title() == screens[1].title()


def test_axe_finds_no_serious_violation_on_any_screen(demo_app: AppServer, page) -> None:  # noqa: ANN001
    screens = candidate_screens(load_referentiel("RNCP39644"))
    open_app(page, demo_app.url)
    found = {}
    for screen in screens:
        click_nav(page, screen)
        violations = axe_violations(page)
        if violations:
            found[screen.key] = violations
    assert not found, found


def test_the_terminal_stays_quiet_and_french(demo_app: AppServer) -> None:
    err = "".join(demo_app.stderr)
    assert "Traceback" not in err and "WARNING" not in err and "websocket_ping_timeout" not in err, err[-3000:]


@pytest.fixture(scope="module")
def other_certification(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppServer, str]]:
    """``vae app`` on a dossier of the fictional RNCP00001 (VAE_REFERENTIELS), whose blocs have no notebook."""
    require_chromium()
    env = dict(os.environ, VAE_REFERENTIELS=str(DATA))
    folder = tmp_path_factory.mktemp("autre") / "dossier"
    subprocess.run([sys.executable, "-m", "vae_toolkit", "init", str(folder), "--nom", "Martin", "--prenom", "Léa",
                    "--certification", "RNCP00001"], check=True, env=env, capture_output=True)
    running = start_app(folder, env=env)
    try:
        yield running, "RNCP00001"
    finally:
        running.stop()


def test_another_certification_gets_its_screens_all_reachable(other_certification, page) -> None:  # noqa: ANN001
    demo_app, code = other_certification
    ref = Referentiel.model_validate(yaml.safe_load((DATA / f"{code}.yaml").read_text("utf-8")))
    screens = candidate_screens(ref)
    open_app(page, demo_app.url)
    labels = page.locator(".vae-nav-label").all_inner_texts()
    assert labels == [s.label for s in screens]
    walk_every_pair(page, screens)


@pytest.fixture(scope="module")
def counsellor_group(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    group = tmp_path_factory.mktemp("candidats")
    for name in ("camille-ferrand", "léa martin"):
        shutil.copytree(demo_template, group / name)
    return group


@pytest.fixture(scope="module")
def counsellor(counsellor_group: Path) -> Iterator[AppServer]:
    require_chromium()
    running = start_app(counsellor_group, "--conseiller")
    try:
        yield running
    finally:
        running.stop()


def test_counsellor_goes_from_a_dashboard_row_to_the_review_and_back(counsellor: AppServer, page) -> None:  # noqa: ANN001
    page.goto(counsellor.url, wait_until="domcontentloaded", timeout=WIDGETS_TIMEOUT)
    shown(page, "page=tableau")
    assert page.title() == "Tableau de bord · Suivi des candidats VAE"
    page.locator("tr", has_text="léa martin").locator("a", has_text="Ouvrir").click()
    shown(page, "page=revue&candidat=l%C3%A9a+martin")
    assert "page=revue" in page.url and page.locator(".vae-review").is_visible()
    assert page.title() == "Revue de léa martin · Suivi des candidats VAE"
    assert not axe_violations(page)
    page.go_back()
    shown(page, "page=tableau")
    page.go_forward()
    shown(page, "page=revue&candidat=l%C3%A9a+martin")
    page.locator("a.vae-back").click()
    shown(page, "page=tableau")
    page.reload(wait_until="domcontentloaded")
    shown(page, "page=tableau")
    assert not axe_violations(page)


def test_the_candidate_fills_in_the_dff_and_the_jury(demo_app: AppServer, page, module_demo_folder: Path) -> None:  # noqa: ANN001
    """A DFF field typed and saved; a wrong time refused next to its field, then accepted written the French way."""
    page.goto(demo_app.page("application.ipynb", page="faisabilite"), wait_until="domcontentloaded",
              timeout=WIDGETS_TIMEOUT)
    shown(page, "page=faisabilite")
    assert page.title() == "Dossier de faisabilité · Mon dossier de VAE"
    screen = page.locator(".vae-screen--page-faisabilite")
    goal = "Être reconnue «\u00a0ingénieure sociale\u00a0» & <encadrer> des projets"
    screen.locator(".vae-dff-objectifs textarea").fill(goal)
    screen.locator(".vae-dff-objectifs textarea").press("Tab")
    data = wait_for_yaml(module_demo_folder / "dossier.yaml", lambda d: d["faisabilite"]["objectifs"] == goal)
    assert data["faisabilite"]["objectifs"] == goal
    screen.locator(".vae-dff-attestation-honneur input").check()
    wait_for_yaml(module_demo_folder / "dossier.yaml", lambda d: d["faisabilite"]["attestation_honneur"] is True)
    page.wait_for_function("() => !document.querySelector('.vae-faisabilite-gaps').innerText.includes('honneur')",
                           timeout=WIDGETS_TIMEOUT)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    screen.locator(".vae-dff-piece").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTEFACTS / "shell-faisabilite.png"), full_page=True)
    click_nav(page, Screen("jury", "Jury et après", "Jury"))
    jury = page.locator(".vae-screen--page-jury")
    jury.locator(".vae-jury-heure input").fill("25:00")
    jury.locator(".vae-jury-heure input").press("Tab")
    row = jury.locator(".widget-hbox", has=page.locator(".vae-jury-heure")).last
    row.locator(".vae-field-error", has_text="impossible").wait_for(timeout=WIDGETS_TIMEOUT)
    jury.locator(".vae-jury-heure input").fill("14h30")
    jury.locator(".vae-jury-heure input").press("Tab")
    data = wait_for_yaml(module_demo_folder / "dossier.yaml", lambda d: d["jury"]["session"]["heure"] == "14:30")
    assert data["jury"]["session"]["heure"] == "14:30"
    assert row.locator(".vae-field-error").count() == 0
    page.screenshot(path=str(ARTEFACTS / "shell-jury.png"), full_page=True)
    assert not axe_violations(page)


def test_counsellor_confirms_a_grid_answer_and_copies_a_bloc(counsellor: AppServer, counsellor_group: Path,
                                                             browser) -> None:  # noqa: ANN001
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 1000})
    try:
        page = context.new_page()
        origin = f"http://127.0.0.1:{counsellor.port}"
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
        page.goto(counsellor.url, wait_until="domcontentloaded", timeout=WIDGETS_TIMEOUT)
        shown(page, "page=tableau")
        page.locator("tr", has_text="léa martin").locator("a", has_text="Ouvrir").click()
        review = "page=revue&candidat=l%C3%A9a+martin"
        shown(page, review)
        page.locator(f".vae-screen--{css_safe(review)} a.vae-to-dff").click()
        dff = "page=faisabilite&candidat=l%C3%A9a+martin"
        shown(page, dff)
        assert "page=faisabilite" in page.url
        assert page.title() == "Dossier de faisabilité de léa martin · Suivi des candidats VAE"
        screen = page.locator(f".vae-screen--{css_safe(dff)}")
        screen.locator(".vae-grille").wait_for(timeout=WIDGETS_TIMEOUT)
        first = screen.locator(".vae-grid-bloc").first
        assert "à confirmer" in first.inner_text()
        first.locator("button.vae-accept-proposal").first.click()
        revue = counsellor_group / "léa martin" / "revue.yaml"
        deadline = time.monotonic() + 20
        while not revue.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        data = wait_for_yaml(revue, lambda d: any(c.get("grille") for c in (d.get("competences") or {}).values()))
        confirmed = [c["grille"] for c in data["competences"].values() if c.get("grille")]
        assert len(confirmed) == 1 and confirmed[0] in ("oui", "partiellement", "non")
        first.locator(".vae-accept-proposal:visible").first.wait_for(state="visible", timeout=WIDGETS_TIMEOUT)
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTEFACTS / "counsellor-faisabilite-grille.png"))
        first.locator(".vae-copy-button").click()
        first.locator(".vae-copy-status", has_text="Copié").wait_for(timeout=WIDGETS_TIMEOUT)
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == first.locator("textarea").nth(1).input_value() and copied.startswith("RNCP39644BC01")
        screen.locator(".vae-export-button").first.click()
        screen.locator(".vae-export-result .vae-error").first.wait_for(timeout=WIDGETS_TIMEOUT)
        assert "non confirmée" in screen.locator(".vae-export-result").first.inner_text()
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTEFACTS / "counsellor-faisabilite.png"), full_page=True)
        assert not axe_violations(page)
        screen.locator("a.vae-to-review").click()
        shown(page, review)
    finally:
        context.close()
