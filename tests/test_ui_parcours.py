"""The parcours page, driven without a browser: experiences and formations, durations, feasibility."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.storage.dossier import dossier_file
from vae_toolkit.ui.page import JourneyPage
from vae_toolkit.ui.parcours_view import ExperienceEditor, ParcoursView, parcours_screen


def on_disk(folder: Path) -> dict:
    return yaml.safe_load(dossier_file(folder).read_text(encoding="utf-8"))


def open_page(folder: Path) -> tuple[JourneyPage, ParcoursView]:
    page = parcours_screen(folder, delay=0, environ={}).children[0]
    assert isinstance(page, JourneyPage)
    return page, page.body.children[0]


def editor(view: ParcoursView) -> ExperienceEditor:
    return view.editors["experiences"].children[0]


def add_experience(view: ParcoursView, intitule: str, structure: str, debut: dt.date, fin: dt.date | None,
                   fonctions: list[str]) -> ExperienceEditor:
    view.add_experience.click()
    ed = editor(view)
    ed.intitule.value = intitule
    ed.structure.value = structure
    ed.debut.value = debut.strftime("%d/%m/%Y")
    ed.fin.value = fin.strftime("%d/%m/%Y") if fin else ""
    for f in fonctions:
        ed.fonctions[f].value = True
    return ed


def test_three_experiences_entered_as_a_new_candidate_are_on_disk(new_folder: Path, ref: Referentiel) -> None:
    page, view = open_page(new_folder)
    assert "vae-add-experience" in view.add_experience._dom_classes
    f0, f1, f2 = (f.id for f in ref.fonctions)
    ed = add_experience(view, "Éducatrice spécialisée", "MECS « Les Tilleuls »", dt.date(2005, 9, 1),
                        dt.date(2012, 8, 31), [f1])
    for widget, css in ((ed.intitule, "vae-experience-intitule"), (ed.structure, "vae-experience-structure"),
                        (ed.debut, "vae-experience-debut"), (ed.fin, "vae-experience-fin")):
        assert css in widget._dom_classes
    assert "vae-warning" in view.feasibility.value
    add_experience(view, "Cheffe de service", "Centre social", dt.date(2012, 9, 1), dt.date(2019, 12, 31), [f0])
    ed = add_experience(view, "Chargée de mission", "Département", dt.date(2020, 1, 1), None, [f0, f2])
    ed.quotite.value = "0,8"
    ed.missions.value = "Diagnostic territorial\nÉvaluation du schéma"
    ed.structure_fields["environnement"].value = "Un département rural <de> 200 000 habitants."
    assert view.feasibility.value == ""
    saved = on_disk(new_folder)["experiences"]
    assert [(e["intitule_poste"], e["structure"]["nom"], e["debut"], e["fin"]) for e in saved] == [
        ("Éducatrice spécialisée", "MECS « Les Tilleuls »", dt.date(2005, 9, 1), dt.date(2012, 8, 31)),
        ("Cheffe de service", "Centre social", dt.date(2012, 9, 1), dt.date(2019, 12, 31)),
        ("Chargée de mission", "Département", dt.date(2020, 1, 1), None)]
    assert saved[2]["quotite"] == 0.8 and saved[2]["missions"] == ["Diagnostic territorial", "Évaluation du schéma"]
    assert saved[2]["fonctions"] == [f0, f2]
    assert saved[2]["structure"]["environnement"] == "Un département rural <de> 200 000 habitants."
    assert "Emploi salarié" in view.durations.value and "équivalent temps plein" in view.durations.value
    assert "Enregistré à" in page.status.value and page.feedback.label.value == ""
    again = open_page(new_folder)[1]
    assert [r[0].value for r in again.lists["experiences"].rows][0].startswith("Éducatrice spécialisée – MECS")


def test_validation_messages_show_next_to_the_field_and_nothing_wrong_is_saved(new_folder: Path) -> None:
    _page, view = open_page(new_folder)
    ed = add_experience(view, "Poste", "", dt.date(2015, 3, 1), None, [])
    ed.fin.value = "01/01/2014"
    assert "la date de fin (2014-01-01) précède la date de début (2015-03-01)" in ed.errors["fin"].value
    ed.intitule.value = ""
    assert "ne doit pas être vide" in ed.errors["intitule_poste"].value
    ed.quotite.value = "1,5"
    assert "doit être inférieur ou égal à 1" in ed.errors["quotite"].value
    saved = on_disk(new_folder)["experiences"][0]
    assert (saved["intitule_poste"], saved["fin"], saved["quotite"]) == ("Poste", None, 1.0)
    ed.fin.value = "01/01/2016"
    assert ed.errors["fin"].value == "" and on_disk(new_folder)["experiences"][0]["fin"] == dt.date(2016, 1, 1)


def test_reorder_and_delete(demo_folder: Path) -> None:
    _page, view = open_page(demo_folder)
    before = [e["id"] for e in on_disk(demo_folder)["experiences"]]
    rows = view.lists["experiences"].rows
    rows[1][2].click()  # up
    assert [e["id"] for e in on_disk(demo_folder)["experiences"]] == [before[1], before[0], *before[2:]]
    view.lists["experiences"].rows[0][3].click()  # down again
    assert [e["id"] for e in on_disk(demo_folder)["experiences"]] == before
    used = {e for s in on_disk(demo_folder)["situations"] for e in s["experience_ids"]}
    index = next(i for i, e in enumerate(before) if e in used)
    delete = view.lists["experiences"].rows[index][4]
    delete.click()
    assert delete.description == "Confirmer la suppression"
    assert [e["id"] for e in on_disk(demo_folder)["experiences"]] == before
    delete.click()
    assert before[index] not in [e["id"] for e in on_disk(demo_folder)["experiences"]]
    assert "ne sont plus rattachées" in view.notes["experiences"].value


def test_formations_motivation_and_projet(new_folder: Path) -> None:
    _page, view = open_page(new_folder)
    view.add_formation.click()
    form = view.editors["formations"].children[0]
    form.intitule.value = "Master 2 Intervention sociale"
    form.annee.value = "2018"
    form.certifiante.value = True
    view.texts["motivation"].value = "Je souhaite faire reconnaître…"
    view.texts["projet"].value = "Diriger un observatoire."
    saved = on_disk(new_folder)
    assert saved["formations"][0]["intitule"] == "Master 2 Intervention sociale"
    assert (saved["formations"][0]["annee"], saved["formations"][0]["certifiante"]) == (2018, True)
    assert saved["profil"]["motivation"] == "Je souhaite faire reconnaître…"
    assert saved["profil"]["projet"] == "Diriger un observatoire."
    view.texts["conclusion"].value = "Ce que je retiens de ce parcours."
    assert on_disk(new_folder)["conclusion"] == "Ce que je retiens de ce parcours."
    view.lists["formations"].rows[0][4].click()
    view.lists["formations"].rows[0][4].click()
    assert on_disk(new_folder)["formations"] == []


def test_labels_escape_what_the_candidate_typed(new_folder: Path) -> None:
    _page, view = open_page(new_folder)
    ed = add_experience(view, "<b>Directrice</b>", "A & B", dt.date(2020, 1, 1), None, [])
    ed.intitule.value = "<b>Directrice</b>"
    label = view.lists["experiences"].rows[0][0].value
    assert "<b>Directrice</b>" not in label and "&lt;b&gt;Directrice&lt;/b&gt; – A &amp; B" in label


def test_an_error_of_a_row_button_is_said_under_the_list(new_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page, view = open_page(new_folder)
    view.add_experience.click()

    def broken(*_args: object) -> int:
        raise RuntimeError("disque introuvable")

    monkeypatch.setattr(view.model, "move", broken)
    view.lists["experiences"].rows[0][3].click()
    message = view.lists["experiences"].message.label.value
    assert "Erreur inattendue (RuntimeError\u00a0: disque introuvable)" in message
    assert view.lists["experiences"].children[-1] is view.lists["experiences"].message
    assert page.feedback.label.value == ""


def test_after_a_merge_the_open_experience_stays_open_even_if_it_moved(new_folder: Path) -> None:
    from vae_toolkit.models.dossier import Experience
    from vae_toolkit.storage.dossier import DossierSession

    page, view = open_page(new_folder)
    ed = add_experience(view, "Cheffe de service", "Centre social", dt.date(2012, 9, 1), None, [])
    other = DossierSession(new_folder)
    other.dossier.experiences.insert(0, Experience(id="autre-onglet", intitule_poste="Éducatrice",
                                                   debut=dt.date(2005, 9, 1), fin=dt.date(2012, 8, 31)))
    other.save()
    ed.structure.value = "Centre social des Combes"
    view = page.body.children[0]
    assert [e["id"] for e in on_disk(new_folder)["experiences"]] == ["autre-onglet", "exp-1"]
    assert editor(view).intitule.value == "Cheffe de service" and view.lists["experiences"].selected == 1
    editor(view).intitule.value = "Cheffe de service éducatif"
    assert on_disk(new_folder)["experiences"][1]["intitule_poste"] == "Cheffe de service éducatif"
    assert on_disk(new_folder)["experiences"][0]["intitule_poste"] == "Éducatrice"
