"""Faults a candidate's months of writing must survive: a save killed at any point, a full disk, two writers.

Killed saves run in processes forked by a small helper (one Python start-up for all of them), so thirty
kills take a few seconds. Every check is on the files left behind, never on timings.
"""

from __future__ import annotations

import errno
import os
import random
import select
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from vae_toolkit.errors import WriteError
from vae_toolkit.storage import history
from vae_toolkit.storage.document import parse_document
from vae_toolkit.storage.dossier import DOSSIER_SPEC, DossierSession, dossier_file, load_dossier, save_dossier

pytestmark = pytest.mark.skipif(os.name != "posix" or not hasattr(os, "fork"), reason="SIGKILL and fork are POSIX")

KILLS = 30

SERVER = textwrap.dedent(r'''
    import os, signal, sys, traceback
    folder, log = sys.argv[1], sys.argv[2]
    from vae_toolkit.storage.dossier import DossierSession

    def note(text):
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.write(fd, (text + "\n").encode())
        os.close(fd)

    def save_loop(run):
        session = DossierSession(folder)
        i = 0
        while True:
            i += 1
            tag = f"{run}.{i}"
            note(f"saving {tag}")
            session.dossier.notes = tag
            session.save()
            note(f"saved {tag}")

    def crash_at(k):
        """One save that SIGKILLs itself just before its k-th system call (or halfway through a write)."""
        k, count = int(k), [0]
        def tick():
            count[0] += 1
            if count[0] == k:
                os.kill(os.getpid(), signal.SIGKILL)
        def wrap(fn):
            def inner(*args, **kwargs):
                tick()
                return fn(*args, **kwargs)
            return inner
        real_fdopen = os.fdopen
        class HalfWrites:
            def __init__(self, fh): self.fh = fh
            def __enter__(self): return self
            def __exit__(self, *exc): return self.fh.__exit__(*exc)
            def fileno(self): return self.fh.fileno()
            def flush(self): tick(); self.fh.flush()
            def write(self, data):
                half = len(data) // 2
                self.fh.write(data[:half]); self.fh.flush(); tick()
                return self.fh.write(data[half:])
        session = DossierSession(folder)
        session.dossier.notes = f"crash {k}"
        os.fdopen = lambda *a, **kw: HalfWrites(real_fdopen(*a, **kw))
        for name in ("open", "close", "fsync", "replace", "unlink", "fchmod", "mkdir", "chmod"):
            setattr(os, name, wrap(getattr(os, name)))
        session.save()
        note(f"complete {count[0]}")

    while line := sys.stdin.readline():
        cmd, arg = line.split()
        if cmd == "reap":
            _, status = os.waitpid(int(arg), 0)
            print(status, flush=True)
            continue
        pid = os.fork()
        if pid == 0:
            try:
                (save_loop if cmd == "loop" else crash_at)(arg)
            except BaseException:
                note("ERROR " + traceback.format_exc().replace("\n", " | "))
                os._exit(3)
            os._exit(0)
        print(pid, flush=True)
''')


class Forker:
    """The helper process: forks savers on request and reaps them; one Python start-up in all."""

    def __init__(self, folder: Path, log: Path) -> None:
        self.log = log
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        self.proc = subprocess.Popen([sys.executable, "-c", SERVER, str(folder), str(log)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, env=env)

    def ask(self, command: str) -> int:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], 60)
        assert ready, f"helper silent after {command!r}"
        return int(self.proc.stdout.readline())

    def lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []

    def close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


@pytest.fixture
def forker(demo_folder: Path, tmp_path: Path) -> Iterator[Forker]:
    helper = Forker(demo_folder, tmp_path / "journal.txt")
    yield helper
    helper.close()


def _killed(status: int) -> bool:
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def _same_apart_from_notes(folder: Path, base: object) -> str:
    model = load_dossier(folder).model
    assert model.model_copy(update={"notes": ""}) == base, "a killed save changed more than the save in flight"
    return model.notes


def _temps(folder: Path) -> list[Path]:
    return [p for p in [*folder.iterdir(), *(folder / "historique").iterdir()] if p.name.endswith(".tmp")]


def _assert_history_valid(folder: Path) -> None:
    for version in history.versions(dossier_file(folder)):
        parse_document(version.path, version.path.read_bytes(), DOSSIER_SPEC)


def test_saves_killed_at_random_moments_never_break_the_dossier(forker: Forker, demo_folder: Path) -> None:
    base = load_dossier(demo_folder).model.model_copy(update={"notes": ""})
    rnd = random.Random(7)
    for run in range(KILLS):
        pid = forker.ask(f"loop {run}")
        seen = len(forker.lines())
        while not any(line.startswith(f"saved {run}.") for line in forker.lines()[seen:]):
            assert not any(line.startswith("ERROR") for line in forker.lines()), forker.lines()[-1]
            select.select([], [], [], 0.002)
        select.select([], [], [], rnd.uniform(0, 0.03))
        os.kill(pid, signal.SIGKILL)
        assert _killed(forker.ask(f"reap {pid}"))
        journal = [line for line in forker.lines() if line.startswith(("saving", "saved"))]
        last_saved = next(line.split()[1] for line in reversed(journal) if line.startswith("saved"))
        in_flight = journal[-1].split()[1] if journal[-1].startswith("saving") else None
        notes = _same_apart_from_notes(demo_folder, base)
        assert notes in {last_saved, in_flight}, (notes, last_saved, in_flight)
    _assert_history_valid(demo_folder)
    session = DossierSession(demo_folder)
    session.dossier.notes = "après les coupures"
    session.save()
    assert _temps(demo_folder) == [], "stale temporary files were not cleaned by the next save"


def test_a_save_killed_before_each_of_its_system_calls(forker: Forker, demo_folder: Path) -> None:
    base = load_dossier(demo_folder).model.model_copy(update={"notes": ""})
    previous = load_dossier(demo_folder).model.notes
    crash_points = 0
    for k in range(1, 200):
        pid = forker.ask(f"crash {k}")
        status = forker.ask(f"reap {pid}")
        assert not any(line.startswith("ERROR") for line in forker.lines()), forker.lines()[-1]
        notes = _same_apart_from_notes(demo_folder, base)
        if not _killed(status):
            calls = int(forker.lines()[-1].removeprefix("complete "))
            assert status == 0 and calls < k
            assert notes == f"crash {k}"
            break
        crash_points += 1
        assert notes in {previous, f"crash {k}"}, (k, notes)
        previous = notes
    else:
        pytest.fail("the save never completed")
    assert crash_points >= 10, "too few crash points: the system calls were not intercepted"
    _assert_history_valid(demo_folder)
    assert _temps(demo_folder) == []


# --- full disk ----------------------------------------------------------------------------------------------------

class _FullDisk:
    """A file whose writes fail with ENOSPC after ``room`` bytes, like a disk filling up mid-save."""

    def __init__(self, fh, room: int) -> None:
        self.fh, self.room = fh, room

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self.fh.__exit__(*exc)

    def fileno(self) -> int:
        return self.fh.fileno()

    def flush(self) -> None:
        self.fh.flush()

    def write(self, data: bytes) -> int:
        self.fh.write(data[: self.room])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("failing_write", [1, 2], ids=["history-copy", "new-file"])
def test_full_disk_leaves_the_old_file_intact_and_says_so(
    new_folder: Path, monkeypatch: pytest.MonkeyPatch, failing_write: int
) -> None:
    session = DossierSession(new_folder)
    session.dossier.notes = "première version enregistrée"
    session.save()
    before = dossier_file(new_folder).read_bytes()
    history_before = sorted(p.name for p in (new_folder / "historique").iterdir())
    real_fdopen, calls = os.fdopen, []

    def fdopen(fd, *args, **kwargs):
        calls.append(fd)
        fh = real_fdopen(fd, *args, **kwargs)
        return _FullDisk(fh, 100) if len(calls) == failing_write else fh

    monkeypatch.setattr(os, "fdopen", fdopen)
    session.dossier.notes = "texte long " * 1000
    with pytest.raises(WriteError) as info:
        session.save()
    message = str(info.value)
    assert "le disque est plein" in message and "La version précédente du fichier est intacte" in message
    assert dossier_file(new_folder).read_bytes() == before
    assert _temps(new_folder) == []
    assert len(calls) == failing_write
    if failing_write == 1:
        assert sorted(p.name for p in (new_folder / "historique").iterdir()) == history_before
    monkeypatch.undo()
    session.save()  # once there is room again, the same session saves without a conflict
    assert load_dossier(new_folder).model.notes == "texte long " * 1000


@pytest.mark.parametrize("call", ["fsync", "replace"])
def test_disk_errors_after_the_write_also_keep_the_old_file(
    new_folder: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    loaded = load_dossier(new_folder)
    before = dossier_file(new_folder).read_bytes()

    def fail(*args, **kwargs):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, call, fail)
    model = loaded.model.model_copy(update={"notes": "jamais écrit"})
    with pytest.raises(WriteError, match="La version précédente du fichier est intacte"):
        save_dossier(new_folder, model, loaded.fingerprint)
    monkeypatch.undo()
    assert dossier_file(new_folder).read_bytes() == before
    assert _temps(new_folder) == []


def test_a_real_file_size_limit_refuses_the_save_in_french(demo_folder: Path) -> None:
    """RLIMIT_FSIZE makes the kernel itself refuse the write (EFBIG), as a quota or full disk would."""
    before = dossier_file(demo_folder).read_bytes()
    script = textwrap.dedent('''
        import resource, signal, sys
        from vae_toolkit.errors import VaeError
        from vae_toolkit.storage.dossier import DossierSession
        session = DossierSession(sys.argv[1])
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        session.dossier.notes = "x" * 100_000
        try:
            session.save()
        except VaeError as exc:
            print(exc)
    ''')
    out = subprocess.run([sys.executable, "-c", script, str(demo_folder)], capture_output=True, text=True,
                         encoding="utf-8", timeout=60, env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    assert out.returncode == 0, out.stderr
    assert "Impossible d’enregistrer" in out.stdout and "La version précédente du fichier est intacte" in out.stdout
    assert "le fichier dépasse la taille autorisée" in out.stdout, out.stdout
    assert dossier_file(demo_folder).read_bytes() == before
    assert _temps(demo_folder) == []


# --- two writers ----------------------------------------------------------------------------------------------------

RACER = textwrap.dedent('''
    import sys
    from vae_toolkit.errors import ConflictError
    from vae_toolkit.storage.dossier import DossierSession
    folder, field, value = sys.argv[1:4]
    session = DossierSession(folder)
    print("prêt", flush=True)
    sys.stdin.readline()
    setattr(session.dossier.profil, field, value)
    try:
        saved = session.save()
        print("conflit" if saved.conflicts else "enregistré", saved.kept, flush=True)
    except ConflictError as exc:
        print("refusé", exc.kept, flush=True)
''')


def _start(script: str, *args: object) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env)


def _race(folder: Path, values: dict[str, tuple[str, str]]) -> dict[str, list[str]]:
    racers = {name: _start(RACER, folder, field, value) for name, (field, value) in values.items()}
    for proc in racers.values():
        assert proc.stdout is not None and proc.stdout.readline().strip() == "prêt"
    for proc in racers.values():
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = {name: proc.communicate(timeout=60) for name, proc in racers.items()}
    assert all(proc.returncode == 0 for proc in racers.values()), results
    return {name: out.split() for name, (out, _) in results.items()}


def test_two_writers_racing_on_different_fields_both_land(new_folder: Path) -> None:
    for round_ in range(3):
        outcomes = _race(new_folder, {f: (f, f"{f} {round_}") for f in ("ville", "email")})
        assert sorted(o[0] for o in outcomes.values()) == ["enregistré", "enregistré"], outcomes
        profil = load_dossier(new_folder).model.profil
        assert (profil.ville, profil.email) == (f"ville {round_}", f"email {round_}")
    assert not list(new_folder.glob("dossier.non-enregistre-*.yaml"))


def test_two_writers_racing_on_one_field_one_wins_the_other_is_kept_aside(new_folder: Path) -> None:
    for round_ in range(3):
        outcomes = _race(new_folder, {name: ("ville", f"{name} {round_}") for name in ("a", "b")})
        assert sorted(o[0] for o in outcomes.values()) == ["conflit", "enregistré"], outcomes
        winner = next(n for n, o in outcomes.items() if o[0] == "enregistré")
        loser = next(n for n, o in outcomes.items() if o[0] == "conflit")
        assert load_dossier(new_folder).model.profil.ville == f"{winner} {round_}"
        kept = Path(outcomes[loser][1])
        kept_model = parse_document(kept, kept.read_bytes(), DOSSIER_SPEC).model
        assert kept_model.profil.ville == f"{loser} {round_}", "the other text was not kept aside"


APPENDER = textwrap.dedent('''
    import sys
    from vae_toolkit.errors import ConflictError
    from vae_toolkit.models.dossier import Formation
    from vae_toolkit.storage.dossier import DossierSession
    folder, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sys.stdin.readline()
    conflicts = 0
    for i in range(count):
        while True:
            session = DossierSession(folder)
            session.dossier.formations.append(Formation(id=f"{name}-{i}", intitule=f"Formation {name} {i}"))
            try:
                session.save()
                break
            except ConflictError:
                conflicts += 1
    print(conflicts)
''')


def test_writers_that_retry_after_a_conflict_lose_no_update(new_folder: Path) -> None:
    writers = {name: _start(APPENDER, new_folder, name, 12) for name in ("a", "b", "c")}
    for proc in writers.values():
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = {name: proc.communicate(timeout=120) for name, proc in writers.items()}
    for name, (out, err) in results.items():
        assert writers[name].returncode == 0, err
    conflicts = sum(int(out) for out, _ in results.values())
    ids = [f.id for f in load_dossier(new_folder).model.formations]
    assert sorted(ids) == sorted(f"{n}-{i}" for n in writers for i in range(12))
    assert len(list(new_folder.glob("dossier.non-enregistre-*.yaml"))) == conflicts
