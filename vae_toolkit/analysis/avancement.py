"""« Avancement »: the one definition used by every screen, command and document that shows progress.

Avancement of a bloc or a compétence = the share of its indicators that are « couverts » in the gap
analysis, i.e. shown by at least one complete situation (four parts, written with « je », long enough,
with a real analysis). Rating an indicator or linking an unfinished situation to it does not count:
the jury reads situations, not self-ratings. docs/analyse-des-ecarts.md documents it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from vae_toolkit.analysis.coverage import indicator_rows
from vae_toolkit.analysis.rows import IndicatorRow
from vae_toolkit.analysis.evidence import qualities
from vae_toolkit.analysis.progress import blocs_status
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.models.status import Evidence


@dataclass(frozen=True)
class Avancement:
    """Indicators covered out of the indicators of a bloc or a compétence."""

    couverts: int
    indicateurs: int

    @property
    def part(self) -> float:
        return self.couverts / self.indicateurs if self.indicateurs else 0.0

    @property
    def pourcentage(self) -> int:
        return round(100 * self.part)

    def label(self) -> str:
        """« 2/9 indicateurs couverts (22 %) »."""
        return f"{self.couverts}/{self.indicateurs} indicateurs couverts ({self.pourcentage}\u00a0%)"


def from_rows(rows: Iterable[IndicatorRow], ref: Referentiel) -> dict[str, Avancement]:
    """Avancement of every bloc and compétence, by id, from the gap analysis' indicator records."""
    covered = {r.id for r in rows if r.preuve == Evidence.couvert}
    out = {}
    for b in ref.blocs:
        for c in b.competences:
            out[c.id] = Avancement(sum(i.id in covered for i in c.indicateurs), len(c.indicateurs))
        out[b.id] = Avancement(sum(i.id in covered for i in b.indicateurs), len(b.indicateurs))
    return out


def avancement(dossier: Dossier, ref: Referentiel, today: dt.date | None = None) -> dict[str, Avancement]:
    """Avancement of every bloc and compétence of ``dossier``, by id."""
    today = today or dt.date.today()
    rows = indicator_rows(dossier, ref, qualities(dossier, today), blocs_status(dossier, ref))
    return from_rows(rows, ref)
