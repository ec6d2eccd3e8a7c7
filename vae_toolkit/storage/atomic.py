"""Durable file writes: temp file in the same folder, fsync, rename, fsync of the folder; private modes."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from vae_toolkit.errors import WriteError

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private_dir(path: str | Path) -> Path:
    """Create ``path`` (and parents) if needed and make it 0700."""
    folder = Path(path)
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, DIR_MODE)
    return folder


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once: readers see the old bytes or the new, never a mix.

    Raises :class:`WriteError` (in French) when the disk is full or not writable; the old file stays.
    """
    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            if os.name == "posix":
                os.fchmod(fh.fileno(), FILE_MODE)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise WriteError(_write_message(target, exc)) from exc
        raise
    fsync_dir(target.parent)


def remove_stale_temps(folder: str | Path, prefix: str) -> list[Path]:
    """Delete ``<prefix>*.tmp`` files left in ``folder`` by a writer killed mid-save.

    Call only while holding :func:`folder_lock`: every writer of such files holds it, so none is live.
    """
    removed = []
    with contextlib.suppress(OSError):
        for entry in Path(folder).iterdir():
            if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed.append(entry)
    return removed


def _write_message(target: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        reason = "le disque est plein"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "l’écriture n’est pas autorisée à cet endroit"
    elif exc.errno in (errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)):
        reason = "le fichier dépasse la taille autorisée (quota ou limite du système)"
    elif exc.errno == errno.EIO:
        reason = "erreur d’entrée-sortie du disque (support retiré ou défectueux ?)"
    else:
        reason = exc.strerror or str(exc)
    return f"Impossible d’enregistrer {target} : {reason}. La version précédente du fichier est intacte."


@contextlib.contextmanager
def folder_lock(folder: Path, name: str = ".verrou") -> Iterator[None]:
    """An exclusive lock between processes on one folder (check-then-write must not interleave)."""
    lock_path = folder / name
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        if os.name == "posix":
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        else:  # pragma: no cover - Windows
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        yield
    finally:
        os.close(fd)
