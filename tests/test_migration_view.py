"""The counsellor's screen to carry a dossier to another référentiel: the model, then the view driven like a user."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_referentiel_migrate import NEW, renamed_copy

from vae_toolkit.errors import VaeError
from vae_toolkit.journey.migration_plan import MigrationPlan
from vae_toolkit.storage.dossier import load_dossier
from vae_toolkit.ui.migration_view import MigrationView, migration_screen


@pytest.fixture
def extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "refs"
    monkeypatch.setenv("VAE_REFERENTIELS", str(folder))
    renamed_copy(folder, drop="B1.K3.I4", successor=False)
    return folder


def test_the_plan_lists_what_to_map_and_nothing_moves_before_apply(demo_folder: Path, extra: Path) -> None:
    raw = (demo_folder / "dossier.yaml").read_bytes()
    plan = MigrationPlan(demo_folder)
    assert NEW in plan.targets and plan.mapping is None
    plan.choose(NEW)
    unmatched = [r for r in plan.rows() if r.nouveau is None]
    assert [(r.kind, r.ancien) for r in unmatched] == [("unites", "BC01.C3.I4")]
    assert {lien.ancien for lien in plan.lost()} == {"BC01.C3.I4"}
    with pytest.raises(VaeError, match="doit aller vers un indicateur"):
        plan.set("BC01.C3.I4", "B1")  # a bloc is no indicateur
    plan.set("BC01.C3.I4", "B1.K3.I4")
    assert plan.lost() == []
    assert (demo_folder / "dossier.yaml").read_bytes() == raw
    report = plan.apply()
    assert "Tous les liens ont été reportés" in report
    assert load_dossier(demo_folder).model.certification == NEW and plan.old.code == NEW


def test_the_view_maps_by_hand_then_moves(demo_folder: Path, extra: Path) -> None:
    view = MigrationView(demo_folder)
    assert "Camille Ferrand" in view.head.value and view.apply.disabled
    view.target.value = NEW
    assert "2 lien(s) ne seraient pas reportés" in view.summary.value and "note" in view.summary.value
    view.choices["BC01.C3.I4"].value = "B1.K3.I4"
    assert "Tous les liens du dossier seront reportés" in view.summary.value
    view.apply.click()
    assert "reporté de RNCP39644 vers RNCP99644" in view.report.value
    after = load_dossier(demo_folder).model
    assert after.certification == NEW and after.migrations[-1].non_repris == []
    assert "RNCP99644" in view.head.value and view.target.value == ""


def test_the_screen_explains_a_missing_folder(tmp_path: Path) -> None:
    screen = migration_screen(tmp_path / "absent")
    assert "n’existe pas" in screen.children[1].value
