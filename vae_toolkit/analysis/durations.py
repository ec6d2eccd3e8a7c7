"""Durations of the parcours: overlapping periods merged, part-time weighted, summarised by type.

One definition for every place that shows a duration (Parcours screen, livret, ``vae status``, gap report):
the calendar span is the number of days covered by at least one period; the full-time equivalent (ETP) adds
the quotités of the periods running on each day, capped at one full time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from typing import Any

from vae_toolkit.models.dossier import Accord, Dossier, Experience, TypeExperience
from vae_toolkit.models.wording import type_label

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


def _period(debut: dt.date, fin: dt.date | None, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """[start, day after the end) of what has been lived so far; None for a period not started yet."""
    end = min(fin or today, today)
    if end < debut:
        return None
    return debut, end + dt.timedelta(days=1)


def merged_duration(experiences: Iterable[Experience], today: dt.date | None = None) -> Duration:
    """Time covered by ``experiences``: on each day the quotités add up, capped at one full time.

    Two half-time jobs held together count as one full time; two full-time jobs at once count once.
    Only time already lived counts: an end date in the future stops at ``today``. An experience whose
    quotité changed counts each of its periods at its own quotité.
    """
    today = today or dt.date.today()
    events: list[tuple[dt.date, float]] = []
    for exp in experiences:
        for span in exp.spans():
            period = _period(span.debut, span.fin, today)
            if period is None:
                continue
            start, end = period
            events += [(start, span.quotite), (end, -span.quotite)]
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


BANDS: dict[str, str] = {
    "moins_de_1_an": "moins de 1 an",
    "entre_1_et_3_ans": "entre 1 et 3 ans",
    "plus_de_3_ans": "plus de 3 ans",
    "plus_de_5_ans": "plus de 5 ans",
    "plus_de_10_ans": "plus de 10 ans",
}
"""France VAE's experience duration bands (keys as stored, labels as France VAE shows them)."""


def band_key(months: int) -> str:
    """The France VAE band of a duration in months: up to 3 years included is « entre 1 et 3 ans », and so on."""
    if months < 12:
        return "moins_de_1_an"
    if months <= 36:
        return "entre_1_et_3_ans"
    if months <= 60:
        return "plus_de_3_ans"
    if months <= 120:
        return "plus_de_5_ans"
    return "plus_de_10_ans"


def band(months: int) -> str:
    """The France VAE label of a duration in months (« entre 1 et 3 ans »)."""
    return BANDS[band_key(months)]


@dataclass(frozen=True)
class TypeSummary:
    type: TypeExperience
    libelle: str
    nombre: int
    duree: Duration


def summary_by_type(experiences: list[Experience], today: dt.date | None = None,
                    accord: Accord | None = None) -> list[TypeSummary]:
    """One line per kind of experience present, in the order of the enumeration."""
    out = []
    for kind in TypeExperience:
        group = [e for e in experiences if e.type == kind]
        if group:
            out.append(TypeSummary(kind, type_label(kind, accord), len(group), merged_duration(group, today)))
    return out


def format_fte(days: float) -> str:
    """« 4,5 ans » / « 8 mois » in full-time equivalent (one decimal for years)."""
    months = days / DAYS_PER_MONTH
    if months < 12:
        n = round(months)
        return "moins d’un mois" if n <= 0 else f"{n}\u00a0mois"
    years = round(months / 12, 1)
    text = f"{years:.1f}".replace(".", ",").removesuffix(",0")
    return f"{text}\u00a0an{'s' if years >= 2 else ''}"


def quotite_label(quotite: float) -> str:
    """« 100 % », « 50 % »."""
    return f"{round(quotite * 100)}\u00a0%"


def _duration_dict(d: Duration) -> dict[str, Any]:
    return {"jours_calendaires": d.calendar_days, "jours_etp": round(d.fte_days, 1), "mois_calendaires": d.calendar_months,
            "mois_etp": d.fte_months, "annees_etp": round(d.fte_days / 365.25, 2),
            "libelle_calendaire": format_months(d.calendar_months), "libelle_etp": format_fte(d.fte_days)}


def durations_as_dict(dossier: Dossier, today: dt.date | None = None) -> dict[str, Any]:
    """Durations of the whole parcours and per kind, merged over overlaps, with each period's quotité (JSON-ready)."""
    today = today or dt.date.today()
    exps = dossier.experiences
    accord = dossier.profil.accord
    return {
        "total": _duration_dict(merged_duration(exps, today)),
        "par_type": [{"type": s.type.value, "libelle": s.libelle, "experiences": s.nombre, **_duration_dict(s.duree)}
                     for s in summary_by_type(exps, today, accord)],
        "experiences": [{"id": e.id, "intitule": e.intitule_poste, "type": e.type.value,
                         "periodes": [{"debut": p.debut.isoformat(), "fin": p.fin.isoformat() if p.fin else None,
                                       "quotite": p.quotite} for p in e.spans()],
                         **_duration_dict(merged_duration([e], today))} for e in exps],
    }
