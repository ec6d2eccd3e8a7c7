"""Three-way merge of two edited copies of one serialised document (plain dicts, lists and scalars).

Generic over the tree, never over a model: mappings merge key by key; lists of mappings that carry an
``id`` merge item by item (matched by id); lists of distinct scalars merge as ordered sets; a list both
sides only appended to keeps both tails; any other value is atomic. Only a value changed differently on
both sides is a :class:`Conflict`: the merged tree then holds *theirs* (what is already on disk, what
the other writer believes saved), except when theirs deleted what ours changed (the change is kept, so
no text ever disappears). Merging disjoint edits does not depend on which side saved first.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
"""Stands for a key or an item absent on one side (added or deleted)."""


@dataclass(frozen=True)
class ItemId:
    """A step into a list of mappings, by the item's ``id`` (not its position, which both sides may shift)."""

    value: Hashable


PathStep = str | ItemId
Path = tuple[PathStep, ...]


@dataclass(frozen=True)
class Conflict:
    """One value changed differently on both sides; ``merged`` is what the merged tree holds."""

    path: Path
    base: Any
    ours: Any
    theirs: Any

    @property
    def merged(self) -> Any:
        return self.ours if self.theirs is MISSING else self.theirs


def merge(base: Any, ours: Any, theirs: Any) -> tuple[Any, list[Conflict]]:
    """Merge ``ours`` and ``theirs``, both edited from ``base``; returns the tree and the conflicts."""
    conflicts: list[Conflict] = []
    return _merge(base, ours, theirs, (), conflicts), conflicts


def _same(a: Any, b: Any) -> bool:
    return a is b or (a == b and isinstance(a, bool) == isinstance(b, bool))


def _empty(value: Any) -> bool:
    return value is MISSING or value is None or (isinstance(value, str | list | dict) and not value)


def _merge(base: Any, ours: Any, theirs: Any, path: Path, conflicts: list[Conflict]) -> Any:
    if _same(ours, theirs) or _same(ours, base):
        return theirs
    if _same(theirs, base):
        return ours
    if isinstance(ours, dict) and isinstance(theirs, dict):
        if not isinstance(base, dict):  # added on both sides: an empty value on one side counts as the base
            base = {k: v for k in (*theirs, *ours) for v in (ours.get(k, MISSING), theirs.get(k, MISSING))
                    if _empty(v) and v is not MISSING}
        return _merge_dict(base, ours, theirs, path, conflicts)
    if isinstance(ours, list) and isinstance(theirs, list):
        merged = _merge_list(base if isinstance(base, list) else [], ours, theirs, path, conflicts)
        if merged is not MISSING:
            return merged
    conflict = Conflict(path, base, ours, theirs)
    conflicts.append(conflict)
    return conflict.merged


def _merge_dict(base: dict, ours: dict, theirs: dict, path: Path, conflicts: list[Conflict]) -> dict:
    values = {}
    for key in dict.fromkeys((*base, *theirs, *ours)):
        sides = (base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING))
        value = _merge(*sides, (*path, key), conflicts)
        if value is not MISSING:
            values[key] = value
    return {key: values[key] for key in merge_order(list(base), list(ours), list(theirs), values.keys())}


def _ids(items: list) -> list[Hashable] | None:
    """The ids of a list of mappings that all carry a distinct scalar ``id``; None otherwise."""
    ids = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str | int) or isinstance(item["id"], bool):
            return None
        ids.append(item["id"])
    return ids if len(set(ids)) == len(ids) else None


def _distinct_scalars(items: list) -> bool:
    try:
        return len(set(items)) == len(items) and not any(isinstance(x, dict | list) for x in items)
    except TypeError:
        return False


def _merge_list(base: list, ours: list, theirs: list, path: Path, conflicts: list[Conflict]) -> Any:
    ids = [_ids(side) for side in (base, ours, theirs)]
    if all(i is not None for i in ids) and (ours or theirs):
        return _merge_by_id(base, ours, theirs, path, conflicts)
    if all(_distinct_scalars(side) for side in (base, ours, theirs)):
        kept = {x for x in (*ours, *theirs) if x not in base or (x in ours and x in theirs)}
        return merge_order(base, ours, theirs, kept)
    n = len(base)
    if ours[:n] == base and theirs[:n] == base:  # both only appended: keep both tails, theirs first
        return [*base, *theirs[n:], *ours[n:]]
    return MISSING


def _merge_by_id(base: list, ours: list, theirs: list, path: Path, conflicts: list[Conflict]) -> list:
    by_id = [{item["id"]: item for item in side} for side in (base, ours, theirs)]
    b, o, t = by_id
    ours_order = [item["id"] for item in ours]
    for ident in [i for i in ours_order if i in t and i not in b and isinstance(i, str)]:
        if not _same(o[ident], t[ident]):  # two different items created with the same id: keep both
            fresh = _fresh_id(ident, {*b, *o, *t})
            o[fresh] = {**o.pop(ident), "id": fresh}
            ours_order[ours_order.index(ident)] = fresh
    values = {}
    for ident in dict.fromkeys((*b, *t, *ours_order)):
        value = _merge(b.get(ident, MISSING), o.get(ident, MISSING), t.get(ident, MISSING), (*path, ItemId(ident)),
                       conflicts)
        if value is not MISSING:
            values[ident] = value
    order = merge_order(list(b), ours_order, list(t), values.keys())
    return [values[ident] for ident in order]


def _fresh_id(ident: str, taken: set) -> str:
    n = 2
    while f"{ident}-{n}" in taken:
        n += 1
    return f"{ident}-{n}"


def merge_order(base: list, ours: list, theirs: list, kept: Iterable[Hashable]) -> list:
    """The order of the merged keys (or ids): a side's reordering wins over none; insertions stay in place.

    Each side's new keys follow the base key they were inserted after; two runs inserted at the same
    place are ordered by their first key, so the result does not depend on which side is « ours ».
    """
    kept = set(kept)
    in_base = set(base)

    def reordered(side: list) -> bool:
        present = set(side)
        return [k for k in side if k in in_base] != [k for k in base if k in present]

    source = ours if reordered(ours) and not reordered(theirs) else theirs if reordered(theirs) else base
    skeleton = [k for k in source if k in in_base]
    for index, key in enumerate(base):  # base keys the chosen side deleted (kept by the other side's change)
        if key not in skeleton:
            before = next((base[j] for j in range(index - 1, -1, -1) if base[j] in skeleton), None)
            skeleton.insert(skeleton.index(before) + 1 if before is not None else 0, key)
    runs = [_runs(side, in_base) for side in (ours, theirs)]
    out: list = []
    seen: set = set()

    def emit(keys: Iterable[Hashable]) -> None:
        for key in keys:
            if key in kept and key not in seen:
                seen.add(key)
                out.append(key)

    for anchor in (None, *skeleton):
        if anchor is not None:
            emit([anchor])
        for run in sorted((r[anchor] for r in runs if anchor in r), key=lambda r: str(r[0])):
            emit(run)
    emit(k for side in (theirs, ours) for k in side)  # anything left (cannot happen with consistent input)
    return out


def _runs(side: list, in_base: set) -> dict[Hashable, list]:
    """The keys ``side`` added, grouped by the base key they follow (``None``: at the start)."""
    runs: dict[Hashable, list] = {}
    anchor = None
    for key in side:
        if key in in_base:
            anchor = key
        else:
            runs.setdefault(anchor, []).append(key)
    return runs


def set_at(tree: Any, path: Path, value: Any) -> Any:
    """Put ``value`` at ``path`` in ``tree`` (in place; ``MISSING`` deletes); returns the tree."""
    if not path:
        return value
    parent = tree
    for step in path[:-1]:
        parent = parent[step] if not isinstance(step, ItemId) else next(i for i in parent if i.get("id") == step.value)
    last = path[-1]
    if isinstance(last, ItemId):
        index = next((n for n, item in enumerate(parent) if item.get("id") == last.value), None)
        if value is MISSING:
            if index is not None:
                del parent[index]
        elif index is None:
            parent.append(value)
        else:
            parent[index] = value
    elif value is MISSING:
        parent.pop(last, None)
    else:
        parent[last] = value
    return tree


def get_at(tree: Any, path: Path) -> Any:
    """The value at ``path`` in ``tree``, or ``MISSING``."""
    node = tree
    for step in path:
        if isinstance(step, ItemId):
            node = next((i for i in node if isinstance(i, dict) and i.get("id") == step.value), MISSING) \
                if isinstance(node, list) else MISSING
        else:
            node = node.get(step, MISSING) if isinstance(node, dict) else MISSING
        if node is MISSING:
            return MISSING
    return node
