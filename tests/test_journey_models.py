"""The widget-free models of the candidate's pages: autosave, profile, parcours, bloc."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from pathlib import Path

import pytest
import yaml

from vae_toolkit.errors import VaeError
from vae_toolkit.journey.accueil import ProfileModel, open_or_create
from vae_toolkit.journey.autosave import CONFLICT, ERROR, PENDING, SAVED
from vae_toolkit.journey.bloc import BlocModel
from vae_toolkit.journey.parcours import ParcoursModel
from vae_toolkit.journey.workspace import Workspace, new_id
from vae_toolkit.models.dossier import NaturePiece
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.storage.dossier import DossierSession, dossier_file

TODAY = dt.date(2026, 11, 1)


def on_disk(folder: Path) -> dict:
    return yaml.safe_load(dossier_file(folder).read_text(encoding="utf-8"))


def change_elsewhere(folder: Path, nom: str) -> None:
    other = DossierSession(folder)
    other.dossier.profil.nom = nom
    other.save()


# -- autosave ------------------------------------------------------------------------------------

def test_with_no_delay_each_change_is_on_disk_at_once(new_folder: Path) -> None:
    ws = Workspace(new_folder, delay=0)
    assert ws.edit(ws.dossier.profil, "ville", "Besançon") is None
    assert on_disk(new_folder)["profil"]["ville"] == "Besançon"
    assert ws.autosave.state == SAVED and ws.autosave.message.startswith("Enregistré à ")


def test_a_debounced_change_waits_for_flush(new_folder: Path) -> None:
    ws = Workspace(new_folder, delay=60)
    ws.edit(ws.dossier.profil, "ville", "Lons")
    assert ws.autosave.state == PENDING and ws.autosave.message == "Modifications non enregistrées…"
    assert on_disk(new_folder)["profil"]["ville"] is None
    assert ws.autosave.flush() is True
    assert on_disk(new_folder)["profil"]["ville"] == "Lons" and ws.autosave.state == SAVED


def test_the_timer_saves_after_the_pause(new_folder: Path) -> None:
    ws = Workspace(new_folder, delay=0.01)
    ws.edit(ws.dossier.profil, "ville", "Dole")
    deadline = time.monotonic() + 10
    while ws.autosave.state == PENDING and time.monotonic() < deadline:
        time.sleep(0.01)
    assert on_disk(new_folder)["profil"]["ville"] == "Dole"


def test_inside_an_event_loop_the_save_is_scheduled_on_it(new_folder: Path) -> None:
    ws = Workspace(new_folder, delay=0.01)

    async def type_and_wait() -> str:
        ws.edit(ws.dossier.profil, "ville", "Vesoul")
        assert isinstance(ws.autosave._handle, asyncio.TimerHandle)
        for _ in range(500):
            if ws.autosave.state != PENDING:
                break
            await asyncio.sleep(0.01)
        return ws.autosave.state

    assert asyncio.run(type_and_wait()) == SAVED
    assert on_disk(new_folder)["profil"]["ville"] == "Vesoul"


def test_continuous_typing_is_saved_after_max_wait(new_folder: Path) -> None:
    ws = Workspace(new_folder, delay=60)
    ws.autosave.max_wait = 0
    ws.edit(ws.dossier.profil, "ville", "Gray")
    assert on_disk(new_folder)["profil"]["ville"] == "Gray"


def test_an_edit_saved_elsewhere_is_merged_and_the_views_are_told(new_folder: Path) -> None:
    ws = Workspace(new_folder, delay=0)
    reloads = []
    ws.autosave.observe(reloads.append, names="reloaded")
    change_elsewhere(new_folder, "Autre")
    ws.edit(ws.dossier.profil, "ville", "Pontarlier")
    assert ws.autosave.state == SAVED and "avec les modifications faites ailleurs" in ws.autosave.message
    assert on_disk(new_folder)["profil"]["nom"] == "Autre" and on_disk(new_folder)["profil"]["ville"] == "Pontarlier"
    assert ws.dossier.profil.nom == "Autre" and len(reloads) == 1 and ws.autosave.conflicts == []
    assert not list(new_folder.glob("*.non-enregistre-*"))


def test_the_same_field_changed_elsewhere_waits_for_a_choice(new_folder: Path) -> None:
    ws = Workspace(new_folder, delay=0)
    change_elsewhere(new_folder, "Autre")
    ws.edit(ws.dossier.profil, "nom", "Martin-Durand")
    assert ws.autosave.state == SAVED and "1 champ(s) modifié(s) des deux côtés" in ws.autosave.message
    [conflict] = ws.autosave.conflicts
    assert (conflict.ours, conflict.theirs) == ("Martin-Durand", "Autre") and ws.dossier.profil.nom == "Autre"
    assert "Martin-Durand" in Path(ws.autosave.kept).read_text(encoding="utf-8")
    ws.autosave.resolve(conflict, "ours")
    assert ws.autosave.conflicts == [] and on_disk(new_folder)["profil"]["nom"] == "Martin-Durand"
    assert ws.dossier.profil.nom == "Martin-Durand"


def test_a_file_that_cannot_be_merged_keeps_every_later_edit_aside_then_reload_or_keep_mine(new_folder: Path) -> None:
    ws = Workspace(new_folder, delay=0)
    good = dossier_file(new_folder).read_bytes()
    dossier_file(new_folder).write_bytes(b"schema_version: 1\ncertification: [cass\n")
    ws.edit(ws.dossier.profil, "ville", "Pontarlier")
    assert ws.autosave.state == CONFLICT and "modifié ailleurs" in ws.autosave.message
    kept = Path(ws.autosave.kept)
    assert kept.parent == new_folder and "Pontarlier" in kept.read_text(encoding="utf-8")
    ws.edit(ws.dossier.profil, "email", "lea@example.org")
    assert "lea@example.org" in kept.read_text(encoding="utf-8")
    ws.autosave.keep_mine()
    assert ws.autosave.state == SAVED and on_disk(new_folder)["profil"]["email"] == "lea@example.org"
    dossier_file(new_folder).unlink()
    ws.edit(ws.dossier.profil, "ville", "Morteau")
    second = Path(ws.autosave.kept)
    dossier_file(new_folder).write_bytes(good)
    ws.autosave.reload()
    assert ws.autosave.state == SAVED and ws.dossier.profil.ville is None
    assert f"Votre version non enregistrée reste dans {second}." in ws.autosave.message
    assert "Morteau" in second.read_text(encoding="utf-8") and ws.autosave.kept == ""


def test_a_save_refused_by_the_checks_is_an_error_in_french(new_folder: Path) -> None:
    ws = Workspace(new_folder, delay=0)
    ws.dossier.auto_evaluation["X.Y"] = 2
    ws.changed()
    assert ws.autosave.state == ERROR and "indicateur inconnu" in ws.autosave.message


def test_an_unexpected_save_failure_is_reported_and_retried(new_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = Workspace(new_folder, delay=0)

    def broken() -> None:
        raise OSError("périphérique débranché")

    monkeypatch.setattr(ws.session, "save", broken)
    ws.edit(ws.dossier.profil, "ville", "Arbois")
    assert ws.autosave.state == ERROR and "périphérique débranché" in ws.autosave.message
    monkeypatch.undo()
    ws.edit(ws.dossier.profil, "email", "a@example.org")
    assert ws.autosave.state == SAVED and on_disk(new_folder)["profil"]["ville"] == "Arbois"


def test_new_ids_never_collide() -> None:
    assert new_id("sit", ["sit-1", "sit-7", "autre", "sit-x"]) == "sit-8"
    assert new_id("exp", []) == "exp-1"


# -- accueil -------------------------------------------------------------------------------------

def test_open_or_create_refuses_in_french(tmp_path: Path) -> None:
    with pytest.raises(VaeError, match="Indiquez le chemin"):
        open_or_create("  ", create=False)
    with pytest.raises(VaeError, match="Aucun fichier dossier.yaml"):
        open_or_create(str(tmp_path / "rien"), create=False)
    folder = open_or_create(str(tmp_path / "neuf"), create=True)
    assert on_disk(folder)["certification"] == "RNCP39644"
    with pytest.raises(VaeError, match="existe déjà"):
        open_or_create(str(folder), create=True)
    assert open_or_create(str(folder), create=False) == folder


def test_profile_diplomas_dispense_and_objective(new_folder: Path, ref: Referentiel) -> None:
    model = ProfileModel(Workspace(new_folder, delay=0))
    assert model.set("email", "  ") is None and model.profil.email is None
    assert model.add_diploma("  ") == "ne doit pas être vide"
    dispensing = model.dispense_codes()[0]
    assert model.add_diploma("Un diplôme d’encadrement", dispensing.lower(), 2012) is None
    statuses = {b.id: b.statut for b in model.blocs()}
    dispensed = [d.blocs for d in ref.dispenses if d.diplome == dispensing][0]
    assert all(statuses[b] == "dispense" for b in dispensed)
    aimed = ref.blocs[0].id
    assert model.set_objective(False, []).startswith("Cochez au moins un bloc")
    assert model.set_objective(False, [aimed]) is None
    assert on_disk(new_folder)["profil"]["objectif"] == "blocs"
    assert model.set_objective(True, [aimed]) is None
    saved = on_disk(new_folder)["profil"]
    assert (saved["objectif"], saved["blocs_vises"]) == ("diplome_complet", [])
    model.remove_diploma(0)
    assert on_disk(new_folder)["profil"]["diplomes"] == []


# -- parcours ------------------------------------------------------------------------------------

def test_experiences_add_edit_validate_reorder_delete(new_folder: Path) -> None:
    model = ParcoursModel(Workspace(new_folder, delay=0), today=TODAY)
    a = model.add_experience()
    assert model.set("experiences", a, "debut", dt.date(2015, 1, 1)) is None
    assert model.set("experiences", a, "fin", dt.date(2014, 1, 1)).startswith("la date de fin (2014-01-01) précède")
    assert model.set("experiences", a, "fin", dt.date(2016, 12, 31)) is None
    assert model.set("experiences", a, "debut", dt.date(2018, 1, 1)).startswith("la date de fin")
    assert model.set("experiences", a, "quotite", 0) == "doit être supérieur à 0"
    assert model.set("experiences", a, "intitule_poste", "") == "ne doit pas être vide"
    b = model.add_experience()
    model.set("experiences", b, "intitule_poste", "Directrice")
    assert model.move("experiences", b, -1) == 0 and model.move("experiences", 0, -1) == 0
    assert [e["intitule_poste"] for e in on_disk(new_folder)["experiences"]] == ["Directrice", "Nouvelle expérience"]
    assert model.delete("experiences", 0) is None
    assert [e["intitule_poste"] for e in on_disk(new_folder)["experiences"]] == ["Nouvelle expérience"]


def test_deleting_an_experience_detaches_its_situations(demo_folder: Path) -> None:
    ws = Workspace(demo_folder, delay=0)
    model = ParcoursModel(ws, today=TODAY)
    used = ws.dossier.situations[0].experience_ids[0]
    index = [e.id for e in ws.dossier.experiences].index(used)
    note = model.delete("experiences", index)
    assert note is not None and "ne sont plus rattachées" in note
    saved = on_disk(demo_folder)
    assert used not in [e["id"] for e in saved["experiences"]]
    assert all(used not in s["experience_ids"] for s in saved["situations"])


def test_durations_and_feasibility_warning(new_folder: Path, ref: Referentiel) -> None:
    model = ParcoursModel(Workspace(new_folder, delay=0), today=TODAY)
    assert model.durations().sentence() == "Aucune expérience saisie pour l’instant."
    i = model.add_experience()
    model.set("experiences", i, "debut", dt.date(2020, 11, 1))
    model.set("experiences", i, "quotite", 0.5)
    assert model.durations().sentence().startswith("3 ans d’expérience en équivalent temps plein, sur 6 ans")
    warning = model.feasibility_warning()
    assert all(f"«\u00a0{f.intitule}\u00a0»" in warning for f in ref.fonctions) and "des fonctions" in warning
    assert model.set_fonctions(i, [f.id for f in ref.fonctions[1:]] + ["inconnue"]) is None
    assert model.feasibility_warning().startswith(f"Aucune de vos expériences ne relève encore de la fonction "
                                                  f"«\u00a0{ref.fonctions[0].intitule}\u00a0»")
    model.set_fonctions(i, [f.id for f in ref.fonctions])
    assert model.feasibility_warning() is None
    assert model.set_missions(i, "Diagnostic\n\n  Animation  \n") is None
    assert on_disk(new_folder)["experiences"][0]["missions"] == ["Diagnostic", "Animation"]


# -- bloc ----------------------------------------------------------------------------------------

def test_bloc_model_works_on_any_bloc_of_the_referentiel(new_folder: Path, ref: Referentiel) -> None:
    ws = Workspace(new_folder, delay=0)
    for bloc in ref.blocs:
        model = BlocModel(ws, bloc.id, today=TODAY)
        assert [c.id for c in model.competences] == [c.id for c in bloc.competences]
        assert model.step(-1) is False
        while model.step(1):
            pass
        assert model.competence.id == bloc.competences[-1].id
    with pytest.raises(VaeError, match="Bloc inconnu"):
        BlocModel(ws, ref.blocs[0].competences[0].id)


def test_situation_ratings_links_and_counters(new_folder: Path, ref: Referentiel) -> None:
    ws = Workspace(new_folder, delay=0)
    bloc = ref.blocs[1]
    model = BlocModel(ws, bloc.id, today=TODAY)
    sit = model.new_situation()
    here, elsewhere = bloc.competences[0].indicateurs[0].id, ref.blocs[0].indicateurs[0].id
    assert model.situations() == [model.situation(sit)]  # unlinked: shown everywhere, « à relier »
    assert model.set_situation(sit, "titre", "") == "ne doit pas être vide"
    model.set_situation(sit, "actions", "Nous avons décidé, on a fait.")
    model.set_link(sit, here, True)
    model.set_link(sit, elsewhere, True)
    model.set_link(sit, here, True)
    saved = on_disk(new_folder)["situations"][0]
    assert saved["indicateurs"] == [elsewhere, here]  # référentiel order, no duplicate
    counters = model.counters(sit)
    assert (counters.mots, counters.signes) == (6, 29)
    assert any("«\u00a0nous\u00a0» ou au «\u00a0on\u00a0»" in c for c in counters.conseils)
    assert any("partie" in c and "Analyse réflexive" in c for c in counters.conseils)
    model.set_rating(here, 3)
    model.set_rating(here, 0)
    model.set_rating(bloc.competences[0].indicateurs[-1].id, 4)
    assert on_disk(new_folder)["auto_evaluation"] == {bloc.competences[0].indicateurs[-1].id: 4}
    bp, by_comp = model.progress()
    first = by_comp[bloc.competences[0].id]
    assert (first.evalues, first.avec_situation) == (1, 1)
    # « Avancement » counts covered indicators only: a short, unfinished situation covers none
    assert model.avancement()[bloc.competences[0].id].couverts == 0
    with pytest.raises(VaeError):
        model.set_rating(here, 5)
    model.delete_situation(sit)
    assert on_disk(new_folder)["situations"] == []


def test_pieces_are_copied_linked_and_removed_without_deleting_the_file(new_folder: Path, ref: Referentiel) -> None:
    ws = Workspace(new_folder, delay=0)
    model = BlocModel(ws, ref.blocs[0].id, today=TODAY)
    ind = model.competence.indicateurs[0].id
    pid = model.add_piece("Fiche de poste (2019).pdf", b"%PDF-1.4", "", NaturePiece.fiche_de_poste, [ind, "??"])
    piece = model.piece(pid)
    assert piece.titre == "Fiche de poste (2019).pdf" and piece.indicateurs == [ind]
    stored = new_folder / "pieces" / piece.fichier
    assert stored.read_bytes() == b"%PDF-1.4" and (stored.stat().st_mode & 0o777) == 0o600
    model.set_piece_link(pid, ind, False)
    assert on_disk(new_folder)["pieces"][0]["indicateurs"] == []
    model.delete_piece(pid)
    assert on_disk(new_folder)["pieces"] == [] and stored.exists()


def test_dispensed_and_not_aimed_blocs_say_so(new_folder: Path, ref: Referentiel) -> None:
    ws = Workspace(new_folder, delay=0)
    dispense = ref.dispenses[0]
    profile = ProfileModel(ws)
    profile.add_diploma("Diplôme", dispense.diplome)
    model = BlocModel(ws, dispense.blocs[0])
    assert model.status() == ("dispense", dispense.diplome)
    assert f"dispensé(e) du bloc {dispense.blocs[0]} grâce à votre {dispense.diplome}" in model.status_message()
    other = next(b.id for b in ref.blocs if b.id not in dispense.blocs)
    aimed = next(b.id for b in ref.blocs if b.id not in dispense.blocs and b.id != other)
    profile.set_objective(False, [aimed])
    assert BlocModel(ws, other).status_message().startswith(f"Vous ne visez pas le bloc {other}")
    assert BlocModel(ws, aimed).status_message() is None
