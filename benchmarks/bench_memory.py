"""Memory of a PDF export: the peak resident memory of ``vae export`` (a whole process) as the livret grows.

Typst lays the whole document out in memory before writing the PDF, so memory grows with the length of the
Typst source. Each case runs ``vae export DIR --format pdf`` in a child process that reports its own peak
(``ru_maxrss``): the time is in the table, the peak memory, the source length and the outcome in the note.
The largest cases are the attack's (5,000 situations; 10,000 experiences): they must be refused in French,
quickly and with little memory, rather than crash a laptop. Baseline: the demo dossier's livret.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Context, Row  # noqa: E402
from generate import generated_dossier, sentence, write_dossier  # noqa: E402

GROUP = "mémoire de l’export PDF"
BASELINE = "démo (10 situations)"

_CHILD = r"""
import json, resource, sys, time
from vae_toolkit.cli.main import main
from vae_toolkit.export import render
sizes = []
original = render.compile_pdf
def measured(source, *args, **kwargs):
    sizes.append((len(source), render.layout_weight(source)))
    return original(source, *args, **kwargs)
render.compile_pdf = measured
start = time.perf_counter()
code = main(["export", sys.argv[1], "--format", "pdf", "-o", sys.argv[2]])
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
print(json.dumps({"code": code, "seconds": seconds, "peak_mb": peak / 1024,
                  "source": sizes[0][0] if sizes else None, "weight": sizes[0][1] if sizes else None}))
"""


def many_experiences(folder: Path, count: int, seed: int) -> Path:
    """A dossier with ``count`` experiences (the attack's second case), through the storage layer."""
    import datetime as dt

    from vae_toolkit.models.dossier import Experience, Structure
    from vae_toolkit.storage.document import write_document
    from vae_toolkit.storage.dossier import DOSSIER_SPEC, dossier_file

    rng = random.Random(seed)
    dossier = generated_dossier(rng, 0, 3)
    dossier.experiences = [
        Experience(id=f"x{k}", intitule_poste=f"Poste {k}", debut=dt.date(1990 + k % 30, 1, 1),
                   structure=Structure(nom=f"Structure {k}", secteur="médico-social"),
                   missions=[sentence(rng) for _ in range(3)])
        for k in range(count)
    ]
    for s in dossier.situations:
        s.experience_ids = [dossier.experiences[0].id]
    write_document(dossier_file(folder), dossier, DOSSIER_SPEC, None)
    return folder


def measure_export(folder: Path, out: Path) -> dict:
    """Run one export in a child process; its own report (exit code, time, peak memory, source length)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CHILD, str(folder), str(out)], capture_output=True, text=True,
                          encoding="utf-8")
    if not done.stdout.strip():
        raise RuntimeError(f"l’export de {folder} n’a rien rendu ({done.returncode})\u00a0: {done.stderr[-800:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    report["wall"] = time.perf_counter() - start
    report["refused"] = "trop volumineux" in done.stderr
    return report


def _millions(value: float | None) -> str:
    return f"{value / 1e6:.2f}\u00a0M".replace(".", ",") if value else "?"


def _note(report: dict) -> str:
    outcome = "refusé en français" if report["refused"] else ("écrit" if report["code"] == 0 else "échec")
    return (f"mémoire max {report['peak_mb']:.0f}\u00a0Mo, source {_millions(report['source'])} signes, "
            f"volume {_millions(report['weight'])}, {outcome}")


def run(ctx: Context) -> list[Row]:
    from vae_toolkit.demo import write_demo

    cases: list[tuple[str, Path]] = [(BASELINE, write_demo(ctx.workdir / "memoire-demo"))]
    situations = (20,) if ctx.quick else (100, 400, 450, 5000)
    for n in situations:
        cases.append((f"{n} situations", write_dossier(ctx.workdir / f"memoire-{n}", n, seed=ctx.seed)))
    experiences = (200,) if ctx.quick else (1000, 1500, 10000)
    for n in experiences:
        folder = ctx.workdir / f"memoire-exp-{n}"
        folder.mkdir(parents=True, exist_ok=True)
        cases.append((f"{n} expériences", many_experiences(folder, n, ctx.seed)))
    rows = []
    for label, folder in cases:
        report = measure_export(folder, ctx.workdir / f"{folder.name}.pdf")
        rows.append(Row(GROUP, label, [report["wall"]], baseline=None if label == BASELINE else BASELINE,
                        note=_note(report), extra={"peak_mb": f"{report['peak_mb']:.0f}"}))
    return rows


if __name__ == "__main__":
    import tempfile

    from _common import print_table

    with tempfile.TemporaryDirectory() as tmp:
        print_table(run(Context(workdir=Path(tmp), repeat=1)))
