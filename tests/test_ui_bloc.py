"""The generic bloc page, driven without a browser: situations, ratings, pièces, navigation, conflicts, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import ipywidgets as widgets
import yaml
from markupsafe import escape

from vae_toolkit.models.referentiel import Bloc, Referentiel
from vae_toolkit.storage.dossier import DossierSession, dossier_file
from vae_toolkit.ui.bloc_view import BlocView, CompetencePanel, bloc_screen
from vae_toolkit.ui.page import JourneyPage
from vae_toolkit.ui.situation_editor import SituationEditor

TODAY = dt.date(2026, 11, 1)
ACCENTED = "J’ai conduit l’étude « Habiter demain » : écoute, synthèse, cœur du problème, ça a marché."


def on_disk(folder: Path) -> dict:
    return yaml.safe_load(dossier_file(folder).read_text(encoding="utf-8"))


def open_page(folder: Path, bloc: str, delay: float = 0) -> tuple[JourneyPage, BlocView]:
    page = bloc_screen(folder, bloc=bloc, delay=delay, today=TODAY, environ={}).children[0]
    assert isinstance(page, JourneyPage), page
    return page, page.body.children[0]


def by_class(box: widgets.Box, css_class: str) -> widgets.DOMWidget:
    """The one child of ``box`` with this CSS class: tests name a button by its role, not by its position."""
    found = [w for w in box.children if css_class in w._dom_classes]
    assert len(found) == 1, (css_class, box.children)
    return found[0]


def panel(view: BlocView) -> CompetencePanel:
    return view.panel.children[0]


def editor(view: BlocView) -> SituationEditor:
    return panel(view).editor.children[0]


@pytest.fixture
def bloc(ref: Referentiel) -> Bloc:
    """The second bloc, aimed at in both the new and the demo dossier."""
    return ref.blocs[1]


def test_write_a_situation_link_it_and_rate_indicators(new_folder: Path, ref: Referentiel, bloc: Bloc) -> None:
    page, view = open_page(new_folder, bloc.id)
    comp = bloc.competences[0]
    first, second = (i.id for i in comp.indicateurs[:2])
    other = ref.blocs[0].indicateurs[0].id
    p = panel(view)
    assert "vae-new-situation" in p.new_situation._dom_classes
    p.new_situation.click()
    ed = editor(view)
    ed.titre.value = "Étude « Habiter demain »"
    ed.parts["contexte"].value = "Un territoire rural."
    ed.parts["actions"].value = ACCENTED
    ed.parts["resultats"].value = "Un plan d’action adopté."
    ed.parts["analyse"].value = "J’ai appris à douter."
    for css, widget in (("vae-situation-titre", ed.titre), ("vae-situation-contexte", ed.parts["contexte"]),
                        ("vae-situation-actions", ed.parts["actions"]),
                        ("vae-situation-resultats", ed.parts["resultats"]),
                        ("vae-situation-analyse", ed.parts["analyse"]),
                        (f"vae-link-{first.replace('.', '-')}", ed.links[first]),
                        (f"vae-link-{other.replace('.', '-')}", ed.links[other])):
        assert css in widget._dom_classes, css
    ed.links[first].value = True
    ed.links[other].value = True
    p.ratings[first].value = 3
    p.ratings[second].value = 4
    assert f"vae-rating-{first.replace('.', '-')}" in p.ratings[first]._dom_classes
    assert [label for label, _v in p.ratings[first].options] == ["Non évalué", "Pas encore", "En cours", "Acquis",
                                                                 "Maîtrisé"]
    saved = on_disk(new_folder)
    sit = saved["situations"][0]
    assert (sit["titre"], sit["actions"], sit["indicateurs"]) == ("Étude « Habiter demain »", ACCENTED, [other, first])
    assert saved["auto_evaluation"] == {first: 3, second: 4}
    assert "mots" in ed.counters.value and "signes" in ed.counters.value
    assert "analyse réflexive trop brève" in ed.counters.value
    assert "Enregistré à" in page.status.value and page.feedback.label.value == ""
    # reopening shows exactly what was entered
    _page, again = open_page(new_folder, bloc.id)
    p2 = panel(again)
    assert (p2.ratings[first].value, p2.ratings[second].value) == (3, 4)
    assert "Étude «\u00a0Habiter demain\u00a0»" not in p2.situation_rows.children[0].children[0].value
    assert "Étude « Habiter demain »" in p2.situation_rows.children[0].children[0].value
    by_class(p2.situation_rows.children[0], "vae-situation-edit").click()
    assert editor(again).parts["actions"].value == ACCENTED


def test_deleting_a_situation_asks_for_confirmation(new_folder: Path, bloc: Bloc) -> None:
    _page, view = open_page(new_folder, bloc.id)
    panel(view).new_situation.click()
    delete = by_class(panel(view).situation_rows.children[0], "vae-situation-delete")
    delete.click()
    assert delete.description == "Confirmer la suppression" and len(on_disk(new_folder)["situations"]) == 1
    delete.click()
    assert on_disk(new_folder)["situations"] == [] and panel(view).editor.children == ()
    assert "Aucune situation" in panel(view).situation_rows.children[0].value


def test_navigation_between_competences_and_progress_bars(demo_folder: Path, bloc: Bloc) -> None:
    _page, view = open_page(demo_folder, bloc.id)
    ids = [c.id for c in bloc.competences]
    assert view.competence.value == ids[0] and view.previous.disabled
    for css, widget in (("vae-prev", view.previous), ("vae-next", view.next), ("vae-competence", view.competence)):
        assert css in widget._dom_classes
    view.next.click()
    assert view.competence.value == ids[1] and bloc.competences[1].intitule in panel(view).children[0].value
    view.competence.value = ids[-1]
    assert view.next.disabled and set(panel(view).ratings) == {i.id for i in bloc.competences[-1].indicateurs}
    assert list(view.competence_bars) == ids
    assert all(0 <= row.bar.value <= 1 for row in view.competence_bars.values())
    last = view.competence_bars[ids[-1]]
    assert f"vae-progress-{ids[-1].replace('.', '-')}" in last.bar._dom_classes
    before, bloc_before = last.bar.value, view.bloc_bar.bar.value
    for toggle in panel(view).ratings.values():
        toggle.value = 0
    # « Avancement » is one definition (analysis/avancement.py): covered indicators; ratings do not move it
    assert last.bar.value == before and view.bloc_bar.bar.value == bloc_before
    assert "indicateurs couverts" in last.label.value and "Avancement" in view.bloc_bar.label.value
    assert f"0/{len(bloc.competences[-1].indicateurs)} indicateurs évalués" in last.label.value
    assert " mots, " in last.label.value and " signes" in last.label.value
    questions = bloc.competences[-1].questions
    assert questions and all(str(escape(q)) in panel(view).children[0].value for q in questions)


def test_a_piece_is_uploaded_under_pieces_and_linked(new_folder: Path, bloc: Bloc) -> None:
    page, view = open_page(new_folder, bloc.id)
    pieces = panel(view).pieces
    pieces.add.click()
    assert "Choisissez d’abord un fichier" in panel(view).pieces.message.label.value
    ind = bloc.competences[0].indicateurs[0].id
    pieces.upload.value = ({"name": "Attestation employeur é.pdf", "type": "application/pdf", "size": 4,
                            "content": memoryview(b"%PDF"), "last_modified": dt.datetime(2026, 1, 1)},)
    pieces.titre.value = "Attestation"
    pieces.indicators.value = (ind,)
    pieces.add.click()
    saved = on_disk(new_folder)["pieces"][0]
    assert (saved["titre"], saved["indicateurs"]) == ("Attestation", [ind])
    assert (new_folder / "pieces" / saved["fichier"]).read_bytes() == b"%PDF"
    assert "Pièce ajoutée" in panel(view).pieces.message.label.value


def test_an_edit_in_another_tab_is_merged_and_shown(new_folder: Path, bloc: Bloc) -> None:
    page, view = open_page(new_folder, bloc.id)
    assert "vae-conflict" in page.banner._dom_classes and not page.banner.visible
    view.next.click()
    panel(view).new_situation.click()
    elsewhere = DossierSession(new_folder)
    elsewhere.dossier.profil.ville = "Modifié dans un autre onglet"
    elsewhere.save()
    editor(view).parts["actions"].value = "J’ai rédigé ce texte précieux."
    assert not page.banner.visible and "avec les modifications faites ailleurs" in page.status.value
    saved = on_disk(new_folder)
    assert saved["situations"][0]["actions"] == "J’ai rédigé ce texte précieux."
    assert saved["profil"]["ville"] == "Modifié dans un autre onglet"
    view = page.body.children[0]
    assert view.model.ws.dossier.profil.ville == "Modifié dans un autre onglet"
    assert view.competence.value == bloc.competences[1].id
    assert editor(view).parts["actions"].value == "J’ai rédigé ce texte précieux.", "the card stays open"
    editor(view).parts["analyse"].value = "Et mon analyse."  # the redrawn card edits the merged dossier
    assert on_disk(new_folder)["situations"][0]["analyse"] == "Et mon analyse."
    assert on_disk(new_folder)["profil"]["ville"] == "Modifié dans un autre onglet"
    assert not list(new_folder.glob("dossier.non-enregistre-*.yaml"))


def test_the_same_text_in_two_tabs_shows_both_and_the_choice_is_saved(new_folder: Path, bloc: Bloc) -> None:
    page, view = open_page(new_folder, bloc.id)
    panel(view).new_situation.click()
    elsewhere = DossierSession(new_folder)
    elsewhere.dossier.situations[0].actions = "Le texte de l’autre onglet."
    elsewhere.save()
    editor(view).parts["actions"].value = "J’ai rédigé ce texte précieux."
    assert page.banner.visible and "modifiés des deux côtés" not in page.banner.text.value
    assert "Un champ a été modifié des deux côtés" in page.banner.text.value
    [row] = page.banner.choices.children
    versions = row.children[0].value
    assert "J’ai rédigé ce texte précieux." in versions and "Le texte de l’autre onglet." in versions
    assert "Situations › Nouvelle situation › actions" in row.children[0].value
    kept = next(new_folder.glob("dossier.non-enregistre-*.yaml"))
    assert str(kept) in page.banner.text.value and "texte précieux" in kept.read_text(encoding="utf-8")
    assert on_disk(new_folder)["situations"][0]["actions"] == "Le texte de l’autre onglet."
    keep_ours = row.children[1].children[0]
    assert "vae-keep-ours" in keep_ours._dom_classes
    keep_ours.click()
    assert not page.banner.visible
    assert on_disk(new_folder)["situations"][0]["actions"] == "J’ai rédigé ce texte précieux."
    assert page.body.children[0].model.ws.dossier.situations[0].actions == "J’ai rédigé ce texte précieux."


def test_a_file_that_cannot_be_merged_then_keep_mine_writes_this_version(new_folder: Path, bloc: Bloc) -> None:
    page, view = open_page(new_folder, bloc.id)
    ind = bloc.competences[0].indicateurs[0].id
    dossier_file(new_folder).unlink()
    panel(view).ratings[ind].value = 2
    assert page.banner.visible and page.banner.buttons.layout.display is None
    page.banner.keep.click()
    assert not page.banner.visible and on_disk(new_folder)["auto_evaluation"] == {ind: 2}


def test_dispensed_bloc_says_so_and_shows_no_editor(new_folder: Path, ref: Referentiel) -> None:
    dispense = ref.dispenses[0]
    session = DossierSession(new_folder)
    session.dossier.profil.diplomes = [{"intitule": "Diplôme d’encadrement", "code": dispense.diplome}]
    session.save()
    _page, view = open_page(new_folder, dispense.blocs[0])
    assert f"grâce à votre {dispense.diplome}" in view.status.value and "vae-bloc-dispense" in view.status._dom_classes
    assert view.panel.children == () and view.work not in view.children


def test_bloc_not_aimed_at_says_so_and_can_be_opened_anyway(new_folder: Path, ref: Referentiel) -> None:
    session = DossierSession(new_folder)
    session.dossier.profil.blocs_vises = [ref.blocs[0].id]
    session.dossier.profil.objectif = "blocs"
    session.save()
    _page, view = open_page(new_folder, ref.blocs[1].id)
    assert "Vous ne visez pas le bloc" in view.status.value and view.work.layout.display == "none"
    view.show_anyway.click()
    assert view.work.layout.display is None and panel(view).ratings


def test_an_error_in_a_callback_is_shown_in_french(new_folder: Path, bloc: Bloc,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    page, view = open_page(new_folder, bloc.id)

    def broken() -> str:
        raise RuntimeError("disque introuvable")

    monkeypatch.setattr(view.model, "new_situation", broken)
    panel(view).new_situation.click()
    assert "Erreur inattendue (RuntimeError\u00a0: disque introuvable)" in panel(view).new_situation_message.label.value
    assert page.feedback.label.value == "", "the message is next to the button, not at the top of the page"
    (new_folder / "pieces").rmdir()
    (new_folder / "pieces").symlink_to(new_folder.parent)
    pieces = panel(view).pieces
    pieces.upload.value = ({"name": "a.pdf", "type": "", "size": 1, "content": memoryview(b"x"),
                            "last_modified": dt.datetime(2026, 1, 1)},)
    pieces.add.click()
    message = pieces.message.label.value
    assert "lien symbolique" in message and "vae-error" in message and page.feedback.label.value == ""


def test_a_save_error_is_shown_in_the_status(new_folder: Path, bloc: Bloc) -> None:
    page, view = open_page(new_folder, bloc.id)
    view.model.ws.dossier.auto_evaluation["INCONNU"] = 2
    panel(view).ratings[bloc.competences[0].indicateurs[0].id].value = 1
    assert "Échec de l’enregistrement" in page.status.value and "indicateur inconnu" in page.status.value


def test_unknown_bloc_is_refused_in_french(new_folder: Path) -> None:
    box = bloc_screen(new_folder, bloc="BC99", delay=0, environ={})
    assert "Bloc inconnu du référentiel" in box.children[0].feedback.label.value


def test_the_candidates_text_is_escaped_everywhere_it_is_shown(new_folder: Path, bloc: Bloc) -> None:
    _page, view = open_page(new_folder, bloc.id)
    panel(view).new_situation.click()
    editor(view).titre.value = "<script>alert(1)</script> & co"
    row = panel(view).situation_rows.children[0].children[0].value
    assert "<script>" not in row and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in row
    editor(view).parts["contexte"].value = "<img src=x onerror=alert(1)>"
    assert "<img" not in editor(view).counters.value


def test_a_situation_names_several_experiences_and_a_main_competence(demo_folder: Path, bloc: Bloc) -> None:
    _page, view = open_page(demo_folder, bloc.id)
    panel(view).new_situation.click()
    ed = editor(view)
    experiences = list(ed.experiences)
    assert len(experiences) >= 2 and "vae-situation-experiences" in ed.children[1]._dom_classes
    ed.experiences[experiences[0]].value = True
    ed.experiences[experiences[-1]].value = True
    new = on_disk(demo_folder)["situations"][-1]
    assert new["experience_ids"] == [experiences[0], experiences[-1]]
    ed.experiences[experiences[0]].value = False
    assert on_disk(demo_folder)["situations"][-1]["experience_ids"] == [experiences[-1]]
    assert [v for _, v in ed.principale.options] == [""], "nothing linked yet: only « automatique »"
    first, second = bloc.competences[0], bloc.competences[1]
    ed.links[first.indicateurs[0].id].value = True
    ed.links[second.indicateurs[0].id].value = True
    ed.links[second.indicateurs[1].id].value = True
    labels = dict((v, k) for k, v in ed.principale.options)
    assert labels[""].startswith(f"Automatique ({second.id}") and set(labels) == {"", first.id, second.id}
    ed.principale.value = first.id
    assert on_disk(demo_folder)["situations"][-1]["competence_principale"] == first.id
    ed.links[first.indicateurs[0].id].value = False
    assert ed.principale.value == "" and on_disk(demo_folder)["situations"][-1]["competence_principale"] is None
