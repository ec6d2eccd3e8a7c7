"""The user's own folder of référentiels (imported or validated by the counsellor), read like the shipped ones.

- Linux and other Unix: ``$XDG_DATA_HOME/vae-toolkit/referentiels`` (by default ``~/.local/share/vae-toolkit/referentiels``);
- macOS: ``~/Library/Application Support/vae-toolkit/referentiels``;
- Windows: ``%APPDATA%\\vae-toolkit\\referentiels``.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

APP = "vae-toolkit"


def user_referentiels_dir() -> Path:
    """Where ``vae referentiel import`` writes by default and where every screen and command looks."""
    env = os.environ
    return _user_dir(sys.platform, env.get("APPDATA"), env.get("XDG_DATA_HOME"), env.get("HOME"),
                     env.get("USERPROFILE"))


@lru_cache(maxsize=8)
def _user_dir(platform: str, appdata: str | None, xdg: str | None, _home: str | None, _profile: str | None) -> Path:
    """Computed once per environment (every référentiel lookup asks: the dashboard makes thousands)."""
    if platform == "win32":  # pragma: no cover - Windows
        base = Path(appdata or Path.home() / "AppData" / "Roaming")
    elif platform == "darwin":  # pragma: no cover - macOS
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(xdg or Path.home() / ".local" / "share")
    return base / APP / "referentiels"
