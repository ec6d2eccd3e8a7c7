"""Format upgrades, chained one version at a time (v1 → v2 → …), applied on read.

Each step is a pure function on the raw mapping. A file is never rewritten by reading it: the upgraded
form is written at the next save, and the old bytes go to the history first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from vae_toolkit.errors import InvalidFileError, TooNewError, TooOldError
from vae_toolkit.models.checks import Problem

Step = Callable[[dict[str, Any]], dict[str, Any]]


def upgrade(
    path: Path,
    data: dict[str, Any],
    *,
    current: int,
    oldest: int,
    steps: dict[int, Step],
    what: str = "Le fichier",
) -> dict[str, Any]:
    """Bring ``data`` from its ``schema_version`` to ``current`` with ``steps[v]`` (v → v+1)."""
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        msg = "numéro de format (schema_version) absent ou non entier"
        raise InvalidFileError(path, [Problem(("schema_version",), msg)], what=what)
    if version > current:
        msg = (
            f"ce fichier est au format {version}, écrit par une version plus récente de vae-toolkit ; "
            f"cette version lit jusqu’au format {current}. Mettez vae-toolkit à jour pour l’ouvrir"
        )
        raise TooNewError(path, [Problem(("schema_version",), msg)], what=what)
    if version < oldest:
        msg = f"format {version} trop ancien : cette version sait convertir à partir du format {oldest}"
        raise TooOldError(path, [Problem(("schema_version",), msg)], what=what)
    while version < current:
        data = steps[version](dict(data))
        version += 1
        data["schema_version"] = version
    return data
