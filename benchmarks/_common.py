"""The small protocol every ``benchmarks/bench_*.py`` module follows, and the table ``run.py`` prints.

A module exposes ``run(ctx: Context) -> list[Row]`` (preferred) or ``main(argv) -> int`` (it then prints
its own figures). A :class:`Row` holds every measured time of one case; the table shows the median, the
ratio to the row named as its ``baseline`` and, for rows of one ``series``, how the time grows with ``size``.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Context:
    """What ``run.py`` hands every benchmark: where to write, how many repeats, the seed."""

    workdir: Path
    repeat: int = 7
    quick: bool = False
    seed: int = 2026
    sizes: tuple[int, ...] = (1, 10, 100)
    counts: tuple[int, ...] = (10, 100, 500)


@dataclass
class Row:
    """One measured case: ``times`` in seconds; ``baseline`` names another row of the same group."""

    group: str
    case: str
    times: list[float]
    baseline: str | None = None
    series: str | None = None
    size: int | None = None
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return median(self.times)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


WARMUP = 1
"""Unmeasured calls before each case when a benchmark does not say; ``run.py --quick`` sets 0."""


def measure(fn: Callable[[], object], repeat: int, warmup: int | None = None) -> list[float]:
    """Wall time of ``repeat`` calls of ``fn`` after ``warmup`` unmeasured calls (default :data:`WARMUP`)."""
    for _ in range(WARMUP if warmup is None else warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def measure_command(argv: Sequence[str | Path], repeat: int, warmup: int | None = None,
                    cwd: Path | None = None) -> list[float]:
    """Wall time of a whole subprocess (start-up included), output discarded; a failure stops the benchmark."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    args = [str(a) for a in argv]

    def once() -> None:
        done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"{' '.join(args)} a échoué ({done.returncode}) : {done.stderr.decode()[-500:]}")

    return measure(once, repeat, warmup)


def vae_command() -> list[str]:
    """How a user starts ``vae``: the console script beside this Python, else ``python -m vae_toolkit``."""
    script = Path(sys.executable).with_name("vae")
    if script.exists():
        return [str(script)]
    found = shutil.which("vae")
    return [found] if found else [sys.executable, "-m", "vae_toolkit"]


def machine() -> dict[str, str]:
    """The facts that make figures comparable: cores, CPU model, Python, OS."""
    cpu = platform.processor() or "inconnu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cœurs (nproc)": str(os.cpu_count()),
        "processeur": cpu,
        "python": platform.python_version(),
        "système": f"{platform.system()} {platform.release()}",
    }


def _fmt(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms".replace(".", ",")
    return f"{seconds:.2f} s".replace(".", ",")


def _ratio(value: float) -> str:
    return f"× {value:.2f}".replace(".", ",")


def table(rows: Sequence[Row]) -> list[list[str]]:
    """Header + one line per row: group, case, median, min, n, ratio to baseline, growth in the series."""
    by_name = {(r.group, r.case): r for r in rows}
    firsts: dict[tuple[str, str], Row] = {}
    out = [["mesure", "cas", "médiane", "min", "n", "rapport", "croissance"]]
    for r in rows:
        ratio = ""
        base = by_name.get((r.group, r.baseline)) if r.baseline else None
        if base is not None and base.median > 0:
            ratio = f"{_ratio(r.median / base.median)} {r.baseline}"
        growth = ""
        if r.series is not None and r.size is not None:
            first = firsts.setdefault((r.group, r.series), r)
            if first is not r and first.size and first.median > 0:
                growth = f"{_ratio(r.median / first.median)} pour taille × {r.size / first.size:g}".replace(".", ",")
        cells = [r.group, r.case, _fmt(r.median), _fmt(min(r.times)), str(len(r.times)), ratio, growth]
        if r.note:
            cells[1] += f" ({r.note})"
        out.append(cells)
    return out


def print_table(rows: Sequence[Row]) -> None:
    """Aligned plain-text table on stdout."""
    lines = table(rows)
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    for n, line in enumerate(lines):
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def markdown(rows: Sequence[Row]) -> str:
    """The same table as Markdown (for docs/performance.md)."""
    lines = table(rows)
    out = ["| " + " | ".join(lines[0]) + " |", "|" + "---|" * len(lines[0])]
    out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in line) + " |" for line in lines[1:]]
    return "\n".join(out)
