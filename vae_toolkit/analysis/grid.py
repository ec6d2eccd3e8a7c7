"""The France VAE grid: Oui / Partiellement / Non per compétence, and a draft comment per bloc.

Roll-up (DOMAIN.md): Oui when every indicator is rated 3 or more *and* linked to at least one
situation; Non when no indicator is rated 2 or more; Partiellement otherwise. Unrated counts as 0.
The keys match :class:`vae_toolkit.models.review.Grille`, so a counsellor's override compares directly.
"""

from __future__ import annotations


from vae_toolkit.analysis.coverage import ACQUIS, EN_COURS
from vae_toolkit.analysis.rows import IndicatorRow
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.referentiel import Bloc
from vae_toolkit.models.review import Grille
from vae_toolkit.models.status import BlocStatus, Evidence
from vae_toolkit.models.wording import BLOC_STATUS_LABELS, EVIDENCE_LABELS, GRILLE_LABELS, years

OUI, PARTIELLEMENT, NON = Grille.oui, Grille.partiellement, Grille.non
GRID_LABELS: dict[str, str] = {**{g: label for g, label in GRILLE_LABELS.items() if g is not None},
                               **{s: label for s, label in BLOC_STATUS_LABELS.items() if s != BlocStatus.vise}}
"""A compétence's answer in the France VAE grid, or, outside the blocs aimed at, its bloc's status."""
COMMENT_LIMIT = 10_000
"""France VAE accepts at most this many characters in the comment of a bloc."""


def roll_up(rows: list[IndicatorRow]) -> tuple[str, str]:
    """(grid key, French reason) for the indicator records of one compétence."""
    ratings = [r.auto_evaluation or 0 for r in rows]
    if all(v >= ACQUIS and r.nb_situations > 0 for v, r in zip(ratings, rows, strict=True)):
        return OUI, "Tous les indicateurs sont notés « Acquis » ou mieux et reliés à une situation."
    if not any(v >= EN_COURS for v in ratings):
        return NON, "Aucun indicateur n’est noté « En cours » ou mieux."
    reasons = []
    for v, r in zip(ratings, rows, strict=True):
        short = r.id.rsplit(".", 1)[-1]
        if v == 0:
            reasons.append(f"{short} non évalué")
        elif v < ACQUIS:
            reasons.append(f"{short} noté {v}")
        if r.nb_situations == 0:
            reasons.append(f"{short} sans situation")
    return PARTIELLEMENT, "À compléter : " + ", ".join(reasons) + "."


def bloc_comment(bloc: Bloc, dossier: Dossier, rows: list[IndicatorRow], grid: dict[str, str],
                 statut_bloc: str, dispense_par: str | None) -> str:
    """A draft of the bloc's free comment for the AAP, from the candidate's own data (≤ COMMENT_LIMIT)."""
    if statut_bloc == BlocStatus.dispense:
        return f"Bloc dispensé (titulaire du {dispense_par})."
    if statut_bloc == BlocStatus.acquis:
        return f"Bloc acquis définitivement ({dispense_par})."
    if statut_bloc == BlocStatus.non_vise:
        return "Bloc non visé par cette demande."
    parts = [f"{bloc.code} – {bloc.intitule}."]
    parts.append("Appréciation par compétence : " + " ; ".join(
        f"{c.id} « {c.intitule} » : {GRID_LABELS[grid[c.id]]}" for c in bloc.competences) + ".")
    ids = {r.id for r in rows}
    situations = [s for s in dossier.situations if ids & set(s.indicateurs)]
    used = dict.fromkeys(e for s in situations for e in s.experience_ids)
    experiences = [e for e in dossier.experiences if e.id in used]
    if experiences:
        parts.append("Expériences mobilisées : " + " ; ".join(
            f"{e.intitule_poste}{f' ({e.structure.nom})' if e.structure.nom else ''}, "
            f"{years(e.debut, e.fin)}" for e in experiences) + ".")
    if situations:
        comp_of = {r.id: r.competence for r in rows}
        parts.append("Situations présentées : " + " ; ".join(
            f"« {s.titre} »{f' ({s.periode})' if s.periode else ''}, pour "
            + ", ".join(dict.fromkeys(comp_of[i] for i in s.indicateurs if i in comp_of)) for s in situations) + ".")
    else:
        parts.append("Aucune situation n’est encore rédigée pour ce bloc.")
    piece_titles = [p.titre for p in dossier.pieces if ids & set(p.indicateurs)]
    if piece_titles:
        parts.append("Pièces justificatives : " + " ; ".join(f"« {t} »" for t in piece_titles) + ".")
    weak = [r for r in rows if r.statut in (Evidence.lacune, Evidence.a_etayer)]
    if weak:
        parts.append("Points à consolider : " + " ; ".join(
            f"{r.id} « {r.texte} » ({EVIDENCE_LABELS[r.statut].lower()})" for r in weak) + ".")
    return truncate("\n".join(parts), COMMENT_LIMIT)


def truncate(text: str, limit: int) -> str:
    """``text`` cut at a word boundary so that it holds in ``limit`` characters, ending with « … »."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"
