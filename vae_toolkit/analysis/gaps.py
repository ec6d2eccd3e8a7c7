"""The gap analysis entry point: dossier + référentiel in, pandas DataFrames and recommendations out.

``analyse`` computes everything in plain Python (one pass over situations and pièces) and builds the
DataFrames at the end, so a dashboard of hundreds of dossiers stays fast (benchmarks/bench_gaps.py).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import pandas as pd

from vae_toolkit.analysis.coverage import indicator_rows, is_gap, rating_gaps
from vae_toolkit.analysis.evidence import qualities
from vae_toolkit.analysis.progress import blocs_status
from vae_toolkit.analysis.readiness import bloc_rows, competence_rows, fonction_rows
from vae_toolkit.analysis.recommendations import Recommendation, recommend
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.referentiel import Referentiel

__all__ = ["GapAnalysis", "Recommendation", "analyse", "competence_grid", "gaps_as_json", "indicator_status",
           "is_gap", "restrict"]

GRID_COLUMNS = ["bloc", "intitule", "grille", "grille_libelle", "grille_raison", "commentaire_bloc"]


@dataclass(frozen=True, eq=False)
class GapAnalysis:
    """The whole analysis of one dossier. Tables are indexed by the référentiel's stable IDs."""

    certification: str
    date: dt.date
    indicateurs: pd.DataFrame
    competences: pd.DataFrame
    blocs: pd.DataFrame
    grille: pd.DataFrame
    fonctions: pd.DataFrame
    auto_vs_preuves: pd.DataFrame
    recommandations: list[Recommendation] = field(default_factory=list)

    def bloc_ids(self) -> list[str]:
        return list(self.blocs.index)


def _frame(records: list[dict[str, Any]], columns: list[str] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=columns)
    if "id" in frame.columns:
        frame = frame.set_index("id")
    for col in ("auto_evaluation",):
        if col in frame.columns:
            frame[col] = frame[col].astype("Int64")
    return frame


def analyse(dossier: Dossier, ref: Referentiel, *, today: dt.date | None = None) -> GapAnalysis:
    """Analyse ``dossier`` against ``ref``: coverage, readiness, grid, fonctions, self-rating, recommendations."""
    today = today or dt.date.today()
    quality = qualities(dossier, today)
    status = blocs_status(dossier, ref)
    rows = indicator_rows(dossier, ref, quality, status)
    comps = competence_rows(ref, rows)
    blocs = bloc_rows(ref, dossier, rows, comps, status)
    fonctions = fonction_rows(ref, dossier)
    rating = rating_gaps(rows)
    recs = recommend(dossier, ref, rows, comps, blocs, fonctions, rating, quality)
    comment = {b["id"]: b["commentaire"] for b in blocs}
    grid = [{"id": c["id"], **{k: c[k] for k in GRID_COLUMNS[:-1]}, "commentaire_bloc": comment[c["bloc"]]}
            for c in comps]
    return GapAnalysis(
        certification=ref.code,
        date=today,
        indicateurs=_frame(rows),
        competences=_frame(comps),
        blocs=_frame(blocs),
        grille=_frame(grid, ["id", *GRID_COLUMNS]),
        fonctions=_frame(fonctions),
        auto_vs_preuves=_frame(rating, ["id", "bloc", "competence", "texte", "auto_evaluation", "auto_libelle",
                                        "preuve", "ecart", "ecart_libelle", "explication"]),
        recommandations=recs,
    )


def _plain(value: Any) -> Any:
    """A JSON-ready value: tuples as lists, missing numbers as None, numpy scalars as Python ones."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _records(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    return {str(ident): {k: _plain(v) for k, v in row.items()} for ident, row in zip(
        frame.index, frame.to_dict("records"), strict=True)}


def gaps_as_json(analysis: GapAnalysis) -> dict[str, Any]:
    """The analysis as plain JSON data, every table keyed by stable IDs (indicator, compétence, bloc, fonction)."""
    return {
        "certification": analysis.certification,
        "date": analysis.date.isoformat(),
        "indicateurs": _records(analysis.indicateurs),
        "competences": _records(analysis.competences),
        "blocs": _records(analysis.blocs),
        "fonctions": _records(analysis.fonctions),
        "auto_vs_preuves": _records(analysis.auto_vs_preuves),
        "recommandations": [asdict(r) | {"priorite_libelle": r.priorite_libelle} for r in analysis.recommandations],
    }


def indicator_status(analysis: GapAnalysis, indicator_id: str) -> str:
    """The status of one indicator in words, with its reason (« Lacune : … »)."""
    row = analysis.indicateurs.loc[indicator_id]
    return f"{row['statut_libelle']} : {row['raison']}"


def competence_grid(analysis: GapAnalysis, competence_id: str) -> str:
    """The France VAE answer proposed for one compétence (« Oui », « Partiellement », « Non », « Non visé »…)."""
    return str(analysis.grille.loc[competence_id, "grille_libelle"])


def restrict(analysis: GapAnalysis, bloc_id: str | None) -> GapAnalysis:
    """The analysis limited to one bloc (tables and recommendations); ``None`` keeps everything.

    Recommendations about the whole parcours (fonctions) are kept whatever the bloc.
    """
    if bloc_id is None:
        return analysis

    def only(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["bloc"] == bloc_id]

    situations = set().union(*analysis.indicateurs.loc[only(analysis.indicateurs).index, "situations"])
    recs = [r for r in analysis.recommandations
            if r.bloc == bloc_id or r.cible in situations or (r.bloc is None and r.categorie == "fonction")]
    return replace(analysis, indicateurs=only(analysis.indicateurs), competences=only(analysis.competences),
                   blocs=analysis.blocs.loc[[bloc_id]], grille=only(analysis.grille),
                   auto_vs_preuves=only(analysis.auto_vs_preuves), recommandations=recs)
