"""Field-level merge of concurrent saves: the generic tree merge, then the dossier's and the review's sessions.

The hypothesis properties over whole edit sets are in test_merge_properties.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from vae_toolkit.errors import ConflictError
from vae_toolkit.models.review import Avis, Statut, add_comment
from vae_toolkit.storage.dossier import DossierSession, dossier_file, load_dossier
from vae_toolkit.storage.merge import MISSING, ItemId, get_at, merge, merge_order, set_at
from vae_toolkit.storage.review import ReviewSession, load_review

WHEN = dt.datetime(2026, 3, 2, 14, 30)

# --- the generic tree merge --------------------------------------------------------------------------------------


def test_disjoint_keys_merge_and_the_same_key_is_a_conflict_holding_theirs() -> None:
    base = {"a": 1, "b": 1, "c": 1}
    tree, conflicts = merge(base, {"a": 2, "b": 1, "c": 3}, {"a": 1, "b": 2, "c": 4})
    assert tree == {"a": 2, "b": 2, "c": 4}
    assert [(c.path, c.ours, c.theirs) for c in conflicts] == [(("c",), 3, 4)]


def test_items_with_an_id_merge_by_id_whatever_their_position() -> None:
    base = {"items": [{"id": "x", "t": "1", "u": "1"}, {"id": "y", "t": "1", "u": "1"}]}
    ours = {"items": [{"id": "y", "t": "1", "u": "1"}, {"id": "x", "t": "2", "u": "1"}]}  # moved and edited
    theirs = {"items": [{"id": "x", "t": "1", "u": "3"}, {"id": "y", "t": "1", "u": "1"}, {"id": "z", "t": "n"}]}
    tree, conflicts = merge(base, ours, theirs)
    assert conflicts == []
    assert tree["items"] == [{"id": "y", "t": "1", "u": "1"}, {"id": "z", "t": "n"}, {"id": "x", "t": "2", "u": "3"}]


def test_a_deleted_item_changed_on_the_other_side_is_kept_as_a_conflict() -> None:
    base = {"items": [{"id": "x", "t": "1"}, {"id": "y", "t": "1"}]}
    deleted = {"items": [{"id": "y", "t": "1"}]}
    changed = {"items": [{"id": "x", "t": "texte"}, {"id": "y", "t": "1"}]}
    for ours, theirs in [(deleted, changed), (changed, deleted)]:
        tree, conflicts = merge(base, ours, theirs)
        assert tree["items"][0] == {"id": "x", "t": "texte"} and len(conflicts) == 1
        assert conflicts[0].path == ("items", ItemId("x"))


def test_two_different_items_created_with_the_same_id_are_both_kept() -> None:
    base: dict = {"items": []}
    tree, conflicts = merge(base, {"items": [{"id": "s-1", "t": "mine"}]}, {"items": [{"id": "s-1", "t": "theirs"}]})
    assert conflicts == [] and tree["items"] == [{"id": "s-1", "t": "theirs"}, {"id": "s-1-2", "t": "mine"}]


def test_lists_of_distinct_scalars_merge_as_sets_and_appends_keep_both_tails() -> None:
    tree, conflicts = merge({"l": ["a", "b"]}, {"l": ["a", "b", "c"]}, {"l": ["b", "d"]})
    assert tree == {"l": ["b", "c", "d"]} and conflicts == []
    comments = [{"t": "1"}]
    tree, conflicts = merge({"l": comments}, {"l": [*comments, {"t": "ours"}]}, {"l": [*comments, {"t": "theirs"}]})
    assert tree == {"l": [{"t": "1"}, {"t": "theirs"}, {"t": "ours"}]} and conflicts == []
    tree, conflicts = merge({"l": [1, 1]}, {"l": [1]}, {"l": [2, 2]})
    assert tree == {"l": [2, 2]} and len(conflicts) == 1 and conflicts[0].ours == [1]


def test_a_mapping_added_on_both_sides_merges_over_its_empty_values() -> None:
    ours = {"statut": "pret", "note": None, "commentaires": []}
    theirs = {"statut": None, "note": None, "commentaires": [{"t": "c"}]}
    tree, conflicts = merge({}, {"c": ours}, {"c": theirs})
    assert tree == {"c": {"statut": "pret", "note": None, "commentaires": [{"t": "c"}]}} and conflicts == []


def test_insertions_at_the_same_place_do_not_depend_on_the_side() -> None:
    base = ["a", "b"]
    one, two = ["a", "x", "b"], ["a", "y", "z", "b"]
    kept = {"a", "b", "x", "y", "z"}
    assert merge_order(base, one, two, kept) == merge_order(base, two, one, kept) == ["a", "x", "y", "z", "b"]


def test_set_and_get_by_path() -> None:
    tree = {"items": [{"id": "x", "t": "1"}], "m": {"k": 1}}
    set_at(tree, ("items", ItemId("x"), "t"), "2")
    set_at(tree, ("items", ItemId("y")), {"id": "y"})
    set_at(tree, ("m", "k"), MISSING)
    assert tree == {"items": [{"id": "x", "t": "2"}, {"id": "y"}], "m": {}}
    assert get_at(tree, ("items", ItemId("y"), "id")) == "y" and get_at(tree, ("m", "k")) is MISSING


# --- sessions: examples ----------------------------------------------------------------------------------------


def test_two_tabs_editing_different_fields_both_land_in_the_file(new_folder: Path) -> None:
    tab1, tab2 = DossierSession(new_folder), DossierSession(new_folder)
    tab1.dossier.profil.projet = "Mon projet"
    assert tab1.save().merged is False
    tab2.dossier.profil.ville = "Besançon"
    saved = tab2.save()
    assert saved.merged and saved.conflicts == [] and saved.kept is None
    on_disk = load_dossier(new_folder).model.profil
    assert (on_disk.projet, on_disk.ville) == ("Mon projet", "Besançon")
    assert tab2.dossier.profil.projet == "Mon projet", "the tab shows the other tab's edit after the merge"
    tab1.dossier.notes = "encore"
    assert tab1.save().merged and load_dossier(new_folder).model.profil.ville == "Besançon"
    assert not list(new_folder.glob("*.non-enregistre-*"))


def test_the_same_field_in_both_tabs_keeps_both_texts_until_the_user_chooses(new_folder: Path) -> None:
    tab1, tab2 = DossierSession(new_folder), DossierSession(new_folder)
    tab1.dossier.profil.projet = "Texte de l’onglet 1"
    tab1.save()
    tab2.dossier.profil.projet = "Texte de l’onglet 2"
    tab2.dossier.profil.ville = "Dole"
    saved = tab2.save()
    assert [c.path for c in saved.conflicts] == [("profil", "projet")] and tab2.conflicts == saved.conflicts
    assert load_dossier(new_folder).model.profil.projet == "Texte de l’onglet 1"
    assert load_dossier(new_folder).model.profil.ville == "Dole"
    assert saved.kept is not None and "Texte de l’onglet 2" in saved.kept.read_text(encoding="utf-8")
    assert saved.conflicts[0].ours == "Texte de l’onglet 2"
    tab2.resolve(saved.conflicts[0], "ours")
    assert tab2.conflicts == [] and load_dossier(new_folder).model.profil.projet == "Texte de l’onglet 2"
    assert load_dossier(new_folder).model.profil.ville == "Dole"


def test_a_merge_that_breaks_a_rule_across_fields_is_refused_and_kept_aside(new_folder: Path) -> None:
    session = DossierSession(new_folder)
    session.dossier.experiences = [{"id": "exp-1", "intitule_poste": "Cheffe", "debut": dt.date(2010, 1, 1),
                                    "fin": dt.date(2015, 1, 1)}]
    session.save()
    tab1, tab2 = DossierSession(new_folder), DossierSession(new_folder)
    tab1.dossier.experiences[0].debut = dt.date(2014, 1, 1)
    tab1.save()
    tab2.dossier.experiences[0].fin = dt.date(2012, 1, 1)  # valid against the base, not against the other start
    with pytest.raises(ConflictError) as info:
        tab2.save()
    assert info.value.kept is not None and "2012-01-01" in info.value.kept.read_text(encoding="utf-8")
    assert load_dossier(new_folder).model.experiences[0].debut == dt.date(2014, 1, 1)


def test_a_deleted_file_is_not_merged_but_kept_aside(new_folder: Path) -> None:
    session = DossierSession(new_folder)
    dossier_file(new_folder).unlink()
    session.dossier.notes = "à garder"
    with pytest.raises(ConflictError) as info:
        session.save()
    assert info.value.kept is not None and "à garder" in info.value.kept.read_text(encoding="utf-8")


def test_two_counsellors_commenting_at_once_keep_both_comments(new_folder: Path) -> None:
    first, second = ReviewSession(new_folder), ReviewSession(new_folder)
    first.apply(lambda r: add_comment(r.competence("BC02.C1"), "Claire", "premier", WHEN))
    assert second.apply(lambda r: add_comment(r.competence("BC02.C1"), "Paul", "second", WHEN)) is True
    second.apply(lambda r: setattr(r.competence("BC02.C1"), "statut", Statut.pret))
    first.apply(lambda r: setattr(r.avis, "avis", Avis.favorable))
    review = load_review(new_folder).model  # type: ignore[union-attr]
    assert [c.texte for c in review.competences["BC02.C1"].commentaires] == ["premier", "second"]
    assert review.competences["BC02.C1"].statut == Statut.pret and review.avis.avis == Avis.favorable
    assert not list(new_folder.glob("*.non-enregistre-*"))

def test_a_conflict_is_named_and_shown_the_way_the_user_reads_it() -> None:
    from vae_toolkit.storage.merge import Conflict
    from vae_toolkit.ui.conflicts import conflict_label, describe

    tree = {"situations": [{"id": "sit-1", "titre": "Le projet « Été »", "analyse": "x"}]}
    field = Conflict(("situations", ItemId("sit-1"), "analyse"), "", "mien", "autre")
    assert conflict_label(field, tree) == "Situations › Le projet « Été » › analyse"
    deleted = Conflict(("situations", ItemId("sit-2")), {"id": "sit-2", "titre": "Ancienne"}, MISSING,
                       {"id": "sit-2", "titre": "Ancienne", "contexte": "Texte ajouté ailleurs"})
    assert conflict_label(deleted, tree) == "Situations › Ancienne"
    assert describe(deleted.ours) == "(supprimé de ce côté)"
    assert describe(deleted.theirs) == "Ancienne\nTexte ajouté ailleurs"
    assert describe(None) == "(vide)" and describe(dt.date(2020, 1, 31)) == "31/01/2020" and describe(3) == "3"


def test_keeping_the_other_version_leaves_the_file_as_it_is(new_folder: Path) -> None:
    from vae_toolkit.journey.workspace import Workspace

    ws = Workspace(new_folder, delay=0)
    other = DossierSession(new_folder)
    other.dossier.profil.ville = "Dole"
    other.save()
    ws.edit(ws.dossier.profil, "ville", "Besançon")
    [conflict] = ws.autosave.conflicts
    before = dossier_file(new_folder).read_bytes()
    ws.autosave.resolve(conflict, "theirs")
    assert ws.autosave.conflicts == [] and dossier_file(new_folder).read_bytes() == before
    assert ws.dossier.profil.ville == "Dole"
