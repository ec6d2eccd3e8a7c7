"""Anonymisation: suspects found in the free texts, the replacement table applied to every export, the 06 editor."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path

import pytest
from export_helpers import pdf_text

from vae_toolkit.analysis.anonymisation import apply, replace_text, suspects, uncovered
from vae_toolkit.errors import ConflictError
from vae_toolkit.export.api import export
from vae_toolkit.models.dossier import Dossier, Experience, Piece, Profil, Remplacement, Situation, Structure
from vae_toolkit.models.review import add_comment
from vae_toolkit.storage.dossier import dossier_file, load_dossier, save_dossier
from vae_toolkit.storage.review import ReviewSession
from vae_toolkit.journey.anonymisation import AnonymisationModel
from vae_toolkit.journey.livret_preview import LivretPreview
from vae_toolkit.ui.export_view import LivretView

TODAY = dt.date(2026, 11, 29)


def _dossier(text: str, table: list[tuple[str, str]] = ()) -> Dossier:
    return Dossier(certification="RNCP39644",
                   profil=Profil(nom="Ferrand", prenom="Camille", email="camille@example.org",
                                 telephone="06 11 22 33 44"),
                   situations=[Situation(id="s1", titre="Accueil", contexte=text)],
                   anonymisation=[Remplacement(original=o, remplacement=r) for o, r in table])


def _found(text: str) -> list[tuple[str, str]]:
    return [(s.genre, s.texte) for s in suspects(_dossier(text))]


@pytest.mark.parametrize(("text", "expected"), [
    ("J’ai reçu Mme Durand hier.", [("nom", "Mme Durand")]),
    ("avec M. Karim B. et Mlle Léa", [("nom", "M. Karim B."), ("nom", "Mlle Léa")]),
    ("Madame Martin-Leroy, Monsieur Dupuis, Dr Petit et Me Bernard", [
        ("nom", "Madame Martin-Leroy"), ("nom", "Monsieur Dupuis"), ("nom", "Dr Petit"), ("nom", "Me Bernard")]),
    ("la famille Nguyen est arrivée", [("famille", "famille Nguyen")]),
    ("écrire à jean.dupont@mail.fr.", [("email", "jean.dupont@mail.fr")]),
    ("appeler le 06 12 34 56 78, le 01.45.67.89.10, le 0612345678 ou le +33 6 12 34 56 78",
     [("telephone", "06 12 34 56 78"), ("telephone", "01.45.67.89.10"), ("telephone", "0612345678"),
      ("telephone", "+33 6 12 34 56 78")]),
])
def test_each_pattern_is_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


def test_ordinary_text_and_the_candidate_herself_are_not_flagged() -> None:
    assert _found("La madame du quartier, M. B. et 12 345 678 personnes ; le 15 mars 2024, me voilà.") == []
    assert _found("Mme Ferrand, Camille Ferrand, camille@example.org, 06 11 22 33 44, famille Ferrand") == []


def test_every_free_text_is_searched_with_a_french_place() -> None:
    d = Dossier(certification="RNCP39644", profil=Profil(motivation="Mme A", projet="voir Mme Roux"),
                experiences=[Experience(id="e1", intitule_poste="Cheffe", debut=dt.date(2020, 1, 1),
                                        missions=["suivi de M. Petit"],
                                        structure=Structure(publics="la famille Morel"))],
                situations=[Situation(id="s", titre="Chez Mme Blanc", actions="avec Dr Noir")],
                pieces=[Piece(id="p", titre="Attestation", description="signée par M. Vert")],
                conclusion="merci à Mme Gris")
    places = {s.texte: s.ou for s in suspects(d)}
    assert places == {
        "Mme Roux": "Projet",
        "M. Petit": "expérience «\u00a0Cheffe\u00a0» – Missions",
        "famille Morel": "expérience «\u00a0Cheffe\u00a0» – Publics accompagnés",
        "Mme Blanc": "situation «\u00a0Chez Mme Blanc\u00a0» – Titre",
        "Dr Noir": "situation «\u00a0Chez Mme Blanc\u00a0» – Ce que j’ai fait",
        "M. Vert": "pièce «\u00a0Attestation\u00a0» – Description",
        "Mme Gris": "Conclusion",
    }


def test_covered_and_uncovered() -> None:
    d = _dossier("Mme Durand, M. Karim B., la famille Nguyen et x@y.fr",
                 [("Mme Durand", "Mme D."), ("Karim", "K."), ("x@y.fr", "[adresse]")])
    assert {s.texte: s.couvert for s in suspects(d)} == {
        "Mme Durand": True, "M. Karim B.": True, "famille Nguyen": False, "x@y.fr": True}
    assert [s.texte for s in uncovered(d)] == ["famille Nguyen"]
    # A civility alone in the table does not hide the name.
    assert uncovered(_dossier("Mme Durand", [("Mme", "Madame")]))[0].texte == "Mme Durand"


def test_apply_replaces_whole_words_longest_first_and_leaves_the_original() -> None:
    d = _dossier("Mme Durand et Durandal ; Mme Durand-Vidal ; durand ; 06 12 34 56 78",
                 [("Durand", "D."), ("Mme Durand-Vidal", "Mme V.")])
    copy = apply(d)
    assert copy.situations[0].contexte == "Mme D. et Durandal ; Mme V. ; durand ; 06 12 34 56 78"
    assert d.situations[0].contexte.startswith("Mme Durand et")
    assert copy is not d and len(d.anonymisation) == 2
    assert copy.anonymisation == []  # the table itself never reaches an export
    assert replace_text("Léa B. et Léa", [Remplacement(original="Léa B.", remplacement="une collègue")]) \
        == "une collègue et Léa"


def _with_table(folder: Path) -> Dossier:
    """Put « Mme Durand » in a situation (title and text), the motivation and the conclusion; map it to « Mme D. »."""
    loaded = load_dossier(folder)
    d = loaded.model
    s = d.situations[0]
    s.titre = f"{s.titre} avec Mme Durand"
    s.contexte = f"J’ai rencontré Mme Durand, mère de deux enfants.\n{s.contexte}"
    d.profil.motivation += " Mme Durand m’a encouragée."
    d.conclusion += " Merci à Mme Durand."
    d.anonymisation = [Remplacement(original="Mme Durand", remplacement="Mme D."),
                       Remplacement(original="Mme Roussel", remplacement="Mme R.")]  # the demo's own suspect
    save_dossier(folder, d, loaded.fingerprint)
    return d


@pytest.mark.slow
def test_livret_pdf_and_html_never_show_a_listed_name(demo_folder: Path, tmp_path: Path) -> None:
    before = _with_table(demo_folder)
    for fmt in ("pdf", "html"):
        path = export(demo_folder, "livret", fmt, tmp_path / f"livret.{fmt}", today=TODAY)
        text = pdf_text(path) if fmt == "pdf" else html.unescape(path.read_text(encoding="utf-8"))
        assert "Mme D." in text and "Durand" not in text
        assert "donnée(s) personnelle(s) possible(s)" not in text
    assert load_dossier(demo_folder).model == before  # the dossier file is never changed


@pytest.mark.slow
def test_gap_and_review_reports_never_show_a_listed_name(demo_folder: Path, tmp_path: Path) -> None:
    d = _with_table(demo_folder)
    session = ReviewSession(demo_folder)
    comp_id = d.situations[0].indicateurs[0].rsplit(".", 1)[0]
    add_comment(session.review.competence(comp_id), "Conseillère", "Parlez encore de Mme Durand.",
                dt.datetime(2026, 3, 2, 14, 30))
    session.save()
    review = html.unescape(export(demo_folder, "review", "html", tmp_path / "r.html", today=TODAY)
                           .read_text(encoding="utf-8"))
    assert "Mme D." in review and "Durand" not in review
    assert "Durand" not in pdf_text(export(demo_folder, "review", "pdf", tmp_path / "r.pdf", today=TODAY))
    gaps_html = html.unescape(export(demo_folder, "gaps", "html", tmp_path / "g.html", today=TODAY)
                              .read_text(encoding="utf-8"))
    assert "Durand" not in gaps_html
    assert "Durand" not in pdf_text(export(demo_folder, "gaps", "pdf", tmp_path / "g.pdf", today=TODAY))


def test_livret_counts_uncovered_suspects_without_showing_them(demo_folder: Path, tmp_path: Path) -> None:
    loaded = load_dossier(demo_folder)
    loaded.model.conclusion += " Avec M. Karim Benali et la famille Nguyen."
    save_dossier(demo_folder, loaded.model, loaded.fingerprint)
    page = html.unescape(export(demo_folder, "livret", "html", tmp_path / "l.html", today=TODAY)
                         .read_text(encoding="utf-8"))
    marker = "3 donnée(s) personnelle(s) possible(s) à anonymiser"  # with the demo's « Mme Roussel »
    assert page.count(marker) == 1 and "Karim Benali" in page  # not replaced: only the table is applied
    assert "Karim Benali" not in page.split(marker)[1].split("</")[0]


def test_vae_check_warns_and_keeps_exit_code(vae: Callable, demo_folder: Path) -> None:
    loaded = load_dossier(demo_folder)
    loaded.model.situations[0].actions += " J’ai appelé Mme Durand au 06 12 34 56 78."
    save_dossier(demo_folder, loaded.model, loaded.fingerprint)
    result = vae("check", demo_folder)
    assert result.returncode == 0, result.stderr
    assert "point(s) d’attention" in result.stdout
    lines = [line for line in result.stdout.splitlines() if line.startswith("  – anonymisation")]
    assert len(lines) == 3 and "«\u00a0Mme Durand\u00a0»" in lines[0] and "06 12 34 56 78" in lines[1]
    assert "– Ce que j’ai fait)" in lines[0] and "Mme Roussel" in lines[2]  # the demo's deliberate one


def test_editor_adds_a_pair_saves_it_and_refreshes_the_preview(demo_folder: Path) -> None:
    loaded = load_dossier(demo_folder)
    loaded.model.conclusion += " Merci à <b>Mme Durand</b>."
    save_dossier(demo_folder, loaded.model, loaded.fingerprint)
    view = LivretView(LivretPreview(demo_folder, today=TODAY))
    editor = view.anonymisation
    assert "<td>Mme Durand</td>" in editor.suspects.value
    assert "Conclusion" in editor.suspects.value
    conclusion = view.preview.section_html("conclusion")
    assert "Mme Durand" in conclusion and "&lt;b&gt;" in conclusion
    editor.original.value, editor.remplacement.value = "Mme Durand", "Mme <i>D.</i>"
    editor.add_button.click()
    assert "vae-error" not in editor.feedback.label.value, editor.feedback.label.value
    on_disk = dossier_file(demo_folder).read_text(encoding="utf-8")
    assert "anonymisation:" in on_disk and "original: Mme Durand" in on_disk
    assert load_dossier(demo_folder).model.anonymisation == [Remplacement(original="Mme Durand",
                                                                          remplacement="Mme <i>D.</i>")]
    conclusion = view.preview.section_html("conclusion")
    assert "Durand" not in conclusion and "Mme &lt;i&gt;D.&lt;/i&gt;" in conclusion
    assert "<td>Mme Durand</td>" not in editor.suspects.value
    assert "&lt;i&gt;" in editor.rows.children[0].children[0].value
    editor.rows.children[0].children[1].click()
    assert load_dossier(demo_folder).model.anonymisation == []
    assert "Mme Durand" in view.preview.section_html("conclusion")


def test_editor_merges_a_change_made_elsewhere_and_refuses_an_unreadable_file(demo_folder: Path) -> None:
    view = LivretView(LivretPreview(demo_folder, today=TODAY))
    loaded = load_dossier(demo_folder)
    loaded.model.conclusion = "Changée ailleurs."
    save_dossier(demo_folder, loaded.model, loaded.fingerprint)
    editor = view.anonymisation
    editor.original.value, editor.remplacement.value = "Mme Durand", "Mme D."
    editor.add_button.click()
    on_disk = load_dossier(demo_folder).model
    assert on_disk.anonymisation[0].original == "Mme Durand" and on_disk.conclusion == "Changée ailleurs."
    good = dossier_file(demo_folder).read_bytes()
    dossier_file(demo_folder).write_bytes(b"schema_version: 1\ncertification: [cass\n")
    editor.rows.children[0].children[1].click()
    assert "Enregistrement refusé" in editor.feedback.label.value
    assert [r.original for r in editor.model.table] == ["Mme Durand"]
    dossier_file(demo_folder).write_bytes(good)
    view.refresh_button.click()
    editor.rows.children[0].children[1].click()
    assert load_dossier(demo_folder).model.anonymisation == []


def test_model_refuses_an_empty_original_in_french(demo_folder: Path) -> None:
    model = AnonymisationModel(demo_folder)
    with pytest.raises(Exception, match="Indiquez le texte à remplacer"):
        model.add("  ", "x")
    other = AnonymisationModel(demo_folder)
    other.add("Mme Durand", "Mme D.")
    model.add("M. Martin", "M. M.")  # each screen added a line: both are kept
    assert [(r.original, r.remplacement) for r in load_dossier(demo_folder).model.anonymisation] == [
        ("Mme Durand", "Mme D."), ("M. Martin", "M. M.")]
    dossier_file(demo_folder).unlink()
    with pytest.raises(ConflictError):
        model.add("M. Petit", "M. P.")


def test_an_old_file_without_the_field_loads(new_folder: Path) -> None:
    text = dossier_file(new_folder).read_text(encoding="utf-8")
    assert "anonymisation" not in text or "anonymisation: []" in text
    dossier_file(new_folder).write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("anonymisation")) + "\n",
        encoding="utf-8")
    assert load_dossier(new_folder).model.anonymisation == []


def test_the_demo_has_one_deliberate_uncovered_suspect(demo_folder: Path, tmp_path: Path) -> None:
    """docs/demo.md: « Mme Roussel » in sit-conflit-secteurs, an empty table."""
    from vae_toolkit.demo import demo_dossier

    found = uncovered(demo_dossier())
    assert [s.texte for s in found] == ["Mme Roussel"] and "Réguler un conflit" in found[0].ou
    page = export(demo_folder, "livret", "html", tmp_path / "l.html", today=TODAY).read_text(encoding="utf-8")
    assert "1 donnée(s) personnelle(s) possible(s) à anonymiser" in page
