"""Recency of each compétence: the last day the candidate practised it, through the situations that show it.

A jury cannot validate a compétence « ni actualisée ni entretenue par la pratique ». The date of a situation's
practice is the end of the most recent experience it names (today when one is ongoing); a compétence whose
every situation is older than the dossier's threshold (``reglages.recence_annees``, 5 years by default) is
flagged — a warning in the gap analysis, the review and ``vae check``, never a block.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.referentiel import Competence, Referentiel

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Recency:
    """When a compétence was last practised, and whether that is too long ago."""

    competence: str
    derniere_pratique: dt.date | None
    annees: float | None
    seuil: int

    @property
    def ancienne(self) -> bool:
        return self.annees is not None and self.annees > self.seuil

    def message(self) -> str:
        """A French sentence for a compétence flagged as old (empty otherwise)."""
        if not self.ancienne or self.derniere_pratique is None:
            return ""
        return (f"dernière pratique en {self.derniere_pratique.year}, il y a plus de {self.seuil}\u00a0ans\u00a0: "
                "le jury pourrait la juger ni actualisée ni entretenue par la pratique")


def last_practice(dossier: Dossier, comp: Competence, today: dt.date) -> dt.date | None:
    """The latest day of practice among the experiences of the situations showing ``comp`` (None: no dated one)."""
    ids = {i.id for i in comp.indicateurs}
    ends = [min(e.fin or today, today) for s in dossier.situations if ids & set(s.indicateurs)
            for e in dossier.experiences_of(s)]
    return max(ends) if ends else None


def recency(dossier: Dossier, ref: Referentiel, today: dt.date | None = None) -> dict[str, Recency]:
    """Every compétence of the référentiel, by id."""
    today = today or dt.date.today()
    seuil = dossier.reglages.recence_annees
    out = {}
    for comp in ref.competences:
        last = last_practice(dossier, comp, today)
        years = None if last is None else round((today - last).days / DAYS_PER_YEAR, 1)
        out[comp.id] = Recency(comp.id, last, years, seuil)
    return out
