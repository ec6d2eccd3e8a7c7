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
    view.fin_recevabilite.value = dt.date(2027, 6, 30)
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
    assert "texte de 10\u202f001 caractères\u00a0: France VAE en accepte au plus 10\u202f000" in feedback.children[0].value
    assert "x" * 10_001 not in dossier_file(demo_folder).read_text(encoding="utf-8")


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
    message = view.message.value
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
    assert "Indiquez la certification" in feedback.children[0].value
    view.depot_date.value = dt.date.today().replace(month=1, day=2)
    view.add_depot.click()
    ws.autosave.flush()
    assert on_disk(demo_folder)["faisabilite"]["depots"][0]["certification"] == "RNCP39644"
    assert "qu’un par certification et par année civile" in view.gaps.value
    view.depots.children[0].children[1].click()
    ws.autosave.flush()
    assert on_disk(demo_folder)["faisabilite"]["depots"] == []
