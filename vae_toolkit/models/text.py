"""Text and identifier types shared by every model (kept apart so models can import them without cycles)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

_FORBIDDEN_CHARS = re.compile(r"[\x00\ud800-\udfff\ufffe\uffff]")


def _clean_text(value: str) -> str:
    match = _FORBIDDEN_CHARS.search(value)
    if match:
        raise ValueError(f"caractère interdit dans le texte (U+{ord(match.group()):04X})")
    return value


Text = Annotated[str, AfterValidator(_clean_text)]
Ident = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
