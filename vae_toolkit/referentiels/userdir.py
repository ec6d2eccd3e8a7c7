"""The user's own folder of référentiels (imported or validated by the counsellor), read like the shipped ones.

- Linux and other Unix: ``$XDG_DATA_HOME/vae-toolkit/referentiels`` (by default ``~/.local/share/vae-toolkit/referentiels``);
- macOS: ``~/Library/Application Support/vae-toolkit/referentiels``;
- Windows: ``%APPDATA%\\vae-toolkit\\referentiels``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "vae-toolkit"


def user_referentiels_dir() -> Path:
    """Where ``vae referentiel import`` writes by default and where every screen and command looks."""
    if sys.platform == "win32":  # pragma: no cover - Windows
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":  # pragma: no cover - macOS
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP / "referentiels"
