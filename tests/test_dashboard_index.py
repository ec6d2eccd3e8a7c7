"""The dashboard's index: nothing re-read when nothing changed, never a stale row, private and disposable."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vae_toolkit.dashboard import index as dashboard_index
from vae_toolkit.dashboard.table import as_records, dashboard, find_dossiers
from vae_toolkit.dashboard.index import DashboardIndex
from vae_toolkit.models.review import add_comment
from vae_toolkit.storage.dossier import DossierSession, init_dossier
from vae_toolkit.storage.review import ReviewSession, review_file

TODAY = dt.date(2026, 12, 1)


def _group(root: Path) -> Path:
    for n, name in enumerate(("Durand", "Martin", "Roux")):
        init_dossier(root / f"d{n}", name, "Paul", "RNCP39644")
    return root


def _rebuilt(root: Path, cache: Path, today: dt.date = TODAY) -> int:
    index = DashboardIndex(root, today, cache)
    index.rows(find_dossiers(root))
    index.save()
    return index.rebuilt


def test_a_second_look_reads_only_what_changed(tmp_path: Path) -> None:
    root, cache = _group(tmp_path / "groupe"), tmp_path / "cache"
    assert _rebuilt(root, cache) == 3
    assert _rebuilt(root, cache) == 0
    session = DossierSession(root / "d1")
    session.dossier.notes = "du nouveau"
    session.save()
    assert _rebuilt(root, cache) == 1
    review = ReviewSession(root / "d2")
    review.apply(lambda r: add_comment(r, "Claire", "Bien."))
    assert _rebuilt(root, cache) == 1  # revue.yaml counts too
    assert _rebuilt(root, cache, TODAY + dt.timedelta(days=1)) == 3  # another day: days since review change


def test_a_same_size_edit_in_the_same_tick_is_caught_by_the_fingerprint(tmp_path: Path, monkeypatch) -> None:
    """A file system that keeps whole seconds: size and times unchanged, only the fingerprint tells."""
    monkeypatch.setattr(dashboard_index, "GRANULARITY_NS", 2_000_000_000)
    root, cache = _group(tmp_path / "groupe"), tmp_path / "cache"
    before = as_records(dashboard(root, today=TODAY, cache=cache, workers=1))
    path = root / "d0" / "dossier.yaml"
    st0 = path.stat()
    data = path.read_bytes()
    with open(path, "r+b") as fh:  # same inode, same size
        fh.write(data.replace(b"Durand", b"Durant"))
    os.utime(path, ns=(st0.st_atime_ns, st0.st_mtime_ns))
    after = as_records(dashboard(root, today=TODAY, cache=cache, workers=1))
    assert before[0]["candidat"] == "Paul Durand" and after[0]["candidat"] == "Paul Durant"


def test_the_index_is_private_even_when_dossiers_are_shared(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("VAE_PARTAGE", "groupe")
    root, cache = _group(tmp_path / "groupe"), tmp_path / "cache"
    dashboard(root, today=TODAY, cache=cache)
    files = list(cache.iterdir())
    assert len(files) == 1 and files[0].name.startswith("tableau-de-bord-")
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700 and stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert stat.S_IMODE((root / "d0" / "dossier.yaml").stat().st_mode) == 0o640


def test_the_default_cache_folder_follows_vae_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("VAE_CACHE", str(tmp_path / "ailleurs"))
    assert dashboard_index.default_cache_dir() == tmp_path / "ailleurs"
    monkeypatch.delenv("VAE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if os.name == "posix" and os.uname().sysname == "Linux":
        assert dashboard_index.default_cache_dir() == tmp_path / "xdg" / "vae-toolkit"


def test_a_corrupt_or_unwritable_index_is_ignored(tmp_path: Path) -> None:
    root, cache = _group(tmp_path / "groupe"), tmp_path / "cache"
    cold = as_records(dashboard(root, today=TODAY, cache=False))
    dashboard(root, today=TODAY, cache=cache)
    (index,) = cache.iterdir()
    index.write_bytes(b"{ pas du json")
    assert as_records(dashboard(root, today=TODAY, cache=cache)) == cold
    blocked = tmp_path / "fichier"
    blocked.write_text("x")
    assert as_records(dashboard(root, today=TODAY, cache=blocked / "cache")) == cold


OPS = st.lists(st.tuples(st.sampled_from(["save", "same_size", "break", "fix", "review", "unreview", "touch",
                                           "remove", "add"]), st.integers(0, 3)), min_size=1, max_size=8)


def _apply(root: Path, op: str, slot: int) -> None:
    folder = root / f"d{slot}"
    path = folder / "dossier.yaml"
    if op == "add":
        if not path.exists():
            shutil.rmtree(folder, ignore_errors=True)
            init_dossier(folder, f"Nouveau{slot}", "Zoé", "RNCP39644")
        return
    if not path.exists():
        return
    if op == "remove":
        shutil.rmtree(folder)
    elif op == "break":
        path.write_bytes(b"schema_version: 1\ncertification: RNCP39644\nprofil: [\n")
    elif op == "fix":
        shutil.rmtree(folder)
        init_dossier(folder, f"Repare{slot}", "Paul", "RNCP39644")
    elif op == "touch":
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
    elif op == "same_size":
        st0, data = path.stat(), path.read_bytes()
        swapped = data.replace(b"Paul", b"Luap") if b"Paul" in data else data.replace(b"Luap", b"Paul")
        with open(path, "r+b") as fh:
            fh.write(swapped)
        os.utime(path, ns=(st0.st_atime_ns, st0.st_mtime_ns))
    else:
        try:
            if op == "save":
                session = DossierSession(folder)
                session.dossier.notes += "+"
                session.save()
            elif op == "review":
                review = ReviewSession(folder)
                review.mark_reviewed("Claire", session_fingerprint(folder), dt.datetime(2026, 11, 20, 9, 0))
                review.save()
            elif op == "unreview":
                review_file(folder).unlink(missing_ok=True)
        except Exception:  # noqa: BLE001 - a broken dossier refuses these edits; the state stays what it is
            pass


def session_fingerprint(folder: Path) -> str:
    return DossierSession(folder).fingerprint


@pytest.mark.parametrize(("granularity", "racy"), [(1, 0), (2_000_000_000, dashboard_index.RACY_NS)],
                         ids=["stat-de-confiance", "horloge-a-la-seconde"])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_after_any_edits_the_dashboard_equals_a_cold_rebuild(granularity: int, racy: int, ops, monkeypatch) -> None:
    monkeypatch.setattr(dashboard_index, "GRANULARITY_NS", granularity)
    monkeypatch.setattr(dashboard_index, "RACY_NS", racy)
    with tempfile.TemporaryDirectory() as tmp:
        root, cache = _group(Path(tmp) / "groupe"), Path(tmp) / "cache"
        dashboard(root, today=TODAY, cache=cache, workers=1)
        for op, slot in ops:
            _apply(root, op, slot)
            warm = as_records(dashboard(root, today=TODAY, cache=cache, workers=1))
            cold = as_records(dashboard(root, today=TODAY, cache=False, workers=1))
            assert warm == cold, (op, slot, ops, [(w, c) for w, c in zip(warm, cold) if w != c])


def test_the_command_keeps_its_index_in_vae_cache_unless_told_not_to(tmp_path: Path, vae, monkeypatch) -> None:  # noqa: ANN001
    root, cache = _group(tmp_path / "groupe"), tmp_path / "cache"
    monkeypatch.setenv("VAE_CACHE", str(cache))
    plain = vae("dashboard", root, "--json", "--sans-index")
    assert plain.returncode == 0 and not cache.exists()
    indexed = vae("dashboard", root, "--json")
    assert indexed.stdout == plain.stdout and len(list(cache.iterdir())) == 1
    assert vae("dashboard", root, "--json").stdout == plain.stdout


def test_an_index_entry_of_another_shape_is_rebuilt(tmp_path: Path) -> None:
    import json

    root, cache = _group(tmp_path / "groupe"), tmp_path / "cache"
    cold = as_records(dashboard(root, today=TODAY, cache=False))
    dashboard(root, today=TODAY, cache=cache)
    (index,) = cache.iterdir()
    data = json.loads(index.read_text(encoding="utf-8"))
    data["entrees"]["d0"] = {"dossier": "n’importe quoi"}
    data["entrees"]["d1"]["row"] = {"colonne": 1}
    index.write_text(json.dumps(data), encoding="utf-8")
    assert as_records(dashboard(root, today=TODAY, cache=cache)) == cold


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_share_the_cold_look_and_give_the_same_rows(tmp_path: Path, monkeypatch, method: str) -> None:
    import multiprocessing

    root = _group(tmp_path / "groupe")
    for n in range(3, 7):
        init_dossier(root / f"d{n}", f"Nom{n}", "Zoé", "RNCP39644")
    (root / "d6" / "dossier.yaml").write_bytes(b"schema_version: 1\nprofil: [\n")
    monkeypatch.setattr(dashboard_index, "POOL_MIN", 1)
    monkeypatch.setattr(dashboard_index, "CHUNK", 1)
    monkeypatch.setattr(dashboard_index, "_start_method", lambda: multiprocessing.get_context(method))
    alone = as_records(dashboard(root, today=TODAY, cache=False, workers=1))
    shared = as_records(dashboard(root, today=TODAY, cache=tmp_path / "cache", workers=2))
    assert shared == alone and len(alone) == 7 and alone[6]["erreur"]
    assert as_records(dashboard(root, today=TODAY, cache=tmp_path / "cache", workers=2)) == alone
