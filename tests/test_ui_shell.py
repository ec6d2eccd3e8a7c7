"""The app shell without a browser: which screens exist and are built, addresses, titles, progress, errors shown."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import ipywidgets as widgets
import pytest

from vae_toolkit.errors import VaeError
from vae_toolkit.ui.candidate_app import CandidateShell, candidate_app, progress_details
from vae_toolkit.ui.counsellor_app import CounsellorShell, counsellor_app
from vae_toolkit.journey.dashboard import DashboardState
from vae_toolkit.ui.dashboard_view import table_html
from vae_toolkit.ui.page import Chooser
from vae_toolkit.ui.shell import ALL_BUILT, HIDDEN, AppShell


def shell_of(box: widgets.Widget) -> CandidateShell:
    shell = box.children[0]
    assert isinstance(shell, CandidateShell)
    return shell


def visible(shell: AppShell) -> list[str]:
    return [q for q, slot in shell.slots.items() if HIDDEN not in slot.box._dom_classes]


def test_opens_on_the_screen_of_the_address_and_builds_only_it(demo_folder: Path) -> None:
    shell = shell_of(candidate_app(demo_folder, query="page=bloc&bloc=BC02&token=x", environ={}, delay=0))
    assert shell.navigator.current == "page=bloc&bloc=BC02"
    assert shell.navigator.title == "BC02 · Mon dossier de VAE"
    assert [q for q, slot in shell.slots.items() if slot.built] == ["page=bloc&bloc=BC02"]
    assert visible(shell) == ["page=bloc&bloc=BC02"]
    assert not shell.navigator.sync_url, "outside Voilà the address bar is left alone"


def test_switching_keeps_screens_alive_and_follows_the_navigator(demo_folder: Path) -> None:
    shell = shell_of(candidate_app(demo_folder, query="", environ={}, delay=0))
    assert shell.navigator.current == "page=accueil"
    first = shell.slots["page=accueil"].box.children[0]
    shell.navigator.current = "page=parcours"  # what a click in the browser does
    assert visible(shell) == ["page=parcours"]
    shell.navigator.current = "page=accueil"
    assert shell.slots["page=accueil"].box.children[0] is first, "a built screen is not rebuilt"
    shell.show("page=bloc&bloc=INCONNU")
    assert shell.navigator.current == "page=accueil", "an unknown address shows the first screen"


def test_every_screen_builds_without_an_error_shown(demo_folder: Path) -> None:
    shell = shell_of(candidate_app(demo_folder, query="", environ={}, delay=0))
    for screen in shell.screens:
        shell.show(screen.query)
        assert shell.slots[screen.query].built
        assert "vae-error" not in shell.error.label.value
    assert len(shell.stack.children) == len(shell.screens)


def test_building_ahead_runs_on_the_event_loop_and_marks_the_shell(demo_folder: Path) -> None:
    shell = shell_of(candidate_app(demo_folder, query="", environ={}, delay=0))
    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        shell.build_ahead(pause=0)
        loop.run_until_complete(asyncio.sleep(0.5 + 0.3 * len(shell.screens)))
    finally:
        asyncio.set_event_loop(None)
        loop.close()
    assert all(slot.built for slot in shell.slots.values()) and len(shell.slots) == len(shell.screens)
    assert ALL_BUILT in shell._dom_classes


def test_the_navigation_says_where_each_screen_stands(demo_folder: Path) -> None:
    shell = shell_of(candidate_app(demo_folder, query="", environ={}, delay=0))
    details = progress_details(shell.ws)
    assert details["accueil"] == "profil rempli" and details["parcours"].endswith("expériences")
    assert details["bloc-BC02"].endswith("indicateurs évalués")
    items = {i["query"]: i for i in shell.navigator.items}
    assert items["page=parcours"]["detail"] == details["parcours"]
    shell.ws.dossier.experiences.clear()
    shell.ws.changed()
    shell.ws.autosave.flush()
    assert {i["query"]: i for i in shell.navigator.items}["page=parcours"]["detail"] == "à compléter"


def test_the_gap_analysis_is_rebuilt_when_shown_after_a_save(demo_folder: Path) -> None:
    shell = shell_of(candidate_app(demo_folder, query="page=ecarts", environ={}, delay=0))
    before = shell.slots["page=ecarts"].box.children[0]
    shell.show("page=accueil")
    shell.show("page=ecarts")
    assert shell.slots["page=ecarts"].box.children[0] is before, "nothing changed: kept"
    shell.ws.dossier.profil.ville = "Ailleurs"
    shell.ws.changed()
    shell.show("page=ecarts")
    assert shell.slots["page=ecarts"].box.children[0] is not before


def test_a_screen_that_fails_says_why_in_its_place(demo_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shell = shell_of(candidate_app(demo_folder, query="", environ={}, delay=0))

    def broken(_screen: object) -> widgets.Widget:
        raise VaeError("Écran impossible à construire")

    monkeypatch.setattr(shell, "build", broken)
    shell.show("page=parcours")
    assert "Écran impossible à construire" in shell.slots["page=parcours"].box.children[0].value


def test_without_a_dossier_the_chooser_opens_the_shell(tmp_path: Path, demo_template: Path) -> None:
    box = candidate_app(None, query="page=parcours", environ={}, delay=0)
    chooser = box.children[0].children[1]
    assert isinstance(chooser, Chooser)
    folder = tmp_path / "mon dossier"
    shutil.copytree(demo_template, folder)
    chooser.path.value = str(folder)
    chooser.open_button.click()
    assert shell_of(box).navigator.current == "page=parcours"


def test_counsellor_reviews_come_from_the_folder_only(tmp_path: Path, demo_template: Path) -> None:
    shutil.copytree(demo_template, tmp_path / "léa martin")
    shell = CounsellorShell(tmp_path, start="")
    assert shell.navigator.current == "page=tableau"
    shell.show("page=revue&candidat=l%C3%A9a+martin")
    assert shell.navigator.current == "page=revue&candidat=l%C3%A9a+martin"
    assert [i["label"] for i in shell.navigator.items] == ["Tableau de bord", "Revue\u00a0: léa martin"]
    shell.show("page=revue&candidat=..%2F..%2Fetc")
    assert "Aucun dossier de candidat" in shell.error.label.value
    assert shell.navigator.current == "page=revue&candidat=l%C3%A9a+martin"


def test_dashboard_rows_link_to_the_review_escaped(tmp_path: Path, demo_template: Path) -> None:
    shutil.copytree(demo_template, tmp_path / "a<b>&c")
    state = DashboardState(tmp_path)
    state.reload()
    html = table_html(state.visible(), tmp_path, lambda folder: "?page=revue&candidat=" + folder.name + "<>")
    assert 'href="?page=revue&amp;candidat=a&lt;b&gt;&amp;c&lt;&gt;"' in html and ">Ouvrir</a>" in html
    assert "a&lt;b&gt;&amp;c" in html and "<b>" not in html
    assert counsellor_app(tmp_path, query="", environ={}).children[0].root == tmp_path


def test_france_vae_screens_have_their_address_and_progress(demo_folder: Path) -> None:
    shell = shell_of(candidate_app(demo_folder, query="page=faisabilite", environ={}, delay=0))
    assert shell.navigator.title == "Dossier de faisabilité · Mon dossier de VAE"
    items = {i["query"]: i for i in shell.navigator.items}
    assert list(items)[-3:] == ["page=faisabilite", "page=dossier", "page=jury"]
    assert items["page=faisabilite"]["detail"].endswith("à compléter") and items["page=jury"]["detail"] == "à venir"
    view = shell.slots["page=faisabilite"].box.children[0].body.children[0]
    view.attestation.value = True
    shell.ws.autosave.flush()
    before = int(items["page=faisabilite"]["detail"].split()[0])
    after = {i["query"]: i for i in shell.navigator.items}["page=faisabilite"]["detail"]
    assert after.startswith(f"{before - 1}\u00a0point") or after == "complet", after
    shell.show("page=jury")
    jury = shell.slots["page=jury"].box.children[0].body.children[0]
    first = shell.ws.ref.blocs[0]
    jury.resultat.value = "validation_partielle_certification_complete"
    jury.blocs[first.id].value = True
    shell.ws.autosave.flush()
    items = {i["query"]: i for i in shell.navigator.items}
    assert items["page=jury"]["detail"] == "Validation partielle de la certification"
    assert items[f"page=bloc&bloc={first.id}"]["detail"] == "acquis", "an acquired bloc says so in the navigation"
    assert "Acquis définitivement" in jury.after.value and "Il vous reste" in jury.after.value


def test_the_counsellor_goes_from_a_review_to_the_dff_and_back(tmp_path: Path, demo_template: Path) -> None:
    shutil.copytree(demo_template, tmp_path / "léa martin")
    shell = CounsellorShell(tmp_path, start="page=revue&candidat=l%C3%A9a+martin")
    links = shell.slots["page=revue&candidat=l%C3%A9a+martin"].box.children[0].children[0].value
    assert 'class="vae-to-dff" href="?page=faisabilite&amp;candidat=l%C3%A9a+martin"' in links
    shell.show("page=faisabilite&candidat=l%C3%A9a+martin")
    assert shell.navigator.title == "Dossier de faisabilité de léa martin · Suivi des candidats VAE"
    assert [i["label"] for i in shell.navigator.items][-1] == "Faisabilité\u00a0: léa martin"
    screen = shell.slots["page=faisabilite&candidat=l%C3%A9a+martin"].box.children[0]
    assert "vae-to-review" in screen.children[0].value
    grid = screen.children[1]
    review = shell.slots["page=revue&candidat=l%C3%A9a+martin"].box.children[0].children[1]
    comp_id = next(iter(grid.blocs[0].answers))
    shell.show("page=revue&candidat=l%C3%A9a+martin")
    review.work.set_grille(comp_id, "non")  # answered on the review screen…
    shell.show("page=faisabilite&candidat=l%C3%A9a+martin")
    rebuilt = shell.slots["page=faisabilite&candidat=l%C3%A9a+martin"].box.children[0].children[1]
    assert rebuilt is not grid and rebuilt.blocs[0].answers[comp_id].value == "non", "…shown on the DFF screen"
    shell.show("page=faisabilite&candidat=..%2F..")
    assert "Aucun dossier de candidat" in shell.error.label.value


def test_a_message_place_costs_one_widget_even_for_a_bug_and_its_traceback() -> None:
    from vae_toolkit.ui.common import Feedback

    feedback = Feedback()
    assert feedback.children == (feedback.label,)
    feedback.error(VaeError("Fichier illisible."))
    assert feedback.children == (feedback.label,), "a French message needs no traceback"
    feedback.guard(lambda: 1 / 0)()
    assert "vae-error" in feedback.label.value and "ZeroDivisionError" in feedback.label.value
    assert "<details" in feedback.label.value, "a bug's traceback, folded under the message"
    assert feedback.children == (feedback.label,), "…in the same widget"
