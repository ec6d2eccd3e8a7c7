"""``vae gaps`` run for real on the demo dossier: text, ``--json`` keyed by stable IDs, ``--csv``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from vae_toolkit.models.referentiel import Referentiel

DATE = "2026-11-28"
# The demo's deliberate gaps (docs/demo.md), as tests/test_analysis_gaps.py checks them on the model.
DEMO_GAPS = {"BC01.C3.I3": "lacune", "BC02.C3.I1": "lacune", "BC02.C1.I1": "lacune", "BC02.C1.I2": "a_etayer"}


def test_text_lists_every_indicator_with_its_status(vae, demo_folder: Path, ref: Referentiel) -> None:
    out = vae("gaps", demo_folder, "--date", DATE, check=True).stdout
    assert out.startswith("Analyse des écarts – Camille Ferrand")
    assert "Au 28/11/2026\u00a0: 24 couverts, 1 à étayer, 3 lacunes sur 28 indicateurs." in out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("    BC")}
    assert list(lines) == [i.id for i in ref.indicateurs]
    assert "Lacune" in lines["BC01.C3.I3"] and "À étayer" in lines["BC02.C1.I2"]
    assert "Recommandations" in out and "[Haute]" in out


def test_json_is_keyed_by_stable_ids_and_matches_the_demo_gaps(vae, demo_folder: Path, ref: Referentiel) -> None:
    data = json.loads(vae("gaps", demo_folder, "--json", "--date", DATE, check=True).stdout)
    assert list(data["indicateurs"]) == [i.id for i in ref.indicateurs]
    assert list(data["competences"]) == [c.id for c in ref.competences]
    assert {k: v["statut"] for k, v in data["indicateurs"].items() if v["statut"] != "couvert"} == DEMO_GAPS
    assert set(data["fonctions"]) == {f.id for f in ref.fonctions}
    assert data["date"] == DATE and data["certification"] == ref.code


def test_csv_has_one_row_per_indicator(vae, demo_folder: Path, ref: Referentiel) -> None:
    out = vae("gaps", demo_folder, "--csv", "--date", DATE, check=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == [i.id for i in ref.indicateurs]
    by_id = {r["id"]: r for r in rows}
    assert by_id["BC01.C3.I3"]["statut"] == "lacune" and by_id["BC01.C3.I3"]["auto_evaluation"] == "1"
    assert by_id["BC01.C1.I1"]["raison"].startswith("2 situations complètes (")


def test_json_and_csv_together_and_a_missing_folder_are_refused(vae, tmp_path: Path) -> None:
    both = vae("gaps", tmp_path, "--json", "--csv")
    assert both.returncode == 2 and "incompatible" in both.stderr
    missing = vae("gaps", tmp_path / "absent")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr and missing.stderr.strip()


def test_check_and_status_load_neither_pandas_nor_jupyter(demo_folder: Path) -> None:
    """Their cold start is the figure docs/performance.md quotes: pandas alone would double it."""
    import subprocess
    import sys

    heavy = ("pandas", "matplotlib", "nbformat", "nbconvert", "ipywidgets", "jupyter_client")
    for command in ("check", "status"):
        code = (f"import sys, contextlib, io\nfrom vae_toolkit.cli.main import main\n"
                f"with contextlib.redirect_stdout(io.StringIO()):\n    main([{command!r}, {str(demo_folder)!r}])\n"
                f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "[]", (command, out.stdout)


def _frame_json(frame) -> dict:
    """A table as the DataFrame path of ``gaps_as_json`` gave it before the records path: one dict per row id."""
    import math

    import pandas as pd

    def plain(value):
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return None
        return value.item() if hasattr(value, "item") else value

    return {str(i): {k: plain(v) for k, v in row.items()} for i, row in zip(frame.index, frame.to_dict("records"),
                                                                            strict=True)}


def test_gaps_text_and_json_load_neither_pandas_nor_matplotlib_and_match_the_dataframes(
        demo_folder: Path, ref: Referentiel) -> None:
    """``vae gaps`` and ``--json`` read the analysis's plain records; their JSON is the DataFrames' one, byte for byte."""
    import subprocess
    import sys

    from vae_toolkit.analysis.gaps import analyse, gaps_as_json
    from vae_toolkit.storage.dossier import load_dossier

    heavy = ("pandas", "numpy", "matplotlib", "nbformat", "nbconvert", "ipywidgets", "jupyter_client", "IPython")
    outputs = {}
    for extra in (["--json"], []):
        args = ["gaps", str(demo_folder), "--date", DATE, *extra]
        code = (f"import sys, contextlib, io, json\nfrom vae_toolkit.cli.main import main\nout = io.StringIO()\n"
                f"with contextlib.redirect_stdout(out):\n    main({args!r})\n"
                f"print(json.dumps([sorted(m for m in {heavy!r} if m in sys.modules), out.getvalue()]))")
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                             check=True)
        loaded, outputs[bool(extra)] = json.loads(run.stdout)
        assert loaded == [], (extra, loaded)

    import datetime as dt

    a = analyse(load_dossier(demo_folder).model, ref, today=dt.date.fromisoformat(DATE))
    expected = gaps_as_json(a) | {name: _frame_json(getattr(a, name)) for name in
                                  ("indicateurs", "competences", "blocs", "fonctions", "auto_vs_preuves")}
    assert outputs[True] == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    text, counts = outputs[False], a.indicateurs["statut"].value_counts()
    assert f"{counts['couvert']} couverts, {counts['a_etayer']} à étayer, {counts['lacune']} lacunes" in text
    lines = {line.split()[0]: line for line in text.splitlines() if line.startswith("    BC")}
    assert {i: a.indicateurs.at[i, "statut_libelle"] in line for i, line in lines.items()} == dict.fromkeys(
        a.indicateurs.index, True)
    for bloc_id, b in a.blocs.iterrows():
        assert f"{ref.label(bloc_id)} {b['intitule']} — {b['preparation_libelle']}" in text  # « BC01 (DC1) »
