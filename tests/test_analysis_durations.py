"""Durations of the parcours: overlaps merged, part-time weighted, France VAE bands, summary by type."""

from __future__ import annotations

import datetime as dt

import pytest

from vae_toolkit.analysis.durations import band, format_months, merged_duration, summary_by_type
from vae_toolkit.models.dossier import Experience, TypeExperience

D = dt.date


def exp(debut: dt.date, fin: dt.date | None, quotite: float = 1.0, kind: TypeExperience = TypeExperience.salarie,
        ident: str = "e") -> Experience:
    return Experience(id=ident, intitule_poste="Poste", type=kind, debut=debut, fin=fin, quotite=quotite)


def test_a_single_full_time_year_counts_every_day_once() -> None:
    d = merged_duration([exp(D(2020, 1, 1), D(2020, 12, 31))])
    assert d.calendar_days == 366 and d.fte_days == 366
    assert d.fte_months == 12 and format_months(d.fte_months) == "1 an"


def test_overlapping_full_time_jobs_count_once() -> None:
    d = merged_duration([exp(D(2020, 1, 1), D(2020, 12, 31)), exp(D(2020, 7, 1), D(2021, 6, 30))])
    assert d.calendar_days == (D(2021, 6, 30) - D(2020, 1, 1)).days + 1
    assert d.fte_days == d.calendar_days


def test_two_half_times_together_make_one_full_time_and_alone_a_half() -> None:
    both = merged_duration([exp(D(2020, 1, 1), D(2020, 12, 31), 0.5), exp(D(2020, 1, 1), D(2020, 12, 31), 0.5)])
    assert both.fte_days == pytest.approx(366)
    alone = merged_duration([exp(D(2020, 1, 1), D(2020, 12, 31), 0.5)])
    assert alone.calendar_days == 366 and alone.fte_days == pytest.approx(183)


def test_gaps_between_jobs_are_not_counted() -> None:
    d = merged_duration([exp(D(2010, 1, 1), D(2010, 1, 10)), exp(D(2012, 1, 1), D(2012, 1, 10))])
    assert d.calendar_days == 20


def test_an_ongoing_experience_runs_until_today() -> None:
    d = merged_duration([exp(D(2024, 1, 1), None)], today=D(2024, 1, 31))
    assert d.calendar_days == 31


def test_nothing_is_zero() -> None:
    d = merged_duration([])
    assert (d.calendar_days, d.fte_days, format_months(d.fte_months)) == (0, 0, "moins d’un mois")


@pytest.mark.parametrize(("months", "text"), [(1, "1 mois"), (11, "11 mois"), (12, "1 an"), (27, "2 ans et 3 mois")])
def test_months_in_french(months: int, text: str) -> None:
    assert format_months(months) == text


@pytest.mark.parametrize(("months", "label"), [(0, "moins de 1 an"), (11, "moins de 1 an"), (12, "entre 1 et 3 ans"),
                                               (36, "entre 1 et 3 ans"), (37, "plus de 3 ans"), (60, "plus de 3 ans"),
                                               (61, "plus de 5 ans"), (120, "plus de 5 ans"),
                                               (121, "plus de 10 ans")])
def test_france_vae_bands(months: int, label: str) -> None:
    assert band(months) == label


def test_summary_by_type_follows_the_enumeration_and_merges_within_each_type() -> None:
    exps = [exp(D(2015, 1, 1), D(2015, 12, 31), kind=TypeExperience.benevole, ident="b"),
            exp(D(2010, 1, 1), D(2014, 12, 31), ident="s1"), exp(D(2012, 1, 1), D(2013, 12, 31), ident="s2")]
    rows = summary_by_type(exps)
    assert [(r.type, r.libelle, r.nombre) for r in rows] == [(TypeExperience.salarie, "Emploi salarié", 2),
                                                              (TypeExperience.benevole, "Bénévolat", 1)]
    assert rows[0].duree.fte_months == 60


def test_only_time_already_lived_counts() -> None:
    today = D(2024, 6, 30)
    planned = merged_duration([exp(D(2024, 6, 1), D(2025, 12, 31))], today=today)
    assert planned.calendar_days == 30
    assert merged_duration([exp(D(2025, 1, 1), None)], today=today).calendar_days == 0


def test_labels_agree_with_the_profile() -> None:
    from vae_toolkit.models.dossier import Accord

    exps = [exp(D(2020, 1, 1), D(2020, 12, 31), kind=TypeExperience.aidant, ident="a")]
    assert summary_by_type(exps, D(2026, 1, 1), Accord.feminin)[0].libelle == "Proche aidante"
    assert summary_by_type(exps, D(2026, 1, 1), Accord.masculin)[0].libelle == "Proche aidant"
    assert summary_by_type(exps, D(2026, 1, 1))[0].libelle == "Aide à un proche"
