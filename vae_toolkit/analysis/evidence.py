"""How much a situation proves: the four parts, « je », length, depth of the analysis, recency.

The thresholds are the rules documented in docs/analyse-des-ecarts.md; change both together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vae_toolkit.analysis.text import NARRATIVE_PARTS, count_label, count_words, person_counts
from vae_toolkit.models.dossier import Dossier, Experience, Situation

MIN_WORDS = 150
"""A situation shorter than this (four parts together) tells too little to prove anything."""
LONG_WORDS = 2500
"""Above this, a situation is flagged as long (a remark, never a gap)."""
MIN_ANALYSE_WORDS = 40
"""Telling is not analysing: the reflective part needs at least this many words."""
COLLECTIVE_RATIO = 0.25
"""Written « in je » when « je »-forms appear and « nous »/« on » are at most this share of them."""
RECENT_YEARS = 5
"""Default of ``reglages.recence_annees``: evidence older than this is flagged as not kept up by practice."""


@dataclass(frozen=True)
class SituationQuality:
    """What one situation is worth as evidence, with the reasons in French when it falls short."""

    id: str
    titre: str
    experience_ids: tuple[str, ...]
    mots: int
    mots_analyse: int
    parties_manquantes: tuple[str, ...]
    je: int
    nous_on: int
    annees: float | None
    """Years since the most recent of its experiences ended (0 when ongoing); None when none is given."""
    seuil_annees: int = 5
    """The dossier's recency threshold (``reglages.recence_annees``)."""

    @property
    def premiere_personne(self) -> bool:
        return self.je > 0 and self.nous_on <= COLLECTIVE_RATIO * self.je

    @property
    def complete(self) -> bool:
        """Four parts written, in « je », long enough, with a real analysis."""
        return (not self.parties_manquantes and self.premiere_personne and self.mots >= MIN_WORDS
                and self.mots_analyse >= MIN_ANALYSE_WORDS)

    @property
    def ancienne(self) -> bool:
        return self.annees is not None and self.annees > self.seuil_annees

    def defauts(self) -> list[str]:
        """Why the situation is not complete, in French (empty when it is)."""
        out = []
        if self.parties_manquantes:
            names = ", ".join(f"« {NARRATIVE_PARTS[p]} »" for p in self.parties_manquantes)
            plural = "s" if len(self.parties_manquantes) > 1 else ""
            out.append(f"partie{plural} vide{plural} : {names}")
        if not self.premiere_personne:
            if self.je == 0 and self.nous_on == 0:
                out.append("récit sans « je » : dites ce que vous avez fait vous-même")
            else:
                out.append(f"récit trop au « nous » ou au « on » ({self.nous_on} contre {self.je} « je »)")
        if self.mots < MIN_WORDS:
            out.append(f"récit court ({count_label(self.mots, 'mot')}, {MIN_WORDS} au moins)")
        if self.mots_analyse < MIN_ANALYSE_WORDS and "analyse" not in self.parties_manquantes:
            out.append(f"analyse réflexive trop brève ({count_label(self.mots_analyse, 'mot')}, {MIN_ANALYSE_WORDS} au moins)")
        return out

    def remarques(self) -> list[str]:
        """Remarks that do not make the situation incomplete."""
        out = []
        if self.mots > LONG_WORDS:
            out.append(f"récit très long ({self.mots} mots) : resserrez sur ce que vous avez fait")
        if self.ancienne:
            out.append(f"pratique terminée il y a plus de {self.seuil_annees}\u00a0ans")
        return out


def years_since(experiences: list[Experience], today: dt.date) -> float | None:
    """Years from the end of the most recent experience to ``today`` (0 when one is ongoing); None if none."""
    if not experiences:
        return None
    if any(e.fin is None or e.fin >= today for e in experiences):
        return 0.0
    last = max(e.fin for e in experiences if e.fin is not None)
    return round((today - last).days / 365.25, 1)


def situation_quality(situation: Situation, experiences: list[Experience], today: dt.date,
                      seuil_annees: int = RECENT_YEARS) -> SituationQuality:
    """Measure one situation against the rules above."""
    texts = {p: getattr(situation, p) for p in NARRATIVE_PARTS}
    whole = "\n".join(t for t in texts.values() if t)
    je, nous_on = person_counts(whole)
    words = {p: count_words(t) for p, t in texts.items()}  # the parts' counts add up: they are joined by a line break
    return SituationQuality(
        id=situation.id,
        titre=situation.titre,
        experience_ids=tuple(situation.experience_ids),
        mots=sum(words.values()),
        mots_analyse=words["analyse"],
        parties_manquantes=tuple(p for p, t in texts.items() if not t.strip()),
        je=je,
        nous_on=nous_on,
        annees=years_since(experiences, today),
        seuil_annees=seuil_annees,
    )


def qualities(dossier: Dossier, today: dt.date) -> dict[str, SituationQuality]:
    """Every situation of the dossier measured once, by id."""
    seuil = dossier.reglages.recence_annees
    return {s.id: situation_quality(s, dossier.experiences_of(s), today, seuil) for s in dossier.situations}
