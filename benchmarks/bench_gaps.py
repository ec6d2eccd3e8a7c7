"""The gap analysis in one process: ``analyse`` on dossiers of 1, 10 and 100 situations, and how it grows.

Loading the file is measured beside it (same sizes) so the table shows what the analysis itself costs.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Context, Row, measure  # noqa: E402
from generate import write_dossier  # noqa: E402

GROUP = "analyse des écarts"
TODAY = dt.date(2026, 11, 28)


def run(ctx: Context) -> list[Row]:
    """For each size: ``load_dossier``, then ``analyse`` (ratio to the load), then ``gaps_as_json``."""
    from vae_toolkit.analysis.gaps import analyse, gaps_as_json
    from vae_toolkit.referentiels import load_referentiel
    from vae_toolkit.storage.dossier import load_dossier

    rows = []
    for n in ctx.sizes:
        folder = write_dossier(ctx.workdir / f"gaps-{n}", n, seed=ctx.seed)
        dossier = load_dossier(folder).model
        ref = load_referentiel(dossier.certification)
        label = f"{n} situation{'s' if n > 1 else ''}"
        load = Row(GROUP, f"chargement, {label}", measure(lambda f=folder: load_dossier(f), ctx.repeat),
                   series="chargement", size=n)
        rows.append(load)
        rows.append(Row(GROUP, f"analyse, {label}",
                        measure(lambda d=dossier, r=ref: analyse(d, r, today=TODAY), ctx.repeat),
                        baseline=load.case, series="analyse", size=n))
        result = analyse(dossier, ref, today=TODAY)
        rows.append(Row(GROUP, f"JSON de l’analyse, {label}", measure(lambda a=result: gaps_as_json(a), ctx.repeat),
                        series="JSON", size=n))
    return rows
