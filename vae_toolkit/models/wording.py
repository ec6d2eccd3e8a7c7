"""Everything the toolkit says in French about its data, in one place: the candidate's name, numbers, dates,
periods of experience, and the label of every enumeration.

ui, cli, export and analysis format through these helpers, so a wording is changed once.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from vae_toolkit.models.dossier import Accord, NaturePiece, TypeExperience, Typologie
from vae_toolkit.models.faisabilite import Eligibilite, EtatPrerequis, TypeJustificatif
from vae_toolkit.models.jury import ResultatJury
from vae_toolkit.models.review import Avis, Grille, Statut
from vae_toolkit.models.status import BlocStatus, Evidence, Readiness

if TYPE_CHECKING:
    from vae_toolkit.models.dossier import Dossier, Profil

NBSP = "\u00a0"
NNBSP = "\u202f"
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre")
NO_NAME = "(candidat sans nom)"
UNTIL_NOW = "aujourd’hui"


def display_name(who: Dossier | Profil) -> str:
    """« Prénom Nom » of the candidate, or a visible placeholder when both are empty."""
    profil = getattr(who, "profil", who)
    return f"{profil.prenom} {profil.nom}".strip() or NO_NAME


def number_fr(value: Any) -> str:
    """Integers with a narrow no-break space between thousands (« 12 345 »), decimals with a comma (one digit),
    « – » for a missing value."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}".replace(",", NNBSP)
    return f"{value:,.1f}".replace(",", NNBSP).replace(".", ",")


def signed_fr(value: float | None, sign: str = "") -> str:
    """One decimal with a comma and a true minus sign (« −0,5 »); ``sign="+"`` also shows « +1,0 »."""
    return "–" if value is None else f"{value:{sign}.1f}".replace(".", ",").replace("-", "−")


def count_fr(n: int, singular: str, plural: str) -> str:
    """« 0 situation », « 1 situation », « 2 situations » (French: 0 and 1 take the singular)."""
    return f"{number_fr(n)}{NBSP}{singular if abs(n) < 2 else plural}"


def date_fr(value: dt.date | dt.datetime | None, default: str = "") -> str:
    """« 29 novembre 2026 » (« 1er » for the first day of the month)."""
    if value is None:
        return default
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MOIS[value.month - 1]} {value.year}"


def short_date(value: dt.date | dt.datetime | None, default: str = "") -> str:
    """« 29/11/2026 »."""
    return value.strftime("%d/%m/%Y") if value is not None else default


def short_datetime(value: dt.datetime | None, default: str = "") -> str:
    """« 29/11/2026 14:05 »."""
    return value.strftime("%d/%m/%Y %H:%M") if value is not None else default


def month_fr(value: dt.date | None, default: str = UNTIL_NOW) -> str:
    """« septembre 2010 »."""
    if value is None:
        return default
    return f"{MOIS[value.month - 1]} {value.year}"


def years(debut: dt.date, fin: dt.date | None) -> str:
    """A period in years, « 2010–2018 », or « 2019–aujourd’hui » while it goes on."""
    return f"{debut.year}–{fin.year if fin else UNTIL_NOW}"


def short_months(debut: dt.date, fin: dt.date | None) -> str:
    """A period in months, short, for a list line: « 09/2010 → 06/2018 », or « 09/2019 → aujourd’hui »."""
    return f"{debut:%m/%Y} → {f'{fin:%m/%Y}' if fin else UNTIL_NOW}"


def months(debut: dt.date, fin: dt.date | None) -> str:
    """A period in months, « septembre 2010 – juin 2018 », or « depuis septembre 2019 » while it goes on."""
    start = month_fr(debut)
    return f"{start} – {month_fr(fin)}" if fin else f"depuis {start}"


BLOC_STATUS_LABELS: dict[BlocStatus, str] = {
    BlocStatus.vise: "Visé",
    BlocStatus.dispense: "Dispensé",
    BlocStatus.acquis: "Acquis (jury)",
    BlocStatus.non_vise: "Non visé",
}

EVIDENCE_LABELS: dict[Evidence, str] = {
    Evidence.couvert: "Couvert",
    Evidence.a_etayer: "À étayer",
    Evidence.lacune: "Lacune",
    Evidence.non_vise: "Non visé",
    Evidence.dispense: "Dispensé",
    Evidence.acquis: "Bloc acquis",
}

READINESS_LABELS: dict[str, str] = {
    Readiness.pret: "Prêt",
    Readiness.a_renforcer: "À renforcer",
    Readiness.insuffisant: "Insuffisant",
    **{status: label for status, label in BLOC_STATUS_LABELS.items() if status != BlocStatus.vise},
}
"""A compétence's readiness, or, outside the blocs aimed at, its bloc's status."""


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

STATUT_LABELS: dict[Statut | None, str] = {
    None: "Non revu",
    Statut.a_retravailler: "À retravailler",
    Statut.en_bonne_voie: "En bonne voie",
    Statut.pret: "Prêt pour le dossier",
}

GRILLE_LABELS: dict[Grille | None, str] = {
    None: "À confirmer (proposition de l’analyse)",
    Grille.oui: "Oui",
    Grille.partiellement: "Partiellement",
    Grille.non: "Non",
}

AVIS_LABELS: dict[Avis | None, str] = {
    None: "Pas encore d’avis",
    Avis.favorable: "Favorable",
    Avis.reserve: "Réservé",
    Avis.defavorable: "Défavorable",
}

RESULTAT_LABELS: dict[ResultatJury | None, str] = {
    None: "Pas encore de résultat",
    ResultatJury.validation_totale_certification_complete: "Validation totale de la certification",
    ResultatJury.validation_partielle_certification_complete: "Validation partielle de la certification",
    ResultatJury.validation_totale_certification_partielle: "Validation totale des blocs visés",
    ResultatJury.validation_partielle_certification_partielle: "Validation partielle des blocs visés",
    ResultatJury.validation_partielle_en_attente_de_confirmation: "Validation partielle en attente de confirmation",
    ResultatJury.echec: "Non-validation",
    ResultatJury.candidat_excuse: "Candidat excusé",
    ResultatJury.candidat_absent: "Candidat absent",
}

ELIGIBILITE_LABELS: dict[Eligibilite | None, str] = {
    None: "Non renseignée",
    Eligibilite.premiere_demande: "Première demande",
    Eligibilite.recevabilite_acquise: "Recevabilité déjà obtenue",
}

PREREQUIS_LABELS: dict[EtatPrerequis, str] = {EtatPrerequis.acquis: "Acquis", EtatPrerequis.en_cours: "En cours"}

JUSTIFICATIF_LABELS: dict[TypeJustificatif, str] = {
    TypeJustificatif.identite: "Pièce d’identité",
    TypeJustificatif.dispense: "Justificatif de dispense",
    TypeJustificatif.attestation_formation: "Attestation de formation",
    TypeJustificatif.autre: "Autre pièce",
}
