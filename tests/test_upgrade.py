"""Format v2 of dossier.yaml: v1 files (the old demo, a v1 fixture) open, are written as v2 at the next save,
and the v1 bytes stay in historique/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from vae_toolkit.errors import InvalidFileError
from vae_toolkit.models.dossier import SCHEMA_VERSION
from vae_toolkit.models.schema import SCHEMA_DIR
from vae_toolkit.storage.dossier import DossierSession, load_dossier
from vae_toolkit.storage.dossier_upgrades import STEPS, v1_to_v2
from vae_toolkit.storage.history import versions

V1 = Path(__file__).parent / "data" / "v1"


def _folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name.removesuffix(".yaml")
    folder.mkdir()
    shutil.copy(V1 / name, folder / "dossier.yaml")
    return folder


@pytest.mark.parametrize("name", ["demo-v1.yaml", "minimal-v1.yaml"])
def test_v1_opens_is_saved_as_current_and_keeps_its_bytes(tmp_path: Path, name: str) -> None:
    folder = _folder(tmp_path, name)
    v1_bytes = (folder / "dossier.yaml").read_bytes()
    loaded = load_dossier(folder)
    assert loaded.upgraded_from == 1 and loaded.model.schema_version == SCHEMA_VERSION
    assert (folder / "dossier.yaml").read_bytes() == v1_bytes, "reading never writes"
    raw_v1 = yaml.safe_load(v1_bytes)
    for sit, old in zip(loaded.model.situations, raw_v1["situations"], strict=True):
        assert sit.experience_ids == ([old["experience_id"]] if old.get("experience_id") else [])
    session = DossierSession(folder)
    session.dossier.notes = "Première modification après la mise à jour."
    session.save()
    saved = (folder / "dossier.yaml").read_text(encoding="utf-8")
    assert saved.startswith(f"schema_version: {SCHEMA_VERSION}\n") and "experience_ids:" in saved and "experience_id:" not in saved
    kept = versions(folder / "dossier.yaml")
    assert [v.path.read_bytes() for v in kept] == [v1_bytes]
    assert load_dossier(folder).upgraded_from is None


def test_the_old_demo_reads_as_the_new_demo(tmp_path: Path) -> None:
    from vae_toolkit.demo import demo_dossier

    old = load_dossier(_folder(tmp_path, "demo-v1.yaml")).model
    new = demo_dossier()
    for before, now in zip(old.situations, new.situations, strict=True):
        assert before.id == now.id and len(before.experience_ids) == 1
        assert set(before.experience_ids) <= set(now.experience_ids)  # the new demo adds a second one, once


def test_a_v1_reference_error_is_reported_on_the_upgraded_field(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "minimal-v1.yaml")
    path = folder / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("experience_id: e1", "experience_id: e9"), encoding="utf-8")
    with pytest.raises(InvalidFileError, match=r"situations\[1\]\.experience_ids\[0\].*expérience inconnue\W+e9"):
        load_dossier(folder)
    assert "e9" in path.read_text(encoding="utf-8")


def test_the_step_is_pure_and_the_chain_is_complete() -> None:
    raw = {"schema_version": 1, "situations": [{"id": "s", "experience_id": "e"}, {"id": "t"}]}
    assert v1_to_v2(raw)["situations"] == [{"id": "s", "experience_ids": ["e"]}, {"id": "t"}]
    assert raw["situations"][0] == {"id": "s", "experience_id": "e"}, "the input is not mutated"
    assert sorted(STEPS) == list(range(1, SCHEMA_VERSION))
    for version in range(1, SCHEMA_VERSION + 1):
        assert (SCHEMA_DIR / f"dossier.v{version}.json").is_file(), "every format keeps its JSON Schema"
