"""The dashboard's index: one summary per dossier, kept in the counsellor's cache folder, rebuilt only for what changed.

An entry is keyed by the dossier's path and, for ``dossier.yaml`` and ``revue.yaml``, by size, modification and
change times (nanoseconds), inode and the SHA-256 of the bytes the summary was computed from. A look trusts an entry
without reading the files only when every stat is unchanged *and* the files were last touched well before the entry
was recorded (``RACY_NS``): an edit in the same clock tick as the recording, on a file system that stores times to
the second or two (FAT, some network shares), would keep the same stat; such "racily clean" entries are checked by
fingerprint instead (git's index does the same). Entries hold for the day they were computed (days since the review
and the freshness of evidence depend on the date), for one version of the toolkit and of its référentiels.

The index is private (folder 0700, file 0600, whatever ``VAE_PARTAGE`` says) and disposable: unreadable, corrupt,
or impossible to write, it is ignored and the dashboard is computed without it.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import multiprocessing
import os
import stat
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vae_toolkit.dashboard.rows import DashboardRow, activity, read_row, relative_name, row_from_bytes, stamp
from vae_toolkit.errors import VaeError
from vae_toolkit.storage.atomic import read_regular
from vae_toolkit.storage.dossier import DOSSIER_FILE
from vae_toolkit.storage.review import REVIEW_FILE

CACHE_ENV = "VAE_CACHE"
"""Environment variable: the cache folder to use instead of the platform's (``~/.cache/vae-toolkit`` on Linux)."""
INDEX_FORMAT = 1
RACY_NS = 3_000_000_000
"""Files touched less than this before their entry was recorded are checked by fingerprint (coarse clocks: 2 s)."""
GRANULARITY_NS = 1
"""Times are floored to this before comparison; tests raise it to play a file system that keeps whole seconds."""
POOL_MIN = 64
"""Below this many dossiers to (re)build, one process: starting workers costs more than it saves."""
CHUNK = 8
"""Dossiers per task handed to a worker (small enough for this process to share the work evenly)."""


def default_cache_dir() -> Path:
    """``VAE_CACHE``, else the platform's cache folder for vae-toolkit."""
    if os.environ.get(CACHE_ENV, "").strip():
        return Path(os.environ[CACHE_ENV]).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "vae-toolkit" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "vae-toolkit"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "vae-toolkit"


@dataclass(frozen=True)
class FileKey:
    """What a look compares without reading a file."""

    size: int
    mtime_ns: int
    ctime_ns: int
    ino: int

    @classmethod
    def of(cls, st: os.stat_result) -> FileKey:
        g = GRANULARITY_NS
        return cls(st.st_size, st.st_mtime_ns // g * g, st.st_ctime_ns // g * g, st.st_ino)

    def as_list(self) -> list[int]:
        return [self.size, self.mtime_ns, self.ctime_ns, self.ino]


def _stat(path: Path) -> os.stat_result | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st if stat.S_ISREG(st.st_mode) else None


def _sha(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None


def build_entry(folder: Path, root: Path, today: dt.date) -> dict[str, Any] | None:
    """Read one dossier, compute its row, and return the index entry (None: unreadable now, not to be kept)."""
    recorded = time.time_ns()
    try:
        st = (folder / DOSSIER_FILE).stat()
        raw = read_regular(folder / DOSSIER_FILE)
        review_st = _stat(folder / REVIEW_FILE)
        review_raw = read_regular(folder / REVIEW_FILE) if review_st is not None else None
    except (OSError, VaeError):  # unreadable now: read_row says why, and nothing is kept
        return None
    row = row_from_bytes(folder, root, today, raw, st.st_mtime, review_raw)
    return {
        "dossier": [*FileKey.of(st).as_list(), _sha(raw)],
        "revue": [*FileKey.of(review_st).as_list(), _sha(review_raw)] if review_st is not None else None,
        "recorded_ns": recorded,
        "row": row.to_json(),
    }


def _start_method() -> multiprocessing.context.BaseContext:
    """``fork`` where it is safe and cheap (Linux, a process with one thread: the command line), the workers then
    start with everything already imported; ``spawn`` elsewhere (a Jupyter kernel runs threads, and forking them
    can deadlock; macOS and Windows do not fork safely)."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


@contextmanager
def _heap_frozen() -> Iterator[None]:
    """Garbage collections skip every object that existed before (modules, pandas, référentiels) while dossiers are
    read: reading hundreds of them allocates enough to start several full collections, each walking the whole heap.
    A sixth of a cold scan's time here (``gc.freeze``; the objects are collectable again afterwards)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _chunk(folders: list[Path], root: Path, today: dt.date) -> list[tuple[dict[str, Any] | None, DashboardRow | None]]:
    """Entries of some folders; a folder that cannot be read now gets its error row instead (not kept)."""
    from vae_toolkit import referentiels

    out = []
    with referentiels.held(), _heap_frozen():
        for folder in folders:
            entry = build_entry(folder, root, today)
            out.append((entry, read_row(folder, root, today) if entry is None else None))
    return out


class DashboardIndex:
    """The index of one scanned folder, loaded from and saved to the cache folder."""

    def __init__(self, root: str | Path, today: dt.date, cache_dir: str | Path | None = None, *,
                 enabled: bool = True) -> None:
        self.root = Path(root)
        self.enabled = enabled
        self.today = today
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        resolved = str(self.root.resolve())
        self.path = self.cache_dir / f"tableau-de-bord-{hashlib.sha256(resolved.encode()).hexdigest()[:24]}.json"
        self.header = {"format": INDEX_FORMAT, "racine": resolved, "jour": today.isoformat(),
                       "environnement": environment_signature()}
        self.entries: dict[str, dict[str, Any]] = {}
        self.changed = False
        self.rebuilt = 0
        self._load()

    def _load(self) -> None:
        if not self.enabled:
            return
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("entete") == self.header and isinstance(data.get("entrees"), dict):
            self.entries = data["entrees"]

    def rows(self, folders: list[Path], workers: int = 1) -> list[DashboardRow]:
        """The row of each folder, from the index where it still holds, computed (in parallel) where not."""
        out: dict[Path, DashboardRow] = {}
        todo: list[Path] = []
        seen = set()
        for folder in folders:
            name = relative_name(folder, self.root)
            seen.add(name)
            try:
                row = self._valid(folder, self.entries.get(name))
            except (KeyError, IndexError, TypeError, ValueError):  # an entry of another shape: rebuild it
                row = None
            if row is None:
                todo.append(folder)
            else:
                out[folder] = row
        self.rebuilt = len(todo)
        stale = set(self.entries) - seen
        if stale:
            self.changed = True
            for name in stale:
                del self.entries[name]
        for folder, (entry, fallback) in zip(todo, self._build(todo, workers), strict=True):
            name = relative_name(folder, self.root)
            if entry is None:
                self.entries.pop(name, None)
                out[folder] = fallback
            else:
                self.entries[name] = entry
                self.changed = True
                out[folder] = DashboardRow.from_json(entry["row"])
        return [out[f] for f in folders]

    def _build(self, todo: list[Path], workers: int) -> list[tuple[dict[str, Any] | None, DashboardRow | None]]:
        """Compute the entries of ``todo``: here, helped by ``workers - 1`` processes when there are enough.

        A spawned worker takes about half a second to start (Python, pydantic, the models), so this process does not
        wait for them: it takes chunks from the end of the list while the workers take them from the start.
        """
        if workers <= 1 or len(todo) < POOL_MIN:
            return _chunk(todo, self.root, self.today)
        chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
        results: list[list[tuple[dict[str, Any] | None, DashboardRow | None]] | None] = [None] * len(chunks)
        try:
            pool = ProcessPoolExecutor(max_workers=workers - 1, mp_context=_start_method())
            futures = [pool.submit(_chunk, c, self.root, self.today) for c in chunks]
        except (OSError, RuntimeError):  # no processes here (limits, a frozen app): this one is enough
            return _chunk(todo, self.root, self.today)
        with pool:
            for i in reversed(range(len(chunks))):
                if futures[i].cancel():
                    results[i] = _chunk(chunks[i], self.root, self.today)
            for i, future in enumerate(futures):
                if results[i] is None:
                    try:
                        results[i] = future.result()
                    except (BrokenProcessPool, OSError, RuntimeError):
                        results[i] = _chunk(chunks[i], self.root, self.today)
        return [item for part in results if part is not None for item in part]

    def _valid(self, folder: Path, entry: dict[str, Any] | None) -> DashboardRow | None:
        """The entry's row if both files are still what it was computed from, else None."""
        if entry is None:
            return None
        checked_at = time.time_ns()
        try:
            st = (folder / DOSSIER_FILE).stat()
            review_st = _stat(folder / REVIEW_FILE)
        except OSError:
            return None
        recorded = entry["recorded_ns"]
        if not _same(folder / DOSSIER_FILE, st, entry["dossier"], recorded):
            return None
        if (review_st is None) != (entry["revue"] is None):
            return None
        if review_st is not None and not _same(folder / REVIEW_FILE, review_st, entry["revue"], recorded):
            return None
        touched = max(st.st_mtime_ns, st.st_ctime_ns, *((review_st.st_mtime_ns, review_st.st_ctime_ns)
                                                        if review_st is not None else ()))
        if touched >= recorded - RACY_NS and touched < checked_at - RACY_NS:
            entry["recorded_ns"] = checked_at  # verified by fingerprint, and no longer racy: trust the stat next time
            self.changed = True
        row = DashboardRow.from_json(entry["row"])
        row.derniere_modification = stamp(st.st_mtime)  # the clock as it reads now, even within one coarse tick
        row.derniere_activite = activity(folder, row.derniere_modification)
        return row

    def save(self) -> None:
        """Write the index if anything changed; a cache that cannot be written is simply not kept."""
        if not (self.changed and self.enabled):
            return
        data = json.dumps({"entete": self.header, "entrees": self.entries}, ensure_ascii=False).encode()
        try:
            write_private(self.path, data)
        except OSError:
            return
        self.changed = False


def _same(path: Path, st: os.stat_result, stored: list[Any], recorded_ns: int) -> bool:
    key = FileKey.of(st)
    if key.as_list() != stored[:4]:
        return False
    if max(st.st_mtime_ns, st.st_ctime_ns) < recorded_ns - RACY_NS:
        return True
    try:
        return _sha(read_regular(path)) == stored[4]
    except (OSError, VaeError):
        return False


def write_private(path: Path, data: bytes) -> None:
    """Atomically replace ``path`` (0600) in a 0700 folder, whatever ``VAE_PARTAGE`` says: the index is personal."""
    import tempfile

    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        st = path.parent.stat()
        if st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) != 0o700:
            os.chmod(path.parent, 0o700)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if os.name == "posix":
                os.fchmod(fh.fileno(), 0o600)
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def environment_signature() -> str:
    """The toolkit's version and the référentiel files it ships (name, size, time): a change voids every entry."""
    import vae_toolkit
    from vae_toolkit import referentiels

    parts = [vae_toolkit.__version__]
    folder = Path(referentiels.__file__).parent
    try:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.name.endswith((".yaml", ".yml", ".json")):
                st = entry.stat()
                parts.append(f"{entry.name}:{st.st_size}:{st.st_mtime_ns}")
    except OSError:
        pass
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
