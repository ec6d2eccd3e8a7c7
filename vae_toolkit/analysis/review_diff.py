"""What changed in the candidate's dossier since the counsellor's last review.

The version reviewed is read from ``historique/`` by :func:`vae_toolkit.storage.review.reviewed_version`.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field

from vae_toolkit.analysis.text import NARRATIVE_PARTS, count_words
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.wording import RATING_LABELS
from vae_toolkit.models.review import Review

ADDED, REMOVED, MODIFIED = "ajout", "suppression", "modification"


@dataclass(frozen=True)
class Change:
    """One change, in words a counsellor reads: what kind, where, which item, and the detail."""

    kind: str
    section: str
    ident: str
    label: str
    detail: str = ""
    before: str = ""
    after: str = ""


@dataclass
class ReviewDiff:
    """The changes since the last review and how sure we are of the version compared against."""

    since: dt.datetime | None
    baseline: str  # "exacte" | "approchée" | "aucune"
    note: str
    changes: list[Change] = field(default_factory=list)


def changes_since_review(review: Review, current: Dossier, baseline: tuple[Dossier | None, str, str]) -> ReviewDiff:
    """Every change between the reviewed version of the dossier and ``current``.

    ``baseline`` is the reviewed version as :func:`vae_toolkit.storage.review.reviewed_version` found it.
    """
    old, kind, note = baseline
    if old is None:
        return ReviewDiff(review.derniere_revue, kind, note)
    return ReviewDiff(review.derniere_revue, kind, note, diff_dossiers(old, current))


def diff_dossiers(old: Dossier, new: Dossier) -> list[Change]:
    """Changes from ``old`` to ``new``: profile, experiences, situations, self-ratings, pièces, notes."""
    changes: list[Change] = []
    changes += _profil(old, new)
    changes += _items("Expérience", {e.id: e for e in old.experiences}, {e.id: e for e in new.experiences},
                      lambda e: e.intitule_poste)
    changes += _items("Formation", {f.id: f for f in old.formations}, {f.id: f for f in new.formations},
                      lambda f: f.intitule)
    changes += _situations(old, new)
    changes += _ratings(old, new)
    changes += _items("Pièce", {p.id: p for p in old.pieces}, {p.id: p for p in new.pieces}, lambda p: p.titre)
    if old.notes != new.notes:
        changes.append(Change(MODIFIED, "Notes", "notes", "Notes du candidat", _words(old.notes, new.notes),
                              old.notes, new.notes))
    return changes


def _words(before: str, after: str) -> str:
    return f"{count_words(before)} → {count_words(after)} mots"


_PROFIL_TEXTS = {"motivation": "Motivation", "projet": "Projet"}


def _profil(old: Dossier, new: Dossier) -> list[Change]:
    out = []
    a, b = old.profil, new.profil
    if (a.objectif, a.blocs_vises) != (b.objectif, b.blocs_vises):
        before = ", ".join(a.blocs_vises) if a.objectif == "blocs" else "diplôme complet"
        after = ", ".join(b.blocs_vises) if b.objectif == "blocs" else "diplôme complet"
        out.append(Change(MODIFIED, "Profil", "blocs_vises", "Blocs visés", f"{before} → {after}"))
    if [d.model_dump() for d in a.diplomes] != [d.model_dump() for d in b.diplomes]:
        out.append(Change(MODIFIED, "Profil", "diplomes", "Diplômes",
                          f"{len(a.diplomes)} → {len(b.diplomes)} diplôme(s)"))
    for name, label in _PROFIL_TEXTS.items():
        before, after = getattr(a, name), getattr(b, name)
        if before != after:
            out.append(Change(MODIFIED, "Profil", name, label, _words(before, after), before, after))
    return out


def _items(section: str, old: dict, new: dict, title) -> list[Change]:  # noqa: ANN001 - small private helper
    out = []
    for ident in new.keys() - old.keys():
        out.append(Change(ADDED, section, ident, title(new[ident])))
    for ident in old.keys() - new.keys():
        out.append(Change(REMOVED, section, ident, title(old[ident])))
    for ident in old.keys() & new.keys():
        if old[ident] != new[ident]:
            fields = [f for f in type(new[ident]).model_fields if getattr(old[ident], f) != getattr(new[ident], f)]
            out.append(Change(MODIFIED, section, ident, title(new[ident]), "champs modifiés : " + ", ".join(fields)))
    return sorted(out, key=lambda c: (c.ident, c.kind))


def _situations(old: Dossier, new: Dossier) -> list[Change]:
    before = {s.id: s for s in old.situations}
    out = []
    for sit in new.situations:
        prev = before.get(sit.id)
        if prev is None:
            words = sum(count_words(getattr(sit, p)) for p in NARRATIVE_PARTS)
            out.append(Change(ADDED, "Situation", sit.id, sit.titre, f"{words} mots"))
            continue
        if prev.titre != sit.titre:
            out.append(Change(MODIFIED, "Situation", sit.id, sit.titre, f"titre : « {prev.titre} » → « {sit.titre} »"))
        for part, label in NARRATIVE_PARTS.items():
            a, b = getattr(prev, part), getattr(sit, part)
            if a != b:
                out.append(Change(MODIFIED, "Situation", sit.id, f"{sit.titre} – {label}", _words(a, b), a, b))
        gained = [i for i in sit.indicateurs if i not in prev.indicateurs]
        lost = [i for i in prev.indicateurs if i not in sit.indicateurs]
        if gained or lost:
            detail = "; ".join(filter(None, [f"ajoutés : {', '.join(gained)}" if gained else "",
                                             f"retirés : {', '.join(lost)}" if lost else ""]))
            out.append(Change(MODIFIED, "Situation", sit.id, f"{sit.titre} – indicateurs", detail))
    now = {s.id for s in new.situations}
    out += [Change(REMOVED, "Situation", s.id, s.titre) for s in old.situations if s.id not in now]
    return out


def _ratings(old: Dossier, new: Dossier) -> list[Change]:
    out = []
    for ident in sorted(old.auto_evaluation.keys() | new.auto_evaluation.keys()):
        a, b = old.auto_evaluation.get(ident), new.auto_evaluation.get(ident)
        if a != b:
            out.append(Change(MODIFIED, "Auto-évaluation", ident, ident, f"{RATING_LABELS[a]} → {RATING_LABELS[b]}"))
    return out


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The text as runs of ("=", kept), ("+", inserted) and ("-", deleted) words, for display."""
    a, b = before.split(" "), after.split(" ")
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(("-", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("+", " ".join(b[j1:j2])))
    return out
