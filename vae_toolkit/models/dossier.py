"""The candidate's dossier (``dossier.yaml``): profile, parcours, situations, self-ratings, pièces.

Shape-only validation lives here (types, dates, the rating scale, safe file names); checks that
need the référentiel (indicator IDs, blocs) live in :mod:`vae_toolkit.models.checks`.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from vae_toolkit.models.faisabilite import Faisabilite
from vae_toolkit.models.jury import Jury
from vae_toolkit.models.text import Ident, Text, _clean_text  # noqa: F401 - re-exported

SCHEMA_VERSION = 3
"""The dossier format written by this version; older files are upgraded on read (storage/upgrades.py)."""

Rating = Annotated[int, Field(ge=1, le=4)]


def _known_indicator(value: str, info: ValidationInfo) -> str:
    """With a validation context naming the référentiel's indicators, refuse unknown IDs (with their path)."""
    context = info.context or {}
    known = context.get("indicator_ids")
    if known is not None and value not in known:
        raise ValueError(f"indicateur inconnu du référentiel {context.get('code', '')} : {value}")
    return value


IndicatorId = Annotated[Ident, AfterValidator(_known_indicator)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=False)


class Typologie(StrEnum):
    """Candidate situations, as on the France VAE platform."""

    non_specifie = "non_specifie"
    salarie_prive = "salarie_prive"
    salarie_public = "salarie_public"
    salarie_public_hospitalier = "salarie_public_hospitalier"
    salarie_alternant = "salarie_alternant"
    salarie_interimaire = "salarie_interimaire"
    salarie_intermittent = "salarie_intermittent"
    salarie_contrats_aides = "salarie_contrats_aides"
    travailleur_non_salarie = "travailleur_non_salarie"
    conjoint_collaborateur = "conjoint_collaborateur"
    demandeur_emploi = "demandeur_emploi"
    aidant_familial = "aidant_familial"
    aidant_familial_agricole = "aidant_familial_agricole"
    benevole = "benevole"
    stagiaire = "stagiaire"
    mandat_electif = "mandat_electif"
    retraite = "retraite"
    autre = "autre"


class TypeExperience(StrEnum):
    """Every kind of experience the 2022 law lets count."""

    salarie = "salarie"
    independant = "independant"
    benevole = "benevole"
    aidant = "aidant"
    mandat_electif = "mandat_electif"
    stage = "stage"
    autre = "autre"


class NaturePiece(StrEnum):
    contrat = "contrat"
    attestation_employeur = "attestation_employeur"
    fiche_de_poste = "fiche_de_poste"
    organigramme = "organigramme"
    lettre_de_mission = "lettre_de_mission"
    delegation = "delegation"
    production = "production"
    attestation_benevolat = "attestation_benevolat"
    attestation_formation = "attestation_formation"
    autre = "autre"


class Diplome(_Model):
    intitule: Text = Field(min_length=1)
    code: Text | None = Field(default=None, description="Sigle reconnu par le référentiel, ex. CAFERUIS")
    annee: int | None = Field(default=None, ge=1900, le=2100)
    niveau: int | None = Field(default=None, ge=1, le=8)
    organisme: Text | None = None


class Accord(StrEnum):
    """How labels about the candidate agree (« Salariée », « Salarié »); absent: épicène wording."""

    feminin = "feminin"
    masculin = "masculin"


class Profil(_Model):
    nom: Text = ""
    prenom: Text = ""
    email: Text | None = None
    telephone: Text | None = None
    ville: Text | None = None
    typologie: Typologie | None = None
    accord: Accord | None = Field(default=None, description="Accord des libellés : féminin, masculin ; absent = épicène")
    diplomes: list[Diplome] = Field(default_factory=list)
    objectif: Literal["diplome_complet", "blocs"] = "diplome_complet"
    blocs_vises: list[Ident] = Field(default_factory=list)
    motivation: Text = ""
    projet: Text = ""

    @model_validator(mode="after")
    def _blocs_when_partial(self) -> Profil:
        if self.objectif == "blocs" and not self.blocs_vises:
            raise ValueError("l’objectif « blocs » demande au moins un bloc visé (blocs_vises)")
        return self


class Structure(_Model):
    nom: Text = ""
    secteur: Text = ""
    organisation: Text = ""
    publics: Text = ""
    territoire: Text = ""
    environnement: Text = ""


class Periode(_Model):
    """A stretch of one experience at one quotité (a quotité that changed is several periods)."""

    debut: dt.date
    fin: dt.date | None = None
    quotite: float = Field(default=1.0, gt=0, le=1, description="Part d’un temps plein (ETP), 0 < q ≤ 1")

    @field_validator("fin")
    @classmethod
    def _end_after_start(cls, fin: dt.date | None, info: ValidationInfo) -> dt.date | None:
        return _check_end(fin, info)


def _check_end(fin: dt.date | None, info: ValidationInfo) -> dt.date | None:
    debut = info.data.get("debut")
    if fin is not None and debut is not None and fin < debut:
        raise ValueError(f"la date de fin ({fin.isoformat()}) précède la date de début ({debut.isoformat()})")
    return fin


class Experience(_Model):
    id: Ident
    intitule_poste: Text = Field(min_length=1)
    type: TypeExperience = TypeExperience.salarie
    structure: Structure = Field(default_factory=Structure)
    debut: dt.date
    fin: dt.date | None = None
    quotite: float = Field(default=1.0, gt=0, le=1, description="Part d’un temps plein (ETP), 0 < q ≤ 1")
    periodes: list[Periode] = Field(
        default_factory=list,
        description="Quotité qui a changé : périodes successives, chacune avec sa quotité ; vide = une seule "
                    "période (debut, fin, quotite)")
    missions: list[Text] = Field(default_factory=list)
    fonctions: list[Ident] = Field(default_factory=list)

    @field_validator("fin")
    @classmethod
    def _end_after_start(cls, fin: dt.date | None, info: ValidationInfo) -> dt.date | None:
        return _check_end(fin, info)

    @model_validator(mode="after")
    def _periods_inside(self) -> Experience:
        ordered = sorted(self.periodes, key=lambda p: p.debut)
        for k, p in enumerate(ordered):
            if p.debut < self.debut or (self.fin is not None and (p.fin is None or p.fin > self.fin)):
                raise ValueError(f"la période commençant le {p.debut.isoformat()} sort des dates de l’expérience")
            if k and (ordered[k - 1].fin is None or ordered[k - 1].fin >= p.debut):
                raise ValueError(f"deux périodes se chevauchent (celle du {p.debut.isoformat()})")
        return self

    def spans(self) -> list[Periode]:
        """The experience as periods with their quotité: ``periodes`` when given, else one period."""
        if self.periodes:
            return sorted(self.periodes, key=lambda p: p.debut)
        return [Periode(debut=self.debut, fin=self.fin, quotite=self.quotite)]


class Formation(_Model):
    id: Ident
    intitule: Text = Field(min_length=1)
    organisme: Text = ""
    annee: int | None = Field(default=None, ge=1900, le=2100)
    duree_heures: float | None = Field(default=None, ge=0)
    certifiante: bool = False


class Situation(_Model):
    id: Ident
    titre: Text = Field(min_length=1)
    experience_ids: list[Ident] = Field(default_factory=list, description="Expériences où la situation s’est passée")
    competence_principale: Ident | None = Field(
        default=None, description="Compétence sous laquelle la situation est racontée ; absente = celle dont elle "
                                  "illustre le plus d’indicateurs")
    periode: Text = ""
    contexte: Text = ""
    actions: Text = ""
    resultats: Text = ""
    analyse: Text = ""
    indicateurs: list[IndicatorId] = Field(default_factory=list)


def _safe_relative(value: str) -> str:
    if not value:
        raise ValueError("le chemin du fichier est vide")
    posix, windows = PurePosixPath(value), PureWindowsPath(value)
    if posix.is_absolute() or windows.is_absolute() or windows.drive:
        raise ValueError("le chemin doit être relatif au dossier pieces/, pas absolu")
    if ".." in posix.parts or ".." in windows.parts:
        raise ValueError("le chemin ne doit pas sortir du dossier pieces/ (« .. » interdit)")
    return value


class Piece(_Model):
    id: Ident
    titre: Text = Field(min_length=1)
    nature: NaturePiece = NaturePiece.autre
    fichier: Annotated[Text, AfterValidator(_safe_relative)] | None = Field(
        default=None, description="Chemin relatif au dossier pieces/"
    )
    description: Text = ""
    indicateurs: list[IndicatorId] = Field(default_factory=list)


class Remplacement(_Model):
    """One entry of the anonymisation table: ``original`` is replaced by ``remplacement`` in what is shared."""

    original: Text = Field(min_length=1, description="Texte à masquer, ex. «\u00a0Mme Durand\u00a0»")
    remplacement: Text = Field(default="", description="Ce qui le remplace dans les exports, ex. «\u00a0Mme D.\u00a0»")


class Reglages(_Model):
    """Settings of one dossier (documented in docs/format.md)."""

    recence_annees: int = Field(default=5, ge=1, le=40,
                                description="Au-delà de ce nombre d’années sans pratique, une compétence est signalée")
    duree_entretien_minutes: int = Field(default=60, ge=10, le=240,
                                         description="Durée prévue de l’entretien avec le jury (la fiche ne la fixe pas)")


class LienNonRepris(_Model):
    """A link the last change of référentiel could not carry over: kept here so nothing is dropped silently."""

    element: Literal["situation", "piece", "auto_evaluation", "blocs_vises", "experience", "revue", "jury"]
    id: Ident | None = Field(default=None, description="Situation, pièce ou expérience concernée")
    ancien: Text = Field(min_length=1, description="Identifiant dans l’ancien référentiel")
    texte: Text = Field(default="", description="Texte de l’ancien indicateur, compétence ou bloc")
    note: Rating | None = None


class Migration(_Model):
    """One change of référentiel (``vae referentiel migrate``), with the links left to map by hand."""

    depuis: Ident
    vers: Ident
    date: dt.date
    non_repris: list[LienNonRepris] = Field(default_factory=list)


class Dossier(_Model):
    """One candidate's work for one certification."""

    schema_version: Literal[3] = SCHEMA_VERSION
    certification: Ident
    profil: Profil = Field(default_factory=Profil)
    experiences: list[Experience] = Field(default_factory=list)
    formations: list[Formation] = Field(default_factory=list)
    situations: list[Situation] = Field(default_factory=list)
    auto_evaluation: dict[IndicatorId, Rating] = Field(
        default_factory=dict, description="Note de 1 (Pas encore) à 4 (Maîtrisé) par indicateur ; absent = non évalué"
    )
    pieces: list[Piece] = Field(default_factory=list)
    conclusion: Text = Field(default="", description="Conclusion du dossier de validation, écrite en dernier")
    notes: Text = ""
    anonymisation: list[Remplacement] = Field(
        default_factory=list, description="Table d’anonymisation appliquée à chaque export\u00a0; le dossier reste intact"
    )
    reglages: Reglages = Field(default_factory=Reglages)
    migrations: list[Migration] = Field(
        default_factory=list, description="Changements de référentiel, avec les liens qui restent à reporter à la main"
    )
    faisabilite: Faisabilite = Field(default_factory=Faisabilite,
                                     description="La part du candidat dans le dossier de faisabilité (France VAE)")
    jury: Jury = Field(default_factory=Jury, description="Session du jury, résultat et blocs acquis définitivement")

    def experience(self, ident: str) -> Experience | None:
        return next((e for e in self.experiences if e.id == ident), None)

    def experiences_of(self, situation: Situation) -> list[Experience]:
        """The experiences a situation names, in the situation's order (unknown IDs skipped)."""
        return [e for ident in situation.experience_ids if (e := self.experience(ident)) is not None]

    def diploma_codes(self) -> list[str]:
        """Codes of the diplomas held: the explicit code, else every upper-case word of the title."""
        codes: list[str] = []
        for d in self.profil.diplomes:
            if d.code:
                codes.append(d.code)
            else:
                codes.extend(re.findall(r"\b[A-ZÉÈ]{3,}\b", d.intitule))
        return codes
