"""One entry point for every benchmark: ``python benchmarks/run.py [--quick] [--only NAME] [--markdown]``.

Every ``benchmarks/bench_*.py`` is found and run (a new one is picked up without touching this file),
following the protocol of ``_common.py``; then one table of medians, ratios and growth is printed, with
the machine it ran on. A benchmark that fails is reported and the others still run (exit code 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import sys
import tempfile
import time
import traceback
from dataclasses import asdict
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _common  # noqa: E402
from _common import Context, Row, machine, markdown, print_table  # noqa: E402

QUICK = {"repeat": 1, "sizes": (1, 10), "counts": (10, 50)}
"""``--quick``: one measured call per case, no warm-up, small sizes: enough to see every row and catch a
broken benchmark (tests/test_benchmarks.py), not to quote figures."""


def discover(only: list[str] | None = None) -> list[Path]:
    """The ``bench_*.py`` files beside this one, by name; ``only`` keeps those named (« cli » or « bench_cli »)."""
    found = sorted(HERE.glob("bench_*.py"))
    if only:
        wanted = {name.removeprefix("bench_").removesuffix(".py") for name in only}
        unknown = wanted - {p.stem.removeprefix("bench_") for p in found}
        if unknown:
            names = ", ".join(p.stem.removeprefix("bench_") for p in found)
            raise SystemExit(f"Mesure inconnue : {', '.join(sorted(unknown))} (disponibles : {names}).")
        found = [p for p in found if p.stem.removeprefix("bench_") in wanted]
    return found


def load(path: Path) -> ModuleType:
    """Import a bench file under a private name (``benchmarks/`` is on sys.path for ``_common`` and ``generate``)."""
    spec = importlib.util.spec_from_file_location(f"vae_bench_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # a bench may define dataclasses, which look their module up
    spec.loader.exec_module(module)
    return module


def run_one(path: Path, ctx: Context) -> tuple[list[Row], str | None]:
    """(rows, None) or ([], French error). A module with only ``main(argv)`` prints its own figures."""
    try:
        module = load(path)
        if hasattr(module, "run"):
            return list(module.run(ctx)), None
        if hasattr(module, "main"):
            code = module.main([])
            return [], None if not code else f"code de sortie {code}"
        return [], "ni run(ctx) ni main(argv)"
    except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
        return [], traceback.format_exc(limit=3).strip().splitlines()[-1]


def _load() -> str:
    """The 1-minute load average: other work on the machine slows every figure (« inconnue » off POSIX)."""
    try:
        return f"{os.getloadavg()[0]:.2f}".replace(".", ",")
    except (AttributeError, OSError):
        return "inconnue"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lance toutes les mesures de performance et imprime le tableau.")
    parser.add_argument("--quick", action="store_true", help="version courte (1 mesure par cas, petites tailles)")
    parser.add_argument("--only", action="append", metavar="NOM", help="seulement cette mesure (répétable)")
    parser.add_argument("--repeat", type=int, default=None, help="répétitions par cas (7 par défaut)")
    parser.add_argument("--markdown", action="store_true", help="imprimer aussi le tableau en Markdown")
    parser.add_argument("--json", type=Path, metavar="FICHIER", help="écrire aussi les mesures brutes en JSON")
    args = parser.parse_args(argv)
    benches = discover(args.only)
    settings = QUICK if args.quick else {}
    if args.quick:
        _common.WARMUP = 0
    if args.repeat:
        settings = settings | {"repeat": args.repeat}
    all_rows: list[Row] = []
    by_bench: dict[str, list[Row]] = {}
    summary: list[str] = []
    failed = 0
    started = time.perf_counter()
    load_before = _load()
    with tempfile.TemporaryDirectory(prefix="vae-bench-") as tmp:
        for path in benches:
            workdir = Path(tmp) / path.stem
            workdir.mkdir()
            ctx = Context(workdir=workdir, quick=args.quick, **settings)
            print(f"… {path.name}", file=sys.stderr, flush=True)
            t0 = time.perf_counter()
            rows, error = run_one(path, ctx)
            elapsed = time.perf_counter() - t0
            all_rows += rows
            by_bench[path.name] = rows
            if error:
                failed += 1
                summary.append(f"{path.name} : ÉCHEC – {error}")
            else:
                groups = " · ".join(dict.fromkeys(r.group for r in rows)) or "sortie propre"
                summary.append(f"{path.name} : {len(rows)} ligne(s) [{groups}] en {elapsed:.0f} s")
    print(f"Mesures du {dt.datetime.now():%d/%m/%Y %H:%M}" + (" (version courte)" if args.quick else ""))
    facts = machine() | {"charge moyenne (1 min) avant / après": f"{load_before} / {_load()}"}
    for key, value in facts.items():
        print(f"  {key} : {value}")
    print()
    print_table(all_rows)
    print()
    print("\n".join(summary))
    print(f"Durée totale : {time.perf_counter() - started:.0f} s")
    if args.markdown:
        print()
        print(markdown(all_rows))
    if args.json:
        data = {"machine": facts, "quick": args.quick,
                "benches": {name: [asdict(r) | {"median": r.median} for r in rows] for name, rows in by_bench.items()}}
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
