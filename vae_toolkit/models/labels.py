"""French labels shown to users for the enumerations and the rating scale."""

from __future__ import annotations

from vae_toolkit.models.dossier import Accord, NaturePiece, TypeExperience, Typologie

RATING_LABELS: dict[int | None, str] = {
    None: "Non évalué",
    1: "Pas encore",
    2: "En cours",
    3: "Acquis",
    4: "Maîtrisé",
}

RATING_MEANINGS: dict[int | None, str] = {
    None: "pas encore évalué",
    1: "je ne l’ai pas encore fait",
    2: "je l’ai fait avec de l’aide ou occasionnellement",
    3: "je le fais seul(e), régulièrement",
    4: "je le fais, je sais l’expliquer, l’adapter et le transmettre",
}

TYPOLOGIE_LABELS: dict[Typologie, str] = {
    Typologie.non_specifie: "Non spécifié",
    Typologie.salarie_prive: "Salarié(e) du privé",
    Typologie.salarie_public: "Salarié(e) du public",
    Typologie.salarie_public_hospitalier: "Salarié(e) public hospitalier",
    Typologie.salarie_alternant: "Salarié(e) alternant(e)",
    Typologie.salarie_interimaire: "Salarié(e) intérimaire",
    Typologie.salarie_intermittent: "Salarié(e) intermittent(e)",
    Typologie.salarie_contrats_aides: "Salarié(e) en contrat aidé",
    Typologie.travailleur_non_salarie: "Travailleur(se) non salarié(e)",
    Typologie.conjoint_collaborateur: "Conjoint(e) collaborateur(trice)",
    Typologie.demandeur_emploi: "Demandeur(se) d’emploi",
    Typologie.aidant_familial: "Aidant(e) familial(e)",
    Typologie.aidant_familial_agricole: "Aidant(e) familial(e) agricole",
    Typologie.benevole: "Bénévole",
    Typologie.stagiaire: "Stagiaire",
    Typologie.mandat_electif: "Titulaire d’un mandat électif",
    Typologie.retraite: "Retraité(e)",
    Typologie.autre: "Autre",
}

TYPE_EXPERIENCE_LABELS: dict[TypeExperience, str] = {
    TypeExperience.salarie: "Emploi salarié",
    TypeExperience.independant: "Activité indépendante",
    TypeExperience.benevole: "Bénévolat",
    TypeExperience.aidant: "Aide à un proche",
    TypeExperience.mandat_electif: "Mandat électif",
    TypeExperience.stage: "Stage ou PMSMP",
    TypeExperience.autre: "Autre",
}
"""Épicène wording, used when the candidate chose no agreement in the profile (``profil.accord``)."""

_AGREED: dict[Accord, dict[TypeExperience, str]] = {
    Accord.feminin: {TypeExperience.salarie: "Salariée", TypeExperience.independant: "Indépendante",
                     TypeExperience.benevole: "Bénévole", TypeExperience.aidant: "Proche aidante"},
    Accord.masculin: {TypeExperience.salarie: "Salarié", TypeExperience.independant: "Indépendant",
                      TypeExperience.benevole: "Bénévole", TypeExperience.aidant: "Proche aidant"},
}


def type_label(kind: TypeExperience, accord: Accord | None = None) -> str:
    """The label of a kind of experience agreeing with the candidate (« Salariée », « Salarié »), else épicène."""
    if accord is None:
        return TYPE_EXPERIENCE_LABELS[kind]
    return _AGREED[accord].get(kind, TYPE_EXPERIENCE_LABELS[kind])

NATURE_PIECE_LABELS: dict[NaturePiece, str] = {
    NaturePiece.contrat: "Contrat de travail",
    NaturePiece.attestation_employeur: "Attestation d’employeur",
    NaturePiece.fiche_de_poste: "Fiche de poste",
    NaturePiece.organigramme: "Organigramme",
    NaturePiece.lettre_de_mission: "Lettre de mission",
    NaturePiece.delegation: "Délégation",
    NaturePiece.production: "Document produit",
    NaturePiece.attestation_benevolat: "Attestation de bénévolat",
    NaturePiece.attestation_formation: "Attestation de formation",
    NaturePiece.autre: "Autre pièce",
}
