"""The data of the interview preparation export (``--what entretien``): questions per bloc and the day's checklist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from vae_toolkit.analysis.anonymisation import apply
from vae_toolkit.analysis.entretien import interview_plan
from vae_toolkit.analysis.gaps import analyse
from vae_toolkit.models.wording import date_fr, display_name
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.referentiel import Referentiel


def entretien_context(dossier: Dossier, ref: Referentiel, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the interview preparation shows (the dossier's anonymisation table applied)."""
    today = today or dt.date.today()
    dossier = apply(dossier)
    plan = interview_plan(dossier, ref, analyse(dossier, ref, today=today), today)
    return {"kind": "entretien", "titre": "Préparer l’entretien avec le jury",
            "sous_titre": "Questions probables et fiche pour le jour J", "candidat": display_name(dossier),
            "date": date_fr(today),
            "certification": {"code": ref.code, "intitule": ref.intitule, "sigle": ref.sigle or "", "niveau": ref.niveau},
            **plan}
