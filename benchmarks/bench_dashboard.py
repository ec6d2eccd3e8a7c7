"""Time the counsellor's dashboard over many generated dossiers (one of them broken).

``run(ctx)`` is what ``benchmarks/run.py`` calls: the dashboard over 10, 100 and 500 dossiers in one process
without the index (the baseline), then 500 and 5,000 dossiers cold (empty index, every core), warm (nothing
changed) and with one dossier changed, and ``vae dashboard --json`` as a user starts it. Standalone:
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
    """The dashboard over ``ctx.counts`` dossiers read one by one (no index, one process: the baseline), then the
    largest count and 5,000 (full run only) cold with the index and every core, warm with nothing changed, warm with
    one dossier changed, and ``vae dashboard --json`` as a user starts it.

    Half the usual repeats: 500 dossiers take seconds. Cold cases start from an empty cache folder each time."""
    from vae_toolkit.dashboard.table import dashboard

    rows = []
    repeat = max(1, ctx.repeat // 2)
    for count in ctx.counts:
        folder = ctx.workdir / f"dashboard-{count}"
        generate(folder, count, seed=ctx.seed)
        rows.append(Row(GROUP, f"{count} dossiers, 1 processus", measure(
            lambda f=folder: dashboard(f, workers=1, cache=False), repeat), series="1 processus", size=count))
    baseline = rows[-1].case
    cores = os.cpu_count() or 1
    sizes = [max(ctx.counts)] + ([] if ctx.quick else [5000])
    for count in sizes:
        folder = ctx.workdir / f"dashboard-{count}"
        if not folder.exists():
            generate(folder, count, seed=ctx.seed)
        rows += _indexed(ctx, folder, count, cores, repeat, baseline)
    largest = ctx.workdir / f"dashboard-{max(ctx.counts)}"
    env_cache = os.environ.get("VAE_CACHE")
    os.environ["VAE_CACHE"] = str(ctx.workdir / "cache-cli")  # the benchmark's own cache, not the user's
    try:
        rows.append(Row(GROUP, f"vae dashboard --json, {max(ctx.counts)} dossiers, index à jour",
                        measure_command([*vae_command(), "dashboard", largest, "--json"], repeat),
                        baseline=baseline))
    finally:
        if env_cache is None:
            os.environ.pop("VAE_CACHE", None)
        else:
            os.environ["VAE_CACHE"] = env_cache
    return rows


def _indexed(ctx: Context, folder: Path, count: int, cores: int, repeat: int, baseline: str) -> list[Row]:
    """Cold (empty cache, every core), warm (nothing changed) and one dossier changed, over ``folder``."""
    from vae_toolkit.dashboard import index as dashboard_index
    from vae_toolkit.dashboard.table import dashboard
    from vae_toolkit.storage.dossier import DossierSession

    caches = iter(range(1_000_000))

    def cold() -> None:
        dashboard(folder, workers=cores, cache=ctx.workdir / f"cache-{count}-{next(caches)}")

    cache = ctx.workdir / f"cache-{count}-chaud"
    # Files written less than RACY_NS ago are checked by fingerprint; wait so that the warm case is the usual one
    # (a look at dossiers not touched in the last seconds), then measure both.
    time.sleep(dashboard_index.RACY_NS / 1e9)
    dashboard(folder, workers=cores, cache=cache)
    rows = [Row(GROUP, f"{count} dossiers, à froid, index créé, {cores} processus", measure(cold, repeat, warmup=0),
                baseline=baseline, series="à froid", size=count),
            Row(GROUP, f"{count} dossiers, rien de changé (index)", measure(
                lambda: dashboard(folder, workers=cores, cache=cache), repeat), baseline=baseline,
                series="rien de changé", size=count)]
    first = sorted(p for p in folder.rglob("dossier.yaml") if "historique" not in p.parts)[0].parent
    times = []
    for n in range(repeat):
        session = DossierSession(first)
        session.dossier.notes = f"modification {n}"
        session.save()
        start = time.perf_counter()
        dashboard(folder, workers=cores, cache=cache)
        times.append(time.perf_counter() - start)
    rows.append(Row(GROUP, f"{count} dossiers, un dossier modifié (index)", times, baseline=baseline,
                    series="un modifié", size=count))
    return rows


def _fr(value: float, digits: int) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Durée du tableau de bord sur des dossiers générés.")
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    from vae_toolkit.dashboard.table import dashboard

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        generate(tmp, args.count)
        print(f"{args.count} dossiers générés en {_fr(time.perf_counter() - start, 1)} s sur {os.cpu_count()} cœur(s)")
        for workers in args.workers:
            start = time.perf_counter()
            frame = dashboard(tmp, workers=workers, cache=False)
            elapsed = time.perf_counter() - start
            broken = int(frame["erreur"].notna().sum())
            print(f"tableau de bord, {workers} processus\u00a0: {_fr(elapsed, 2)} s "
                  f"({_fr(1000 * elapsed / max(len(frame), 1), 1)} ms par dossier, {len(frame)} lignes, "
                  f"{broken} en erreur)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
