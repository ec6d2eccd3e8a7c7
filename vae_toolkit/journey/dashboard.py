"""What the counsellor's dashboard shows, without widgets: the rows of every dossier under a folder, and the
current filter and sort."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from vae_toolkit.dashboard.table import dashboard, filter_rows, sort_rows


@dataclass
class DashboardState:
    """What the counsellor is looking at: the rows and the current filter and sort."""

    folder: Path
    frame: pd.DataFrame = field(default_factory=pd.DataFrame)
    text: str = ""
    statut_revue: str | None = None
    errors_only: bool = False
    sort: str = "dossier"
    descending: bool = False
    loaded_at: dt.datetime | None = None

    def reload(self) -> None:
        """Scan the folder again (dossiers saved meanwhile by candidates show at once)."""
        self.frame = dashboard(self.folder)
        self.loaded_at = dt.datetime.now()

    def visible(self) -> pd.DataFrame:
        rows = filter_rows(self.frame, self.text, statut_revue=self.statut_revue, errors_only=self.errors_only)
        return sort_rows(rows, self.sort, descending=self.descending)
