"""Cold start of the commands a candidate types: ``vae check``, ``vae status`` and ``vae gaps``.

Each case is a whole subprocess, Python start-up included, on generated dossiers of 1, 10 and 100 situations,
against ``python -c pass`` and ``python -c "import vae_toolkit"`` measured in the same run. The goal is well
under half a second for each (``gaps`` loads pandas only for ``--csv``); a median above it is marked in the table.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Context, Row, measure_command, vae_command  # noqa: E402
from generate import write_dossier  # noqa: E402

GROUP = "démarrage à froid"
BASELINE = "python -c pass"
GOAL = 0.5
"""Seconds: a command that answers later than this no longer feels instant."""
COMMANDS = ("check", "status", "gaps")


def run(ctx: Context) -> list[Row]:
    """Baselines, then each command on each size, each held to the same goal."""
    python = sys.executable
    rows = [Row(GROUP, BASELINE, measure_command([python, "-c", "pass"], ctx.repeat)),
            Row(GROUP, "python -c \"import vae_toolkit\"",
                measure_command([python, "-c", "import vae_toolkit"], ctx.repeat), baseline=BASELINE)]
    folders = {n: write_dossier(ctx.workdir / f"cli-{n}", n, seed=ctx.seed) for n in ctx.sizes}
    for command in COMMANDS:
        for n, folder in folders.items():
            row = Row(GROUP, f"vae {command}, {n} situation{'s' if n > 1 else ''}",
                      measure_command([*vae_command(), command, folder], ctx.repeat),
                      baseline=BASELINE, series=f"vae {command}", size=n)
            if row.median >= GOAL:
                row.note = "au-delà de l’objectif de 0,5 s"
            rows.append(row)
    return rows
