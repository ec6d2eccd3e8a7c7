"""Earlier versions of a file, kept in ``historique/`` beside it, thinned as they age.

Policy: the 20 most recent versions, plus the latest version of each of the 30 most recent days.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from vae_toolkit.errors import VaeError
from vae_toolkit.storage.atomic import atomic_write, ensure_private_dir, french_reason, remove_stale_temps

HISTORY_DIR = "historique"
KEEP_RECENT = 20
KEEP_DAYS = 30
_STAMP = "%Y%m%dT%H%M%S%f"


@dataclass(frozen=True)
class Version:
    path: Path
    saved_at: dt.datetime

    @property
    def label(self) -> str:
        return self.saved_at.strftime("%d/%m/%Y %H:%M:%S")


def history_dir(document: Path) -> Path:
    return document.parent / HISTORY_DIR


def snapshot(document: Path, raw: bytes, now: dt.datetime | None = None, *, thin: bool = True) -> Path:
    """Keep ``raw`` (the content being replaced) as an earlier version of ``document``.

    ``thin=False`` keeps every version (a restore must never delete anything).
    """
    folder = ensure_private_dir(history_dir(document))
    remove_stale_temps(folder, f".{document.stem}-")
    stamp = (now or dt.datetime.now()).strftime(_STAMP)
    target = folder / f"{document.stem}-{stamp}{document.suffix}"
    n = 1
    while target.exists():
        target = folder / f"{document.stem}-{stamp}-{n}{document.suffix}"
        n += 1
    atomic_write(target, raw)
    if thin:
        prune(document)
    return target


def versions(document: Path) -> list[Version]:
    """Earlier versions of ``document``, newest first."""
    folder = history_dir(document)
    try:
        if not folder.is_dir():
            return []
        entries = list(folder.iterdir())
    except OSError as exc:
        raise VaeError(f"Impossible de lire l’historique {folder} : {french_reason(exc)}.") from None
    out = []
    prefix = f"{document.stem}-"
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(document.suffix)):
            continue
        stamp = name[len(prefix) : len(name) - len(document.suffix)].split("-")[0]
        try:
            saved = dt.datetime.strptime(stamp, _STAMP)
        except ValueError:
            continue
        out.append(Version(entry, saved))
    out.sort(key=lambda v: (v.saved_at, v.path.name), reverse=True)
    return out


def prune(document: Path) -> list[Path]:
    """Delete versions outside the policy; returns what was deleted."""
    all_versions = versions(document)
    keep = {v.path for v in all_versions[:KEEP_RECENT]}
    days_seen: set[dt.date] = set()
    for v in all_versions:
        day = v.saved_at.date()
        if day not in days_seen and len(days_seen) < KEEP_DAYS:
            days_seen.add(day)
            keep.add(v.path)
    removed = []
    for v in all_versions:
        if v.path not in keep:
            try:
                os.unlink(v.path)
            except PermissionError:  # VAE_PARTAGE=groupe: another member's version (sticky folder); theirs to prune
                continue
            removed.append(v.path)
    return removed
