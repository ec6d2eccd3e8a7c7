"""French typography for what the candidate typed, applied to exports only (the dossier stays as typed).

Straight apostrophes become ’, straight double quotes become « … » with no-break spaces inside, and a
word too long for a line (a pasted link, 500 letters) gets break opportunities so it wraps.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from vae_toolkit.analysis.text import count_label

NBSP = "\u00a0"
ZWSP = "\u200b"
LONG_WORD = 40
"""A run of this many characters without a space gets a possible break every ``LONG_WORD // 2`` characters."""

_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)|(?<=\w)'(?=\s|$)|^'(?=\w)")
_QUOTED = re.compile(r'"\s*([^"\n]*?)\s*"')
_LONG = re.compile(rf"\S{{{LONG_WORD},}}")
SKIPPED_KEYS = frozenset({"id", "ancre", "fichier", "email", "figures", "telephone"})
"""Keys whose values are identifiers, paths or addresses: never changed."""

__all__ = ["breakable", "count_label", "typeset", "typographic"]


@lru_cache(maxsize=8192)
def _typeset_text(text: str) -> str:
    """One string made typographic and breakable (cached: a livret repeats the référentiel's texts many times)."""
    if "'" in text or '"' in text:
        text = typographic(text)
    return breakable(text) if len(text) >= LONG_WORD else text


def typographic(text: str) -> str:
    """« l'équipe » → « l’équipe », ``"projet"`` → « projet » (with no-break spaces inside the guillemets)."""
    text = _APOSTROPHE.sub("’", text)
    return _QUOTED.sub(lambda m: f"«{NBSP}{m.group(1)}{NBSP}»", text)


def breakable(text: str) -> str:
    """Words of ``LONG_WORD`` characters or more get invisible break opportunities, so they wrap in a PDF."""
    step = LONG_WORD // 2
    return _LONG.sub(lambda m: ZWSP.join(m.group()[k:k + step] for k in range(0, len(m.group()), step)), text)


def typeset(value: Any, key: str = "") -> Any:
    """``value`` with every user string made typographic and breakable (dicts and lists walked; keys kept)."""
    if key in SKIPPED_KEYS:
        return value
    if isinstance(value, str):
        return _typeset_text(value)
    if isinstance(value, dict):
        return {k: typeset(v, k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [typeset(v, key) for v in value]
    return value

