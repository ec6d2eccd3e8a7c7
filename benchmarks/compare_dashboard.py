"""Compare the cold dashboard of this working tree with the code of another revision, in one run.

``python benchmarks/compare_dashboard.py --base integ [--count 500] [--rounds 7]``: the package of ``--base`` is
extracted (``git archive``) into a temporary folder; then, round after round and in alternating order, a fresh Python
of each version computes the dashboard of the same generated dossiers with an empty index, with 1 and 2 processes.
Printed: wall-clock medians and minima, the CPU time of the process and its workers (start-up included), and the
ratios of this tree to the base. CPU time is the steadier figure on a shared machine. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import datetime as dt, resource, sys, tempfile, time
try:
    from vae_toolkit.dashboard.table import dashboard
except ImportError:  # a revision from before the dashboard became its own layer
    from vae_toolkit.analysis.dashboard import dashboard
folder, workers = sys.argv[1], int(sys.argv[2])
with tempfile.TemporaryDirectory() as cache:
    start = time.perf_counter()
    frame = dashboard(folder, workers=workers, cache=cache, today=dt.date(2026, 11, 30))
    wall = time.perf_counter() - start
cpu = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
          for f in ("ru_utime", "ru_stime"))
print(wall, cpu, len(frame))
"""


def _fr(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tableau de bord à froid : ce dossier de travail contre une révision.")
    parser.add_argument("--base", default="integ", help="révision de comparaison (par défaut integ)")
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        base.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.base, "vae_toolkit"], capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
        folder = Path(tmp) / "dossiers"
        generate(folder, args.count, seed=1)
        versions = {args.base: str(base), "ce dossier": str(ROOT)}
        wall: dict[tuple[str, int], list[float]] = {(v, w): [] for v in versions for w in (1, 2)}
        cpu: dict[tuple[str, int], list[float]] = {(v, w): [] for v in versions for w in (1, 2)}
        load = [os.getloadavg()[0]]
        for n in range(args.rounds):
            order = list(versions.items()) if n % 2 == 0 else list(reversed(versions.items()))
            for workers in (2, 1):
                for name, path in order:
                    env = dict(os.environ, PYTHONPATH=path)
                    run = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(workers)], env=env, cwd=tmp,
                                         capture_output=True, text=True)
                    if run.returncode != 0:
                        print(f"échec de la version {name} :\n{run.stderr}", file=sys.stderr)
                        return 1
                    out = run.stdout.split()
                    wall[(name, workers)].append(float(out[0]))
                    cpu[(name, workers)].append(float(out[1]))
        load.append(os.getloadavg()[0])
    print(f"{args.count} dossiers, {args.rounds} tours, {os.cpu_count()} cœur(s), charge {_fr(load[0])} puis {_fr(load[1])}")
    for (name, workers), times in wall.items():
        print(f"{name:>12}, {workers} processus : médiane {_fr(statistics.median(times))} s, minimum "
              f"{_fr(min(times))} s, temps processeur {_fr(statistics.median(cpu[(name, workers)]))} s")
    for workers in (1, 2):
        ratio = statistics.median(wall[("ce dossier", workers)]) / statistics.median(wall[(args.base, workers)])
        ratio_cpu = statistics.median(cpu[("ce dossier", workers)]) / statistics.median(cpu[(args.base, workers)])
        print(f"rapport à {args.base}, {workers} processus : durée × {_fr(ratio)}, temps processeur × {_fr(ratio_cpu)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
