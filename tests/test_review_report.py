"""The data of the review report: what the counsellor wrote, rating differences, the France VAE grid."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from vae_toolkit.analysis.gaps import analyse
from vae_toolkit.analysis.review_report import review_report
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.models.review import Grille, Statut, add_comment
from vae_toolkit.storage.dossier import load_dossier
from vae_toolkit.storage.review import ReviewSession, load_with_review

WHEN = dt.datetime(2026, 3, 2, 14, 30)


def _competence(report: dict, ident: str) -> dict:
    return next(c for b in report["blocs"] for c in b["competences"] if c["id"] == ident)


def test_unreviewed_dossier_reports_the_analysis_grid(demo_folder: Path, ref: Referentiel) -> None:
    report = review_report(*load_with_review(demo_folder))
    analysis = analyse(load_dossier(demo_folder).model, ref)
    aimed = [b for b in ref.blocs if analysis.blocs.at[b.id, "statut_bloc"] == "vise"]
    assert [b["id"] for b in report["blocs"]] == [b.id for b in aimed]
    first = aimed[0].competences[0]
    row = _competence(report, first.id)
    assert row["statut"] == "Non revu" and row["commentaires"] == [] and row["ecart"] == "–"
    assert row["grille"] == analysis.grille.at[first.id, "grille_libelle"] and not row["grille_modifiee"]
    assert report["blocs"][0]["commentaire"] == analysis.blocs.at[aimed[0].id, "commentaire"]
    assert report["derniere_revue"] == "jamais" and report["ecarts_notes"] == []


def test_review_content_and_rating_differences(demo_folder: Path, ref: Referentiel) -> None:
    dossier = load_dossier(demo_folder).model
    comp = next(c for c in ref.competences if all(i.id in dossier.auto_evaluation for i in c.indicateurs))
    mean = sum(dossier.auto_evaluation[i.id] for i in comp.indicateurs) / len(comp.indicateurs)
    note = 1 if mean >= 2.5 else 4
    session = ReviewSession(demo_folder)
    entry = session.review.competence(comp.id)
    entry.statut, entry.note_conseiller, entry.grille = Statut.a_retravailler, note, Grille.non
    add_comment(entry, "Claire Roux", "Le « je » manque <b>ici</b>.", WHEN)
    session.review.avis.preconisations = "Reprendre l’analyse."
    session.mark_reviewed("Claire Roux", "a" * 64, WHEN)
    session.save()

    report = review_report(*load_with_review(demo_folder))
    row = _competence(report, comp.id)
    assert row["statut"] == "À retravailler" and row["note_conseiller_libelle"]
    assert row["commentaires"] == [{"date": "02/03/2026 14:30", "auteur": "Claire Roux",
                                    "texte": "Le « je » manque <b>ici</b>."}]
    assert row["grille"] == "Non" and row["grille_modifiee"]
    assert row["ecart_marque"] and row["ecart"].startswith("−" if note < mean else "+")
    assert [r["id"] for r in report["ecarts_notes"]] == [comp.id]
    assert (report["conseiller"], report["derniere_revue"], report["preconisations"]) == (
        "Claire Roux", "02/03/2026", "Reprendre l’analyse.")
