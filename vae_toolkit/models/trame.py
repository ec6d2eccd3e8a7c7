"""The plan of the dossier de validation (« trame »): which sections, in which order, under which titles.

A certifier's own structure is a data file next to the référentiel (``<CODE>.trame.yaml``); each section
names one of the building blocks below, which the livret knows how to fill from the dossier.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class TypeSection(StrEnum):
    """The building blocks of a livret; ``blocs`` expands to one chapter per bloc aimed at."""

    identite = "identite"
    parcours = "parcours"
    motivation = "motivation"
    environnement = "environnement"
    blocs = "blocs"
    conclusion = "conclusion"
    pieces = "pieces"
    referentiel = "referentiel"


class SectionTrame(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: TypeSection
    titre: str = Field(default="", description="Titre de la section ; ignoré pour « blocs » (un chapitre par bloc)")
    consigne: str = Field(default="", description="Ce que le certificateur attend, rappelé dans la version de travail")


class Trame(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format: int = 1
    certification: str | None = None
    sections: list[SectionTrame] = Field(min_length=1)

    @model_validator(mode="after")
    def _each_once(self) -> Trame:
        kinds = [s.type for s in self.sections]
        doubles = sorted({k.value for k in kinds if kinds.count(k) > 1})
        if doubles:
            raise ValueError(f"section présente deux fois dans la trame : {', '.join(doubles)}")
        if TypeSection.blocs not in kinds:
            raise ValueError("la trame doit contenir la section « blocs » (les compétences et leurs situations)")
        return self


DEFAULT_TRAME = Trame(sections=[
    SectionTrame(type=TypeSection.identite, titre="Identité et certification visée"),
    SectionTrame(type=TypeSection.parcours, titre="Parcours"),
    SectionTrame(type=TypeSection.motivation, titre="Motivation et projet"),
    SectionTrame(type=TypeSection.environnement, titre="Environnement professionnel"),
    SectionTrame(type=TypeSection.blocs),
    SectionTrame(type=TypeSection.conclusion, titre="Conclusion"),
    SectionTrame(type=TypeSection.pieces, titre="Pièces justificatives"),
    SectionTrame(type=TypeSection.referentiel, titre="Annexe\u00a0: référentiel"),
])
"""The plan used when a certification ships no trame file."""
