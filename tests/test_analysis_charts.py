"""The three charts of the gap analysis, on a small dossier whose values were computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from vae_toolkit.analysis import charts
from vae_toolkit.analysis.gaps import GapAnalysis, analyse
from vae_toolkit.models.dossier import Dossier, Experience, Situation
from vae_toolkit.models.referentiel import Referentiel

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def small(ref: Referentiel) -> tuple[Dossier, GapAnalysis]:
    """Two experiences; the first compétence's two indicators shown in e1, one of them again in e2 with a
    third indicator of another compétence, and one situation linked to an unknown experience."""
    c1, c2 = ref.competences[0], ref.competences[1]
    i1, i2 = (i.id for i in c1.indicateurs[:2])
    j1 = c2.indicateurs[0].id
    dossier = Dossier(
        certification=ref.code,
        experiences=[Experience(id="e1", intitule_poste="Cheffe de service", debut=dt.date(2015, 1, 1),
                                fin=dt.date(2019, 12, 31)),
                     Experience(id="e2", intitule_poste="Chargée de mission", debut=dt.date(2020, 1, 1))],
        situations=[Situation(id="s1", titre="Un", experience_ids=["e1"], indicateurs=[i1, i2]),
                    Situation(id="s2", titre="Deux", experience_ids=["e1"], indicateurs=[i1]),
                    Situation(id="s3", titre="Trois", experience_ids=["e2"], indicateurs=[i2, j1]),
                    Situation(id="s4", titre="Quatre", experience_ids=[], indicateurs=[j1])],
        auto_evaluation={i1: 4, i2: 2, j1: 3},
    )
    return dossier, analyse(dossier, ref, today=TODAY)


def test_experience_matrix_counts_distinct_indicators_per_competence(small, ref: Referentiel) -> None:
    dossier, a = small
    labels, comps, counts = charts.experience_matrix(a, dossier)
    assert labels == ["Cheffe de service (2015–2019)", "Chargée de mission (2020–auj.)", "Sans expérience"]
    assert comps == [c.id for c in ref.competences]
    # e1: i1 and i2 of the first compétence (s2 repeats i1: counted once); e2: i2, and j1 of the second.
    assert counts[0][:2] == [2, 0] and counts[1][:2] == [1, 1] and counts[2][:2] == [0, 1]
    assert sum(map(sum, counts)) == 5


def test_radar_plots_mean_rating_and_covered_share_per_competence(small, ref: Referentiel) -> None:
    _, a = small
    fig = charts.radar(a)
    ax = fig.axes[0]
    rating, evidence = ax.lines[0].get_ydata(), ax.lines[1].get_ydata()
    n = len(ref.competences)
    assert len(rating) == n + 1 and rating[0] == rating[-1]  # closed polygon
    assert rating[0] == pytest.approx(3.0) and rating[1] == pytest.approx(3.0)  # (4 + 2) / 2 ; 3 / 1
    assert evidence[0] == 0 and evidence[1] == 0  # no complete situation: nothing is couvert
    assert [t.get_text() for t in ax.get_xticklabels()] == [c.id for c in ref.competences]


def test_coverage_bars_stack_the_three_statuses(small, ref: Referentiel) -> None:
    _, a = small
    ax = charts.coverage_bars(a).axes[0]
    n = len(ref.competences)
    assert len(ax.patches) == 3 * n
    couverts, a_etayer, lacunes = (ax.patches[k * n:(k + 1) * n] for k in range(3))
    first = ref.competences[0]
    assert couverts[0].get_width() == 0 and a_etayer[0].get_width() == 2
    assert lacunes[0].get_width() == len(first.indicateurs) - 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Couvert", "À étayer", "Lacune"]


def test_charts_render_to_png_and_svg_and_an_empty_dossier_says_so(small, ref: Referentiel) -> None:
    dossier, a = small
    assert charts.to_png(charts.heatmap(a, dossier)).startswith(b"\x89PNG\r\n\x1a\n")
    assert "<svg" in charts.to_svg(charts.coverage_bars(a))
    empty = Dossier(certification=ref.code)
    fig = charts.heatmap(analyse(empty, ref, today=TODAY), empty)
    assert [t.get_text() for t in fig.axes[0].texts] == ["Aucune expérience ni situation pour l’instant."]
    assert charts.to_png(charts.radar(analyse(empty, ref, today=TODAY)))
