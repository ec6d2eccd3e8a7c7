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
from enum import Enum
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from vae_toolkit.analysis.text import NARRATIVE_PARTS
from vae_toolkit.models.checks import Problem
from vae_toolkit.models.dossier import Dossier, Remplacement, Structure

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


FIELD_LABELS = {
    "motivation": "Motivation", "projet": "Projet", "nom": "Nom", "prenom": "Prénom", "email": "Courriel",
    "telephone": "Téléphone", "ville": "Ville", "intitule": "Intitulé", "organisme": "Organisme", "code": "Code",
    "intitule_poste": "Intitulé du poste", "missions": "Missions", "titre": "Titre", "periode": "Période",
    "description": "Description", "fichier": "Fichier", "conclusion": "Conclusion", "notes": "Notes",
    **NARRATIVE_PARTS, **STRUCTURE_LABELS,
}
"""French names of the text fields, for the places ``vae check`` shows; an unknown field shows its own name."""

NOT_SHARED = frozenset({"anonymisation"})
"""Fields never searched nor exported: the replacement table itself."""


def _structural(info: FieldInfo) -> bool:
    """Whether a field holds identifiers or fixed choices (IDs, enums, literals), not text a person wrote."""
    return any(getattr(m, "pattern", None) for m in info.metadata) or _structural_type(info.annotation)


def _structural_type(tp: Any) -> bool:
    if get_origin(tp) is Literal or (isinstance(tp, type) and issubclass(tp, Enum)):
        return True
    if get_origin(tp) is dict:  # keys are identifiers; only the values say whether it holds text
        return _structural_type(get_args(tp)[1])
    for meta in getattr(tp, "__metadata__", ()):
        if getattr(meta, "pattern", None) or any(getattr(m, "pattern", None) for m in getattr(meta, "metadata", ())):
            return True
    return any(_structural_type(arg) for arg in get_args(tp) if arg is not type(None))


def _owner_label(obj: BaseModel) -> str:
    kind = type(obj).__name__
    title = getattr(obj, "titre", None) or getattr(obj, "intitule_poste", None) or getattr(obj, "intitule", None)
    labels = {"Situation": "situation", "Experience": "expérience", "Formation": "formation", "Diplome": "diplôme",
              "Piece": "pièce"}
    if kind in labels and isinstance(title, str):
        return f"{labels[kind]} {_q(title)}"
    return labels.get(kind, "")


def text_fields(model: BaseModel, owner: str = "") -> Iterator[tuple[str, BaseModel, str, Any]]:
    """Every text field of ``model`` and its sub-models: (French label, owner, field name, list index, dict key or None).

    Found from the models themselves, so a field added later is searched and anonymised too. Identifiers,
    enums, literals and the replacement table are left out (see :func:`_structural`, :data:`NOT_SHARED`).
    """
    here = _owner_label(model) or owner
    for name, info in type(model).model_fields.items():
        if name in NOT_SHARED or _structural(info):
            continue
        value = getattr(model, name)
        label = FIELD_LABELS.get(name, name)
        if isinstance(model, Structure) and name == "nom":
            label = "Structure"
        where = f"{here} – {label}" if here else label
        if isinstance(value, str) and not isinstance(value, Enum):
            yield where, model, name, None
        elif isinstance(value, BaseModel):
            yield from text_fields(value, here)
        elif isinstance(value, list | dict):
            for i, item in value.items() if isinstance(value, dict) else enumerate(value):
                if isinstance(item, str) and not isinstance(item, Enum):
                    yield where, model, name, i
                elif isinstance(item, BaseModel):
                    yield from text_fields(item, here)


def free_texts(dossier: Dossier) -> Iterator[tuple[str, BaseModel, str, Any]]:
    """Every text of the dossier that exports may show (see :func:`text_fields`)."""
    return text_fields(dossier)


def _get(obj: BaseModel, name: str, index: Any) -> str:
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
                                        f"{_q(s.texte)} ({s.ou})") for s in uncovered(dossier)] + health_warnings(dossier)


HEALTH = re.compile(
    r"(?<!\w)(?:diagnostiqu|maladie|malade|patholog|handicap|psychiatr|psychose|psychotique|schizophr|bipolaire|"
    r"dépressi|cancer|chimiothérap|VIH|sida|séropositi|diabét|diabète|addict|alcoolo|alcoolisme|toxicoman|"
    r"hospitalis|trisomi|autis|alzheimer|démence|épilep|enceinte|grossesse|IVG|suicid|hépatite|MDPH|"
    r"traitement médical|soins psychiatriques)\w*",
    re.IGNORECASE,
)
"""Words that, near a third party's name, likely tell health information about that person (RGPD art. 9)."""
HEALTH_WINDOW = 120
"""How far from a name (in characters) a health word is taken as being about that person."""


def health_mentions(dossier: Dossier) -> list[tuple[str, str, str]]:
    """(name, health word, place) for each third party named within :data:`HEALTH_WINDOW` characters of a
    health word, in every text field. Cheap and approximate: it points, the candidate judges."""
    own = _own(dossier)
    out: list[tuple[str, str, str]] = []
    for where, obj, name, index in free_texts(dossier):
        text = _get(obj, name, index)
        if not text or not HEALTH.search(text):
            continue
        for kind in ("nom", "famille"):
            for m in PATTERNS[kind].finditer(text):
                if _is_own(kind, m, own):
                    continue
                window = text[max(0, m.start() - HEALTH_WINDOW): m.end() + HEALTH_WINDOW]
                word = HEALTH.search(window)
                if word:
                    out.append((m.group(0), word.group(0), where))
    return out


def health_warnings(dossier: Dossier) -> list[Problem]:
    """One warning per third party named near a health word (for ``vae check``)."""
    return [Problem(("anonymisation",), f"information de santé possible sur un tiers\u00a0: {_q(person)} près de "
                                        f"{_q(word)} ({where})\u00a0; même anonymisée, c’est une donnée sensible, "
                                        "à ne garder que si le récit en a besoin")
            for person, word, where in health_mentions(dossier)]


def apply(dossier: Dossier) -> Dossier:
    """A copy of ``dossier`` with its anonymisation table applied to every text field; ``dossier`` is untouched.

    The copy's table is emptied (an export never shows it). A required text that the table would empty becomes
    « (anonymisé) ». Values are set without validation: the copy is only read by exports.
    """
    copy = dossier.model_copy(deep=True)
    table, copy.anonymisation = copy.anonymisation, []
    if not table:
        return copy
    for _where, obj, name, index in list(text_fields(copy)):
        before = _get(obj, name, index)
        after = replace_text(before, table)
        if after == before:
            continue
        if not after.strip() and _required(type(obj).model_fields[name]):
            after = "(anonymisé)"
        if index is None:
            obj.__dict__[name] = after
        else:
            container = getattr(obj, name)
            values = dict(container) if isinstance(container, dict) else list(container)
            values[index] = after
            obj.__dict__[name] = values
    return copy


def _required(info: FieldInfo) -> bool:
    return any((getattr(m, "min_length", None) or 0) > 0 for m in info.metadata)
