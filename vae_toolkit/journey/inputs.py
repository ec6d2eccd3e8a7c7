"""What a candidate types, read the French way and checked before anything is saved (no widgets here).

Each parser returns ``(value, None)`` or ``(None, message)``: the message is French and names what is wrong,
so the screen shows it next to the field and keeps the previous value in the dossier.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

Parsed = tuple[object, str | None]

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
_MONTH_WORDS = {m: n for n, m in enumerate(MONTHS, 1)} | {"fevrier": 2, "aout": 8, "decembre": 12}
_SEPARATORS = re.compile(r"\s*[/.\-]\s*")
NBSP = "\u00a0"


def _q(text: str) -> str:
    return f"«{NBSP}{text}{NBSP}»"


def format_date(value: dt.date | None) -> str:
    """« 01/09/2015 » (empty for no date)."""
    return value.strftime("%d/%m/%Y") if value else ""


def _future(value: dt.date, today: dt.date, text: str) -> str | None:
    if value > today:
        return f"{_q(text)} est dans le futur : indiquez une date passée (au plus tard le {format_date(today)})."
    return None


def _impossible_day(day: int, month: int, year: int, text: str) -> str:
    if not 1 <= month <= 12:
        return f"{_q(text)} : le mois doit être entre 01 et 12 (jj/mm/aaaa)."
    last = calendar.monthrange(year, month)[1]
    return f"{_q(text)} n’existe pas : {MONTHS[month - 1]} {year} compte {last} jours."


def parse_date(text: str, *, today: dt.date, required: bool = True, past: bool = True) -> Parsed:
    """« 31/01/2020 », « 31.01.2020 », « 31-01-2020 », « 31012020 » (or ISO « 2020-01-31 ») → a past date
    (any date with ``past=False``: a jury to come, the end of a recevabilité)."""
    text = text.strip()
    if not text:
        return (None, "Indiquez une date (jj/mm/aaaa).") if required else (None, None)
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif re.fullmatch(r"\d{8}", text):
        day, month, year = int(text[:2]), int(text[2:4]), int(text[4:])
    else:
        parts = _SEPARATORS.split(text)
        if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
            return None, f"{_q(text)} n’est pas une date : écrivez jour/mois/année, par exemple 15/09/2019."
        day, month, year = (int(p) for p in parts)
    if year < 1900:
        return None, f"{_q(text)} : l’année doit avoir quatre chiffres et être postérieure à 1900."
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None, _impossible_day(day, month, year, text)
    error = _future(value, today, text) if past else None
    return (None, error) if error else (value, None)


def parse_month(text: str, *, today: dt.date, required: bool = True) -> Parsed:
    """« 09/2019 », « 9/2019 », « 092019 », « septembre 2019 » → the first day of that month (day unknown)."""
    text = text.strip()
    if not text:
        return (None, "Indiquez un mois (mm/aaaa).") if required else (None, None)
    found = _month_of(text)
    if found is None:
        return None, f"{_q(text)} n’est pas un mois : écrivez mois/année, par exemple 09/2019."
    month, year = found
    if not 1 <= month <= 12:
        return None, f"{_q(text)} : le mois doit être entre 01 et 12 (mm/aaaa)."
    if year < 1900:
        return None, f"{_q(text)} : l’année doit avoir quatre chiffres et être postérieure à 1900."
    value = dt.date(year, month, 1)
    error = _future(value, today.replace(day=1), text)
    return (None, error) if error else (value, None)


def month_like(text: str) -> bool:
    """True when ``text`` is written as a month (mm/aaaa, « septembre 2019 »), not as a full date."""
    return _month_of(text.strip()) is not None


def last_day(month: dt.date) -> dt.date:
    """The last day of the month of ``month``."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _month_of(text: str) -> tuple[int, int] | None:
    lowered = text.lower()
    if re.fullmatch(r"\d{6}", lowered):
        return int(lowered[:2]), int(lowered[2:])
    parts = _SEPARATORS.split(lowered)
    if len(parts) == 2 and all(p.isdigit() for p in parts) and len(parts[1]) == 4:
        return int(parts[0]), int(parts[1])
    words = lowered.split()
    if len(words) == 2 and words[0] in _MONTH_WORDS and words[1].isdigit() and len(words[1]) == 4:
        return _MONTH_WORDS[words[0]], int(words[1])
    return None


_PERIOD_DATES = re.compile(r"(?:(\d{1,2})\s*/\s*|(" + "|".join(_MONTH_WORDS) + r")\s+)?(\d{4})\b", re.IGNORECASE)


def check_period(text: str, *, today: dt.date) -> str | None:
    """A situation's period stays free text (« printemps 2023 », « 09/2019 – 06/2020 »), but every month and
    year in it must exist and be past, and a range must not end before it starts."""
    found = []
    for match in _PERIOD_DATES.finditer(text):
        number, word, year_text = match.groups()
        month = int(number) if number else _MONTH_WORDS[word.lower()] if word else None
        year = int(year_text)
        if month is not None and not 1 <= month <= 12:
            return f"{_q(match.group(0))} : le mois doit être entre 01 et 12 (mm/aaaa)."
        if year < 1900:
            return f"{_q(match.group(0))} : l’année doit être postérieure à 1900."
        start = dt.date(year, month or 1, 1)
        if start > today:
            return f"{_q(match.group(0))} est dans le futur : la période d’une situation est passée ou en cours."
        found.append((start, dt.date(year, month or 12, 1)))
    if len(found) == 2 and found[1][1] < found[0][0]:
        return f"{_q(text.strip())} : la fin de la période précède son début."
    return None


def parse_decimal(text: str) -> Parsed:
    """« 0,2 », « 0.2 », « 1 » or « 80 % » (a share) → a number; blank → None."""
    text = text.strip().replace(NBSP, " ").replace("\u202f", " ")
    if not text:
        return None, None
    percent = text.endswith("%")
    number = text.rstrip("%").strip().replace(" ", "").replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", number):
        return None, f"{_q(text)} n’est pas un nombre : écrivez par exemple 0,8 ou 80 %."
    value = float(number)
    return (value / 100 if percent else value), None


def format_decimal(value: float | None) -> str:
    """0.8 → « 0,8 », 1.0 → « 1 » (empty for None)."""
    if value is None:
        return ""
    return f"{value:g}".replace(".", ",")


def parse_year(text: str, *, today: dt.date) -> Parsed:
    """« 2011 » → 2011 (four digits, not in the future); blank → None."""
    text = text.strip()
    if not text:
        return None, None
    if not (text.isdigit() and len(text) == 4):
        return None, f"Année {_q(text)} : indiquez quatre chiffres, par exemple 2011."
    if int(text) > today.year:
        return None, f"Année {_q(text)} : elle est dans le futur."
    if int(text) < 1900:
        return None, f"Année {_q(text)} : elle doit être postérieure à 1900."
    return int(text), None


_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def check_email(text: str) -> str | None:
    """None when ``text`` looks like an e-mail address (name@domaine.fr), else why not."""
    text = text.strip()
    if not _EMAIL.fullmatch(text):
        return f"{_q(text)} n’est pas une adresse électronique complète : écrivez par exemple prenom.nom@exemple.fr."
    return None


def parse_phone(text: str) -> Parsed:
    """A French number (10 digits from 0, or +33 and 9 digits) → « 06 12 34 56 78 »; other +country kept."""
    text = text.strip()
    digits = re.sub(r"[\s.\-()\u00a0]", "", text)
    if re.fullmatch(r"0[1-9]\d{8}", digits):
        return " ".join(digits[i:i + 2] for i in range(0, 10, 2)), None
    if re.fullmatch(r"\+33[1-9]\d{8}", digits):
        rest = digits[3:]
        return "+33 " + rest[0] + " " + " ".join(rest[i:i + 2] for i in range(1, 9, 2)), None
    if re.fullmatch(r"\+\d{8,15}", digits) and not digits.startswith("+33"):
        return text, None
    return None, (f"{_q(text)} n’est pas un numéro de téléphone : dix chiffres commençant par 0 "
                  "(06 12 34 56 78) ou l’indicatif international (+33 6 12 34 56 78).")
