"""Preparing the interview: per bloc aimed at, questions from the référentiel and from the candidate's own weak
points (indicators à étayer or lacune, old practice, « nous »), each with the situations to reread; a checklist."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.export_helpers import pdf_text
from vae_toolkit.analysis.entretien import POINT_FAIBLE, interview_plan
from vae_toolkit.analysis.gaps import analyse
from vae_toolkit.export.api import export
from vae_toolkit.storage.dossier import DossierSession, load_dossier

TODAY = dt.date(2026, 11, 30)


def _plan(folder: Path, ref):  # noqa: ANN001, ANN202
    dossier = load_dossier(folder).model
    return dossier, interview_plan(dossier, ref, analyse(dossier, ref, today=TODAY), TODAY)


def test_every_weak_point_becomes_a_question(demo_folder: Path, ref) -> None:
    dossier, plan = _plan(demo_folder, ref)
    analysis = analyse(dossier, ref, today=TODAY)
    weak = analysis.indicateurs[analysis.indicateurs["statut"].isin(["a_etayer", "lacune"])]
    asked = [q for b in plan["blocs"] for c in b["competences"] for q in c["questions"] if q["origine"] == POINT_FAIBLE]
    for ident in weak.index:
        assert any(q["raison"].startswith(ref.label(ident)) for q in asked), ident
    collective = [q for q in asked if "nous" in q["raison"]]
    assert collective and all(len(q["situations"]) == 1 for q in collective)
    referentiel = [q for b in plan["blocs"] for c in b["competences"] for q in c["questions"]
                   if q["origine"] != POINT_FAIBLE]
    assert len(referentiel) == sum(len(c.questions) for c in ref.competences)
    assert plan["fiche"]["a_relire"] and plan["fiche"]["duree"] == 60


def test_old_practice_is_asked_about(demo_folder: Path, ref) -> None:
    session = DossierSession(demo_folder)
    session.dossier.reglages.recence_annees = 1
    session.dossier.reglages.duree_entretien_minutes = 45
    session.save()
    _, plan = _plan(demo_folder, ref)
    old = [q for b in plan["blocs"] for c in b["competences"] for q in c["questions"] if "actualisé" in q["texte"]]
    assert old and all("ni actualisée ni entretenue" in q["raison"] for q in old)
    assert plan["fiche"]["duree"] == 45


def test_the_pdf_ties_questions_to_the_candidates_gaps(demo_folder: Path, ref) -> None:
    session = DossierSession(demo_folder)
    session.dossier.jury.session.lieu = 'Salle #read("/etc/passwd")'
    session.save()
    path = export(demo_folder, "entretien", "pdf", today=TODAY)
    assert path.name == "preparation-entretien-2026-11-30.pdf"
    text = " ".join(pdf_text(path).split())
    assert "Fiche pour le jour de l’entretien" in text and 'Salle #read("/etc/passwd")' in text
    assert "Pourquoi : " in text.replace("\u00a0", " ") and "lacune" in text and "À relire" in text
    html = export(demo_folder, "entretien", "html", today=TODAY).read_text(encoding="utf-8")
    assert "Situations à relire" in html and "<strong>Racontez une situation" in html
