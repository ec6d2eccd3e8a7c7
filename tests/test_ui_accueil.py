"""The welcome page and the chooser, driven without a browser: set values, click, read dossier.yaml back."""

from __future__ import annotations

from pathlib import Path

import yaml

from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.storage.dossier import dossier_file, load_dossier
from vae_toolkit.ui import accueil_view
from vae_toolkit.ui.accueil_view import AccueilView, accueil_screen
from vae_toolkit.ui.page import Chooser, JourneyPage


def on_disk(folder: Path) -> dict:
    return yaml.safe_load(dossier_file(folder).read_text(encoding="utf-8"))


def open_page(folder: Path | None, **kw: object) -> tuple[JourneyPage, AccueilView]:
    box = accueil_screen(folder, delay=0, environ=kw.pop("environ", {}))
    page = box.children[0]
    assert isinstance(page, JourneyPage), page
    return page, page.body.children[0]


def test_without_dossier_the_chooser_creates_one_then_shows_the_profile(tmp_path: Path) -> None:
    box = accueil_screen(None, delay=0, environ={})
    chooser = box.children[0]
    assert isinstance(chooser, Chooser)
    for widget, css in ((chooser.path, "vae-dossier-path"), (chooser.open_button, "vae-open"),
                        (chooser.create_button, "vae-create")):
        assert css in widget._dom_classes
    chooser.path.value = str(tmp_path / "ma vae")
    chooser.open_button.click()
    assert "Aucun fichier dossier.yaml" in chooser.feedback.label.value and box.children[0] is chooser
    chooser.create_button.click()
    page = box.children[0]
    assert isinstance(page, JourneyPage)
    view = page.body.children[0]
    view.fields["nom"].value = "Dupré"
    view.fields["prenom"].value = "Élise"
    assert "vae-profil-nom" in view.fields["nom"]._dom_classes
    assert "vae-profil-prenom" in view.fields["prenom"]._dom_classes
    profil = on_disk(tmp_path / "ma vae")["profil"]
    assert (profil["nom"], profil["prenom"]) == ("Dupré", "Élise")
    assert "Enregistré à" in page.status.value and "vae-save-status" in page.status._dom_classes


def test_an_unreadable_dossier_shows_the_chooser_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "abime").mkdir()
    (tmp_path / "abime" / "dossier.yaml").write_text("schema_version: 1\ncertification: [\n", encoding="utf-8")
    box = accueil_screen(tmp_path / "abime", environ={})
    chooser = box.children[0]
    assert isinstance(chooser, Chooser) and chooser.path.value == str(tmp_path / "abime")
    assert "vae-error" in chooser.feedback.label.value and "dossier.yaml" in chooser.feedback.label.value


def test_the_dossier_comes_from_the_url_in_app_mode(demo_folder: Path) -> None:
    env = {"SERVER_SOFTWARE": "voila/0.5.13", "QUERY_STRING": f"dossier={demo_folder}"}
    page, view = open_page(None, environ=env)
    assert view.fields["nom"].value == "Ferrand"
    assert page.ws.folder == demo_folder  # the screen alone: the navigation is the app shell's


def test_profile_diplomas_dispense_and_blocs_aimed(new_folder: Path, ref: Referentiel) -> None:
    page, view = open_page(new_folder)
    assert "Rien ne quitte cet ordinateur" in view.children[1].value and str(new_folder) in view.children[1].value
    view.fields["email"].value = "elise@example.org"
    view.typologie.value = "salarie_public"
    dispense = ref.dispenses[0]
    view.new_diploma.value = "Certificat d’aptitude"
    view.new_code.value = dispense.diplome.lower()
    view.new_year.value = "2011"
    view.add_diploma.click()
    assert view.new_diploma.value == ""
    table = " ".join(view.blocs_table.value.split())
    for bloc in dispense.blocs:
        assert f"<td>{bloc} – {ref.bloc(bloc).intitule}</td><td><b>dispensé</b> grâce à votre {dispense.diplome}" \
            in table
    view.add_diploma.click()  # the second half of a double click: nothing more is added, no error either
    assert view.diploma_error.value == "" and len(view.model.profil.diplomes) == 1
    view._added_at -= accueil_view.DOUBLE_CLICK_WINDOW  # a later click on the empty fields
    view.add_diploma.click()
    assert "ne doit pas être vide" in view.diploma_error.value
    view.whole.value = False
    assert "Cochez au moins un bloc" in view.objective_error.value
    first = ref.blocs[0].id
    view.bloc_boxes[first].value = True
    saved = on_disk(new_folder)["profil"]
    assert saved["email"] == "elise@example.org" and saved["typologie"] == "salarie_public"
    assert saved["diplomes"] == [{"intitule": "Certificat d’aptitude", "code": dispense.diplome, "annee": 2011,
                                  "niveau": None, "organisme": None}]
    assert (saved["objectif"], saved["blocs_vises"]) == ("blocs", [first])
    view.diplomas.children[0].children[1].click()
    assert on_disk(new_folder)["profil"]["diplomes"] == []
    assert "Aucun diplôme" in view.diplomas.children[0].value


def test_the_status_says_unsaved_until_the_debounced_save(new_folder: Path) -> None:
    page = accueil_screen(new_folder, delay=60, environ={}).children[0]
    view = page.body.children[0]
    view.fields["ville"].value = "Saint-Claude"
    assert "Modifications non enregistrées…" in page.status.value and on_disk(new_folder)["profil"]["ville"] is None
    assert page.ws.autosave.flush()
    assert "Enregistré à" in page.status.value and on_disk(new_folder)["profil"]["ville"] == "Saint-Claude"


def test_the_chooser_can_write_and_open_the_demo_dossier(tmp_path: Path) -> None:
    box = accueil_screen(None, delay=0, environ={})
    chooser = box.children[0]
    assert "vae-demo" in chooser.demo_button._dom_classes
    chooser.demo_button.click()
    assert "Indiquez où écrire" in chooser.feedback.label.value
    chooser.path.value = str(tmp_path / "demo")
    chooser.demo_button.click()
    view = box.children[0].body.children[0]
    assert view.fields["nom"].value == on_disk(tmp_path / "demo")["profil"]["nom"] != ""
    again = accueil_screen(None, delay=0, environ={}).children[0]
    again.path.value = str(tmp_path / "demo")
    again.demo_button.click()
    assert "existe déjà" in again.feedback.label.value


def test_a_diploma_year_that_is_not_a_year_is_refused_next_to_the_field(new_folder: Path) -> None:
    _page, view = open_page(new_folder)
    assert view.new_year.value == ""
    view.new_diploma.value, view.new_year.value = "Licence de sociologie", "deux mille"
    view.add_diploma.click()
    assert "quatre chiffres" in view.diploma_error.value
    assert load_dossier(new_folder).model.profil.diplomes == []
    view.new_year.value = "2000"
    view.add_diploma.click()
    assert [(d.intitule, d.annee) for d in load_dossier(new_folder).model.profil.diplomes] == [
        ("Licence de sociologie", 2000)]


def test_the_agreement_of_labels_is_chosen_in_the_profile(new_folder: Path) -> None:
    _page, view = open_page(new_folder, delay=0)
    assert view.accord.value == "" and "vae-profil-accord" in view.accord._dom_classes
    view.accord.value = "feminin"
    assert on_disk(new_folder)["profil"]["accord"] == "feminin"
    view.accord.value = ""
    assert on_disk(new_folder)["profil"]["accord"] is None
