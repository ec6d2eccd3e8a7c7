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


# « j’ai », « m’a » end on the apostrophe, so the word boundary is checked only after the full words.
_FIRST_PERSON = re.compile(r"(?<!\w)(?:[jm]['’]|(?:je|moi|me|mon|ma|mes)\b)", re.IGNORECASE)


def person_counts(text: str) -> tuple[int, int]:
    """(« je »-forms, including « j’ai » and « m’a », and « nous »/« on »-forms) occurrences in ``text``."""
    return len(_FIRST_PERSON.findall(text)), len(_NOUS_ON.findall(text))


def count_label(n: int, singular: str, plural: str | None = None) -> str:
    """« 0 mot », « 1 mot », « 2 mots » (French: 0 and 1 take the singular), thousands spaced."""
    shown = f"{n:,}".replace(",", "\u202f")
    return f"{shown}\u00a0{singular if abs(n) < 2 else (plural or singular + 's')}"
