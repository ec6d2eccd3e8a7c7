"""The jury and after: the session (date, time, place) and one of France VAE's 8 results, with the blocs acquired.

Stored in ``dossier.yaml`` (``jury``, format 3). Blocs acquired are kept for good: the analysis treats
them as neither aimed at nor missing (never « lacune » again).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from vae_toolkit.models.text import Ident, Text


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=False)


class ResultatJury(StrEnum):
    """France VAE's 8 jury results."""

    validation_totale_certification_complete = "validation_totale_certification_complete"
    validation_partielle_certification_complete = "validation_partielle_certification_complete"
    validation_totale_certification_partielle = "validation_totale_certification_partielle"
    validation_partielle_certification_partielle = "validation_partielle_certification_partielle"
    validation_partielle_en_attente_de_confirmation = "validation_partielle_en_attente_de_confirmation"
    echec = "echec"
    candidat_excuse = "candidat_excuse"
    candidat_absent = "candidat_absent"

WITH_BLOCS = frozenset({
    ResultatJury.validation_totale_certification_complete, ResultatJury.validation_partielle_certification_complete,
    ResultatJury.validation_totale_certification_partielle, ResultatJury.validation_partielle_certification_partielle,
})
"""Results after which blocs are acquired for good (pending confirmation: not yet)."""


class SessionJury(_Model):
    date: dt.date | None = None
    heure: str | None = Field(default=None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="Heure, HH:MM")
    lieu: Text = ""


class Jury(_Model):
    """The jury session and its result."""

    session: SessionJury = Field(default_factory=SessionJury)
    resultat: ResultatJury | None = None
    commentaire: Text = ""
    blocs_acquis: list[Ident] = Field(default_factory=list, description="Blocs validés par le jury, acquis définitivement")

    def acquired(self) -> list[str]:
        """The blocs acquired for good: those recorded, once the result grants blocs."""
        return list(self.blocs_acquis) if self.resultat in WITH_BLOCS else []
