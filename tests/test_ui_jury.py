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
    assert "résultat de validation" in feedback.children[0].value and view.blocs[first].value is False
    view.date.value = dt.date(2026, 6, 12)
    view.heure.value = "25:00"
    assert view.model.jury.session.heure is None and view.heure.value == ""
    assert "Valeur refusée" in feedback.children[0].value
    view.heure.value = "14:30"
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
