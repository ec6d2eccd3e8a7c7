"""Where each situation is told in full: its main compétence (chosen, else the one it illustrates most)."""

from __future__ import annotations

from collections.abc import Iterable

from vae_toolkit.models.dossier import Situation
from vae_toolkit.models.referentiel import Competence, Referentiel


def illustrated(situation: Situation, ref: Referentiel) -> list[tuple[Competence, int]]:
    """(compétence, number of its indicators the situation illustrates), in référentiel order, counts > 0."""
    linked = set(situation.indicateurs)
    out = []
    for comp in ref.competences:
        n = sum(1 for i in comp.indicateurs if i.id in linked)
        if n:
            out.append((comp, n))
    return out


def default_competence(situation: Situation, ref: Referentiel, among: Iterable[str] | None = None) -> Competence | None:
    """The compétence where the situation illustrates the most indicators (the first in référentiel order on a tie)."""
    allowed = set(among) if among is not None else None
    best: tuple[Competence, int] | None = None
    for comp, n in illustrated(situation, ref):
        if allowed is not None and comp.id not in allowed:
            continue
        if best is None or n > best[1]:
            best = (comp, n)
    return best[0] if best else None


def main_competence(situation: Situation, ref: Referentiel, among: Iterable[str] | None = None) -> Competence | None:
    """The compétence under which the situation is told in full.

    The candidate's choice (``competence_principale``) when it names a compétence the situation illustrates
    (and one of ``among`` when given, e.g. the compétences of the blocs aimed at); otherwise the default.
    None when the situation illustrates no allowed compétence.
    """
    allowed = list(among) if among is not None else None
    chosen = situation.competence_principale
    if chosen and (allowed is None or chosen in allowed):
        if any(comp.id == chosen for comp, _ in illustrated(situation, ref)):
            return ref.competence(chosen)
    return default_competence(situation, ref, allowed)
