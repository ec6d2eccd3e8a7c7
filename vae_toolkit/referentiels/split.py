"""Split the flat ``LISTE_COMPETENCES`` text of an RNCP fiche into compétences (and indicateurs when the fiche has them).

France Compétences publishes that field with its HTML stripped, so the list marks survive only as text. The
usual shapes, each seen in real fiches:

- one compétence per line, introduced by a bullet (``•``, ``-``, ``–``, ``*``, ``▪``…), a number (``1.``, ``2)``,
  ``C1 :``, ``C1.2 -``) or nothing at all;
- two levels: a plain (or numbered) line per compétence, followed by bulleted lines — the indicateurs;
- everything on one line: items glued together where the HTML list items were (``…du public.Concevoir…``),
  or separated by inline bullets or numbers.

The result is a proposal: the imported file is marked « à relire » and the counsellor corrects it on the review
screen. Nothing here knows a particular certification.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BULLET = re.compile(r"^\s*(?:[•●◦○▪■□►▸➢➤✓✔·*]|[-–—](?!\d))\s*")
_NUMBER = re.compile(
    r"^\s*(?:(?:C|Comp[ée]tence)\s*\.?\s*\d+(?:\.\d+)*\s*[.)/:\-–—]?|\d+(?:\.\d+)+\s*[.)/:\-–—]?"
    r"|\d+\s*[.)/:]|\d+\s+[-–—:]|[a-z]\s*[.)])\s*",
    re.IGNORECASE,
)
_GLUED = re.compile(r"(?<=[a-zà-ÿ.;:)»])(?=[A-ZÀ-Ý][a-zà-ÿ])")
_INLINE_BULLET = re.compile(r"\s*(?:[•●◦▪■►▸➢➤✓✔]|\s[-–—]\s)\s*")
_INLINE_NUMBER = re.compile(r"\s+(?=(?:C\s*)?\d+(?:\.\d+)*\s*[.)]\s+[A-ZÀ-Ý])")


@dataclass
class SplitCompetence:
    """One compétence proposed by the splitter, with the indicateurs found under it (often none)."""

    intitule: str
    indicateurs: list[str] = field(default_factory=list)


def _kind(line: str) -> str:
    if _BULLET.match(line):
        return "bullet"
    if _NUMBER.match(line) and len(_NUMBER.sub("", line, count=1)) >= 3:
        return "number"
    return "plain"


def _strip_mark(line: str) -> str:
    line = _BULLET.sub("", line, count=1) if _BULLET.match(line) else _NUMBER.sub("", line, count=1)
    return clean(line)


def clean(text: str) -> str:
    """One line of fiche text: spaces collapsed, a trailing « ; » or « , » dropped, first letter upper-case."""
    text = " ".join(text.replace("\u00a0", " ").split()).strip(" ;,")
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text[:1].upper() + text[1:] if text else text


def _lines(text: str) -> list[str]:
    lines = [ln for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if ln.strip()]
    if len(lines) > 1:
        return lines
    single = lines[0] if lines else ""
    for splitter in (_INLINE_BULLET, _INLINE_NUMBER):
        parts = [p for p in splitter.split(single) if p.strip()]
        if len(parts) > 1:
            return parts
    parts = [p for p in _GLUED.split(single) if p.strip()]
    return parts if len(parts) > 1 else [single] if single.strip() else []


def split_competences(text: str | None) -> list[SplitCompetence]:
    """The compétences of one bloc, read from its ``LISTE_COMPETENCES`` text (empty list for an empty text)."""
    lines = _lines(text or "")
    if len(lines) > 1 and lines[0].rstrip().endswith(":") and _kind(lines[0]) == "plain":
        lines = lines[1:]  # « Le candidat est capable de : » introduces the list, it is no compétence
    kinds = [_kind(ln) for ln in lines]
    heads = {"plain", "number"} & set(kinds)
    two_levels = "bullet" in kinds and heads and any(
        k != "bullet" and i + 1 < len(kinds) and kinds[i + 1] == "bullet" for i, k in enumerate(kinds))
    out: list[SplitCompetence] = []
    if two_levels:
        for line, kind in zip(lines, kinds, strict=True):
            item = _strip_mark(line)
            if not item:
                continue
            if kind == "bullet" and out:
                out[-1].indicateurs.append(item)
            else:
                out.append(SplitCompetence(item))
        return out
    for line in lines:
        item = _strip_mark(line)
        if item and not item.endswith(":"):
            out.append(SplitCompetence(item))
    return out
