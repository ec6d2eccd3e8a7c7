"""Counting and reading the candidate's narratives: words, signes, « je » versus « nous »/« on »."""

from __future__ import annotations

import re

from vae_toolkit.models.dossier import Situation
from vae_toolkit.models.wording import count_fr

NARRATIVE_PARTS: dict[str, str] = {
    "contexte": "Contexte",
    "actions": "Ce que j’ai fait",
    "resultats": "Résultats",
    "analyse": "Analyse réflexive",
}



def count_words(text: str) -> int:
    """Words as a word processor counts them: runs of non-space characters (« l’équipe » is one word)."""
    return len(text.split())


def count_signes(text: str) -> int:
    """Signes in the French editorial sense: every character, spaces included."""
    return len(text)


def narrative(situation: Situation) -> str:
    """The four parts of a situation, joined as one text."""
    return "\n".join(getattr(situation, part) for part in NARRATIVE_PARTS if getattr(situation, part))


# One pass (the dashboard runs it on every narrative of hundreds of dossiers). The pattern starts with the set of
# first letters, which the regex engine scans for in C, and only then looks back for the word boundary: about a
# third faster than starting on ``\b``, which is tried at every position. Group 1 is the rest of a « je » form
# (« j’ », « je » after a j; « m’ », « me », « moi », « mon », « ma », « mes » after an m), empty for a « nous »/« on »
# form; « j’ai », « m’a » end on the apostrophe, so the word boundary is checked only after the full words.
_PERSONS = re.compile(r"[jmno](?<!\w[jmno])(?:((?<=j)(?:['’]|e\b)|(?<=m)(?:['’]|(?:e|oi|on|a|es)\b))"
                      r"|(?<=n)(?:ous|otre|os)\b|(?<=o)n\b)", re.IGNORECASE)


def person_counts(text: str) -> tuple[int, int]:
    """(« je »-forms — « je », « moi », « me », « mon », « ma », « mes », « j’ai », « m’a » — and « nous »/« on »-forms
    — « nous », « on », « notre », « nos ») occurrences in ``text``, whatever their case."""
    found = _PERSONS.findall(text)
    nous_on = found.count("")
    return len(found) - nous_on, nous_on


def count_label(n: int, singular: str, plural: str | None = None) -> str:
    """« 0 mot », « 1 mot », « 2 mots » (French: 0 and 1 take the singular), thousands spaced."""
    return count_fr(n, singular, plural or singular + "s")
