"""The counsellor's review of one dossier (``revue.yaml``): statuses, dated comments, ratings, opinion.

Kept in its own file so the counsellor never edits the candidate's text and the candidate's autosave
never touches the review. Compétences are keyed by the référentiel's stable IDs, situations by the
dossier's situation ids.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from vae_toolkit.errors import VaeError
from vae_toolkit.models.checks import Problem
from vae_toolkit.models.dossier import Dossier, Ident, Rating, Text
from vae_toolkit.models.referentiel import Referentiel

SCHEMA_VERSION = 2


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=False)


class Statut(StrEnum):
    """Where a compétence or a situation stands, from the counsellor's point of view.

    The three names of the issue are kept: they say what the candidate should do next
    (rework, continue, stop touching it), which is what a status is for in a review.
    """

    a_retravailler = "a_retravailler"
    en_bonne_voie = "en_bonne_voie"
    pret = "pret"


class Grille(StrEnum):
    """The France VAE answer for one compétence."""

    oui = "oui"
    partiellement = "partiellement"
    non = "non"


class Avis(StrEnum):
    """The counsellor's overall opinion (France VAE: favorable / défavorable; « réservé » in between)."""

    favorable = "favorable"
    reserve = "reserve"
    defavorable = "defavorable"



class Commentaire(_Model):
    """One dated comment, signed by its author."""

    date: dt.datetime
    auteur: Text = Field(min_length=1)
    texte: Text = Field(min_length=1)


class CompetenceReview(_Model):
    statut: Statut | None = None
    note_conseiller: Rating | None = Field(
        default=None, description="Note du conseiller, de 1 (Pas encore) à 4 (Maîtrisé), même échelle que le candidat"
    )
    grille: Grille | None = Field(
        default=None, description="Réponse Oui/Partiellement/Non retenue par le conseiller ; absente = celle de l’analyse"
    )
    commentaires: list[Commentaire] = Field(default_factory=list)


class SituationReview(_Model):
    statut: Statut | None = None
    commentaires: list[Commentaire] = Field(default_factory=list)


class BlocReview(_Model):
    """The accompagnateur's comment on one bloc for France VAE's grid (1 to 10,000 characters after trimming)."""

    commentaire: Text = ""


class ParcoursPrevu(_Model):
    """The accompagnateur's part of the DFF: the planned parcours."""

    heures_accompagnement_individuel: float | None = Field(default=None, ge=0, le=10_000)
    heures_accompagnement_collectif: float | None = Field(default=None, ge=0, le=10_000)
    heures_formation: float | None = Field(default=None, ge=0, le=10_000)
    formations_obligatoires: list[Text] = Field(default_factory=list)
    savoirs_de_base: list[Text] = Field(default_factory=list)


class AvisGlobal(_Model):
    avis: Avis | None = None
    preconisations: Text = ""
    commentaire: Text = ""


class Review(_Model):
    """The counsellor's side of one dossier."""

    schema_version: Literal[2] = SCHEMA_VERSION
    certification: Ident
    conseiller: Text = ""
    derniere_revue: dt.datetime | None = None
    empreinte_dossier: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{64}$",
        description="Empreinte (SHA-256) du dossier.yaml lu lors de la dernière revue, pour retrouver cette version",
    )
    competences: dict[Ident, CompetenceReview] = Field(default_factory=dict)
    situations: dict[Ident, SituationReview] = Field(default_factory=dict)
    avis: AvisGlobal = Field(default_factory=AvisGlobal)
    commentaires: list[Commentaire] = Field(default_factory=list)
    blocs: dict[Ident, BlocReview] = Field(
        default_factory=dict, description="Commentaire par bloc pour la grille France VAE (confirmé par l’accompagnateur)")
    parcours: ParcoursPrevu = Field(default_factory=ParcoursPrevu,
                                    description="Parcours prévu du dossier de faisabilité (heures, formations)")

    def competence(self, ident: str) -> CompetenceReview:
        """The entry for a compétence, created empty on first use."""
        if ident not in self.competences:
            self.competences[ident] = CompetenceReview()
        return self.competences[ident]

    def bloc(self, ident: str) -> BlocReview:
        """The entry for a bloc, created empty on first use."""
        if ident not in self.blocs:
            self.blocs[ident] = BlocReview()
        return self.blocs[ident]

    def situation(self, ident: str) -> SituationReview:
        """The entry for a situation, created empty on first use."""
        if ident not in self.situations:
            self.situations[ident] = SituationReview()
        return self.situations[ident]


def reference_problems(review: Review, ref: Referentiel) -> list[Problem]:
    """Compétence IDs unknown to the référentiel (they would silently never show)."""
    problems = []
    if review.certification.upper() != ref.code.upper():
        problems.append(Problem(("certification",), f"la revue porte sur {review.certification}, pas sur {ref.code}"))
    known = {c.id for c in ref.competences}
    blocs = {b.id for b in ref.blocs}
    for ident in review.blocs:
        if ident not in blocs:
            problems.append(Problem(("blocs", ident), f"bloc inconnu du référentiel {ref.code} : {ident}"))
    for ident in review.competences:
        if ident not in known:
            problems.append(Problem(("competences", ident), f"compétence inconnue du référentiel {ref.code} : {ident}"))
    return problems


def orphan_situations(review: Review, dossier: Dossier) -> list[Problem]:
    """Reviewed situations the candidate has since removed or renamed.

    A warning, not an error: the candidate may delete a situation at any time, and that must never make
    the counsellor's file unreadable nor drop the comments written on it.
    """
    ids = {s.id for s in dossier.situations}
    return [
        Problem(("situations", ident), f"situation absente du dossier du candidat (supprimée ou renommée) : {ident}")
        for ident in review.situations
        if ident not in ids
    ]


def review_schema() -> dict:
    """JSON Schema of ``revue.yaml`` at the current version (committed beside the dossier's)."""
    schema = Review.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"vae-toolkit/review.v{SCHEMA_VERSION}.json"
    return schema


def write_review_schema() -> Path:
    """Regenerate the committed schema: ``python -m vae_toolkit.models.review``."""
    from vae_toolkit.models.schema import SCHEMA_DIR, schema_text

    target = SCHEMA_DIR / f"review.v{SCHEMA_VERSION}.json"
    target.write_text(schema_text(review_schema()), encoding="utf-8")
    return target


def add_comment(target: CompetenceReview | SituationReview | Review, auteur: str, texte: str,
                when: dt.datetime | None = None) -> Commentaire:
    """Append a dated, signed comment; blank text or author is refused in French."""
    if not auteur.strip():
        raise VaeError("Indiquez votre nom avant de commenter : chaque commentaire est signé.")
    if not texte.strip():
        raise VaeError("Le commentaire est vide.")
    comment = Commentaire(date=when or dt.datetime.now().replace(microsecond=0), auteur=auteur.strip(),
                          texte=texte.strip())
    target.commentaires.append(comment)
    return comment


if __name__ == "__main__":
    print(write_review_schema())
