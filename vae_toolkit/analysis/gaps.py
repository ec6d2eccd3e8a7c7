"""The gap analysis entry point: dossier + référentiel in, pandas DataFrames and recommendations out.

``analyse`` computes everything in plain Python (one pass over situations and pièces) and keeps the row
records; each DataFrame is built from them on first access, so a dashboard of hundreds of dossiers stays
fast (benchmarks/bench_gaps.py) and ``vae gaps`` in text or JSON never imports pandas (its cold start,
benchmarks/bench_cli.py): :func:`gaps_as_json` and the command's text read the records.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from vae_toolkit.analysis.coverage import indicator_rows, is_gap, rating_gaps
from vae_toolkit.analysis.evidence import qualities
from vae_toolkit.analysis.progress import blocs_status
from vae_toolkit.analysis.readiness import bloc_rows, competence_rows, fonction_rows
from vae_toolkit.analysis.recency import recency
from vae_toolkit.analysis.recommendations import Recommendation, RecommendationInputs, recommend
from vae_toolkit.analysis.rows import GridRow, Row, as_record
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.referentiel import Referentiel

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["GapAnalysis", "Recommendation", "analyse", "competence_grid", "gaps_as_json", "indicator_status",
           "is_gap", "restrict"]

Records = list[Row]
"""The rows of one table, each a frozen dataclass of :mod:`vae_toolkit.analysis.rows`."""

GRID_COLUMNS = ["bloc", "intitule", "grille", "grille_libelle", "grille_raison", "commentaire_bloc"]
RATING_COLUMNS = ["bloc", "competence", "texte", "auto_evaluation", "auto_libelle", "preuve", "ecart",
                  "ecart_libelle", "explication"]
TABLES = ("indicateurs", "competences", "blocs", "grille", "fonctions", "auto_vs_preuves")
"""The tables of an analysis, by attribute name; every record has the stable ``id`` of its row."""
COLUMNS: dict[str, list[str]] = {"grille": GRID_COLUMNS, "auto_vs_preuves": RATING_COLUMNS}
"""Columns of the tables that may have no row (the others take theirs from the records)."""
BY_BLOC = ("indicateurs", "competences", "grille", "auto_vs_preuves")
"""The tables whose rows belong to one bloc (``bloc`` column): :func:`restrict` filters them."""


@dataclass(frozen=True, eq=False)
class GapAnalysis:
    """The whole analysis of one dossier. Tables are indexed by the référentiel's stable IDs.

    ``records`` holds the typed rows of each table (name in :data:`TABLES` → one frozen dataclass per row,
    with its ``id``); the DataFrame attributes (``indicateurs``, ``competences``, ``blocs``, ``grille``,
    ``fonctions``, ``auto_vs_preuves``) are built from them, with pandas, on first access.
    ``restricted_from`` is set by :func:`restrict`: (whole analysis, bloc), whose tables are filtered.
    """

    certification: str
    date: dt.date
    records: dict[str, Records]
    recommandations: list[Recommendation] = field(default_factory=list)
    restricted_from: tuple[GapAnalysis, str] | None = field(default=None, repr=False)

    def _table(self, name: str) -> pd.DataFrame:
        if self.restricted_from is None:
            return _frame(self.records[name], COLUMNS.get(name))
        whole, bloc_id = self.restricted_from
        frame = getattr(whole, name)
        if name == "blocs":
            return frame.loc[[bloc_id]]
        return frame[frame["bloc"] == bloc_id] if name in BY_BLOC else frame

    @cached_property
    def indicateurs(self) -> pd.DataFrame:
        """One row per indicator: evidence, status and its reason in words."""
        return self._table("indicateurs")

    @cached_property
    def competences(self) -> pd.DataFrame:
        """One row per compétence: counts, grid value, readiness, weakest points."""
        return self._table("competences")

    @cached_property
    def blocs(self) -> pd.DataFrame:
        """One row per bloc: counts, readiness, draft grid comment."""
        return self._table("blocs")

    @cached_property
    def grille(self) -> pd.DataFrame:
        """The France VAE grid: one row per compétence, with its bloc's comment."""
        return self._table("grille")

    @cached_property
    def fonctions(self) -> pd.DataFrame:
        """One row per fonction of the référentiel, with the experiences that attest it."""
        return self._table("fonctions")

    @cached_property
    def auto_vs_preuves(self) -> pd.DataFrame:
        """Self-rating against evidence, one row per indicator of an aimed bloc where they disagree."""
        return self._table("auto_vs_preuves")

    def bloc_ids(self) -> list[str]:
        return [b.id for b in self.records["blocs"]]


def _frame(records: Records, columns: list[str] | None = None) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame.from_records([as_record(r) for r in records], columns=["id", *columns] if columns else None)
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
    comps = competence_rows(ref, rows, recency(dossier, ref, today))
    blocs = bloc_rows(ref, dossier, rows, comps, status)
    fonctions = fonction_rows(ref, dossier)
    rating = rating_gaps(rows)
    recs = recommend(RecommendationInputs(dossier, rows, comps, blocs, fonctions, rating, quality))
    comment = {b.id: b.commentaire for b in blocs}
    grid = [GridRow(id=c.id, bloc=c.bloc, intitule=c.intitule, grille=c.grille, grille_libelle=c.grille_libelle,
                    grille_raison=c.grille_raison, commentaire_bloc=comment[c.bloc]) for c in comps]
    tables = {"indicateurs": rows, "competences": comps, "blocs": blocs, "grille": grid, "fonctions": fonctions,
              "auto_vs_preuves": rating}
    return GapAnalysis(certification=ref.code, date=today, records=tables, recommandations=recs)


def _plain(value: Any) -> Any:
    """A JSON-ready value: tuples as lists, a missing number (NaN) as None, a status as its plain string."""
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _by_id(records: Records) -> dict[str, dict[str, Any]]:
    return {str(r.id): {k: _plain(v) for k, v in as_record(r).items() if k != "id"} for r in records}


def gaps_as_json(analysis: GapAnalysis) -> dict[str, Any]:
    """The analysis as plain JSON data, every table keyed by stable IDs (indicator, compétence, bloc, fonction)."""
    tables = analysis.records
    return {
        "certification": analysis.certification,
        "date": analysis.date.isoformat(),
        **{name: _by_id(tables[name]) for name in ("indicateurs", "competences", "blocs", "fonctions",
                                                  "auto_vs_preuves")},
        "recommandations": [asdict(r) | {"priorite_libelle": r.priorite_libelle} for r in analysis.recommandations],
    }


def _row(records: Records, ident: str) -> Any:
    """The record with this id (KeyError, as ``DataFrame.loc``, when there is none)."""
    found = next((r for r in records if r.id == ident), None)
    if found is None:
        raise KeyError(ident)
    return found


def indicator_status(analysis: GapAnalysis, indicator_id: str) -> str:
    """The status of one indicator in words, with its reason (« Lacune : … »)."""
    row = _row(analysis.records["indicateurs"], indicator_id)
    return f"{row.statut_libelle} : {row.raison}"


def competence_grid(analysis: GapAnalysis, competence_id: str) -> str:
    """The France VAE answer proposed for one compétence (« Oui », « Partiellement », « Non », « Non visé »…)."""
    return str(_row(analysis.records["grille"], competence_id).grille_libelle)


def restrict(analysis: GapAnalysis, bloc_id: str | None) -> GapAnalysis:
    """The analysis limited to one bloc (tables and recommendations); ``None`` keeps everything.

    Recommendations about the whole parcours (fonctions) are kept whatever the bloc. The DataFrames of
    the result are those of ``analysis`` filtered (same columns and types); an unknown bloc is a KeyError.
    """
    if bloc_id is None:
        return analysis
    tables = analysis.records
    records = {name: [r for r in tables[name] if r.bloc == bloc_id] for name in BY_BLOC}
    records |= {"blocs": [_row(tables["blocs"], bloc_id)], "fonctions": tables["fonctions"]}
    situations = {s for r in records["indicateurs"] for s in r.situations}
    recs = [r for r in analysis.recommandations
            if r.bloc == bloc_id or r.cible in situations or (r.bloc is None and r.categorie == "fonction")]
    return GapAnalysis(certification=analysis.certification, date=analysis.date, records=records,
                       recommandations=recs, restricted_from=(analysis, bloc_id))
