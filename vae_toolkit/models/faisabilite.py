"""The candidate's part of France VAE's dossier de faisabilité (DFF), stored in ``dossier.yaml``.

The accompagnateur's part (planned hours, trainings, opinion) lives in ``revue.yaml``
(:mod:`vae_toolkit.models.review`). Field names follow France VAE's form; labels are French.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from vae_toolkit.models.text import Ident, Text


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=False)


class Eligibilite(StrEnum):
    """A first request, or a recevabilité already held (which has an end date)."""

    premiere_demande = "premiere_demande"
    recevabilite_acquise = "recevabilite_acquise"


class EtatPrerequis(StrEnum):
    acquis = "acquis"
    en_cours = "en_cours"


class TypeJustificatif(StrEnum):
    """The kinds of attachment France VAE's DFF asks for."""

    identite = "identite"
    dispense = "dispense"
    attestation_formation = "attestation_formation"
    autre = "autre"
COMMENT_LIMIT = 10_000
"""France VAE accepts at most this many characters in a free comment."""


def _limited(value: str) -> str:
    if len(value.strip()) > COMMENT_LIMIT:
        size = f"{len(value.strip()):,}".replace(",", "\u202f")
        raise ValueError(f"texte de {size} caractères : France VAE en accepte au plus 10\u202f000")
    return value


LimitedText = Annotated[Text, AfterValidator(_limited)]


class Prerequis(_Model):
    intitule: Text = Field(min_length=1)
    etat: EtatPrerequis


class Justificatif(_Model):
    """One typed attachment: a pièce of the dossier (by its id) and what it proves for the DFF."""

    type: TypeJustificatif
    piece_id: Ident


class Depot(_Model):
    """A DFF already submitted on France VAE (for this certification or another), as the candidate recorded it."""

    certification: Ident
    date: dt.date


class Faisabilite(_Model):
    """What the candidate fills in for the DFF (France VAE's order)."""

    eligibilite: Eligibilite | None = None
    fin_recevabilite: dt.date | None = Field(default=None, description="Fin de validité de la recevabilité obtenue")
    option: Text = Field(default="", description="Option ou parcours de la certification, s’il y en a")
    prerequis: list[Prerequis] = Field(default_factory=list)
    objectifs: LimitedText = ""
    justificatifs: list[Justificatif] = Field(default_factory=list)
    confirmation: bool = Field(default=False, description="Le candidat confirme le dossier de faisabilité")
    commentaire_confirmation: LimitedText = ""
    attestation_honneur: bool = Field(default=False, description="Attestation sur l’honneur cochée")
    depots: list[Depot] = Field(default_factory=list,
                                description="Dossiers de faisabilité déjà déposés sur France VAE (toutes certifications)")

    @model_validator(mode="after")
    def _end_date_when_held(self) -> Faisabilite:
        if self.fin_recevabilite is not None and self.eligibilite != Eligibilite.recevabilite_acquise:
            raise ValueError("fin_recevabilite n’a de sens qu’avec l’éligibilité « recevabilite_acquise »")
        return self
