"""Durations of the parcours: overlapping periods merged, part-time weighted, summarised by type."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from vae_toolkit.models.dossier import Experience, TypeExperience
from vae_toolkit.models.labels import TYPE_EXPERIENCE_LABELS

DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class Duration:
    """Days of calendar time covered and full-time-equivalent days (ETP) worked."""

    calendar_days: int
    fte_days: float

    @property
    def fte_months(self) -> int:
        return round(self.fte_days / DAYS_PER_MONTH)

    @property
    def calendar_months(self) -> int:
        return round(self.calendar_days / DAYS_PER_MONTH)


def _period(exp: Experience, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """[start, day after the end) of what has been lived so far; None for an experience not started yet."""
    end = min(exp.fin or today, today)
    if end < exp.debut:
        return None
    return exp.debut, end + dt.timedelta(days=1)


def merged_duration(experiences: Iterable[Experience], today: dt.date | None = None) -> Duration:
    """Time covered by ``experiences``: on each day the quotités add up, capped at one full time.

    Two half-time jobs held together count as one full time; two full-time jobs at once count once.
    Only time already lived counts: an end date in the future stops at ``today``.
    """
    today = today or dt.date.today()
    events: list[tuple[dt.date, float]] = []
    for exp in experiences:
        period = _period(exp, today)
        if period is None:
            continue
        start, end = period
        events += [(start, exp.quotite), (end, -exp.quotite)]
    events.sort()
    calendar = 0
    fte = 0.0
    level = 0.0
    previous: dt.date | None = None
    for day, delta in events:
        if previous is not None and day > previous and level > 1e-9:
            span = (day - previous).days
            calendar += span
            fte += span * min(level, 1.0)
        level += delta
        previous = day
    return Duration(calendar, fte)


def format_months(months: int) -> str:
    """« 3 ans et 4 mois », « 11 mois », « moins d’un mois »."""
    if months <= 0:
        return "moins d’un mois"
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} an{'s' if years > 1 else ''}")
    if rest:
        parts.append(f"{rest} mois")
    return " et ".join(parts)


def band(months: int) -> str:
    """The France VAE band of an experience duration."""
    years = months / 12
    if years < 1:
        return "moins d’un an"
    if years < 3:
        return "de 1 à 3 ans"
    if years < 5:
        return "de 3 à 5 ans"
    if years <= 10:
        return "de 5 à 10 ans"
    return "plus de 10 ans"


@dataclass(frozen=True)
class TypeSummary:
    type: TypeExperience
    libelle: str
    nombre: int
    duree: Duration


def summary_by_type(experiences: list[Experience], today: dt.date | None = None) -> list[TypeSummary]:
    """One line per kind of experience present, in the order of the enumeration."""
    out = []
    for kind in TypeExperience:
        group = [e for e in experiences if e.type == kind]
        if group:
            out.append(TypeSummary(kind, TYPE_EXPERIENCE_LABELS[kind], len(group), merged_duration(group, today)))
    return out
