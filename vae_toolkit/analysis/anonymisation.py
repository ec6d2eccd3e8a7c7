"""Anonymisation of what is shared: likely personal data in the dossier's free texts, and the replacement table.

Candidates tell real situations naming colleagues, users of social services and families (« Mme Durand »,
« M. Karim B. », an e-mail, a phone number). :func:`suspects` finds what looks like personal data in every free
text; :func:`apply` returns a copy of the dossier where each ``original`` of ``dossier.anonymisation`` is replaced
by its ``remplacement``. Exports use that copy; the dossier itself is never changed. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from vae_toolkit.analysis.text import NARRATIVE_PARTS
from vae_toolkit.models.checks import Problem
from vae_toolkit.models.dossier import Dossier, Remplacement

_UP = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"
_LOW = "a-zà-öø-ÿœæ"
_WORD = rf"[{_UP}](?:[{_LOW}]+|[’'][{_UP}][{_LOW}]+)(?:-[{_UP}][{_LOW}]+)*"
_INITIAL = rf"[{_UP}]\.?(?![\w])"
_CIVILITY = r"Mademoiselle|Madame|Monsieur|Docteur|Maître|Mlle|Mme|Dr\.?|Me|M\."
NAME = re.compile(rf"(?<![\w.])(?:{_CIVILITY})\s+(?P<nom>{_WORD}(?:\s+(?:{_WORD}|{_INITIAL}))?)")
FAMILY = re.compile(rf"(?<!\w)[Ff]amille\s+(?P<nom>{_WORD})")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\d+])(?:\+33\s?(?:\(0\)\s?)?|0033\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
PATTERNS = {"nom": NAME, "famille": FAMILY, "email": EMAIL, "telephone": PHONE}
"""Each kind of suspect and its pattern; ``nom`` and ``famille`` capture the name part as ``nom``."""

STRUCTURE_LABELS = {"secteur": "Secteur", "organisation": "Organisation", "publics": "Publics accompagnés",
                    "territoire": "Territoire", "environnement": "Environnement et partenaires"}


@dataclass(frozen=True)
class Suspect:
    """One likely personal datum: the text found, where (a French label), its kind, and whether it is covered."""

    texte: str
    ou: str
    genre: str
    couvert: bool


def _q(text: str) -> str:
    return f"«\u00a0{text}\u00a0»"


def free_texts(dossier: Dossier) -> Iterator[tuple[str, BaseModel, str, int | None]]:
    """Every free text that exports may show: (French label, owner object, field name, index in a list or None)."""
    p = dossier.profil
    yield "Motivation", p, "motivation", None
    yield "Projet", p, "projet", None
    for e in dossier.experiences:
        where = f"expérience {_q(e.intitule_poste)}"
        for i, _mission in enumerate(e.missions):
            yield f"{where} – Missions", e, "missions", i
        for name, label in STRUCTURE_LABELS.items():
            yield f"{where} – {label}", e.structure, name, None
    for s in dossier.situations:
        where = f"situation {_q(s.titre)}"
        yield f"{where} – Titre", s, "titre", None
        for name, label in NARRATIVE_PARTS.items():
            yield f"{where} – {label}", s, name, None
    for piece in dossier.pieces:
        where = f"pièce {_q(piece.titre)}"
        yield f"{where} – Titre", piece, "titre", None
        yield f"{where} – Description", piece, "description", None
    yield "Conclusion", dossier, "conclusion", None


def _get(obj: BaseModel, name: str, index: int | None) -> str:
    value = getattr(obj, name)
    return value if index is None else value[index]


def _table_pattern(table: list[Remplacement]) -> re.Pattern[str] | None:
    """One pattern matching every original, longest first, as whole words where it starts or ends with a letter."""
    originals = sorted({r.original for r in table}, key=len, reverse=True)
    if not originals:
        return None
    parts = [("(?<!\\w)" if o[0].isalnum() or o[0] == "_" else "") + re.escape(o)
             + ("(?!\\w)" if o[-1].isalnum() or o[-1] == "_" else "") for o in originals]
    return re.compile("|".join(parts))


def replace_text(text: str, table: list[Remplacement]) -> str:
    """``text`` with every original of ``table`` replaced (whole words, longest first, case-sensitive)."""
    pattern = _table_pattern(table)
    if pattern is None or not text:
        return text
    mapping: dict[str, str] = {}
    for r in table:
        mapping.setdefault(r.original, r.remplacement)
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def _own(dossier: Dossier) -> tuple[set[str], set[str], str]:
    """The candidate's own name words, e-mail and phone digits: never flagged."""
    p = dossier.profil
    names = {w.casefold() for w in re.split(r"[\s-]+", f"{p.nom} {p.prenom}") if len(w) > 1}
    emails = {p.email.casefold()} if p.email else set()
    phone = re.sub(r"\D", "", p.telephone or "")
    return names, emails, phone[-9:]


def _is_own(kind: str, match: re.Match[str], own: tuple[set[str], set[str], str]) -> bool:
    names, emails, phone = own
    if kind in ("nom", "famille"):
        return any(w.casefold() in names for w in re.split(r"[\s-]+", match.group("nom")))
    if kind == "email":
        return match.group(0).casefold() in emails
    return bool(phone) and re.sub(r"\D", "", match.group(0))[-9:] == phone


def suspects_in(text: str, where: str, dossier: Dossier) -> list[Suspect]:
    """The suspects of one text (see :func:`suspects`)."""
    own = _own(dossier)
    pattern = _table_pattern(dossier.anonymisation)
    covered_spans = [m.span() for m in pattern.finditer(text)] if pattern else []
    found: list[tuple[int, Suspect]] = []
    for kind, regex in PATTERNS.items():
        for m in regex.finditer(text):
            if _is_own(kind, m, own):
                continue
            start, end = m.span("nom") if kind in ("nom", "famille") else m.span()
            covered = any(a < end and start < b for a, b in covered_spans)
            found.append((m.start(), Suspect(texte=m.group(0), ou=where, genre=kind, couvert=covered)))
    return [suspect for _start, suspect in sorted(found, key=lambda pair: pair[0])]


def suspects(dossier: Dossier) -> list[Suspect]:
    """Likely personal data in every free text of ``dossier``, in reading order.

    Civility followed by a capitalised name (« Mme Durand », « M. Karim B. »), « famille X », e-mail addresses
    and French phone numbers; the candidate's own name, e-mail and phone are not flagged. A suspect is covered
    when an original of the anonymisation table overlaps its name part (its whole text for e-mails and phones).
    """
    out: list[Suspect] = []
    for where, obj, name, index in free_texts(dossier):
        text = _get(obj, name, index)
        if text:
            out.extend(suspects_in(text, where, dossier))
    return out


def uncovered(dossier: Dossier) -> list[Suspect]:
    """The suspects that the anonymisation table does not cover yet."""
    return [s for s in suspects(dossier) if not s.couvert]


def anonymisation_warnings(dossier: Dossier) -> list[Problem]:
    """One warning per uncovered suspect, for ``vae check`` (the candidate's own machine: the text is shown)."""
    return [Problem(("anonymisation",), f"donnée personnelle possible, absente de la table d’anonymisation : "
                                        f"{_q(s.texte)} ({s.ou})") for s in uncovered(dossier)]


def apply(dossier: Dossier) -> Dossier:
    """A copy of ``dossier`` with its anonymisation table applied to every free text; ``dossier`` is untouched.

    A required title that the table would empty becomes « (anonymisé) ».
    """
    copy = dossier.model_copy(deep=True)
    if not copy.anonymisation:
        return copy
    for _where, obj, name, index in list(free_texts(copy)):
        before = _get(obj, name, index)
        after = replace_text(before, copy.anonymisation)
        if after == before:
            continue
        if name == "titre" and not after.strip():
            after = "(anonymisé)"
        if index is None:
            setattr(obj, name, after)
        else:
            values = list(getattr(obj, name))
            values[index] = after
            setattr(obj, name, values)
    return copy
