"""The jury screen driven without a browser: session, result, blocs acquired, refusals explained."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from vae_toolkit.journey.workspace import Workspace
from vae_toolkit.storage.dossier import dossier_file
from vae_toolkit.ui.common import Feedback
from vae_toolkit.ui.jury_view import JuryView


def jury_on_disk(folder: Path) -> dict:
    return yaml.safe_load(dossier_file(folder).read_text(encoding="utf-8"))["jury"]


def test_recording_a_partial_result(demo_folder: Path, ref) -> None:
    ws = Workspace(demo_folder, delay=0)
    feedback = Feedback()
    view = JuryView(ws, feedback)
    first = ref.blocs[0].id
    view.blocs[first].value = True  # no validation result yet: refused and unticked
    assert "résultat de validation" in view.errors[first].value and view.blocs[first].value is False
    view.date.value = "12062026"
    assert view.date.value == "12/06/2026" and view.errors["date"].value == ""
    view.heure.value = "25:00"
    assert view.model.jury.session.heure is None and view.heure.value == ""
    assert "Heure «\u00a025:00\u00a0» impossible" in view.errors["heure"].value, "said next to the field"
    assert feedback.children[0].value == ""
    view.heure.value = "14h30"  # written the French way, kept as HH:MM
    assert view.heure.value == "14:30" and view.model.jury.session.heure == "14:30"
    assert view.errors["heure"].value == ""
    view.lieu.value = "DREETS"
    view.resultat.value = "validation_partielle_certification_complete"
    view.blocs[first].value = True
    view.commentaire.value = "Bloc validé."
    ws.autosave.flush()
    saved = jury_on_disk(demo_folder)
    assert saved["session"] == {"date": dt.date(2026, 6, 12), "heure": "14:30", "lieu": "DREETS"}
    assert saved["resultat"] == "validation_partielle_certification_complete"
    assert saved["blocs_acquis"] == [first] and saved["commentaire"] == "Bloc validé."
    view.resultat.value = "echec"  # blocs still ticked: refused, the result stays
    ws.autosave.flush()
    assert jury_on_disk(demo_folder)["resultat"] == "validation_partielle_certification_complete"
    assert view.resultat.value == "validation_partielle_certification_complete"
    assert "n’accorde aucun bloc" in view.errors["resultat"].value
    assert view.resultat.label == "Validation partielle de la certification"


def test_times_are_read_the_french_way() -> None:
    from vae_toolkit.journey.jury import parse_time

    assert [parse_time(t)[0] for t in ("14:30", "14h30", "9 h", "9h05", " 08:00 ", "")] == [
        "14:30", "14:30", "09:00", "09:05", "08:00", None]
    for bad in ("24:00", "14:60", "midi", "1430h"):
        value, error = parse_time(bad)
        assert value is None and error and f"«\u00a0{bad}\u00a0»" in error


def test_a_jury_to_come_is_a_date_the_field_accepts() -> None:
    from vae_toolkit.journey.inputs import parse_date

    today = dt.date(2026, 11, 30)
    assert parse_date("12/06/2027", today=today, past=False) == (dt.date(2027, 6, 12), None)
    assert parse_date("12/06/2027", today=today)[1], "a past date is still required by default"
