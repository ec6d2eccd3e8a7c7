"""One dashboard row per dossier: a typed structure, computed from the bytes of ``dossier.yaml`` and ``revue.yaml``.

No pandas here: the worker processes of a cold dashboard import this module only (their start-up is what a
parallel scan pays). A dossier that cannot be read becomes a row carrying its French error; it never stops the others.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from vae_toolkit.errors import VaeError
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.models.review import Review, Statut
from vae_toolkit.models.status import BlocStatus
from vae_toolkit.models.wording import AVIS_LABELS
from vae_toolkit.storage.atomic import french_reason
from vae_toolkit.storage.document import Loaded, parse_document, read_raw
from vae_toolkit.storage.dossier import DOSSIER_FILE, DOSSIER_SPEC, EXPORTS_DIR, PIECES_DIR
from vae_toolkit.storage.history import HISTORY_DIR
from vae_toolkit.storage.review import REVIEW_FILE, REVIEW_SPEC

SKIPPED_DIRS = frozenset({HISTORY_DIR, PIECES_DIR, EXPORTS_DIR})
PROGRESS_PREFIX = "avancement."

REVIEW_NEVER = "Jamais revu"
REVIEW_CHANGED = "Modifié depuis la revue"
REVIEW_CURRENT = "À jour"
REVIEW_UNREADABLE = "Revue illisible"


@dataclass
class DashboardRow:
    """What the dashboard shows of one dossier. Add a field here (with a label in ``COLUMN_LABELS`` of
    :mod:`vae_toolkit.dashboard.table`) and it reaches the table, the CSV, the JSON and the index."""

    dossier: str
    """Path relative to the folder scanned (the row's identity; the view opens ``folder / dossier``)."""
    candidat: str | None = None
    certification: str | None = None
    blocs_vises: str | None = None
    avancement: dict[str, int | None] = field(default_factory=dict)
    """Covered share (%) per bloc id; None for a bloc not aimed at."""
    ecarts: int | None = None
    derniere_modification: dt.datetime | None = None
    """When ``dossier.yaml`` was last written."""
    derniere_activite: dt.datetime | None = None
    """The candidate's last trace: ``dossier.yaml`` or a pièce added or removed, whichever is later."""
    statut_revue: str | None = None
    competences_pretes: str | None = None
    avis: str | None = None
    derniere_revue: dt.datetime | None = None
    jours_depuis_revue: int | None = None
    conseiller: str | None = None
    alerte_echeance: str | None = None
    """The certification's end of registration when near or past (with its successor), else None."""
    erreur: str | None = None

    def columns(self) -> dict[str, Any]:
        """Flat columns: every field, ``avancement`` spread as ``avancement.<bloc id>``."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "avancement":
                out.update({PROGRESS_PREFIX + k: v for k, v in value.items()})
            else:
                out[f.name] = value
        return out

    def to_json(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in _FIELD_NAMES}  # asdict() deep-copies: ten times slower
        data["avancement"] = dict(self.avancement)
        for key in ("derniere_modification", "derniere_activite", "derniere_revue"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DashboardRow:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for key in ("derniere_modification", "derniere_activite", "derniere_revue"):
            if values.get(key) is not None:
                values[key] = dt.datetime.fromisoformat(values[key])
        return cls(**values)


_FIELD_NAMES = tuple(f.name for f in fields(DashboardRow))


def find_dossiers(folder: str | Path) -> list[Path]:
    """Every folder under ``folder`` (itself included) holding a ``dossier.yaml``, sorted.

    Never descends into ``historique/``, ``pieces/``, ``exports/`` nor hidden folders (checkpoints); a folder the
    user may not read (another counsellor's candidate on a shared JupyterHub) is passed over.
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


def relative_name(folder: Path, root: Path) -> str:
    try:
        rel = folder.relative_to(root)
    except ValueError:
        return str(folder)
    return rel.as_posix() if str(rel) != "." else folder.name


def stamp(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds).replace(microsecond=0)


def activity(folder: Path, modified: dt.datetime) -> dt.datetime:
    """The later of ``modified`` and the last change to the list of pièces (a stat, no reading)."""
    try:
        pieces = stamp((folder / PIECES_DIR).stat().st_mtime)
    except OSError:
        return modified
    return max(modified, pieces)


def row_from_bytes(folder: Path, root: Path, today: dt.date, raw: bytes, mtime: float,
                   review_raw: bytes | None) -> DashboardRow:
    """The row of one dossier from the bytes read (``review_raw`` None: no ``revue.yaml``); never raises."""
    row = DashboardRow(dossier=relative_name(folder, root))
    row.derniere_modification = modified = stamp(mtime)
    row.derniere_activite = activity(folder, modified)
    try:
        loaded = parse_document(folder / DOSSIER_FILE, raw, DOSSIER_SPEC)
    except VaeError as exc:
        row.candidat = _salvage_name(raw)
        row.erreur = str(exc)
        return row
    try:
        columns = _dossier_columns(loaded.model, today)
    except VaeError as exc:
        row.erreur = str(exc)
        return row
    except Exception as exc:  # noqa: BLE001 - an analysis that trips on odd data must not hide the other rows
        row.erreur = f"Analyse impossible (erreur interne {type(exc).__name__} : {exc}). Signalez-la aux développeurs."
        return row
    aimed = columns.pop("_competences_visees")
    row.candidat, row.certification, row.blocs_vises = columns.pop("candidat"), columns.pop("certification"), \
        columns.pop("blocs_vises")
    row.ecarts = columns.pop("ecarts")
    row.alerte_echeance = columns.pop("alerte_echeance")
    row.avancement = {k[len(PROGRESS_PREFIX):]: v for k, v in columns.items() if k.startswith(PROGRESS_PREFIX)}
    try:
        review = parse_document(folder / REVIEW_FILE, review_raw, REVIEW_SPEC) if review_raw is not None else None
    except VaeError as exc:
        row.statut_revue = REVIEW_UNREADABLE
        row.erreur = str(exc)
        return row
    for key, value in review_columns(review, loaded.fingerprint, modified, today, aimed=aimed).items():
        setattr(row, key, value)
    return row


def read_row(folder: str | Path, root: str | Path, today: dt.date | None = None) -> DashboardRow:
    """The row of the dossier in ``folder``, read from disk; any failure is reported in ``erreur``."""
    folder, root = Path(folder), Path(root)
    today = today or dt.date.today()
    try:
        mtime = (folder / DOSSIER_FILE).stat().st_mtime
        raw = read_raw(folder / DOSSIER_FILE, DOSSIER_SPEC.what)
    except VaeError as exc:
        return DashboardRow(dossier=relative_name(folder, root), erreur=str(exc))
    except OSError as exc:
        return DashboardRow(dossier=relative_name(folder, root),
                            erreur=f"Lecture impossible de {folder / DOSSIER_FILE} : {french_reason(exc)}.")
    try:
        review_raw: bytes | None = read_raw(folder / REVIEW_FILE, REVIEW_SPEC.what)
    except FileNotFoundError:
        review_raw = None
    except VaeError as exc:
        row = row_from_bytes(folder, root, today, raw, mtime, None)
        row.statut_revue = REVIEW_UNREADABLE
        row.erreur = str(exc)
        return row
    return row_from_bytes(folder, root, today, raw, mtime, review_raw)


def _salvage_name(raw: bytes) -> str | None:
    """The candidate's name read leniently from a file that failed validation (so the row is recognisable)."""
    from vae_toolkit.storage.yamlio import parse_yaml

    try:  # the strict parser: a file refused for its aliases must not be expanded here either
        data = parse_yaml(Path(DOSSIER_FILE), raw)
        profil = data.get("profil") or {}
        name = f"{profil.get('prenom') or ''} {profil.get('nom') or ''}".strip()
    except Exception:  # noqa: BLE001 - the file is known to be broken; the error is reported elsewhere
        return None
    return name or None


def _dossier_columns(dossier: Dossier, today: dt.date) -> dict[str, Any]:
    from vae_toolkit.referentiels import load_referentiel

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
    rows = indicator_rows(dossier, ref, qualities(dossier, today), status, reasons=False)
    aimed = [b for b in ref.blocs if status[b.id][0] == BlocStatus.vise]
    out: dict[str, Any] = {
        "candidat": f"{dossier.profil.prenom} {dossier.profil.nom}".strip() or None,
        "certification": ref.code,
        "blocs_vises": ", ".join(b.id for b in aimed),
    }
    progress = from_rows(rows, ref)
    for b in ref.blocs:
        out[PROGRESS_PREFIX + b.id] = progress[b.id].pourcentage if b in aimed else None
    out["ecarts"] = sum(is_gap(r.statut) for r in rows)
    out["alerte_echeance"] = echeance_warning(ref, today, short=True)
    out["_competences_visees"] = [c.id for b in aimed for c in b.competences]
    return out


def review_columns(loaded: Loaded[Review] | None, dossier_fingerprint: str, modified: dt.datetime,
                   today: dt.date, aimed: list[str] | None = None) -> dict[str, Any]:
    """Review status, opinion, ready compétences, date of and days since the last review.

    « À jour » when the dossier is byte for byte the one reviewed (or, for a review written without a
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
    out: dict[str, Any] = {"statut_revue": status, "jours_depuis_revue": days,
                           "derniere_revue": review.derniere_revue if review is not None else None}
    out["avis"] = AVIS_LABELS[review.avis.avis] if review is not None and review.avis.avis else None
    out["conseiller"] = (review.conseiller or None) if review is not None else None
    if aimed is not None:
        ready = sum(1 for c in aimed if review is not None and c in review.competences
                    and review.competences[c].statut == Statut.pret)
        out["competences_pretes"] = f"{ready}/{len(aimed)}"
    return out


__all__ = ["DashboardRow", "find_dossiers", "read_row", "review_columns", "row_from_bytes", "summary_columns"]
