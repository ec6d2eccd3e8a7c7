"""Feasibility heuristics (warnings, never blocking): fonctions covered by the parcours, loose ends."""

from __future__ import annotations

import datetime as dt

from vae_toolkit.analysis.anonymisation import anonymisation_warnings
from vae_toolkit.analysis.evidence import qualities
from vae_toolkit.analysis.progress import blocs_status
from vae_toolkit.analysis.recency import recency
from vae_toolkit.models.checks import Problem
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.referentiel import Fonction, Referentiel
from vae_toolkit.models.status import BlocStatus


def missing_fonctions(dossier: Dossier, ref: Referentiel) -> list[Fonction]:
    """Fonctions of the référentiel that no experience declares (DEIS arrêté 2006, art. 14 heuristic)."""
    covered = {f for e in dossier.experiences for f in e.fonctions}
    return [f for f in ref.fonctions if f.id not in covered]


def content_warnings(dossier: Dossier, ref: Referentiel, today: dt.date | None = None) -> list[Problem]:
    """Things worth a look that do not make the file invalid: loose ends, weak situations, old evidence."""
    out: list[Problem] = []
    if not dossier.profil.nom or not dossier.profil.prenom:
        out.append(Problem(("profil",), "nom ou prénom du candidat non renseigné"))
    missing = missing_fonctions(dossier, ref)
    if dossier.experiences and missing:
        names = ", ".join(f"« {f.intitule} »" for f in missing)
        out.append(Problem(("experiences",), f"aucune expérience ne relève de la fonction {names} : "
                                             "la recevabilité demande une activité dans chaque fonction"))
    for j, sit in enumerate(dossier.situations):
        if not sit.indicateurs:
            out.append(Problem(("situations", j, "indicateurs"), f"la situation « {sit.titre} » n’est reliée à aucun indicateur"))
    measured = qualities(dossier, today or dt.date.today())
    for j, sit in enumerate(dossier.situations):
        for defaut in measured[sit.id].defauts():
            out.append(Problem(("situations", j), f"la situation « {sit.titre} » est à compléter : {defaut}"))
    status = blocs_status(dossier, ref)
    for comp_id, r in recency(dossier, ref, today).items():
        if r.ancienne and status[ref.bloc(comp_id).id][0] == BlocStatus.vise:
            out.append(Problem(("situations",), f"compétence {ref.label(comp_id)} : {r.message()}"))
    for j, piece in enumerate(dossier.pieces):
        if not piece.fichier:
            out.append(Problem(("pieces", j, "fichier"), f"aucun fichier joint à la pièce « {piece.titre} »"))
    return out + anonymisation_warnings(dossier)
