"""Time the counsellor's dashboard over many generated dossiers (one of them broken).

``run(ctx)`` is what ``benchmarks/run.py`` calls: the dashboard over 10, 100 and 500 dossiers in one process,
over 500 with every core, and ``vae dashboard --json`` as a user starts it. Standalone:
``python benchmarks/bench_dashboard.py [--count 500] [--workers 1 2]``. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Context, Row, measure, measure_command, vae_command  # noqa: E402
from generate import generate  # noqa: E402

GROUP = "tableau de bord"


def run(ctx: Context) -> list[Row]:
    """The dashboard over ``ctx.counts`` dossiers (one worker), then the largest with every core and via the CLI.

    Half the usual repeats: 500 dossiers take seconds. The pool and the CLI are measured cold (no warm-up),
    as a counsellor meets them."""
    from vae_toolkit.analysis.dashboard import dashboard

    rows = []
    repeat = max(1, ctx.repeat // 2)
    for count in ctx.counts:
        folder = ctx.workdir / f"dashboard-{count}"
        generate(folder, count, seed=ctx.seed)
        rows.append(Row(GROUP, f"{count} dossiers, 1 processus", measure(lambda f=folder: dashboard(f, workers=1),
                                                                          repeat),
                        series="1 processus", size=count))
    largest = ctx.workdir / f"dashboard-{max(ctx.counts)}"
    cores = os.cpu_count() or 1
    if cores > 1:
        rows.append(Row(GROUP, f"{max(ctx.counts)} dossiers, {cores} processus",
                        measure(lambda: dashboard(largest, workers=cores), repeat, warmup=0),
                        baseline=rows[-1].case))
    rows.append(Row(GROUP, f"vae dashboard --json, {max(ctx.counts)} dossiers",
                    measure_command([*vae_command(), "dashboard", largest, "--json"], repeat, warmup=0),
                    baseline=rows[len(ctx.counts) - 1].case))
    return rows


def _fr(value: float, digits: int) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Durée du tableau de bord sur des dossiers générés.")
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    from vae_toolkit.analysis.dashboard import dashboard

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        generate(tmp, args.count)
        print(f"{args.count} dossiers générés en {_fr(time.perf_counter() - start, 1)} s sur {os.cpu_count()} cœur(s)")
        for workers in args.workers:
            start = time.perf_counter()
            frame = dashboard(tmp, workers=workers)
            elapsed = time.perf_counter() - start
            broken = int(frame["erreur"].notna().sum())
            print(f"tableau de bord, {workers} processus\u00a0: {_fr(elapsed, 2)} s "
                  f"({_fr(1000 * elapsed / max(len(frame), 1), 1)} ms par dossier, {len(frame)} lignes, "
                  f"{broken} en erreur)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
