"""Per-indicator coverage: what evidences each indicator, and its status with the reason in words.

Status rules (docs/analyse-des-ecarts.md):
- ``couvert``: at least one *complete* situation (see :mod:`evidence`) is linked to the indicator;
- ``a_etayer``: something is linked (an incomplete situation or a pièce) but no complete situation;
- ``lacune``: nothing is linked.
Indicators of a bloc not aimed at or dispensed get ``non_vise`` / ``dispense`` as status (never a gap);
their evidence level stays in ``preuve``. The self-rating never changes the status: it is compared
with the evidence in :func:`rating_gaps`.
"""

from __future__ import annotations


from vae_toolkit.analysis.evidence import SituationQuality
from vae_toolkit.analysis.rows import IndicatorRow, RatingGapRow
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.status import BlocStatus, Evidence
from vae_toolkit.models.wording import EVIDENCE_LABELS, RATING_LABELS
from vae_toolkit.models.referentiel import Referentiel

ACQUIS, EN_COURS, PAS_ENCORE = 3, 2, 1
"""Self-ratings that the rules compare against (DOMAIN.md scale): « Acquis », « En cours », « Pas encore »."""
EVIDENCE_RANK: dict[str, int] = {Evidence.lacune: 0, Evidence.a_etayer: 1, Evidence.couvert: 2}
"""Evidence levels from worst to best: adding evidence can only move an indicator up."""

OVERRATED, UNDERRATED, UNRATED = "auto_haute_preuve_mince", "preuve_solide_auto_basse", "non_evalue"
RATING_GAP_LABELS: dict[str, str] = {
    OVERRATED: "Auto-évaluation haute, preuves minces",
    UNDERRATED: "Preuves solides, auto-évaluation basse",
    UNRATED: "Non évalué",
}


def is_gap(statut: str) -> bool:
    """True for the statuses that call for work (``a_etayer``, ``lacune``); never for non-aimed blocs."""
    return statut in (Evidence.a_etayer, Evidence.lacune)


def quote_list(titles: list[str], limit: int = 3) -> str:
    """« A », « B » et 2 autres."""
    shown = ", ".join(f"« {t} »" for t in titles[:limit])
    rest = len(titles) - limit
    return shown + (f" et {rest} autre{'s' if rest > 1 else ''}" if rest > 0 else "")


def _plural(n: int, words: str) -> str:
    """« 2 situations complètes »: every word of the phrase takes the plural."""
    if n > 1:
        words = " ".join(w + "s" for w in words.split())
    return f"{n} {words}"


def indicator_rows(dossier: Dossier, ref: Referentiel, quality: dict[str, SituationQuality],
                   bloc_status: dict[str, tuple[str, str | None]], *, reasons: bool = True) -> list[IndicatorRow]:
    """One record per indicator of the référentiel, in référentiel order (see the module rules).

    ``reasons=False`` leaves ``raison`` empty: the dashboard counts statuses over hundreds of dossiers and shows no
    reason, which costs a fifth of this pass."""
    by_indicator: dict[str, list[str]] = {}
    for s in dossier.situations:
        for ident in dict.fromkeys(s.indicateurs):
            by_indicator.setdefault(ident, []).append(s.id)
    pieces: dict[str, list[tuple[str, str]]] = {}
    for p in dossier.pieces:
        for ident in dict.fromkeys(p.indicateurs):
            pieces.setdefault(ident, []).append((p.id, p.titre))
    rows = []
    for bloc in ref.blocs:
        statut_bloc, dispense_par = bloc_status[bloc.id]
        for comp in bloc.competences:
            for ind in comp.indicateurs:
                sits = [quality[s] for s in by_indicator.get(ind.id, []) if s in quality]
                complete = [q for q in sits if q.complete]
                linked_pieces = pieces.get(ind.id, [])
                preuve = Evidence.couvert if complete else (Evidence.a_etayer if sits or linked_pieces else Evidence.lacune)
                statut = preuve if statut_bloc == BlocStatus.vise else Evidence(statut_bloc)
                years = [q.annees for q in sits if q.annees is not None]
                rating = dossier.auto_evaluation.get(ind.id)
                rows.append(IndicatorRow(
                    id=ind.id,
                    bloc=bloc.id,
                    competence=comp.id,
                    texte=ind.texte,
                    statut_bloc=statut_bloc,
                    auto_evaluation=rating,
                    auto_libelle=RATING_LABELS[rating],
                    situations=tuple(q.id for q in sits),
                    nb_situations=len(sits),
                    situations_completes=tuple(q.id for q in complete),
                    nb_situations_completes=len(complete),
                    pieces=tuple(p for p, _ in linked_pieces),
                    nb_pieces=len(linked_pieces),
                    mots=sum(q.mots for q in sits),
                    experiences=tuple(dict.fromkeys(e for q in sits for e in q.experience_ids)),
                    recence_annees=min(years) if years else None,
                    preuve=preuve,
                    statut=statut,
                    statut_libelle=EVIDENCE_LABELS[statut],
                    raison=_reason(preuve, statut, dispense_par, sits, complete, [t for _, t in linked_pieces])
                    if reasons else "",
                ))
    return rows


def _reason(preuve: str, statut: str, dispense_par: str | None, sits: list[SituationQuality],
            complete: list[SituationQuality], piece_titles: list[str]) -> str:
    prefix = ""
    if statut == Evidence.dispense:
        prefix = f"Bloc dispensé (titulaire du {dispense_par}), pas un écart. "
    elif statut == Evidence.acquis:
        prefix = f"Bloc acquis définitivement ({dispense_par}), pas un écart. "
    elif statut == Evidence.non_vise:
        prefix = "Bloc non visé, pas un écart. "
    pieces = f"{_plural(len(piece_titles), 'pièce')} ({quote_list(piece_titles)})" if piece_titles else ""
    if preuve == Evidence.lacune:
        return prefix + "Aucune situation ni pièce ne s’y rapporte."
    if preuve == Evidence.couvert:
        text = f"{_plural(len(complete), 'situation complète')} ({quote_list([q.titre for q in complete])})"
        if pieces:
            text += f" et {pieces}"
        else:
            text += ", aucune pièce"
        if all(q.ancienne for q in complete):
            text += " ; toutes ces expériences sont anciennes"
        return prefix + text[0].upper() + text[1:] + "."
    if not sits:
        return prefix + f"Seulement {pieces}, aucune situation rédigée."
    details = " ; ".join(f"« {q.titre} » : {', '.join(q.defauts())}" for q in sits)
    text = f"Aucune situation complète. {details}"
    if pieces:
        text += f". Pièces : {quote_list(piece_titles)}"
    return prefix + text + "."


def rating_gaps(rows: list[IndicatorRow]) -> list[RatingGapRow]:
    """Self-rating against evidence, aimed blocs only: rated ≥ 3 without a complete situation,
    rated ≤ 2 with one, and not rated at all."""
    out = []
    for r in rows:
        if r.statut_bloc != BlocStatus.vise:
            continue
        rating, preuve = r.auto_evaluation, r.preuve
        if rating is None:
            kind = UNRATED
            why = "Pas encore noté" + (" alors que des preuves s’y rapportent." if preuve != Evidence.lacune else ".")
        elif rating >= ACQUIS and preuve != Evidence.couvert:
            kind = OVERRATED
            why = f"Noté « {RATING_LABELS[rating]} » mais {EVIDENCE_LABELS[preuve].lower()} : {r.raison}"
        elif rating < ACQUIS and preuve == Evidence.couvert:
            kind = UNDERRATED
            why = f"Noté « {RATING_LABELS[rating]} » alors qu’une situation complète le montre."
        else:
            continue
        out.append(RatingGapRow(
            id=r.id, bloc=r.bloc, competence=r.competence, texte=r.texte,
            auto_evaluation=rating, auto_libelle=r.auto_libelle, preuve=preuve,
            ecart=kind, ecart_libelle=RATING_GAP_LABELS[kind], explication=why,
        ))
    return out
