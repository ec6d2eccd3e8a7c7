"""Checks of a dossier against its référentiel: every reference must point to something real."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.referentiel import Referentiel

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One problem in a file: where (a field path) and what, in French."""

    path: Path
    message: str
    line: int | None = None

    @property
    def where(self) -> str:
        return format_path(self.path)


def format_path(path: Path) -> str:
    """``('experiences', 2, 'fin')`` → ``experiences[2].fin``."""
    out = ""
    for part in path:
        if part == "[key]":
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = _visible(str(part))
            out += f".{name}" if out else name
    return out or "(racine)"


def _visible(name: str) -> str:
    """A key as typed, with invisible or line-breaking characters shown as ``\\uXXXX`` (messages stay one line)."""
    shown = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in name)
    return shown or "«\u00a0»"


def reference_problems(dossier: Dossier, ref: Referentiel) -> list[Problem]:
    """Every dangling or duplicated reference in the dossier, with its field path."""
    problems: list[Problem] = []
    indicators = ref.indicator_ids
    blocs = {b.id for b in ref.blocs}
    fonctions = {f.id for f in ref.fonctions}

    for i, bloc in enumerate(dossier.profil.blocs_vises):
        if bloc not in blocs:
            problems.append(Problem(("profil", "blocs_vises", i), f"bloc inconnu du référentiel {ref.code} : {bloc}"))

    for kind in ("experiences", "formations", "situations", "pieces"):
        counts = Counter(item.id for item in getattr(dossier, kind))
        for j, item in enumerate(getattr(dossier, kind)):
            if counts[item.id] > 1:
                problems.append(Problem((kind, j, "id"), f"identifiant en double : {item.id}"))

    for j, exp in enumerate(dossier.experiences):
        for k, f in enumerate(exp.fonctions):
            if f not in fonctions:
                problems.append(Problem(("experiences", j, "fonctions", k), f"fonction inconnue : {f}"))

    experience_ids = {e.id for e in dossier.experiences}
    competences = {c.id for c in ref.competences}
    for j, sit in enumerate(dossier.situations):
        for k, ident in enumerate(sit.experience_ids):
            if ident not in experience_ids:
                problems.append(Problem(("situations", j, "experience_ids", k), f"expérience inconnue : {ident}"))
        if len(set(sit.experience_ids)) != len(sit.experience_ids):
            problems.append(Problem(("situations", j, "experience_ids"), "expérience citée deux fois"))
        if sit.competence_principale is not None and sit.competence_principale not in competences:
            problems.append(Problem(("situations", j, "competence_principale"),
                                    f"compétence inconnue du référentiel {ref.code} : {sit.competence_principale}"))
        problems += _indicator_refs(("situations", j, "indicateurs"), sit.indicateurs, indicators, ref.code)

    for j, piece in enumerate(dossier.pieces):
        problems += _indicator_refs(("pieces", j, "indicateurs"), piece.indicateurs, indicators, ref.code)

    for k, bloc in enumerate(dossier.jury.blocs_acquis):
        if bloc not in blocs:
            problems.append(Problem(("jury", "blocs_acquis", k), f"bloc inconnu du référentiel {ref.code} : {bloc}"))

    for ident in dossier.auto_evaluation:
        if ident not in indicators:
            problems.append(Problem(("auto_evaluation", ident), f"indicateur inconnu du référentiel {ref.code} : {ident}"))
    return problems


def _indicator_refs(base: Path, ids: list[str], known: frozenset[str], code: str) -> list[Problem]:
    out = []
    for k, ident in enumerate(ids):
        if ident not in known:
            out.append(Problem((*base, k), f"indicateur inconnu du référentiel {code} : {ident}"))
    if len(set(ids)) != len(ids):
        out.append(Problem(base, "indicateur cité deux fois"))
    return out
