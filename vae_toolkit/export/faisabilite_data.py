"""The data of the dossier de faisabilité (DFF) export, in France VAE's order, as plain data for templates.

The export is refused (French message naming each bloc and compétence) while the grid or the
accompagnateur's opinion would be refused by France VAE; fields of the candidate's part still empty are
listed as « à compléter » in the document itself, so a draft can be discussed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from vae_toolkit.analysis.anonymisation import apply, replace_text
from vae_toolkit.analysis.durations import band, merged_duration
from vae_toolkit.analysis.france_vae import (
    aimed_blocs,
    bloc_text,
    candidate_gaps,
    grid_problems,
    opinion_problems,
    submission_warnings,
)
from vae_toolkit.analysis.gaps import analyse
from vae_toolkit.analysis.grid import GRID_LABELS
from vae_toolkit.analysis.review_report import final_answers
from vae_toolkit.errors import VaeError
from vae_toolkit.models.faisabilite import COMMENT_LIMIT
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.models.review import Review
from vae_toolkit.models.status import BlocStatus
from vae_toolkit.models.wording import (
    AVIS_LABELS,
    ELIGIBILITE_LABELS,
    JUSTIFICATIF_LABELS,
    PREREQUIS_LABELS,
    TYPOLOGIE_LABELS,
    date_fr,
    display_name,
    type_label,
)

NOT_GIVEN = "Non renseigné"


def _hours(value: float | None) -> str:
    if value is None:
        return NOT_GIVEN
    shown = f"{value:g}".replace(".", ",")
    return f"{shown}\u00a0h"


def faisabilite_context(original: Dossier, ref: Referentiel, today: dt.date | None = None, *,
                        review: Review) -> dict[str, Any]:
    """Everything the DFF export shows, section by section in France VAE's order (user text unescaped).

    Raises :class:`VaeError` listing every grid and opinion problem when France VAE would refuse them.
    """
    today = today or dt.date.today()
    dossier, table = apply(original), original.anonymisation
    analysis = analyse(dossier, ref, today=today)
    problems = [p.message for p in grid_problems(analysis, review, ref)] + opinion_problems(review)
    if problems:
        raise VaeError("Dossier de faisabilité non exporté : France VAE refuserait la grille ou l’avis.\n"
                       + "\n".join(f"– {p}" for p in problems)
                       + "\nL’accompagnateur confirme les réponses et les commentaires de bloc dans revue.yaml "
                         "(bouton «\u00a0Confirmer les propositions restantes\u00a0» de son écran du dossier de "
                         "faisabilité, puis relecture).")
    answers = final_answers(analysis, review)
    f = dossier.faisabilite
    blocs = []
    for bloc in aimed_blocs(analysis, ref):
        comment = replace_text(review.blocs[bloc.id].commentaire, table).strip()
        blocs.append({"id": bloc.id, "code": bloc.code, "intitule": bloc.intitule, "commentaire": comment,
                      "competences": [{"id": ref.label(c.id), "intitule": c.intitule,
                                       "reponse": GRID_LABELS[answers[c.id]]} for c in bloc.competences],
                      "texte": bloc_text(bloc, ref, answers, comment)})
    pieces = {p.id: p for p in dossier.pieces}
    parcours = review.parcours
    dispensed = [b for b in ref.blocs if analysis.blocs.at[b.id, "statut_bloc"] == BlocStatus.dispense]
    return {
        "kind": "faisabilite", "titre": "Dossier de faisabilité", "sous_titre": "À reporter sur France VAE",
        "candidat": display_name(dossier), "date": date_fr(today),
        "certification": {"code": ref.code, "intitule": ref.intitule, "sigle": ref.sigle or "", "niveau": ref.niveau},
        "eligibilite": ELIGIBILITE_LABELS[f.eligibilite],
        "fin_recevabilite": date_fr(f.fin_recevabilite) if f.fin_recevabilite else "",
        "option": f.option.strip() or "Sans objet",
        "perimetre": "Certification complète" if dossier.profil.objectif == "diplome_complet" else "Blocs de compétences",
        "blocs_vises": [f"{b['code']} – {b['intitule']}" for b in blocs],
        "blocs_dispenses": [f"{b.code} – {b.intitule} ({analysis.blocs.at[b.id, 'dispense_par']})" for b in dispensed],
        "prerequis": [{"intitule": p.intitule, "etat": PREREQUIS_LABELS[p.etat]} for p in f.prerequis],
        "parcours": {"individuel": _hours(parcours.heures_accompagnement_individuel),
                     "collectif": _hours(parcours.heures_accompagnement_collectif),
                     "formation": _hours(parcours.heures_formation),
                     "formations_obligatoires": list(parcours.formations_obligatoires),
                     "savoirs_de_base": list(parcours.savoirs_de_base)},
        "objectifs": f.objectifs.strip(),
        "blocs": blocs,
        "justificatifs": [{"type": JUSTIFICATIF_LABELS[j.type],
                           "titre": pieces[j.piece_id].titre if j.piece_id in pieces else f"introuvable : {j.piece_id}",
                           "fichier": (pieces[j.piece_id].fichier or "") if j.piece_id in pieces else ""}
                          for j in f.justificatifs],
        "avis": AVIS_LABELS[review.avis.avis],
        "preconisations": replace_text(review.avis.preconisations, table).strip(),
        "conseiller": review.conseiller or NOT_GIVEN,
        "confirmation": "Oui" if f.confirmation else "Non",
        "commentaire_confirmation": replace_text(f.commentaire_confirmation, table).strip(),
        "attestation_honneur": "Cochée" if f.attestation_honneur else "Non cochée",
        "a_completer": candidate_gaps(dossier),
        "avertissements": submission_warnings(dossier, today),
        "experiences": [{"intitule": e.intitule_poste, "structure": e.structure.nom,
                         "type": type_label(e.type, dossier.profil.accord),
                         "duree": band(merged_duration([e], today).fte_months)} for e in dossier.experiences],
        "typologie": TYPOLOGIE_LABELS[dossier.profil.typologie] if dossier.profil.typologie else NOT_GIVEN,
        "limite_commentaire": COMMENT_LIMIT,
    }


__all__ = ["faisabilite_context"]
