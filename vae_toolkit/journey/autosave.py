"""Debounced, atomic autosave of a :class:`~vae_toolkit.storage.dossier.DossierSession`, with a status to show.

Every screen edits ``session.dossier`` in memory and then calls :meth:`Autosave.changed`; the save happens
once the candidate pauses (``delay`` seconds, 0 in tests), or at the latest ``max_wait`` seconds after the
first unsaved change. A file changed elsewhere is never overwritten: the state turns to ``conflict``,
the storage layer keeps our version beside the file, and every later edit refreshes that kept copy until
the candidate reloads or keeps their version.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import datetime as dt
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from traitlets import Bool, Enum, HasTraits, List, Unicode

from vae_toolkit.errors import ConflictError, VaeError
from vae_toolkit.storage.atomic import atomic_write
from vae_toolkit.storage.document import serialise
from vae_toolkit.storage.dossier import DossierSession
from vae_toolkit.storage.merge import Conflict

SAVED, PENDING, ERROR, CONFLICT = "saved", "pending", "error", "conflict"
UNSAVED_MESSAGE = "Modifications non enregistrées…"


def _now() -> dt.datetime:
    return dt.datetime.now()


def _flush_at_exit(flush: weakref.WeakMethod) -> None:
    method = flush()
    if method is not None:
        with contextlib.suppress(Exception):  # the page is gone: nothing left to show an error on
            method()


class Autosave(HasTraits):
    """The save state of one session: ``state`` and a French ``message`` for the status label."""

    state = Enum([SAVED, PENDING, ERROR, CONFLICT], default_value=SAVED)
    message = Unicode("Dossier ouvert, rien à enregistrer.")
    kept = Unicode("", help="In a conflict, the file where the unsaved version is kept.")
    reloaded = Bool(False, help="Toggled after every reload or merge so views can refresh.")
    conflicts = List(help="Fields changed both here and elsewhere (storage.merge.Conflict), waiting for a choice.")

    def __init__(self, session: DossierSession, *, delay: float = 1.0, max_wait: float | None = None,
                 clock: Callable[[], dt.datetime] = _now) -> None:
        super().__init__()
        self.session = session
        self.delay = delay
        self.max_wait = 5 * delay if max_wait is None else max_wait
        self._clock = clock
        self._lock = threading.RLock()
        self._handle: Any = None
        self._first_pending: float | None = None
        # A kernel shut down gracefully (page closed, idle culling) still writes what is pending.
        atexit.register(_flush_at_exit, weakref.WeakMethod(self.flush))

    @property
    def folder(self) -> Path:
        return self.session.folder

    def changed(self) -> None:
        """Record that ``session.dossier`` changed; save now or after the debounce delay."""
        with self._lock:
            if self.state == CONFLICT:
                self._refresh_kept()
                return
            self.state = PENDING
            self.message = UNSAVED_MESSAGE
            now = time.monotonic()
            if self._first_pending is None:
                self._first_pending = now
            if self.delay <= 0 or now - self._first_pending >= self.max_wait:
                self.flush()
            else:
                self._schedule()

    def flush(self) -> bool:
        """Save pending changes now; True when the file on disk holds them afterwards."""
        with self._lock:
            self._cancel()
            if self.state != PENDING:
                return self.state == SAVED
            self._first_pending = None
            try:
                saved = self.session.save()
            except ConflictError as exc:
                self.kept = str(exc.kept or "")
                self.state = CONFLICT
                self.message = str(exc)
                return False
            except VaeError as exc:
                self.state = ERROR
                self.message = f"Échec de l’enregistrement : {exc}"
                return False
            except Exception as exc:  # noqa: BLE001 - a timer thread has no caller: the status label must say it
                self.state = ERROR
                self.message = (f"Échec de l’enregistrement (erreur inattendue {type(exc).__name__} : {exc}). "
                                "Vos modifications sont encore en mémoire ; elles seront réessayées à la "
                                "prochaine saisie.")
                return False
            self.state = SAVED
            self.message = f"Enregistré à {self._clock():%H:%M:%S}"
            if saved.merged:
                self._merged(str(saved.kept or ""))
            return True

    def _merged(self, kept: str) -> None:
        """After a save merged with changes made elsewhere: say so, list the clashes, let views refresh."""
        self.kept = kept or self.kept
        self.conflicts = list(self.session.conflicts)
        self.message += ", avec les modifications faites ailleurs (autre onglet, autre ordinateur ou conseiller)"
        if self.conflicts:
            self.message += (f" ; {len(self.conflicts)} champ(s) modifié(s) des deux côtés : choisissez la version "
                             "à garder dans l’encadré")
        self.message += "."
        self.reloaded = not self.reloaded

    def resolve(self, conflict: Conflict, keep: str) -> None:
        """Settle one field changed on both sides: ``keep`` is ``"ours"`` (saved now) or ``"theirs"``."""
        with self._lock:
            self._cancel()
            self._first_pending = None
            saved = self.session.resolve(conflict, "ours" if keep == "ours" else "theirs")
            self.state = SAVED
            self.message = f"Choix enregistré à {self._clock():%H:%M:%S}."
            self.conflicts = list(self.session.conflicts)
            if saved is not None:
                self.reloaded = not self.reloaded

    def reload(self) -> None:
        """Drop the in-memory version (kept aside in a conflict) and read the file again."""
        with self._lock:
            self._cancel()
            self._first_pending = None
            self.session.reload()
            self.conflicts = []
            self.state = SAVED
            self.message = f"Dossier rechargé à {self._clock():%H:%M:%S}."
            if self.kept:
                self.message += f" Votre version non enregistrée reste dans {self.kept}."
                self.kept = ""
            self.reloaded = not self.reloaded

    def keep_mine(self) -> None:
        """After a conflict, write this version over the file changed elsewhere (it stays in the history)."""
        with self._lock:
            self._cancel()
            self._first_pending = None
            self.session.overwrite()
            self.conflicts = []
            self.state = SAVED
            self.kept = ""
            self.message = f"Votre version a été enregistrée à {self._clock():%H:%M:%S}"

    def _refresh_kept(self) -> None:
        """In a conflict, keep the latest in-memory version in the kept-aside file too."""
        if not self.kept:
            return
        try:
            atomic_write(self.kept, serialise(self.session.dossier))
        except VaeError as exc:
            self.message = f"{self.message} (copie de secours impossible : {exc})"

    def _schedule(self) -> None:
        self._cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            timer = threading.Timer(self.delay, self.flush)
            timer.daemon = True
            timer.start()
            self._handle = timer
        else:
            self._handle = loop.call_later(self.delay, self.flush)

    def _cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
