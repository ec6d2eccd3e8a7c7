"""Counting and reading the candidate's narratives: words, signes, « je » versus « nous »/« on »."""

from __future__ import annotations

import re

from vae_toolkit.models.dossier import Situation

NARRATIVE_PARTS: dict[str, str] = {
    "contexte": "Contexte",
    "actions": "Ce que j’ai fait",
    "resultats": "Résultats",
    "analyse": "Analyse réflexive",
}

_JE = re.compile(r"\b(?:je|j['’]|moi|me|m['’]|mon|ma|mes)(?=\W|$)", re.IGNORECASE)
_NOUS_ON = re.compile(r"\b(?:nous|on|notre|nos)\b", re.IGNORECASE)


def count_words(text: str) -> int:
    """Words as a word processor counts them: runs of non-space characters (« l’équipe » is one word)."""
    return len(text.split())


def count_signes(text: str) -> int:
    """Signes in the French editorial sense: every character, spaces included."""
    return len(text)


def narrative(situation: Situation) -> str:
    """The four parts of a situation, joined as one text."""
    return "\n".join(getattr(situation, part) for part in NARRATIVE_PARTS if getattr(situation, part))


def pronoun_counts(text: str) -> tuple[int, int]:
    """(first person singular, « nous »/« on ») occurrences."""
    return len(_JE.findall(text)), len(_NOUS_ON.findall(text))


def mostly_collective(text: str) -> bool:
    """True when a text says « nous »/« on » more than « je »: the jury wants to read what *I* did."""
    je, nous = pronoun_counts(text)
    return nous > 0 and nous >= je


# « j’ai », « m’a » end on the apostrophe, so the word boundary is checked only after the full words.
_FIRST_PERSON = re.compile(r"(?<!\w)(?:[jm]['’]|(?:je|moi|me|mon|ma|mes)\b)", re.IGNORECASE)


def person_counts(text: str) -> tuple[int, int]:
    """(« je »-forms, « nous »/« on »-forms) occurrences; unlike ``pronoun_counts`` it also counts « j’ai », « m’a »."""
    return len(_FIRST_PERSON.findall(text)), len(_NOUS_ON.findall(text))
