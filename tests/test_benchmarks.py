"""The benchmark entry point runs every bench module and prints its rows; no timing is asserted here."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
# Rows each of our own benches must print in quick mode (sizes 1 and 10, 10 and 50 dossiers).
EXPECTED = {
    "bench_cli.py": ["python -c pass", "python -c \"import vae_toolkit\"", "vae check, 1 situation",
                     "vae check, 10 situations", "vae status, 1 situation", "vae status, 10 situations"],
    "bench_gaps.py": ["analyse, 1 situation", "analyse, 10 situations", "chargement, 10 situations"],
    "bench_save.py": ["sans modification ailleurs, 10 situations",
                      "fusion avec une modification faite ailleurs, 10 situations"],
    "bench_dashboard.py": ["10 dossiers, 1 processus", "50 dossiers, 1 processus",
                           "50 dossiers, rien de changé (index)", "50 dossiers, un dossier modifié (index)",
                           "vae dashboard --json, 50 dossiers, index à jour"],
    "bench_memory.py": ["démo (10 situations)", "20 situations", "200 expériences"],
}


def bench_module(name: str) -> ModuleType:
    """A module of benchmarks/ loaded under a private name, leaving sys.path as it was."""
    saved = list(sys.path)
    try:
        spec = importlib.util.spec_from_file_location(f"_test_bench_{name}", BENCH / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path[:] = saved


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    """(printed output, the --json data) of one quick run of every benchmark."""
    raw = tmp_path_factory.mktemp("bench") / "mesures.json"
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, str(BENCH / "run.py"), "--quick", "--json", str(raw)], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout, json.loads(raw.read_text(encoding="utf-8"))


def _table_lines(output: str) -> list[str]:
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:3] == ["mesure", "cas", "médiane"])
    end = lines.index("", start)
    return lines[start + 2:end]


def test_every_bench_module_is_run_and_its_rows_are_in_the_table(quick_run: tuple[str, dict]) -> None:
    output, data = quick_run
    table = _table_lines(output)
    for path in sorted(BENCH.glob("bench_*.py")):
        assert path.name in data["benches"], f"{path.name} was not discovered"
        rows = data["benches"][path.name]
        assert rows, f"{path.name} printed no row"
        assert re.search(rf"^{re.escape(path.name)} : {len(rows)} ligne\(s\)", output, re.MULTILINE)
        for row in rows:
            assert row["times"] and row["median"] >= 0
            assert any(line.startswith(row["group"]) and f"  {row['case']}" in line for line in table), row
    assert len(table) == sum(len(rows) for rows in data["benches"].values())


def test_the_table_has_our_rows_with_medians_ratios_and_growth(quick_run: tuple[str, dict]) -> None:
    table = quick_run[0].splitlines()
    assert any(line.split()[:3] == ["mesure", "cas", "médiane"] for line in table if line.strip())
    for bench, cases in EXPECTED.items():
        for case in cases:
            assert any(f"  {case}  " in line or line.rstrip().endswith(case) or f"  {case} (" in line
                       for line in table), f"{bench}: row {case!r} missing"
    check10 = next(line for line in table if "vae check, 10 situations" in line)
    assert "python -c pass" in check10 and "pour taille × 10" in check10
    assert re.search(r"\d+,\d (ms|s)", check10)
    memory = next(line for line in table if "200 expériences" in line)
    assert re.search("mémoire max [1-9]\\d*\u00a0Mo, source 0,\\d\\d\u00a0M signes, volume .*, écrit", memory)


def test_the_machine_is_printed(quick_run: tuple[str, dict]) -> None:
    output, data = quick_run
    for key, value in data["machine"].items():
        assert f"  {key} : {value}" in output


def test_only_keeps_the_named_bench_and_refuses_an_unknown_one() -> None:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    bad = subprocess.run([sys.executable, str(BENCH / "run.py"), "--only", "inexistant"], capture_output=True,
                         text=True, encoding="utf-8", env=env, timeout=60)
    assert bad.returncode == 1 and "Mesure inconnue : inexistant" in bad.stderr
    run = bench_module("run")
    assert [p.name for p in run.discover(["gaps"])] == ["bench_gaps.py"]
    assert [p.name for p in run.discover(["bench_cli"])] == ["bench_cli.py"]


def test_generated_dossiers_are_valid_sized_and_one_of_a_folder_broken(tmp_path: Path) -> None:
    generate = bench_module("generate")
    from vae_toolkit.dashboard.table import dashboard
    from vae_toolkit.storage.dossier import load_dossier

    for n in (1, 10):
        assert len(load_dossier(generate.write_dossier(tmp_path / f"d{n}", n)).model.situations) == n
    same_seed = generate.generated_dossier(random.Random(3), 0, 5), generate.generated_dossier(random.Random(3), 0, 5)
    assert same_seed[0] == same_seed[1]  # deterministic...
    assert generate.generated_dossier(random.Random(4), 0, 5) != same_seed[0]  # ...because it follows its seed
    folders = generate.generate(tmp_path / "groupe", 6, seed=2)
    frame = dashboard(tmp_path / "groupe", workers=1).set_index("dossier")
    broken = folders[-1].relative_to(tmp_path / "groupe").as_posix()
    assert len(frame) == 6 and frame["erreur"].notna().sum() == 1 and frame.loc[broken, "erreur"]


def test_a_failing_bench_is_reported_and_a_main_only_bench_runs(tmp_path: Path) -> None:
    run = bench_module("run")
    common = bench_module("_common")
    ctx = common.Context(workdir=tmp_path, repeat=1)
    broken = tmp_path / "bench_casse.py"
    broken.write_text("def run(ctx):\n    raise RuntimeError('disque absent')\n", encoding="utf-8")
    assert run.run_one(broken, ctx) == ([], "RuntimeError: disque absent")
    legacy = tmp_path / "bench_ancien.py"
    legacy.write_text("def main(argv):\n    print('mesuré')\n    return 0\n", encoding="utf-8")
    assert run.run_one(legacy, ctx) == ([], None)
    neither = tmp_path / "bench_vide.py"
    neither.write_text("X = 1\n", encoding="utf-8")
    assert run.run_one(neither, ctx) == ([], "ni run(ctx) ni main(argv)")
