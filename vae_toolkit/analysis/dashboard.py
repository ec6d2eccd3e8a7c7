"""The counsellor's dashboard: one row per dossier found under a folder.

A dossier that cannot be read becomes a row carrying its French error; it never stops the others.
The référentiel is loaded once per certification (``load_referentiel`` is cached per process).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path
from typing import Any

import pandas as pd

from vae_toolkit.errors import VaeError
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.models.review import AVIS_LABELS, Review, Statut
from vae_toolkit.storage.document import Loaded
from vae_toolkit.storage.dossier import DOSSIER_FILE, EXPORTS_DIR, PIECES_DIR, load_dossier
from vae_toolkit.storage.history import HISTORY_DIR
from vae_toolkit.storage.review import load_review

SKIPPED_DIRS = frozenset({HISTORY_DIR, PIECES_DIR, EXPORTS_DIR})
PROGRESS_PREFIX = "avancement."

REVIEW_NEVER = "Jamais revu"
REVIEW_CHANGED = "Modifié depuis la revue"
REVIEW_CURRENT = "À jour"

COLUMN_LABELS: dict[str, str] = {
    "dossier": "Dossier",
    "candidat": "Candidat",
    "certification": "Certification",
    "blocs_vises": "Blocs visés",
    "ecarts": "Écarts",
    "derniere_modification": "Dernière modification",
    "statut_revue": "Revue",
    "competences_pretes": "Compétences prêtes",
    "avis": "Avis",
    "jours_depuis_revue": "Jours depuis la revue",
    "conseiller": "Conseiller",
    "alerte_echeance": "Échéance de la certification",
    "erreur": "Erreur",
}
"""French headers for the stable column keys; bloc progress columns are ``avancement.<bloc id>``."""

# Below this many dossiers a process pool costs more than it saves: each worker starts a Python that imports
# pandas and pydantic (about a second), while a dossier takes a few milliseconds (benchmarks/bench_dashboard.py:
# 500 dossiers in under 2 s in one process, slower with two on a 2-core machine).
POOL_THRESHOLD = 1000


def find_dossiers(folder: str | Path) -> list[Path]:
    """Every folder under ``folder`` (itself included) holding a ``dossier.yaml``, sorted.

    Never descends into ``historique/``, ``pieces/``, ``exports/`` nor hidden folders (checkpoints).
    """
    root = Path(folder)
    if not root.is_dir():
        raise VaeError(f"Le dossier {root} n’existe pas ou n’est pas un dossier.")
    return sorted(_walk(root))


def _walk(folder: Path) -> Iterator[Path]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    if any(e.name == DOSSIER_FILE and e.is_file() for e in entries):
        yield folder
    for entry in entries:
        if entry.name in SKIPPED_DIRS or entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))


def dossier_row(folder: str | Path, root: str | Path, today: dt.date | None = None) -> dict[str, Any]:
    """The dashboard row of one dossier; any failure is reported in ``erreur``, never raised."""
    folder, root = Path(folder), Path(root)
    today = today or dt.date.today()
    row: dict[str, Any] = {"dossier": _relative(folder, root)}
    try:
        modified = dt.datetime.fromtimestamp((folder / DOSSIER_FILE).stat().st_mtime).replace(microsecond=0)
        row["derniere_modification"] = modified
        loaded = load_dossier(folder)
    except VaeError as exc:
        row["candidat"] = _salvage_name(folder)
        row["erreur"] = str(exc)
        return row
    except OSError as exc:
        row["erreur"] = f"Lecture impossible de {folder / DOSSIER_FILE} : {exc.strerror or exc}."
        return row
    try:
        columns = _dossier_columns(loaded, today)
    except VaeError as exc:
        row["erreur"] = str(exc)
        return row
    except Exception as exc:  # noqa: BLE001 - an analysis that trips on odd data must not hide the other rows
        row["erreur"] = f"Analyse impossible (erreur interne {type(exc).__name__} : {exc}). Signalez-la aux développeurs."
        return row
    aimed = columns.pop("_competences_visees")
    row.update(columns)
    try:
        review = load_review(folder)
    except VaeError as exc:
        row["statut_revue"] = "Revue illisible"
        row["erreur"] = str(exc)
        return row
    row.update(review_columns(review, loaded.fingerprint, modified, today, aimed=aimed))
    return row


def _relative(folder: Path, root: Path) -> str:
    try:
        rel = folder.relative_to(root)
    except ValueError:
        return str(folder)
    return rel.as_posix() if str(rel) != "." else folder.name


def _salvage_name(folder: Path) -> str | None:
    """The candidate's name read leniently from a file that failed validation (so the row is recognisable)."""
    from vae_toolkit.storage.atomic import read_regular
    from vae_toolkit.storage.yamlio import parse_yaml

    try:  # the strict parser: a file refused for its aliases must not be expanded here either
        data = parse_yaml(folder / DOSSIER_FILE, read_regular(folder / DOSSIER_FILE))
        profil = data.get("profil") or {}
        name = f"{profil.get('prenom') or ''} {profil.get('nom') or ''}".strip()
    except Exception:  # noqa: BLE001 - the file is known to be broken; the error is reported elsewhere
        return None
    return name or None


def _dossier_columns(loaded: Loaded, today: dt.date) -> dict[str, Any]:
    from vae_toolkit.referentiels import load_referentiel

    dossier = loaded.model
    return summary_columns(dossier, load_referentiel(dossier.certification), today)


def summary_columns(dossier: Dossier, ref: Referentiel, today: dt.date) -> dict[str, Any]:
    """Candidate, blocs aimed at, covered share per bloc and number of gaps, by the rules of ``analyse``.

    Only the per-indicator pass of the gap analysis runs (no recommendations, no DataFrames): the
    dashboard reads hundreds of dossiers. ``tests/test_analysis_properties.py`` checks it agrees with ``analyse``.
    """
    from vae_toolkit.analysis.avancement import from_rows
    from vae_toolkit.analysis.coverage import indicator_rows, is_gap
    from vae_toolkit.analysis.echeance import echeance_warning
    from vae_toolkit.analysis.evidence import qualities
    from vae_toolkit.analysis.progress import blocs_status

    status = blocs_status(dossier, ref)
    rows = indicator_rows(dossier, ref, qualities(dossier, today), status)
    aimed = [b for b in ref.blocs if status[b.id][0] == "vise"]
    out: dict[str, Any] = {
        "candidat": f"{dossier.profil.prenom} {dossier.profil.nom}".strip() or None,
        "certification": ref.code,
        "blocs_vises": ", ".join(b.id for b in aimed),
    }
    progress = from_rows(rows, ref)
    for b in ref.blocs:
        out[PROGRESS_PREFIX + b.id] = progress[b.id].pourcentage if b in aimed else None
    out["ecarts"] = sum(is_gap(r["statut"]) for r in rows)
    out["alerte_echeance"] = echeance_warning(ref, today, short=True)
    out["_competences_visees"] = [c.id for b in aimed for c in b.competences]
    return out


def review_columns(loaded: Loaded[Review] | None, dossier_fingerprint: str, modified: dt.datetime,
                   today: dt.date, aimed: list[str] | None = None) -> dict[str, Any]:
    """Review status, opinion, ready compétences and days since the last review.

    « À jour » when the dossier is byte for byte the one reviewed (or, for a review written without a
    fingerprint, not modified since the review date).
    """
    review = loaded.model if loaded is not None else None
    days = None
    if review is None or review.derniere_revue is None:
        status = REVIEW_NEVER
    else:
        if review.empreinte_dossier is not None:
            unchanged = review.empreinte_dossier == dossier_fingerprint
        else:
            unchanged = modified <= review.derniere_revue
        status = REVIEW_CURRENT if unchanged else REVIEW_CHANGED
        days = (today - review.derniere_revue.date()).days
    out: dict[str, Any] = {"statut_revue": status, "jours_depuis_revue": days}
    out["avis"] = AVIS_LABELS[review.avis.avis] if review is not None and review.avis.avis else None
    out["conseiller"] = (review.conseiller or None) if review is not None else None
    if aimed is not None:
        ready = sum(1 for c in aimed if review is not None and c in review.competences
                    and review.competences[c].statut == Statut.pret)
        out["competences_pretes"] = f"{ready}/{len(aimed)}"
    return out


def dashboard(folder: str | Path, *, today: dt.date | None = None, workers: int | None = None) -> pd.DataFrame:
    """One row per dossier under ``folder``, in path order, with stable column keys (see COLUMN_LABELS).

    ``workers``: processes to use; by default one below POOL_THRESHOLD dossiers, else every core.
    """
    root = Path(folder)
    today = today or dt.date.today()
    folders = find_dossiers(root)
    if workers is None:
        workers = 1 if len(folders) < POOL_THRESHOLD else (os.cpu_count() or 1)
    workers = max(1, min(workers, len(folders) or 1))
    if workers == 1:
        rows = [dossier_row(f, root, today) for f in folders]
    else:
        chunk = max(1, len(folders) // (workers * 4))
        # spawn, not fork: a Jupyter kernel runs threads, and forking them is unsafe (and the default off Linux).
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            rows = list(pool.map(dossier_row, folders, repeat(root), repeat(today), chunksize=chunk))
    return _frame(rows)


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    progress_cols = list(dict.fromkeys(k for r in rows for k in r if k.startswith(PROGRESS_PREFIX)))
    head = ["dossier", "candidat", "certification", "blocs_vises"]
    tail = ["ecarts", "derniere_modification", "statut_revue", "competences_pretes", "avis",
            "jours_depuis_revue", "conseiller", "alerte_echeance", "erreur"]
    frame = pd.DataFrame(rows, columns=head + progress_cols + tail)
    for col in [*progress_cols, "ecarts", "jours_depuis_revue"]:
        frame[col] = frame[col].astype("Int64")
    frame["derniere_modification"] = pd.to_datetime(frame["derniere_modification"])
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
