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


# One pass, starting on a word boundary (the dashboard runs it on every narrative of hundreds of dossiers: about
# three times faster than a pattern per person starting with a look-behind). Group 1 is the « je » form's letter,
# empty for a « nous »/« on » form; « j’ai », « m’a » end on the apostrophe, so the word boundary is checked only
# after the full words.
_PERSONS = re.compile(r"\b(?:([jm])(?:['’]|(?:e|oi|on|a|es)\b)|(?:n(?:ous|otre|os)|on)\b)", re.IGNORECASE)


def person_counts(text: str) -> tuple[int, int]:
    """(« je »-forms — « je », « moi », « me », « mon », « ma », « mes », « j’ai », « m’a » — and « nous »/« on »-forms
    — « nous », « on », « notre », « nos ») occurrences in ``text``, whatever their case."""
    found = _PERSONS.findall(text)
    je = sum(1 for letter in found if letter)
    return je, len(found) - je


def count_label(n: int, singular: str, plural: str | None = None) -> str:
    """« 0 mot », « 1 mot », « 2 mots » (French: 0 and 1 take the singular), thousands spaced."""
    return count_fr(n, singular, plural or singular + "s")
