"""The DFF screens driven without a browser: the candidate's part (autosaved in dossier.yaml) and the
accompagnateur's grid, parcours and opinion (saved at once in revue.yaml)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from vae_toolkit.journey.workspace import Workspace
from vae_toolkit.models.review import Avis, Grille
from vae_toolkit.storage.dossier import dossier_file
from vae_toolkit.storage.review import load_review
from vae_toolkit.ui.common import Feedback
from vae_toolkit.ui.faisabilite_view import FaisabiliteView
from vae_toolkit.ui.grille_view import GridView


def on_disk(folder: Path) -> dict:
    return yaml.safe_load(dossier_file(folder).read_text(encoding="utf-8"))


def test_the_candidate_fills_in_the_dff(demo_folder: Path) -> None:
    ws = Workspace(demo_folder, delay=0)
    view = FaisabiliteView(ws, Feedback())
    assert "Attestation sur l’honneur." in view.gaps.value
    view.eligibilite.value = "recevabilite_acquise"
    assert view.fin_recevabilite.layout.display is None
    view.fin_recevabilite.value = "31/02/2027"
    assert "n’existe pas" in view.errors["fin_recevabilite"].value
    view.fin_recevabilite.value = "30062027"  # a date to come, typed without separators
    assert view.fin_recevabilite.value == "30/06/2027" and view.errors["fin_recevabilite"].value == ""
    view.objectifs.value = "Obtenir le DEIS."
    view.pieces["piece-fiche-de-poste"].value = "identite"
    view.add_prerequis.click()
    view.prerequis.children[-1].intitule.value = "Niveau 6"
    view.prerequis.children[-1].etat.value = "acquis"
    view.confirmation.value = True
    view.attestation.value = True
    ws.autosave.flush()
    saved = on_disk(demo_folder)["faisabilite"]
    assert saved["eligibilite"] == "recevabilite_acquise" and saved["fin_recevabilite"] == dt.date(2027, 6, 30)
    assert {"type": "identite", "piece_id": "piece-fiche-de-poste"} in saved["justificatifs"]
    assert saved["prerequis"][-1] == {"intitule": "Niveau 6", "etat": "acquis"}
    assert saved["attestation_honneur"] is True and "complète" in view.gaps.value
    view.eligibilite.value = "premiere_demande"  # the end date goes with the choice
    ws.autosave.flush()
    assert on_disk(demo_folder)["faisabilite"]["fin_recevabilite"] is None
    view.prerequis.children[-1].remove.click()
    ws.autosave.flush()
    assert all(p["intitule"] != "Niveau 6" for p in on_disk(demo_folder)["faisabilite"]["prerequis"])


def test_an_over_long_goal_is_refused_in_french(demo_folder: Path) -> None:
    ws = Workspace(demo_folder, delay=0)
    feedback = Feedback()
    view = FaisabiliteView(ws, feedback)
    view.objectifs.value = "x" * 10_001
    ws.autosave.flush()
    message = "texte de 10\u202f001 caractères\u00a0: France VAE en accepte au plus 10\u202f000"
    assert message in view.errors["objectifs"].value, "the refusal is said next to the field"
    assert feedback.children[0].value == ""
    assert "x" * 10_001 not in dossier_file(demo_folder).read_text(encoding="utf-8")
    view.objectifs.value = "Devenir cadre."
    assert view.errors["objectifs"].value == "", "a value accepted clears the message"


def test_the_accompagnateur_confirms_the_grid_and_gives_an_opinion(demo_folder: Path) -> None:
    view = GridView(demo_folder)
    assert "non confirmée" in view.problems.value
    first = view.blocs[0]
    comp_id = next(iter(first.answers))
    first.answers[comp_id].value = Grille.non
    view.confirm.click()
    review = load_review(demo_folder).model
    assert review.competences[comp_id].grille == Grille.non, "a choice already made is kept"
    assert all(review.blocs[b.bloc_id].commentaire.strip() for b in view.blocs)
    assert "non confirmée" not in view.problems.value and "Favorable" in view.problems.value
    view.avis.value = Avis.favorable
    view.preconisations.value = "Travailler la prospective."
    view.hours["heures_accompagnement_individuel"].value = 12
    view.lists["savoirs_de_base"].value = "Numérique\n\nÉcrit professionnel\n"
    review = load_review(demo_folder).model
    assert review.parcours.heures_accompagnement_individuel == 12
    assert review.parcours.savoirs_de_base == ["Numérique", "Écrit professionnel"]
    assert "respectent les règles" in view.problems.value
    text = first.text.value
    assert text.splitlines()[0].startswith(view.work.ref.blocs[0].code) and ": Non" in text.replace("\u00a0", " ")
    first.comment.value = "   "
    assert "commentaire du bloc vide" in view.problems.value


def test_a_callback_error_is_shown_in_the_page(demo_folder: Path) -> None:
    view = GridView(demo_folder)
    (demo_folder / "revue.yaml").write_text("schema_version: 2\ncertification: [\n", encoding="utf-8")
    view.avis.value = Avis.defavorable
    # Since the field-level merge, a save over a file changed (here broken) elsewhere is refused and ours kept aside.
    message = view.opinion_message.value  # said under the opinion, where the change was made
    assert "vae-error" in message and "Enregistrement refusé" in message and "revue.non-enregistre-" in message
    assert (demo_folder / "revue.yaml").read_text(encoding="utf-8") == "schema_version: 2\ncertification: [\n"


def test_the_dff_export_button_shows_the_refusal_then_writes(demo_folder: Path) -> None:
    view = GridView(demo_folder)
    view.export.button.click()
    assert "non confirmée" in view.export.result.value and not list(demo_folder.glob("exports/dossier-de-faisabilite*"))
    view.confirm.click()
    view.avis.value = Avis.favorable
    view.preconisations.value = "Préconisations."
    view.export.button.click()
    assert list((demo_folder / "exports").glob("dossier-de-faisabilite-*.pdf"))


def test_recording_an_earlier_dff_warns_of_france_vae_limit(demo_folder: Path) -> None:
    ws = Workspace(demo_folder, delay=0)
    feedback = Feedback()
    view = FaisabiliteView(ws, feedback)
    view.add_depot.click()
    assert "Indiquez la certification" in view.depot_error.value
    view.depot_date.value = "02/01/" + str(dt.date.today().year)
    view.add_depot.click()
    ws.autosave.flush()
    assert on_disk(demo_folder)["faisabilite"]["depots"][0]["certification"] == "RNCP39644"
    assert "qu’un par certification et par année civile" in view.gaps.value
    view.depots.children[0].children[1].click()
    ws.autosave.flush()
    assert on_disk(demo_folder)["faisabilite"]["depots"] == []


def test_a_proposal_stays_a_proposal_until_confirmed(demo_folder: Path) -> None:
    view = GridView(demo_folder)
    box = view.blocs[0]
    comp_id = next(iter(box.answers))
    proposed = view.work.proposed_answer(comp_id)
    assert box.answers[comp_id].value == "" and box.answers[comp_id].label == "À confirmer"
    assert "à confirmer" in box.labels[comp_id].value
    assert "non confirmée" in box.status.value and "(proposition non confirmée)" not in box.copy.text
    assert load_review(demo_folder) is None, "showing a proposal writes nothing"
    box.accept[comp_id].click()
    assert load_review(demo_folder).model.competences[comp_id].grille == proposed
    assert box.accept[comp_id].layout.display == "none" and "l’analyse proposait" in box.labels[comp_id].value
    assert box.copy.text == box.text.value and box.text.value.startswith(view.work.ref.blocs[0].code)


def test_each_bloc_says_what_france_vae_would_refuse_next_to_its_comment(demo_folder: Path) -> None:
    view = GridView(demo_folder)
    view.confirm.click()
    box = view.blocs[0]
    assert "Bloc prêt pour France VAE" in box.status.value
    box.comment.value = "x" * 10_001
    assert "trop long (10\u202f001 caractères" in box.status.value
    assert all("trop long" not in other.status.value for other in view.blocs[1:]), "only this bloc"
    box.comment.value = "Un commentaire."
    assert "le commentaire compte 15\u00a0caractères" in box.status.value


def test_the_deposit_button_writes_a_new_folder_each_time(demo_folder: Path) -> None:
    from vae_toolkit.ui.depot_view import DepotPanel

    panel = DepotPanel(demo_folder, today=dt.date(2026, 11, 30))
    panel.button.click()
    first = demo_folder / "exports" / "depot-france-vae-2026-11-30"
    assert "Dépôt prêt dans" in panel.result.value and (first / "00-dossier-de-validation.pdf").is_file()
    assert 1 <= len(list(first.iterdir())) <= 9 and oct(first.stat().st_mode & 0o777) == "0o700"
    panel.button.click()
    assert (first.parent / "depot-france-vae-2026-11-30-2" / "00-dossier-de-validation.pdf").is_file()


def test_the_deposit_button_says_why_in_french(demo_folder: Path) -> None:
    from vae_toolkit.ui.depot_view import DepotPanel

    broken = b"schema_version: 3\nprofil: [\n"
    (demo_folder / "dossier.yaml").write_bytes(broken)
    panel = DepotPanel(demo_folder)
    panel.button.click()
    assert "vae-error" in panel.result.value and "dossier.yaml" in panel.result.value
    assert "Traceback" not in panel.result.value and not list((demo_folder / "exports").glob("depot-*"))
    assert (demo_folder / "dossier.yaml").read_bytes() == broken


def test_the_accompagnateur_sees_the_jury_result_the_candidate_recorded(demo_folder: Path) -> None:
    assert GridView(demo_folder).jury.value == ""
    ws = Workspace(demo_folder, delay=0)
    first = ws.ref.blocs[0]
    ws.dossier.jury.session.date = dt.date(2026, 6, 12)
    ws.dossier.jury.resultat = "validation_partielle_certification_complete"
    ws.dossier.jury.blocs_acquis = [first.id]
    ws.changed()
    ws.autosave.flush()
    view = GridView(demo_folder)
    assert "Jury du 12/06/2026" in view.jury.value and first.code in view.jury.value
    assert first.id not in [b.bloc_id for b in view.blocs], "an acquired bloc is no longer in the grid"


def test_two_tabs_editing_different_dff_fields_are_merged_field_by_field(demo_folder: Path) -> None:
    first, second = Workspace(demo_folder, delay=0), Workspace(demo_folder, delay=0)
    here, there = FaisabiliteView(first, Feedback()), FaisabiliteView(second, Feedback())
    here.objectifs.value = "Objectifs écrits dans le premier onglet."
    first.autosave.flush()
    there.attestation.value = True
    second.autosave.flush()
    saved = on_disk(demo_folder)["faisabilite"]
    assert saved["objectifs"] == "Objectifs écrits dans le premier onglet." and saved["attestation_honneur"] is True
    assert not second.autosave.conflicts


def test_each_grid_message_is_said_where_its_action_was_done(demo_folder: Path) -> None:
    view = GridView(demo_folder)
    assert "<details>" in view.problems.value and "points" in view.problems.value, "a long list starts folded"
    first, second = view.blocs[0], view.blocs[1]
    comp_id = next(iter(first.answers))
    first.accept[comp_id].click()
    assert "Enregistr" in first.message.value, "the bloc's own line says what its button did"
    assert view.message.value == "" and second.message.value == "" and view.opinion_message.value == ""
    view.avis.value = Avis.favorable
    assert "Enregistr" in view.opinion_message.value
    assert first.message.value == "", "an older message does not linger elsewhere"
    view.confirm.click()
    assert view.message.value and view.opinion_message.value == ""
    view.preconisations.value = "Préconisations."
    for box in view.blocs:
        box.comment.value = box.comment.value or "Commentaire."
    problems = view.work.problems()
    assert len(problems) <= 3 and ("<details open>" in view.problems.value or not problems)
