"""Per compétence and per bloc: share of indicators covered, weakest points, readiness; the fonctions.

Readiness rules (docs/analyse-des-ecarts.md):
- compétence ``pret``: every indicator ``couvert`` and the grid says Oui (all rated 3 or more);
  ``insuffisant``: fewer than half of its indicators ``couvert``; ``a_renforcer`` otherwise;
- bloc ``pret``: every compétence ``pret``; ``insuffisant``: one compétence ``insuffisant``
  (a jury validates a bloc only when each of its compétences is shown); ``a_renforcer`` otherwise;
- a bloc not aimed at or dispensed is ``non_vise`` / ``dispense``, and so are its compétences.
"""

from __future__ import annotations


from vae_toolkit.analysis.coverage import ACQUIS
from vae_toolkit.analysis.recency import Recency
from vae_toolkit.analysis.rows import BlocRow, CompetenceRow, Coverage, FonctionRow, IndicatorRow
from vae_toolkit.analysis.grid import GRID_LABELS, OUI, bloc_comment, roll_up
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.models.wording import READINESS_LABELS
from vae_toolkit.models.status import BlocStatus, Evidence, Readiness

READY_SHARE = 0.5
"""Below this share of indicators covered, a compétence is ``insuffisant``."""


def _weak_points(rows: list[IndicatorRow]) -> tuple[str, ...]:
    """Indicators to work on, worst first: gaps, then thin evidence, then low or missing ratings."""
    order = {Evidence.lacune: 0, Evidence.a_etayer: 1}
    weak = [r for r in rows if r.preuve != Evidence.couvert or (r.auto_evaluation or 0) < ACQUIS]
    weak.sort(key=lambda r: (order.get(r.preuve, 2), r.auto_evaluation or 0))
    return tuple(r.id for r in weak)


def _coverage(rows: list[IndicatorRow]) -> Coverage:
    n = len(rows)
    covered = sum(r.preuve == Evidence.couvert for r in rows)
    ratings = [r.auto_evaluation for r in rows if r.auto_evaluation is not None]
    return Coverage(
        indicateurs=n,
        couverts=covered,
        a_etayer=sum(r.preuve == Evidence.a_etayer for r in rows),
        lacunes=sum(r.preuve == Evidence.lacune for r in rows),
        non_evalues=n - len(ratings),
        part_couverte=covered / n if n else 0.0,
        auto_moyenne=sum(ratings) / len(ratings) if ratings else None,
    )


def competence_rows(ref: Referentiel, rows: list[IndicatorRow], recent: dict[str, Recency]) -> list[CompetenceRow]:
    """One row per compétence: coverage, grid value, readiness, weakest points and recency (``recent``, by id)."""
    by_comp: dict[str, list[IndicatorRow]] = {}
    for r in rows:
        by_comp.setdefault(r.competence, []).append(r)
    out = []
    for comp in ref.competences:
        mine = by_comp[comp.id]
        statut_bloc = mine[0].statut_bloc
        coverage = _coverage(mine)
        grid, grid_reason = roll_up(mine)
        readiness: Readiness | BlocStatus
        if statut_bloc != BlocStatus.vise:
            readiness = statut_bloc
        elif coverage.couverts == coverage.indicateurs and grid == OUI:
            readiness = Readiness.pret
        elif coverage.part_couverte < READY_SHARE:
            readiness = Readiness.insuffisant
        else:
            readiness = Readiness.a_renforcer
        shown_grid = grid if statut_bloc == BlocStatus.vise else statut_bloc
        recency = recent[comp.id]
        out.append(CompetenceRow(
            id=comp.id, bloc=mine[0].bloc, intitule=comp.intitule, statut_bloc=statut_bloc, couverture=coverage,
            points_faibles=_weak_points(mine),
            preparation=readiness, preparation_libelle=READINESS_LABELS[readiness],
            grille=shown_grid, grille_libelle=GRID_LABELS[shown_grid],
            grille_raison=grid_reason if statut_bloc == BlocStatus.vise else READINESS_LABELS[statut_bloc] + ".",
            derniere_pratique=recency.derniere_pratique.isoformat() if recency.derniere_pratique else None,
            recence_annees=recency.annees, pratique_ancienne=recency.ancienne, recence_message=recency.message(),
        ))
    return out


def bloc_rows(ref: Referentiel, dossier: Dossier, rows: list[IndicatorRow], comps: list[CompetenceRow],
              bloc_status: dict[str, tuple[str, str | None]]) -> list[BlocRow]:
    """One row per bloc: coverage, readiness, compétences not ready, and the draft grid comment."""
    grid = {c.id: c.grille for c in comps}
    out = []
    for bloc in ref.blocs:
        statut_bloc, dispense_par = bloc_status[bloc.id]
        mine = [r for r in rows if r.bloc == bloc.id]
        my_comps = [c for c in comps if c.bloc == bloc.id]
        readiness: Readiness | BlocStatus = BlocStatus(statut_bloc)
        if statut_bloc == BlocStatus.vise:
            if all(c.preparation == Readiness.pret for c in my_comps):
                readiness = Readiness.pret
            elif any(c.preparation == Readiness.insuffisant for c in my_comps):
                readiness = Readiness.insuffisant
            else:
                readiness = Readiness.a_renforcer
        out.append(BlocRow(
            id=bloc.id, code=bloc.code, intitule=bloc.intitule, statut_bloc=BlocStatus(statut_bloc),
            dispense_par=dispense_par, couverture=_coverage(mine),
            competences=len(my_comps),
            competences_pretes=sum(c.preparation == Readiness.pret for c in my_comps),
            points_faibles=tuple(c.id for c in my_comps
                                 if c.preparation in (Readiness.insuffisant, Readiness.a_renforcer)),
            preparation=readiness, preparation_libelle=READINESS_LABELS[readiness],
            commentaire=bloc_comment(bloc, dossier, mine, grid, statut_bloc, dispense_par),
        ))
    return out


def fonction_rows(ref: Referentiel, dossier: Dossier) -> list[FonctionRow]:
    """The référentiel's fonctions and the experiences that declare them (DEIS arrêté 2006, art. 14 heuristic)."""
    out = []
    for f in ref.fonctions:
        exps = [e for e in dossier.experiences if f.id in e.fonctions]
        exp_ids = {e.id for e in exps}
        out.append(FonctionRow(
            id=f.id, intitule=f.intitule,
            experiences=tuple(e.id for e in exps), nb_experiences=len(exps),
            situations=tuple(s.id for s in dossier.situations if exp_ids & set(s.experience_ids)),
            couverte=bool(exps),
            statut_libelle="Attestée" if exps else "Manquante",
        ))
    return out
