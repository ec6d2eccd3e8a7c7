"""Preparing the jury interview: per bloc aimed at, the questions a jury is likely to ask, each tied to the
situations to reread, and a checklist for the day.

Questions come from the référentiel (its questions per compétence) and from the candidate's own weak points:
indicators still « à étayer » or « lacune », compétences whose practice is old (recency), and situations told
with « nous » / « on » more than « je ». Plain data for templates; the wording is French.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from vae_toolkit.analysis.evidence import qualities
from vae_toolkit.analysis.gaps import GapAnalysis
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.wording import EVIDENCE_LABELS, RESULTAT_LABELS
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.models.status import BlocStatus, Evidence

REFERENTIEL, POINT_FAIBLE = "référentiel", "point faible"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def interview_plan(dossier: Dossier, ref: Referentiel, analysis: GapAnalysis,
                   today: dt.date | None = None) -> dict[str, Any]:
    """Blocs → compétences → questions (text, origin, reason, situations to reread), and the day's checklist."""
    today = today or dt.date.today()
    quality = qualities(dossier, today)
    comps, inds = analysis.competences, analysis.indicateurs
    blocs, to_reread, weak_comps = [], {}, []
    for bloc in ref.blocs:
        if analysis.blocs.at[bloc.id, "statut_bloc"] != BlocStatus.vise:
            continue
        competences = []
        for comp in bloc.competences:
            ids = {i.id for i in comp.indicateurs}
            related = [s for s in dossier.situations if ids & set(s.indicateurs)]
            titles = [s.titre for s in related]
            questions = [{"texte": q, "origine": REFERENTIEL, "raison": "", "situations": titles}
                         for q in comp.questions]
            for ind in comp.indicateurs:
                statut = inds.at[ind.id, "statut"]
                if statut in (Evidence.a_etayer, Evidence.lacune):
                    mine = [s.titre for s in related if ind.id in s.indicateurs]
                    questions.append({
                        "texte": f"Racontez une situation où vous avez dû {_lower_first(ind.texte)}. Qu’avez-vous "
                                 "fait vous-même, et qu’en avez-vous retiré\u00a0?",
                        "origine": POINT_FAIBLE,
                        "raison": f"{ref.label(ind.id)} {EVIDENCE_LABELS[statut].lower()}\u00a0: {inds.at[ind.id, 'raison']}",
                        "situations": mine})
            if bool(comps.at[comp.id, "pratique_ancienne"]):
                questions.append({
                    "texte": "Depuis votre dernière pratique, comment avez-vous actualisé cette compétence, et comment "
                             "la mettriez-vous en œuvre aujourd’hui\u00a0?",
                    "origine": POINT_FAIBLE, "raison": str(comps.at[comp.id, "recence_message"]),
                    "situations": titles})
            for s in related:
                q = quality.get(s.id)
                if q is not None and q.nous_on and not q.premiere_personne:
                    questions.append({
                        "texte": f"Dans «\u00a0{s.titre}\u00a0», quelle part avez-vous prise personnellement\u00a0? "
                                 "Qu’avez-vous décidé ou fait vous-même\u00a0?",
                        "origine": POINT_FAIBLE,
                        "raison": f"situation racontée au «\u00a0nous\u00a0» ou au «\u00a0on\u00a0» ({q.nous_on} fois) plus "
                                  f"qu’au «\u00a0je\u00a0» ({q.je} fois)",
                        "situations": [s.titre]})
            weak = [q for q in questions if q["origine"] == POINT_FAIBLE]
            for q in weak:
                for title in q["situations"]:
                    to_reread.setdefault(title, []).append(ref.label(comp.id))
            if weak:
                weak_comps.append(f"{ref.label(comp.id)} {comp.intitule}")
            competences.append({"id": ref.label(comp.id), "intitule": comp.intitule, "questions": questions,
                                "points_faibles": len(weak),
                                "preparation": comps.at[comp.id, "preparation_libelle"]})
        blocs.append({"code": bloc.code, "intitule": bloc.intitule, "competences": competences})
    jury = dossier.jury
    session = jury.session
    return {
        "blocs": blocs,
        "fiche": {
            "date": session.date.strftime("%d/%m/%Y") if session.date else "à fixer",
            "heure": session.heure or "à fixer", "lieu": session.lieu or "à préciser",
            "duree": dossier.reglages.duree_entretien_minutes,
            "resultat": RESULTAT_LABELS[jury.resultat],
            "a_relire": [{"titre": t, "competences": list(dict.fromkeys(c))} for t, c in to_reread.items()],
            "competences_a_preparer": weak_comps,
            "a_emporter": ["Convocation du certificateur", "Pièce d’identité",
                           "Un exemplaire de votre dossier de validation (version envoyée)",
                           "Vos notes sur les situations à relire (ci-dessous)"],
        },
        "questions_points_faibles": sum(c["points_faibles"] for b in blocs for c in b["competences"]),
    }
