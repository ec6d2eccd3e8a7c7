"""Typed rows of the gap analysis: what a rule produces, every consumer reads by attribute.

The DataFrames, the JSON output and the templates see the same fields through :func:`as_record`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from vae_toolkit.models.status import BlocStatus, Evidence, Readiness


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator of the référentiel in one dossier: its evidence, its status and the reason in words."""

    id: str
    bloc: str
    competence: str
    texte: str
    statut_bloc: BlocStatus
    auto_evaluation: int | None
    auto_libelle: str
    situations: tuple[str, ...]
    """The situations linked to the indicator (complete or not)."""
    nb_situations: int
    situations_completes: tuple[str, ...]
    nb_situations_completes: int
    pieces: tuple[str, ...]
    nb_pieces: int
    mots: int
    experiences: tuple[str, ...]
    """The experiences of its situations, in order, once each."""
    recence_annees: float | None
    """Years since its most recent situation, when dated."""
    preuve: Evidence
    """The evidence alone (couvert, à étayer, lacune), whatever the bloc's status."""
    statut: Evidence
    """The evidence in an aimed bloc, else the bloc's status (non visé, dispensé, acquis)."""
    statut_libelle: str
    raison: str


@dataclass(frozen=True)
class Coverage:
    """How the indicators of a compétence or a bloc are covered (spliced into its row's columns)."""

    indicateurs: int
    couverts: int
    a_etayer: int
    lacunes: int
    non_evalues: int
    """Indicators the candidate has not rated."""
    part_couverte: float
    auto_moyenne: float | None
    """The mean self-rating of the rated indicators."""


@dataclass(frozen=True)
class CompetenceRow:
    """One compétence of the référentiel in one dossier: coverage, grid answer, readiness, weak points, recency."""

    id: str
    bloc: str
    intitule: str
    statut_bloc: BlocStatus
    couverture: Coverage
    points_faibles: tuple[str, ...]
    """Indicators to work on, worst first."""
    preparation: Readiness | BlocStatus
    """Readiness in an aimed bloc, else the bloc's status."""
    preparation_libelle: str
    grille: str
    """The France VAE answer proposed (oui, partiellement, non) in an aimed bloc, else the bloc's status."""
    grille_libelle: str
    grille_raison: str
    derniere_pratique: str | None
    """ISO date of the most recent situation, when dated."""
    recence_annees: float | None
    pratique_ancienne: bool
    recence_message: str


@dataclass(frozen=True)
class BlocRow:
    """One bloc of the référentiel in one dossier: coverage, readiness, compétences not ready, draft comment."""

    id: str
    code: str
    intitule: str
    statut_bloc: BlocStatus
    dispense_par: str | None
    couverture: Coverage
    competences: int
    competences_pretes: int
    points_faibles: tuple[str, ...]
    """The compétences not ready (insuffisant or à renforcer)."""
    preparation: Readiness | BlocStatus
    preparation_libelle: str
    commentaire: str
    """The draft comment of the bloc for the France VAE grid."""


@dataclass(frozen=True)
class GridRow:
    """One compétence in the France VAE grid: the answer proposed, why, and its bloc's draft comment."""

    id: str
    bloc: str
    intitule: str
    grille: str
    grille_libelle: str
    grille_raison: str
    commentaire_bloc: str


@dataclass(frozen=True)
class FonctionRow:
    """One fonction of the référentiel and the experiences that declare it."""

    id: str
    intitule: str
    experiences: tuple[str, ...]
    nb_experiences: int
    situations: tuple[str, ...]
    """The situations of those experiences."""
    couverte: bool
    statut_libelle: str


@dataclass(frozen=True)
class RatingGapRow:
    """One indicator of an aimed bloc where the self-rating and the evidence disagree (or no rating)."""

    id: str
    bloc: str
    competence: str
    texte: str
    auto_evaluation: int | None
    auto_libelle: str
    preuve: Evidence
    ecart: str
    """:data:`~vae_toolkit.analysis.coverage.OVERRATED`, ``UNDERRATED`` or ``UNRATED``."""
    ecart_libelle: str
    explication: str


Row = IndicatorRow | CompetenceRow | BlocRow | GridRow | FonctionRow | RatingGapRow
"""Any row of the analysis' tables."""


def as_record(row: Row) -> dict[str, Any]:
    """A row as a plain dict, columns in field order; the fields of a nested row (:class:`Coverage`) become columns
    of their own, in its place."""
    record: dict[str, Any] = {}
    for f in fields(row):
        value = getattr(row, f.name)
        if is_dataclass(value) and not isinstance(value, type):
            record |= as_record(value)
        else:
            record[f.name] = value
    return record
