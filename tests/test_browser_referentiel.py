"""The counsellor's référentiel screens in a real browser (Debian's chromium through Playwright, against ``vae app``):
an imported fiche is reviewed and saved as validated, then a dossier is carried over to it with a hand-made choice."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from _browser import ARTEFACTS, WIDGETS_TIMEOUT, chromium, first_tab, open_page, running_app
from _servers import AppServer
from test_referentiel_migrate import NEW, renamed_copy

from vae_toolkit.referentiels.build import build_referentiel
from vae_toolkit.referentiels.rncp_export import read_fiche
from vae_toolkit.storage.dossier import load_dossier
from vae_toolkit.storage.referentiel_file import read_referentiel_file, write_referentiel_file

pytestmark = [pytest.mark.browser, pytest.mark.slow]
XML = Path(__file__).parent / "data" / "rncp" / "export_fiches_RNCP_V4_1_2026-11-28.xml"


@pytest.fixture(scope="module")
def refs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("refs")
    write_referentiel_file(folder / "RNCP90002.yaml", build_referentiel(read_fiche(XML, "RNCP90002")).data)
    renamed_copy(folder, drop="B1.K3.I4", successor=False)
    return folder


@pytest.fixture(scope="module")
def server(module_demo_folder: Path, refs: Path) -> Iterator[AppServer]:
    with running_app(module_demo_folder, env=dict(os.environ, VAE_REFERENTIELS=str(refs))) as running:
        yield running


@pytest.fixture
def page(tmp_path: Path) -> Iterator[object]:
    with chromium(tmp_path / "chromium-profile", viewport={"width": 1280, "height": 1400}) as context:
        yield first_tab(context)


def test_review_an_imported_referentiel(server: AppServer, page, refs: Path) -> None:  # noqa: ANN001
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    open_page(page, server.page("conseiller/referentiel.ipynb"), "input[placeholder^='fichier']")
    page.fill("input[placeholder^='fichier']", str(refs / "RNCP90002.yaml"))
    page.get_by_role("button", name="Ouvrir").click()
    page.wait_for_selector("text=À relire", timeout=WIDGETS_TIMEOUT)
    page.fill("input[placeholder='Savoir…']", "Savoir construire un planning partagé")
    page.get_by_role("button", name="Ajouter l’indicateur").click()
    page.wait_for_selector("text=BC01.C1.I1", timeout=WIDGETS_TIMEOUT)
    page.get_by_role("button", name="Enregistrer comme validé").click()
    page.wait_for_selector("text=comme validé dans", timeout=WIDGETS_TIMEOUT)
    page.screenshot(path=str(ARTEFACTS / "conseiller_referentiel.png"), full_page=True)
    ref = read_referentiel_file(refs / "RNCP90002.yaml")
    assert not ref.a_relire and ref.competence("BC01.C1").indicateurs[0].texte == "Savoir construire un planning partagé"


def test_carry_the_demo_to_a_renamed_deis(server: AppServer, page, module_demo_folder: Path, refs: Path,  # noqa: ANN001
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VAE_REFERENTIELS", str(refs))
    open_page(page, server.page("conseiller/changement_de_referentiel.ipynb"), "text=Certification actuelle")
    page.locator(".widget-dropdown select").first.select_option(label=f"{NEW} – Diplôme d’État d’ingénierie sociale")
    page.wait_for_selector("text=2 lien(s) ne seraient pas reportés", timeout=WIDGETS_TIMEOUT)
    page.screenshot(path=str(ARTEFACTS / "conseiller_changement_de_referentiel_a_choisir.png"), full_page=True)
    row = page.locator(".widget-hbox", has_text="BC01.C3.I4").last
    row.locator("select").select_option(label="B1.K3.I4 – Savoir piloter un budget pluriannuel")
    page.wait_for_selector("text=Tous les liens du dossier seront reportés", timeout=WIDGETS_TIMEOUT)
    page.get_by_role("button", name="Reporter le dossier").click()
    page.wait_for_selector(f"text=vers {NEW}", timeout=WIDGETS_TIMEOUT)
    page.screenshot(path=str(ARTEFACTS / "conseiller_changement_de_referentiel.png"), full_page=True)
    after = load_dossier(module_demo_folder).model
    assert after.certification == NEW and after.migrations[-1].non_repris == []
