"""France VAE's rules for the grid and the DFF, checked before a DFF or review export.

France VAE's grid has no « not rated »: every compétence of every bloc aimed at must be answered Oui,
Partiellement or Non, and each bloc needs a comment of 1 to 10,000 characters after trimming. The gap
analysis only *proposes* an answer and a comment; they count once the accompagnateur confirms them in
``revue.yaml`` (:func:`confirm_proposals` writes the proposals there, for the accompagnateur to amend).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vae_toolkit.analysis.gaps import GapAnalysis
from vae_toolkit.analysis.grid import GRID_LABELS
from vae_toolkit.analysis.review_report import final_answers, final_comment
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.faisabilite import COMMENT_LIMIT, Eligibilite
from vae_toolkit.models.referentiel import Bloc, Referentiel
from vae_toolkit.models.review import Avis, Grille, Review
from vae_toolkit.models.status import BlocStatus
from vae_toolkit.models.wording import number_fr, short_date


@dataclass(frozen=True)
class GridProblem:
    """One reason France VAE would refuse the grid: the bloc, the compétence (if any) and the French message."""

    bloc: str
    competence: str | None
    message: str


def aimed_blocs(analysis: GapAnalysis, ref: Referentiel) -> list[Bloc]:
    """The blocs of this request (not dispensed, not left aside), in référentiel order."""
    return [b for b in ref.blocs if analysis.blocs.at[b.id, "statut_bloc"] == BlocStatus.vise]


def comment_problem(text: str) -> str | None:
    """Why a bloc comment or an opinion text would be refused (empty or over-long after trimming), else None."""
    size = len(text.strip())
    if size == 0:
        return "vide"
    if size > COMMENT_LIMIT:
        return f"trop long ({number_fr(size)} caractères, au plus {number_fr(COMMENT_LIMIT)})"
    return None


def grid_problems(analysis: GapAnalysis, review: Review, ref: Referentiel) -> list[GridProblem]:
    """Every unconfirmed answer and every missing or over-long bloc comment, in référentiel order."""
    problems = []
    proposed = {str(k): str(v) for k, v in analysis.grille["grille"].items()}
    for bloc in aimed_blocs(analysis, ref):
        where = f"Bloc {bloc.code} « {bloc.intitule} »"
        for comp in bloc.competences:
            entry = review.competences.get(comp.id)
            if entry is None or entry.grille is None:
                label = GRID_LABELS.get(proposed.get(comp.id, ""), "aucune")
                problems.append(GridProblem(bloc.id, comp.id, (
                    f"{where}, compétence {ref.label(comp.id)} « {comp.intitule} » : réponse Oui / Partiellement / "
                    f"Non non confirmée par l’accompagnateur (l’analyse propose « {label} »).")))
        entry = review.blocs.get(bloc.id)
        why = comment_problem(entry.commentaire if entry else "")
        if why:
            problems.append(GridProblem(bloc.id, None, (
                f"{where} : commentaire du bloc {why} ; France VAE demande de 1 à {number_fr(COMMENT_LIMIT)} caractères.")))
    return problems


def opinion_problems(review: Review) -> list[str]:
    """What France VAE requires of the accompagnateur's opinion in the DFF."""
    problems = []
    if review.avis.avis not in (Avis.favorable, Avis.defavorable):
        problems.append("Avis de l’accompagnateur : France VAE n’accepte que « Favorable » ou « Défavorable ».")
    why = comment_problem(review.avis.preconisations)
    if why:
        problems.append(f"« Commentaires / préconisations » de l’accompagnateur : {why} ; France VAE le demande "
                        f"(au plus {number_fr(COMMENT_LIMIT)} caractères).")
    return problems


def confirm_proposals(analysis: GapAnalysis, review: Review, dossier: Dossier, ref: Referentiel) -> int:
    """Write the analysis' proposals into the review where nothing is confirmed yet; return how many were written.

    This is the accompagnateur's action « confirm the proposals »: the answers and comments then belong to the
    review, and an answer the accompagnateur already chose is never replaced.
    """
    written = 0
    answers = final_answers(analysis, review)
    for bloc in aimed_blocs(analysis, ref):
        for comp in bloc.competences:
            entry = review.competence(comp.id)
            if entry.grille is None and answers.get(comp.id) in Grille.__members__:
                entry.grille = Grille(answers[comp.id])
                written += 1
        answers = final_answers(analysis, review)
        entry = review.bloc(bloc.id)
        if not entry.commentaire.strip():
            entry.commentaire = final_comment(analysis, dossier, bloc, answers)
            written += 1
    return written


def bloc_text(bloc: Bloc, ref: Referentiel, answers: dict[str, str], comment: str) -> str:
    """The plain text of one bloc as France VAE's form takes it: the answer per compétence, then the comment."""
    lines = [f"{bloc.code} – {bloc.intitule}"]
    lines += [f"{ref.label(c.id)} {c.intitule} : {GRID_LABELS.get(answers.get(c.id, ''), 'Non renseigné')}"
              for c in bloc.competences]
    lines += ["", "Commentaire du bloc :", comment.strip()]
    return "\n".join(lines)


def candidate_gaps(dossier: Dossier) -> list[str]:
    """The fields of the candidate's part France VAE requires and the dossier leaves empty (French)."""
    f = dossier.faisabilite
    gaps = []
    if f.eligibilite is None:
        gaps.append("Éligibilité : première demande ou recevabilité déjà obtenue.")
    elif f.eligibilite == Eligibilite.recevabilite_acquise and f.fin_recevabilite is None:
        gaps.append("Date de fin de validité de la recevabilité obtenue.")
    if not f.objectifs.strip():
        gaps.append("Objectifs du candidat.")
    pieces = {p.id for p in dossier.pieces}
    if not any(j.type == "identite" and j.piece_id in pieces for j in f.justificatifs):
        gaps.append("Pièce jointe : pièce d’identité.")
    gaps += [f"Pièce jointe introuvable dans le dossier : {j.piece_id}." for j in f.justificatifs
             if j.piece_id not in pieces]
    if not f.confirmation:
        gaps.append("Confirmation du dossier par le candidat.")
    if not f.attestation_honneur:
        gaps.append("Attestation sur l’honneur.")
    return gaps


CERTIFICATIONS_PER_YEAR = 3
"""France VAE stops a candidate after DFFs for this many different certifications in one calendar year."""


def submission_warnings(dossier: Dossier, today: dt.date | None = None) -> list[str]:
    """France VAE's submission limits, as warnings from the DFFs the dossier records (``faisabilite.depots``).

    One DFF per certification per calendar year; DFFs for at most three different certifications a year.
    """
    year = (today or dt.date.today()).year
    this_year = [d for d in dossier.faisabilite.depots if d.date.year == year]
    warnings = []
    same = [d for d in this_year if d.certification.upper() == dossier.certification.upper()]
    if same:
        warnings.append(f"Un dossier de faisabilité a déjà été déposé pour {dossier.certification} en {year} (le "
                        f"{short_date(same[0].date)}) : France VAE n’en accepte qu’un par certification et "
                        "par année civile.")
    others = {d.certification.upper() for d in this_year} - {dossier.certification.upper()}
    if len(others) >= CERTIFICATIONS_PER_YEAR:
        warnings.append(f"Des dossiers de faisabilité ont déjà été déposés en {year} pour {len(others)} autres "
                        f"certifications ({', '.join(sorted(others))}) : France VAE arrête une candidature après "
                        f"{CERTIFICATIONS_PER_YEAR} certifications différentes dans l’année.")
    return warnings

