"""The counsellor's dashboard: one row per dossier found under a folder, as a pandas DataFrame.

Rows are :class:`~vae_toolkit.dashboard.rows.DashboardRow` (typed, computed without pandas); the index of
:mod:`vae_toolkit.dashboard.index` keeps them between looks, so only what changed is read again.
A dossier that cannot be read becomes a row carrying its French error; it never stops the others.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pandas as pd

from vae_toolkit.dashboard.index import DashboardIndex
from vae_toolkit.dashboard.rows import (  # noqa: F401 - re-exported: the dashboard's public names
    PROGRESS_PREFIX,
    REVIEW_CHANGED,
    REVIEW_CURRENT,
    REVIEW_NEVER,
    REVIEW_UNREADABLE,
    SKIPPED_DIRS,
    DashboardRow,
    find_dossiers,
    read_row,
    review_columns,
    summary_columns,
)
from vae_toolkit.errors import VaeError

COLUMN_LABELS: dict[str, str] = {
    "dossier": "Dossier",
    "candidat": "Candidat",
    "certification": "Certification",
    "blocs_vises": "Blocs visés",
    "ecarts": "Écarts",
    "derniere_modification": "Dernière modification",
    "derniere_activite": "Dernière activité",
    "statut_revue": "Revue",
    "competences_pretes": "Compétences prêtes",
    "avis": "Avis",
    "derniere_revue": "Dernière revue",
    "jours_depuis_revue": "Jours depuis la revue",
    "conseiller": "Conseiller",
    "alerte_echeance": "Échéance de la certification",
    "erreur": "Erreur",
}
"""French headers for the stable column keys; bloc progress columns are ``avancement.<bloc id>``."""


def dossier_row(folder: str | Path, root: str | Path, today: dt.date | None = None) -> dict[str, Any]:
    """The dashboard columns of one dossier, read from disk; any failure is reported in ``erreur``, never raised."""
    return read_row(folder, root, today).columns()


def dashboard(folder: str | Path, *, today: dt.date | None = None, workers: int | None = None,
              cache: bool | str | Path = True) -> pd.DataFrame:
    """One row per dossier under ``folder``, in path order, with stable column keys (see COLUMN_LABELS).

    ``cache``: True keeps the index in the counsellor's cache folder (``VAE_CACHE`` or the platform's), a path
    keeps it there, False reads every dossier. ``workers``: processes for the dossiers to (re)read; by default
    every core when there are enough of them (``POOL_MIN``), one otherwise.
    """
    root = Path(folder)
    today = today or dt.date.today()
    folders = find_dossiers(root)
    if workers is None:
        workers = os.cpu_count() or 1
    workers = max(1, min(workers, len(folders) or 1))
    index = DashboardIndex(root, today, cache_dir=None if cache is True else cache or None, enabled=cache is not False)
    rows = index.rows(folders, workers)
    index.save()
    return frame_of(rows)


def frame_of(rows: list[DashboardRow]) -> pd.DataFrame:
    """The rows as a DataFrame with stable columns and nullable integer types."""
    return _frame([r.columns() for r in rows])


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    progress_cols = list(dict.fromkeys(k for r in rows for k in r if k.startswith(PROGRESS_PREFIX)))
    head = ["dossier", "candidat", "certification", "blocs_vises"]
    tail = ["ecarts", "derniere_modification", "derniere_activite", "statut_revue", "competences_pretes", "avis",
            "derniere_revue", "jours_depuis_revue", "conseiller", "alerte_echeance", "erreur"]
    frame = pd.DataFrame(rows, columns=head + progress_cols + tail)
    for col in [*progress_cols, "ecarts", "jours_depuis_revue"]:
        frame[col] = frame[col].astype("Int64")
    for col in ("derniere_modification", "derniere_activite", "derniere_revue"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


def column_label(key: str) -> str:
    """The French header of a column key (bloc progress columns included)."""
    if key.startswith(PROGRESS_PREFIX):
        return f"Avancement {key[len(PROGRESS_PREFIX):]} (%)"
    return COLUMN_LABELS.get(key, key)


def filter_rows(frame: pd.DataFrame, text: str | None = None, *, statut_revue: str | None = None,
                errors_only: bool = False) -> pd.DataFrame:
    """Rows whose candidate or folder contains ``text`` (case-insensitive), with the given review status."""
    mask = pd.Series(True, index=frame.index)
    if text:
        needle = text.casefold()
        hay = frame["candidat"].fillna("").astype(str) + " " + frame["dossier"].astype(str)
        mask &= hay.str.casefold().str.contains(needle, regex=False)
    if statut_revue:
        mask &= frame["statut_revue"] == statut_revue
    if errors_only:
        mask &= frame["erreur"].notna()
    return frame[mask]


def sort_rows(frame: pd.DataFrame, key: str, *, descending: bool = False) -> pd.DataFrame:
    """Rows sorted by a column key or its French header; empty cells last."""
    by = key if key in frame.columns else next((c for c in frame.columns if column_label(c) == key), None)
    if by is None:
        known = ", ".join(frame.columns)
        raise VaeError(f"Colonne de tri inconnue : {key}. Colonnes possibles : {known}.")
    return frame.sort_values(by, ascending=not descending, na_position="last", kind="stable")


def as_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as JSON-ready dicts: missing values as None, dates in ISO 8601."""
    out = []
    for row in frame.to_dict("records"):
        out.append({k: (None if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)
                        else v.isoformat() if hasattr(v, "isoformat") else v.item() if hasattr(v, "item") else v)
                    for k, v in row.items()})
    return out


def dashboard_csv(frame: pd.DataFrame) -> str:
    """Every column with its French header, « ; » separated (what French spreadsheets expect), dates to the minute."""
    shown = frame.rename(columns=column_label)
    return shown.to_csv(sep=";", index=False, date_format="%Y-%m-%d %H:%M", lineterminator="\n")
