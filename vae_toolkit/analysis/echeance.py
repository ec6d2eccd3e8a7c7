"""The end of a certification's registration, as a warning for the candidate and the counsellor.

One small function, :func:`echeance_warning`, shared by ``vae status``, the dashboard and the screens.
"""

from __future__ import annotations

import datetime as dt

from vae_toolkit.errors import VaeError
from vae_toolkit.models.referentiel import Referentiel

ALERT_DAYS = 90


def successor_label(ref: Referentiel) -> str | None:
    """« RNCPnnnnn – intitulé » of the fiche that replaces ``ref`` (the code alone if its file is not installed)."""
    if not ref.nouvelles_certifications:
        return None
    from vae_toolkit.referentiels import load_referentiel

    labels = []
    for code in ref.nouvelles_certifications:
        try:
            labels.append(f"{code} – {load_referentiel(code).intitule}")
        except VaeError:
            labels.append(code)
    return ", ".join(labels)


def echeance_warning(ref: Referentiel, today: dt.date | None = None, *, days: int = ALERT_DAYS,
                     short: bool = False) -> str | None:
    """A French warning when the registration ends within ``days`` days or has ended; ``None`` otherwise.

    ``short``: a few words for a table cell (« prend fin le 31/12/2026 (dans 31 jours) ; remplacée par RNCP… »).
    """
    if ref.echeance is None:
        return None
    today = today or dt.date.today()
    left = (ref.echeance - today).days
    if left > days:
        return None
    end = f"{ref.echeance:%d/%m/%Y}"
    if short:
        text = f"a pris fin le {end}" if left < 0 else f"prend fin le {end} (dans {left}\u00a0jour(s))"
        if ref.nouvelles_certifications:
            text += f"\u00a0; remplacée par {', '.join(ref.nouvelles_certifications)}"
        return text
    if left < 0:
        text = f"L’enregistrement de la certification {ref.code} a pris fin le {end}."
    elif left == 0:
        text = f"L’enregistrement de la certification {ref.code} prend fin aujourd’hui ({end})."
    else:
        text = f"L’enregistrement de la certification {ref.code} prend fin le {end}, dans {left}\u00a0jour(s)."
    successor = successor_label(ref)
    if successor:
        first = ref.nouvelles_certifications[0]
        text += (f" Elle est remplacée par {successor}\u00a0: «\u00a0vae referentiel migrate DOSSIER --vers {first}\u00a0» "
                 "y reporte le dossier.")
    else:
        text += " Demandez au certificateur quelle fiche lui succède\u00a0; le dossier pourra y être reporté."
    return text
