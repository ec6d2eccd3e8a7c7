"""Durable file writes: temp file in the same folder, fsync, rename, fsync of the folder; private modes.

Modes are private by default (files 0600, folders 0700). One setting, the ``VAE_PARTAGE`` environment variable,
opens them to the folder's group for a JupyterHub where a counsellor reads the candidate's dossier through the
candidate's personal system group (deploy/jupyterhub/, docs/organisation.md):

- ``prive`` (default, or unset): files 0600, folders 0700;
- ``groupe``: files 0640 (the group reads), the lock file 0660 (the group takes the lock), folders 3770
  (setgid: new files keep the candidate's group; sticky: a member may create files and replace or delete only
  the files they own, so the counsellor can write ``revue.yaml`` but never replace ``dossier.yaml``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from vae_toolkit.errors import VaeError, WriteError

FILE_MODE = 0o600
DIR_MODE = 0o700
SHARING_ENV = "VAE_PARTAGE"
PRIVATE, GROUP = "prive", "groupe"
GROUP_FILE_MODE = 0o640
GROUP_LOCK_MODE = 0o660
GROUP_DIR_MODE = 0o3770


def sharing() -> str:
    """The sharing mode from ``VAE_PARTAGE``: ``prive`` (default) or ``groupe``; anything else is refused in French."""
    value = os.environ.get(SHARING_ENV, "").strip().casefold() or PRIVATE
    if value not in (PRIVATE, GROUP):
        raise WriteError(f"La variable d’environnement {SHARING_ENV} vaut « {value} » : valeurs possibles "
                         f"« {PRIVATE} » (par défaut, fichiers réservés à leur propriétaire) ou « {GROUP} » "
                         "(lecture par le groupe du dossier, voir docs/organisation.md). Rien n’a été enregistré.")
    return value


def file_mode() -> int:
    """Mode of every file the toolkit writes: 0600, or 0640 when ``VAE_PARTAGE=groupe``."""
    return GROUP_FILE_MODE if sharing() == GROUP else FILE_MODE


def dir_mode() -> int:
    """Mode of every folder the toolkit creates: 0700, or 3770 when ``VAE_PARTAGE=groupe``."""
    return GROUP_DIR_MODE if sharing() == GROUP else DIR_MODE


def ensure_private_dir(path: str | Path) -> Path:
    """Create ``path`` (and parents) if needed and give it :func:`dir_mode` (0700 by default; left alone when it
    already has it).

    Only the folder's owner may change its mode: a counsellor writing the review in a candidate's folder
    (``VAE_PARTAGE=groupe``) leaves the candidate's folder as it is. Raises :class:`WriteError` in French when the
    folder cannot be created or protected (read-only disk, rights).
    """
    folder = Path(path)
    mode = dir_mode()
    try:
        folder.mkdir(mode=mode & 0o777, parents=True, exist_ok=True)
        if os.name == "posix":
            st = folder.stat()
            if stat.S_IMODE(st.st_mode) != mode and st.st_uid == os.geteuid():
                os.chmod(folder, mode)
    except OSError as exc:
        raise WriteError(f"Impossible de créer ou de protéger le dossier {folder} : {french_reason(exc)}.") from None
    return folder


def read_regular(path: str | Path) -> bytes:
    """The bytes of ``path``, refusing anything but a regular file (a FIFO would block forever, a device never end).

    Opened without blocking and checked on the open descriptor, so swapping the file in between changes nothing.
    ``FileNotFoundError``, ``IsADirectoryError`` and ``PermissionError`` reach the caller.
    """
    nonblock = getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, os.O_RDONLY | nonblock | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise VaeError(f"{path} n’est pas un fichier ordinaire (tube nommé, périphérique ou socket) : "
                           "il n’a pas été lu. Remplacez-le par un vrai fichier.")
        if nonblock:
            os.set_blocking(fd, True)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


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
    tmp: Path | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        tmp = Path(tmp_name)
        with os.fdopen(fd, "wb") as fh:
            if os.name == "posix":
                os.fchmod(fh.fileno(), file_mode())
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        if tmp is not None:
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


def french_reason(exc: OSError) -> str:
    """Why a file operation failed, in French, for the errors people meet (rights, full disk, long names…)."""
    reasons = {
        errno.ENOSPC: "le disque est plein",
        errno.EACCES: "l’accès n’est pas autorisé à cet endroit (droits du dossier ou du fichier)",
        errno.EPERM: "l’opération n’est pas autorisée à cet endroit (droits du dossier ou du fichier)",
        errno.EROFS: "le disque est en lecture seule",
        errno.EFBIG: "le fichier dépasse la taille autorisée (quota ou limite du système)",
        getattr(errno, "EDQUOT", errno.EFBIG): "le fichier dépasse la taille autorisée (quota ou limite du système)",
        errno.EIO: "erreur d’entrée-sortie du disque (support retiré ou défectueux ?)",
        errno.ENAMETOOLONG: "le nom du fichier ou du chemin est trop long",
        errno.ENOENT: "le dossier ou le fichier n’existe pas",
        errno.ENOTDIR: "une partie du chemin n’est pas un dossier",
        errno.EISDIR: "c’est un dossier, pas un fichier",
        errno.ELOOP: "trop de liens symboliques dans le chemin",
        errno.EEXIST: "le fichier existe déjà",
    }
    return reasons.get(exc.errno or 0) or f"erreur du système ({exc.strerror or exc})"


def _write_message(target: Path, exc: OSError) -> str:
    return f"Impossible d’enregistrer {target} : {french_reason(exc)}. La version précédente du fichier est intacte."


@contextlib.contextmanager
def folder_lock(folder: Path, name: str = ".verrou") -> Iterator[None]:
    """An exclusive lock between processes on one folder (check-then-write must not interleave)."""
    lock_path = folder / name
    mode = GROUP_LOCK_MODE if sharing() == GROUP else FILE_MODE
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, mode)
    except OSError as exc:
        raise WriteError(f"Impossible d’écrire dans {folder} : {french_reason(exc)}. Rien n’a été modifié.") from None
    try:
        if os.name == "posix":
            st = os.fstat(fd)
            if stat.S_IMODE(st.st_mode) != mode and st.st_uid == os.geteuid():
                os.fchmod(fd, mode)  # the umask may have narrowed it
        if os.name == "posix":
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        else:  # pragma: no cover - Windows
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        yield
    finally:
        os.close(fd)
