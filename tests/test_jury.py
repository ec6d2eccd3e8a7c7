"""The jury and after: a session, one of France VAE's 8 results, and blocs acquired for good — never « lacune »
again in the gap analysis, the dashboard and the livret."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from vae_toolkit.dashboard.table import dashboard
from vae_toolkit.analysis.gaps import analyse
from vae_toolkit.export.api import build_context, export
from vae_toolkit.models.jury import Jury, ResultatJury
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.dossier import load_dossier

TODAY = dt.date(2026, 11, 30)


def test_eight_results() -> None:
    assert len(ResultatJury) == 8
    jury = Jury(resultat=ResultatJury.validation_partielle_en_attente_de_confirmation, blocs_acquis=["BC01"])
    assert jury.acquired() == [], "pending confirmation: nothing acquired yet"


def test_a_partial_result_removes_the_acquired_bloc_from_the_gaps(demo_folder: Path, vae) -> None:
    ref = load_referentiel("RNCP39644")
    first = ref.blocs[0]
    alias = ref.alias(first.id) or first.id
    before = analyse(load_dossier(demo_folder).model, ref, today=TODAY)
    gaps_with_bloc = int(dashboard(demo_folder.parent).iloc[0]["ecarts"])
    assert (before.indicateurs[before.indicateurs["bloc"] == first.id]["statut"] == "lacune").any(), \
        "the demo has a gap in its first bloc"
    result = vae("jury", demo_folder, "--date", "2026-06-12", "--heure", "14:30", "--lieu", "DREETS, salle 2",
                 "--resultat", "validation_partielle_certification_complete", "--blocs", alias,
                 "--commentaire", "Bloc validé ; le reste à reprendre.")
    assert result.returncode == 0, result.stderr
    assert "12/06/2026 à 14:30, DREETS, salle 2" in result.stdout and first.id in result.stdout
    dossier = load_dossier(demo_folder).model
    assert dossier.jury.acquired() == [first.id]
    after = analyse(dossier, ref, today=TODAY)
    rows = after.indicateurs[after.indicateurs["bloc"] == first.id]
    assert set(rows["statut"]) == {"acquis"} and after.blocs.at[first.id, "statut_bloc"] == "acquis"
    assert "lacune" not in set(rows["statut"])
    row = dashboard(demo_folder.parent).iloc[0]
    first_gaps = int((rows_before := before.indicateurs[before.indicateurs["bloc"] == first.id])["statut"].isin(
        ["lacune", "a_etayer"]).sum())
    assert first.id not in str(row["blocs_vises"]) and int(row["ecarts"]) == gaps_with_bloc - first_gaps
    assert len(rows_before) == len(rows)
    livret = build_context(demo_folder, "livret", today=TODAY)
    assert [b["intitule"] for b in livret["identite"]["blocs_acquis"]] == [first.intitule]
    html = export(demo_folder, "livret", "html", today=TODAY).read_text(encoding="utf-8")
    assert "validé par le jury du 12/06/2026" in html
    gaps = vae("gaps", demo_folder)
    assert "acquis définitivement" in gaps.stdout


def test_blocs_with_a_failure_are_refused(demo_folder: Path, vae) -> None:
    result = vae("jury", demo_folder, "--resultat", "echec", "--blocs", "BC01")
    assert result.returncode == 1 and "n’accorde aucun bloc" in result.stderr and "Traceback" not in result.stderr
    assert load_dossier(demo_folder).model.jury.resultat is None
    unknown = vae("jury", demo_folder, "--resultat", "validation_partielle_certification_complete", "--blocs", "BC99")
    assert unknown.returncode == 1 and "Bloc inconnu" in unknown.stderr


@pytest.mark.parametrize("value", ["2026-13-01", "demain"])
def test_a_bad_date_is_a_usage_error(demo_folder: Path, vae, value: str) -> None:
    result = vae("jury", demo_folder, "--date", value)
    assert result.returncode == 2 and "date invalide" in result.stderr
