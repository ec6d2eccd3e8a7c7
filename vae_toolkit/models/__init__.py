"""Validated data models: the référentiel of a certification and the candidate's dossier."""

from vae_toolkit.models.checks import Problem, format_path, reference_problems
from vae_toolkit.models.dossier import (
    SCHEMA_VERSION,
    Diplome,
    Dossier,
    Experience,
    Formation,
    NaturePiece,
    Piece,
    Profil,
    Remplacement,
    Situation,
    Structure,
    TypeExperience,
    Typologie,
)
from vae_toolkit.models.referentiel import Bloc, Competence, Indicateur, Referentiel

__all__ = [
    "SCHEMA_VERSION", "Bloc", "Competence", "Diplome", "Dossier", "Experience", "Formation", "Indicateur",
    "NaturePiece", "Piece", "Problem", "Profil", "Referentiel", "Remplacement", "Situation", "Structure",
    "TypeExperience", "Typologie", "format_path", "reference_problems",
]
