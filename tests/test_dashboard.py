"""The dashboard: every dossier under a folder, one row each, a broken one flagged without stopping the others."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from vae_toolkit.analysis.coverage import is_gap
from vae_toolkit.dashboard.table import (
    PROGRESS_PREFIX,
    REVIEW_CHANGED,
    REVIEW_CURRENT,
    REVIEW_NEVER,
    dashboard,
    filter_rows,
    find_dossiers,
    sort_rows,
)
from vae_toolkit.analysis.gaps import analyse
from vae_toolkit.errors import VaeError
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.storage.dossier import DossierSession, init_dossier, load_dossier
from vae_toolkit.storage.review import ReviewSession, review_file

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def group(tmp_path: Path, demo_template: Path) -> Path:
    """A counsellor's folder: the demo (reviewed), a new dossier, a broken one, decoys that must be skipped."""
    root = tmp_path / "groupe"
    demo = root / "nord" / "demo"
    shutil.copytree(demo_template, demo)
    review = ReviewSession(demo)
    review.review.avis.avis = "reserve"
    review.mark_reviewed("Claire Roux", load_dossier(demo).fingerprint, dt.datetime(2026, 11, 20, 10, 0))
    review.save()
    init_dossier(root / "sud" / "nouveau", "Durand", "Paul", "RNCP39644")
    broken = root / "sud" / "casse"
    shutil.copytree(demo_template, broken)
    text = (broken / "dossier.yaml").read_text(encoding="utf-8")
    (broken / "dossier.yaml").write_text(text.replace("certification:", "champ_inconnu: oui\ncertification:", 1),
                                         encoding="utf-8")
    (demo / "historique").mkdir(exist_ok=True)
    shutil.copy(demo / "dossier.yaml", demo / "historique" / "dossier.yaml")
    shutil.copy(demo / "dossier.yaml", demo / "pieces" / "dossier.yaml")
    return root


def test_finds_every_dossier_but_never_inside_history_or_pieces(group: Path) -> None:
    assert [p.relative_to(group).as_posix() for p in find_dossiers(group)] == ["nord/demo", "sud/casse", "sud/nouveau"]


def test_missing_folder_is_a_french_error(tmp_path: Path) -> None:
    with pytest.raises(VaeError, match="n’existe pas"):
        find_dossiers(tmp_path / "absent")


def test_one_row_per_dossier_with_the_broken_one_flagged(group: Path, ref: Referentiel) -> None:
    frame = dashboard(group, today=TODAY).set_index("dossier")
    assert list(frame.index) == ["nord/demo", "sud/casse", "sud/nouveau"]
    broken = frame.loc["sud/casse"]
    assert "invalide" in broken["erreur"] and "ligne" in broken["erreur"]
    assert broken["candidat"] == load_dossier(group / "nord" / "demo").model.profil.prenom + " " + \
        load_dossier(group / "nord" / "demo").model.profil.nom
    assert frame.loc[["nord/demo", "sud/nouveau"], "erreur"].isna().all()
    assert [c for c in frame.columns if c.startswith(PROGRESS_PREFIX)] == [PROGRESS_PREFIX + b.id for b in ref.blocs]


def test_counts_and_progress_come_from_the_analyses(group: Path, ref: Referentiel) -> None:
    frame = dashboard(group, today=TODAY).set_index("dossier")
    demo = load_dossier(group / "nord" / "demo").model
    expected = int(analyse(demo, ref).indicateurs["statut"].map(is_gap).sum())
    assert expected > 0
    assert frame.loc["nord/demo", "ecarts"] == expected
    new = frame.loc["sud/nouveau"]
    assert new["ecarts"] == len(ref.indicateurs)
    assert all(new[PROGRESS_PREFIX + b.id] == 0 for b in ref.blocs)
    assert new["blocs_vises"] == ", ".join(b.id for b in ref.blocs)


def test_review_status_and_days_since_review(group: Path) -> None:
    frame = dashboard(group, today=TODAY).set_index("dossier")
    demo = frame.loc["nord/demo"]
    assert (demo["statut_revue"], demo["jours_depuis_revue"], demo["avis"]) == (REVIEW_CURRENT, 11, "Réservé")
    assert frame.loc["sud/nouveau", "statut_revue"] == REVIEW_NEVER
    candidate = DossierSession(group / "nord" / "demo")
    candidate.dossier.notes = "un ajout du candidat"
    candidate.save()
    assert dashboard(group, today=TODAY).set_index("dossier").loc["nord/demo", "statut_revue"] == REVIEW_CHANGED


def test_an_unreadable_review_is_reported_on_its_row(group: Path) -> None:
    review_file(group / "sud" / "nouveau").write_text("schema_version: 1\ncertification: RNCP39644\navis: 3\n",
                                                      encoding="utf-8")
    row = dashboard(group, today=TODAY).set_index("dossier").loc["sud/nouveau"]
    assert row["candidat"] == "Paul Durand"
    assert "La revue" in row["erreur"]


def test_a_process_pool_gives_the_same_rows(group: Path) -> None:
    one = dashboard(group, today=TODAY, workers=1)
    two = dashboard(group, today=TODAY, workers=2)
    assert one.equals(two)


def test_filter_and_sort(group: Path) -> None:
    frame = dashboard(group, today=TODAY)
    assert list(filter_rows(frame, "durand")["dossier"]) == ["sud/nouveau"]
    assert list(filter_rows(frame, errors_only=True)["dossier"]) == ["sud/casse"]
    assert list(filter_rows(frame, statut_revue=REVIEW_NEVER)["dossier"]) == ["sud/nouveau"]
    by_gaps = sort_rows(frame, "Écarts", descending=True)
    assert list(by_gaps["dossier"]) == ["sud/nouveau", "nord/demo", "sud/casse"]  # empty cells last
    with pytest.raises(VaeError, match="Colonne de tri inconnue"):
        sort_rows(frame, "pointure")


def test_cli_table_json_and_csv(group: Path, vae) -> None:  # noqa: ANN001 - the conftest runner
    text = vae("dashboard", group)
    assert text.returncode == 0, text.stderr
    assert "ERREUR" in text.stdout and "3 dossier(s), dont 1 en erreur." in text.stdout
    assert "sud/casse :" in text.stdout and "invalide" in text.stdout
    as_json = vae("dashboard", group, "--json", "--sort", "ecarts", "--desc")
    rows = json.loads(as_json.stdout)
    assert [r["dossier"] for r in rows] == ["sud/nouveau", "nord/demo", "sud/casse"]
    assert rows[2]["erreur"] and rows[2]["ecarts"] is None
    as_csv = vae("dashboard", group, "--csv", "--filter", "Paul")
    header, line = as_csv.stdout.splitlines()[:2]
    assert header.startswith("Dossier;Candidat;Certification;Blocs visés;Avancement")
    assert line.startswith("sud/nouveau;Paul Durand;")
    missing = vae("dashboard", group / "absent")
    assert missing.returncode == 1 and "n’existe pas" in missing.stderr


def test_registering_the_commands_imports_nothing_heavy() -> None:
    import subprocess
    import sys

    code = ("import sys; from vae_toolkit.cli.main import build_parser; build_parser(); "
            "print(sorted(m for m in ('pandas', 'nbformat', 'nbconvert', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_text_table_fits_the_terminal(group: Path, vae, monkeypatch) -> None:  # noqa: ANN001
    """80 columns when not a terminal (or COLUMNS=80); more columns on a wider one; the wide one is --csv."""
    rows = len(find_dossiers(group)) + 1  # header + one line per dossier; then the errors, paths unbroken

    def table(columns: str | None) -> list[str]:
        if columns is None:
            monkeypatch.delenv("COLUMNS", raising=False)
        else:
            monkeypatch.setenv("COLUMNS", columns)
        lines = vae("dashboard", group).stdout.splitlines()
        assert "--csv" in lines[rows]
        return lines[:rows]

    narrow = table(None)
    assert narrow[0].startswith("Candidat") and max(len(line) for line in narrow) <= 80
    assert "Dossier" not in narrow[0]
    wide = table("160")
    assert "Dossier" in wide[0] and max(len(line) for line in wide) <= 160
    assert max(len(line) for line in table("40")) <= 40
