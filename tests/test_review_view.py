"""The review screen, driven without a browser: set values, click buttons, read revue.yaml back."""

from __future__ import annotations

from pathlib import Path

import pytest

from vae_toolkit.models.review import Avis, Grille, Statut
from vae_toolkit.storage.dossier import DossierSession, dossier_file
from vae_toolkit.storage.review import load_review, review_file
from vae_toolkit.journey.review import MERGED
from vae_toolkit.ui.review_view import ReviewView, review_screen


@pytest.fixture
def view(demo_folder: Path) -> ReviewView:
    v = ReviewView(demo_folder)
    v.reviewer.value = "Claire Roux"
    return v


def _saved(folder: Path):  # noqa: ANN202
    loaded = load_review(folder)
    assert loaded is not None
    return loaded.model


def test_every_action_is_saved_at_once_and_the_dossier_is_never_written(view: ReviewView, demo_folder: Path) -> None:
    before = dossier_file(demo_folder).read_bytes()
    comp = view.work.competences()[1][1]
    view.competence.value = comp
    view.statut.value = Statut.a_retravailler
    view.note.value = 2
    view.grille.value = Grille.partiellement
    view.new_comment.value = "Précisez votre rôle personnel dans l’étude."
    view.add_comment.click()
    review = _saved(demo_folder)
    entry = review.competences[comp]
    assert (entry.statut, entry.note_conseiller, entry.grille) == (Statut.a_retravailler, 2, Grille.partiellement)
    assert [(c.auteur, c.texte) for c in entry.commentaires] == [("Claire Roux", "Précisez votre rôle personnel dans l’étude.")]
    assert review.conseiller == "Claire Roux"
    assert "Précisez votre rôle" in view.comments.value and view.new_comment.value == ""
    assert dossier_file(demo_folder).read_bytes() == before


def test_situations_of_the_competence_get_a_status_and_comments(view: ReviewView, demo_folder: Path) -> None:
    first = {c: view.work.ref.competence(c).indicateurs[0].id for _, c in view.work.competences()}
    with_situations = [c for c, ind in first.items() if any(ind in s.indicateurs for s in view.work.dossier.situations)]
    view.competence.value = with_situations[0]
    box = view.situations.children[0]
    box.statut.value = Statut.pret
    box.text.value = "Bonne analyse."
    box.add.click()
    entry = _saved(demo_folder).situations[box.sit_id]
    assert entry.statut == Statut.pret and entry.commentaires[0].texte == "Bonne analyse."


def test_opinion_and_mark_reviewed(view: ReviewView, demo_folder: Path) -> None:
    view.avis.value = Avis.reserve
    view.preconisations.value = "Retravailler le bloc 2 ; compléter les pièces."
    view.new_note.value = "Entretien téléphonique : plan validé."
    view.add_note.click()
    view.mark.click()
    review = _saved(demo_folder)
    assert review.avis.avis == Avis.reserve and review.avis.preconisations.startswith("Retravailler")
    assert [c.texte for c in review.commentaires] == ["Entretien téléphonique : plan validé."]
    assert "Entretien téléphonique" in view.notes.value
    assert review.derniere_revue is not None and review.empreinte_dossier == view.work.dossier_fingerprint
    assert "Aucun changement depuis la dernière revue" in view.changes.value


def test_changes_by_the_candidate_show_in_the_next_review(view: ReviewView, demo_folder: Path) -> None:
    view.mark.click()
    candidate = DossierSession(demo_folder)
    candidate.dossier.situations[0].analyse += " <b>Ajout</b> du candidat."
    candidate.save()
    again = ReviewView(demo_folder)
    assert "Analyse réflexive" in again.changes.value
    assert "<ins>&lt;b&gt;Ajout&lt;/b&gt;" in again.changes.value


def test_candidate_text_is_escaped(demo_folder: Path) -> None:
    candidate = DossierSession(demo_folder)
    sit = candidate.dossier.situations[0]
    sit.contexte = "<script>alert(1)</script> #read(\"/etc/passwd\")"
    candidate.save()
    v = ReviewView(demo_folder)
    v.competence.value = v.work.ref.competence(sit.indicateurs[0]).id
    assert "<script>" not in v.work_panel.value and "&lt;script&gt;alert(1)" in v.work_panel.value


def test_blank_comment_or_missing_name_is_refused_in_french(demo_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VAE_CONSEILLER", raising=False)
    v = ReviewView(demo_folder)
    v.new_comment.value = "Un avis"
    v.add_comment.click()
    assert "Indiquez votre nom" in v.message.value
    v.reviewer.value = "Claire"
    v.new_comment.value = "   "
    v.add_comment.click()
    assert "vide" in v.message.value
    assert all(not e.commentaires for e in _saved(demo_folder).competences.values())


def test_two_counsellors_on_one_review_both_keep_their_work(demo_folder: Path) -> None:
    first, second = ReviewView(demo_folder), ReviewView(demo_folder)
    comp_a, comp_b = (c for _, c in first.work.competences()[:2])
    first.reviewer.value = "Claire"
    first.competence.value = comp_a
    first.statut.value = Statut.pret
    second.competence.value = comp_b
    second.note.value = 3
    assert MERGED in second.message.value
    review = _saved(demo_folder)
    assert review.competences[comp_a].statut == Statut.pret and review.competences[comp_b].note_conseiller == 3
    assert not list(demo_folder.glob("revue.non-enregistre-*"))


def test_screen_without_a_folder_asks_for_one(demo_folder: Path, tmp_path: Path) -> None:
    screen = review_screen(None)
    path, go = screen.children[0].children
    path.value = str(tmp_path / "absent")
    go.click()
    assert "n’existe pas" in screen.children[1].value
    path.value = str(demo_folder)
    go.click()
    assert isinstance(screen.children[0], ReviewView)
    assert not review_file(demo_folder).exists()


def test_a_forbidden_character_is_refused_with_a_french_message(view: ReviewView, demo_folder: Path) -> None:
    view.reviewer.value = "Claire\x00"
    assert "Valeur refusée" in view.message.value and "caractère interdit" in view.message.value
    assert _saved(demo_folder).conseiller == "Claire Roux"


def test_a_comment_written_on_the_screen_appears_in_the_review_pdf(view: ReviewView, demo_folder: Path) -> None:
    from export_helpers import pdf_text

    view.competence.value = view.work.competences()[0][1]
    view.new_comment.value = "Étayer la démarche d’enquête : « qui a décidé quoi ? »"
    view.add_comment.click()
    view.avis.value = Avis.favorable
    view.export.what.value, view.export.format.value = "review", "pdf"
    view.export.button.click()
    written = sorted((demo_folder / "exports").glob("rapport-de-revue-*.pdf"))
    assert len(written) == 1, view.export.result.value
    text = " ".join(pdf_text(written[0]).split())
    assert "Étayer la démarche d’enquête" in text and "Claire Roux" in text
    assert "Avis global : Favorable" in text and "Pas encore d’avis" not in text


def test_the_name_the_server_was_given_signs_a_review_that_names_nobody(demo_folder: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """On a JupyterHub the accompagnateur's server carries their name (VAE_CONSEILLER): the first note is signed with
    it and the review takes it as its counsellor; a name already in the review wins over it."""
    monkeypatch.setenv("VAE_CONSEILLER", " Camille Coach ")
    v = ReviewView(demo_folder)
    assert v.reviewer.value == "Camille Coach"
    v.new_note.value = "Entretien téléphonique."
    v.add_note.click()
    review = _saved(demo_folder)
    assert review.conseiller == "Camille Coach" and review.commentaires[-1].auteur == "Camille Coach"
    v.reviewer.value = "Claire Roux"
    monkeypatch.setenv("VAE_CONSEILLER", "Quelqu’un d’autre")
    again = ReviewView(demo_folder)
    assert again.reviewer.value == "Claire Roux"
    again.mark.click()
    assert _saved(demo_folder).conseiller == "Claire Roux"
