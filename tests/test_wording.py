"""The one vocabulary: French wording helpers, and statuses that keep their historical strings."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml

from vae_toolkit.analysis.gaps import analyse, gaps_as_json
from vae_toolkit.models.dossier import Profil
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.models.status import BlocStatus, Evidence, Readiness
from vae_toolkit.models.wording import (
    BLOC_STATUS_LABELS,
    EVIDENCE_LABELS,
    READINESS_LABELS,
    date_fr,
    display_name,
    months,
    number_fr,
    short_months,
    signed_fr,
    years,
)
from vae_toolkit.storage.dossier import load_dossier

NNBSP = "\u202f"


def test_the_candidate_without_a_name_is_named_visibly() -> None:
    assert display_name(Profil(nom="Ferrand", prenom="Camille")) == "Camille Ferrand"
    assert display_name(Profil(nom=" ", prenom="")) == "(candidat sans nom)"


def test_numbers_dates_and_periods_in_french() -> None:
    assert (number_fr(12345), number_fr(2.5), number_fr(None), number_fr(float("nan"))) == (
        f"12{NNBSP}345", "2,5", "–", "–")
    assert (signed_fr(-0.5), signed_fr(1.0, "+"), signed_fr(None)) == ("−0,5", "+1,0", "–")
    assert date_fr(dt.date(2026, 12, 1)) == "1er décembre 2026"
    assert years(dt.date(2010, 9, 1), dt.date(2018, 6, 30)) == "2010–2018"
    assert years(dt.date(2019, 9, 1), None) == "2019–aujourd’hui"
    assert months(dt.date(2019, 9, 1), None) == "depuis septembre 2019"
    assert months(dt.date(2010, 9, 1), dt.date(2018, 6, 30)) == "septembre 2010 – juin 2018"
    assert short_months(dt.date(2010, 9, 1), dt.date(2018, 6, 30)) == "09/2010 → 06/2018"
    assert short_months(dt.date(2019, 9, 1), None) == "09/2019 → aujourd’hui"


def test_statuses_keep_the_strings_of_the_outputs_and_have_a_label() -> None:
    """JSON, CSV and the dashboard's index hold these strings: renaming a member must not change them."""
    assert [s.value for s in BlocStatus] == ["vise", "dispense", "acquis", "non_vise"]
    assert [s.value for s in Evidence] == ["couvert", "a_etayer", "lacune", "non_vise", "dispense", "acquis"]
    assert [s.value for s in Readiness] == ["pret", "a_renforcer", "insuffisant"]
    assert set(BLOC_STATUS_LABELS) == set(BlocStatus) and set(EVIDENCE_LABELS) == set(Evidence)
    assert set(READINESS_LABELS) == set(Readiness) | set(BlocStatus) - {BlocStatus.vise}


def test_the_json_of_the_analysis_holds_plain_strings(demo_folder: Path, ref: Referentiel) -> None:
    data = gaps_as_json(analyse(load_dossier(demo_folder).model, ref, today=dt.date(2026, 11, 30)))
    statuses = [row["statut"] for row in data["indicateurs"].values()]
    assert {type(s) for s in statuses} == {str} and "couvert" in statuses
    assert {type(b["statut_bloc"]) for b in data["blocs"].values()} == {str}
    assert yaml.safe_load(yaml.safe_dump(data, allow_unicode=True)) == json.loads(json.dumps(data))
