"""Typed rows of the gap analysis: what a rule produces, every consumer reads by attribute.

The DataFrames, the JSON output and the templates see the same fields through :func:`as_record`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, is_dataclass
from typing import Any

from vae_toolkit.models.status import BlocStatus, Evidence


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


def as_record(row: Any) -> dict[str, Any]:
    """A row as a plain dict (typed rows and the tables still kept as dicts alike)."""
    return asdict(row) if is_dataclass(row) and not isinstance(row, type) else dict(row)


def field_of(row: Any, name: str) -> Any:
    """One field of a row, typed or plain."""
    return getattr(row, name) if is_dataclass(row) else row[name]
