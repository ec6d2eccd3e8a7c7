"""Read and write one versioned YAML document (the dossier, the review) with every storage guarantee.

Reading never changes the file. Writing validates first, merges with (or, without the loaded version to
merge from, refuses) a file changed on disk since it was loaded, keeping our content beside it when
anything clashes, keeps the replaced version in the history, and replaces the file atomically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from vae_toolkit.errors import ConflictError, InvalidFileError, VaeError
from vae_toolkit.models.checks import Problem
from vae_toolkit.models.messages import problems_from
from vae_toolkit.storage import history
from vae_toolkit.storage.atomic import (
    atomic_write,
    ensure_private_dir,
    folder_lock,
    french_reason,
    read_regular,
    remove_stale_temps,
)
from vae_toolkit.storage.merge import Conflict, merge
from vae_toolkit.storage.upgrade import Step, upgrade
from vae_toolkit.storage.yamlio import dump_yaml, line_of, parse_yaml

M = TypeVar("M", bound=BaseModel)


class _Unchecked:
    def __repr__(self) -> str:
        return "UNCHECKED"


UNCHECKED: Any = _Unchecked()
"""Pass as ``expected`` to write without the conflict check (restore, first creation by a command)."""


@dataclass(frozen=True)
class DocumentSpec(Generic[M]):
    """How one kind of document is stored: its model, format versions and extra checks."""

    model: type[M]
    current: int
    what: str = "Le fichier"
    oldest: int = 1
    steps: dict[int, Step] = field(default_factory=dict)
    checks: Callable[[M], list[Problem]] | None = None
    context: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None
    """Validation context computed from the raw data (e.g. the référentiel's IDs), so one pass reports all."""


@dataclass
class Loaded(Generic[M]):
    """A document as read, with the fingerprint of the bytes it came from (for conflict detection)."""

    model: M
    fingerprint: str
    upgraded_from: int | None = None


def fingerprint(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def read_document(path: str | Path, spec: DocumentSpec[M]) -> Loaded[M]:
    """Load and validate; any problem raises :class:`InvalidFileError` listing every field at fault."""
    path = Path(path)
    try:
        raw = read_raw(path, spec.what)
    except FileNotFoundError:
        raise VaeError(f"{spec.what} {path} est introuvable.") from None
    return parse_document(path, raw, spec)


def read_raw(path: Path, what: str = "Le fichier") -> bytes:
    """The bytes of a regular file; a directory, missing rights or another OS error raise :class:`VaeError` in
    French. ``FileNotFoundError`` reaches the caller (absent is often normal: a dossier never reviewed)."""
    try:
        return read_regular(path)
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise VaeError(f"{path} est un dossier, pas un fichier.") from None
    except PermissionError:
        raise VaeError(f"Lecture de {path} non autorisée (droits du fichier ou du dossier).") from None
    except OSError as exc:
        raise VaeError(f"Lecture de {path} impossible : {french_reason(exc)}.") from None


def parse_document(path: Path, raw: bytes, spec: DocumentSpec[M]) -> Loaded[M]:
    """Validate ``raw`` as read from ``path`` (no I/O)."""
    data = parse_yaml(path, raw, what=spec.what)
    original = data.get("schema_version")
    try:
        data = upgrade(path, data, current=spec.current, oldest=spec.oldest, steps=spec.steps, what=spec.what)
    except InvalidFileError as exc:
        raise type(exc)(path, _with_lines(raw, exc.problems), what=spec.what) from None
    try:
        context = spec.context(data) if spec.context is not None else None
        model = spec.model.model_validate(data, context=context)
    except ValidationError as exc:
        raise InvalidFileError(path, _with_lines(raw, problems_from(exc)), what=spec.what) from None
    if spec.checks is not None:
        problems = spec.checks(model)
        if problems:
            raise InvalidFileError(path, _with_lines(raw, problems), what=spec.what)
    upgraded = original if original != spec.current else None
    return Loaded(model, fingerprint(raw), upgraded)


def _with_lines(raw: bytes, problems: list[Problem]) -> list[Problem]:
    return [Problem(p.path, p.message, p.line or line_of(raw, p.path)) for p in problems]


def serialise(model: BaseModel) -> bytes:
    return dump_yaml(tree_of(model))


def tree_of(model: BaseModel) -> dict[str, Any]:
    """The plain data tree a model is saved as (what a merge works on)."""
    return model.model_dump(mode="python")


def validate_tree(path: Path, data: dict[str, Any], spec: DocumentSpec[M]) -> M:
    """Build the model from a tree (a merge result, a resolved conflict); refusals raise InvalidFileError."""
    try:
        context = spec.context(data) if spec.context is not None else None
        model = spec.model.model_validate(data, context=context)
    except ValidationError as exc:
        raise InvalidFileError(path, problems_from(exc), what="Le contenu à enregistrer dans") from None
    _check(path, model, spec)
    return model


def _check(path: Path, model: M, spec: DocumentSpec[M]) -> None:
    if spec.checks is not None:
        problems = spec.checks(model)
        if problems:
            raise InvalidFileError(path, problems, what="Le contenu à enregistrer dans")


@dataclass
class Saved(Generic[M]):
    """What a save left on disk: the model (ours, or the merge of ours and theirs), its tree and fingerprint."""

    model: M
    tree: dict[str, Any]
    fingerprint: str
    merged: bool = False
    """The file had changed since it was loaded and the other writer's changes were merged in."""
    conflicts: list[Conflict] = field(default_factory=list)
    """Values both sides changed: the file holds theirs; ours is in the conflict and in ``kept``."""
    kept: Path | None = None


def write_document(path: str | Path, model: M, spec: DocumentSpec[M], expected: str | None, *,
                   thin_history: bool = True) -> str:
    """Save ``model`` to ``path`` and return the new fingerprint.

    ``expected`` is the fingerprint the caller loaded (``None`` for a file the caller believes absent,
    :data:`UNCHECKED` to skip the check). If the file on disk differs, nothing is replaced, the content
    is written to a ``*.non-enregistre-*`` file beside it and :class:`ConflictError` is raised.
    ``thin_history=False`` keeps every earlier version (used by restore, which must delete nothing).
    """
    return save_document(path, model, spec, expected, thin_history=thin_history).fingerprint


def save_document(path: str | Path, model: M, spec: DocumentSpec[M], expected: str | None, *,
                  base: dict[str, Any] | None = None, thin_history: bool = True) -> Saved[M]:
    """Save ``model``; when the file changed since ``expected`` and the loaded tree ``base`` is given, merge.

    The merge is three-way, field by field (:mod:`vae_toolkit.storage.merge`), under the folder lock, so
    no other writer slips in between reading theirs and writing the result. Without ``base``, or when the
    other version cannot be read or the merge is not a valid document, the save is refused as by
    :func:`write_document` (ours kept aside, :class:`ConflictError`).
    """
    path = Path(path)
    _check(path, model, spec)
    tree = tree_of(model)
    new = dump_yaml(tree)
    folder = ensure_private_dir(path.parent)
    with folder_lock(folder):
        remove_stale_temps(folder, f".{path.name}.")
        try:
            current: bytes | None = read_regular(path)
        except FileNotFoundError:
            current = None
        on_disk = fingerprint(current) if current is not None else None
        saved = Saved(model, tree, fingerprint(new))
        if expected is not UNCHECKED and on_disk != expected:
            if base is None or current is None:
                raise ConflictError(path, _keep_aside(path, new))
            saved = _merged(path, current, base, saved, spec)
            new = dump_yaml(saved.tree)
        if current == new:
            return saved
        if current is not None:
            history.snapshot(path, current, thin=thin_history)
        atomic_write(path, new)
    return saved


def _merged(path: Path, current: bytes, base: dict[str, Any], ours: Saved[M], spec: DocumentSpec[M]) -> Saved[M]:
    """Ours merged with the version on disk; refused (kept aside) when that cannot give a valid document."""
    try:
        theirs = parse_document(path, current, spec).model
        tree, conflicts = merge(base, ours.tree, tree_of(theirs))
        model = validate_tree(path, tree, spec)
    except InvalidFileError:
        raise ConflictError(path, _keep_aside(path, dump_yaml(ours.tree))) from None
    tree = tree_of(model)
    kept = _keep_aside(path, dump_yaml(ours.tree)) if conflicts else None
    return Saved(model, tree, fingerprint(dump_yaml(tree)), merged=True, conflicts=conflicts, kept=kept)


def _keep_aside(path: Path, content: bytes) -> Path | None:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    kept = path.with_name(f"{path.stem}.non-enregistre-{stamp}{path.suffix}")
    try:
        atomic_write(kept, content)
    except VaeError:
        return None
    return kept
