"""The data of the review report: statuses and comments per compétence, self-rating against the counsellor's
rating, and the France VAE grid of the gap analysis with the counsellor's choices — plain data for templates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from vae_toolkit.analysis.anonymisation import apply, replace_text
from vae_toolkit.analysis.gaps import GapAnalysis, analyse
from vae_toolkit.analysis.grid import bloc_comment
from vae_toolkit.models.dossier import Dossier, Remplacement
from vae_toolkit.models.status import BlocStatus
from vae_toolkit.models.wording import RATING_LABELS, display_name, short_date, short_datetime, signed_fr
from vae_toolkit.models.review import Commentaire, Grille, Review, orphan_situations
from vae_toolkit.models.wording import AVIS_LABELS, GRILLE_LABELS, STATUT_LABELS
from vae_toolkit.models.referentiel import Bloc, Referentiel

RATING_GAP = 1.0
"""A counsellor's rating this far (or further) from the candidate's mean self-rating is flagged."""


def _comments(comments: list[Commentaire], table: list[Remplacement]) -> list[dict[str, str]]:
    return [{"date": short_datetime(c.date), "auteur": c.auteur, "texte": replace_text(c.texte, table)}
            for c in comments]


def review_report(original: Dossier, review: Review, ref: Referentiel, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the review report shows, as plain strings, numbers, lists and dicts (user text unescaped).

    The dossier's anonymisation table is applied to its texts and to the counsellor's comments.
    """
    from vae_toolkit.analysis.france_vae import grid_problems  # it builds on this module's final answers

    dossier, table = apply(original), original.anonymisation
    analysis = analyse(dossier, ref, today=today)
    comps, grid = analysis.competences, analysis.grille
    blocs, differences = [], []
    final_grid = final_answers(analysis, review)
    for bloc in ref.blocs:
        if analysis.blocs.at[bloc.id, "statut_bloc"] != BlocStatus.vise:
            continue
        rows = []
        for comp in bloc.competences:
            entry = review.competences.get(comp.id)
            mean = comps.at[comp.id, "auto_moyenne"]
            mean = None if mean is None or mean != mean else float(mean)  # NaN when nothing is rated
            note = entry.note_conseiller if entry else None
            gap = None if note is None or mean is None else note - mean
            proposed = grid.at[comp.id, "grille"]
            chosen = entry.grille.value if entry and entry.grille else proposed
            related = [s for s in dossier.situations if {i.id for i in comp.indicateurs} & set(s.indicateurs)]
            row = {
                "id": comp.id, "intitule": comp.intitule,
                "statut": STATUT_LABELS[entry.statut if entry else None],
                "auto_moyenne": signed_fr(mean), "note_conseiller": note,
                "note_conseiller_libelle": RATING_LABELS[note], "ecart": signed_fr(gap, "+"),
                "ecart_marque": gap is not None and abs(gap) >= RATING_GAP,
                "indicateurs": [{"id": i.id, "texte": i.texte,
                                 "auto": RATING_LABELS[dossier.auto_evaluation.get(i.id)],
                                 "statut": analysis.indicateurs.at[i.id, "statut_libelle"]} for i in comp.indicateurs],
                "grille_proposee": GRILLE_LABELS[_grille(proposed)],
                "grille": GRILLE_LABELS[_grille(chosen)], "grille_modifiee": chosen != proposed,
                "grille_confirmee": bool(entry and entry.grille),
                "grille_raison": grid.at[comp.id, "grille_raison"],
                "derniere_pratique": _year(comps.at[comp.id, "derniere_pratique"]),
                "recence_message": comps.at[comp.id, "recence_message"],
                "commentaires": _comments(entry.commentaires if entry else [], table),
                "situations": [{"id": s.id, "titre": s.titre,
                                "statut": STATUT_LABELS[review.situations[s.id].statut if s.id in review.situations else None],
                                "commentaires": _comments(review.situations[s.id].commentaires
                                                          if s.id in review.situations else [], table)}
                               for s in related],
            }
            rows.append(row)
            if row["ecart"] != "–":
                differences.append(row)
        confirmed = review.blocs[bloc.id].commentaire if bloc.id in review.blocs else ""
        blocs.append({"id": bloc.id, "code": bloc.code, "intitule": bloc.intitule, "competences": rows,
                      "commentaire": replace_text(confirmed, table) if confirmed.strip()
                      else final_comment(analysis, dossier, bloc, final_grid),
                      "commentaire_confirme": bool(confirmed.strip()),
                      "preparation": analysis.blocs.at[bloc.id, "preparation_libelle"]})
    orphans = [{"id": ident, "commentaires": _comments(review.situations[ident].commentaires, table),
                "statut": STATUT_LABELS[review.situations[ident].statut]}
               for ident in (p.path[1] for p in orphan_situations(review, dossier))]
    return {
        "candidat": display_name(dossier),
        "certification": {"code": ref.code, "intitule": ref.intitule, "sigle": ref.sigle or ""},
        "conseiller": review.conseiller or "(non renseigné)",
        "derniere_revue": short_date(review.derniere_revue, "jamais"),
        "date": short_date(today or dt.date.today()),
        "avis": AVIS_LABELS[review.avis.avis], "preconisations": replace_text(review.avis.preconisations, table),
        "commentaire": replace_text(review.avis.commentaire, table),
        "commentaires": _comments(review.commentaires, table),
        "blocs": blocs, "ecarts_notes": differences, "situations_absentes": orphans,
        "seuil_ecart": signed_fr(RATING_GAP),
        "erreurs_grille": [p.message for p in grid_problems(analysis, review, ref)],
    }


def final_answers(analysis: GapAnalysis, review: Review) -> dict[str, str]:
    """The France VAE answer per compétence after the counsellor's overrides (the analysis' answer otherwise)."""
    answers = {str(k): str(v) for k, v in analysis.grille["grille"].items()}
    for ident, entry in review.competences.items():
        if entry.grille is not None and ident in answers and answers[ident] in Grille.__members__:
            answers[ident] = entry.grille.value
    return answers


def final_comment(analysis: GapAnalysis, dossier: Dossier, bloc: Bloc, answers: dict[str, str]) -> str:
    """The bloc's comment for France VAE, written from the final answers (so an override changes the text)."""
    rows = [r for r in analysis.records["indicateurs"] if r.bloc == bloc.id]
    statut_bloc = analysis.blocs.at[bloc.id, "statut_bloc"]
    dispense_par = analysis.blocs.at[bloc.id, "dispense_par"]
    return bloc_comment(bloc, dossier, rows, answers, statut_bloc, dispense_par)


def _year(iso: str | None) -> str:
    """The year of the last practice of a compétence, « – » when no situation is dated."""
    return str(iso)[:4] if isinstance(iso, str) and iso[:4].isdigit() else "–"


def _grille(value: str) -> Grille | None:
    """The grid key as a :class:`Grille` (None for the analysis' « non visé » / « dispensé »)."""
    return Grille(value) if value in Grille.__members__ else None
