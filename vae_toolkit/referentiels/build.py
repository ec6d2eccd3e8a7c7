"""Turn one fiche read from the open-data exports into référentiel data, marked « à relire ».

Identifiers follow the fiche's own codes: a bloc ``RNCP39644BC01`` of fiche ``RNCP39644`` gets the id ``BC01``
(the fiche number taken off), its compétences ``BC01.C1``, ``BC01.C2``…, their indicateurs ``BC01.C1.I1``… The
file says where it comes from (``source``) and stays « à relire » until the counsellor validates it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from vae_toolkit.errors import VaeError
from vae_toolkit.referentiels.rncp_export import Fiche
from vae_toolkit.referentiels.split import clean, split_competences

_NOT_IDENT = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class Imported:
    """The référentiel data built from a fiche, and what the counsellor should know about it (French)."""

    data: dict[str, Any]
    avertissements: list[str] = field(default_factory=list)


def bloc_id(code: str, numero: str, position: int) -> str:
    """A short stable id for a bloc: its code without the fiche number (``RNCP39644BC01`` → ``BC01``)."""
    short = code.strip().upper()
    if short.startswith(numero.upper()) and len(short) > len(numero):
        short = short[len(numero):]
    short = _NOT_IDENT.sub("-", short).strip("-._")
    return short or f"BC{position:02d}"


def build_referentiel(fiche: Fiche, *, today: dt.date | None = None, intitule: str | None = None,
                      niveau: int | None = None) -> Imported:
    """Référentiel data (a plain dict, ready for YAML) from ``fiche``; refuses a fiche closed to the VAE."""
    today = today or dt.date.today()
    warnings: list[str] = []
    if fiche.vae is False:
        raise VaeError(f"La fiche {fiche.numero} n’est pas accessible par la VAE (SI_JURY_VAE/ACTIF\u00a0: Non)\u00a0: "
                       "aucun référentiel n’a été écrit.")
    if fiche.vae is None:
        warnings.append("La source ne dit pas si la certification est ouverte à la VAE\u00a0: vérifiez-le sur la fiche.")
    if fiche.actif is False:
        warnings.append(f"La fiche {fiche.numero} est inactive (état\u00a0: {fiche.etat or 'non précisé'}).")
    if fiche.date_fin is not None and fiche.date_fin < today:
        warnings.append(f"L’enregistrement de la fiche {fiche.numero} a pris fin le {fiche.date_fin:%d/%m/%Y}.")
    if fiche.nouvelles:
        warnings.append(f"Certification remplacée par\u00a0: {', '.join(fiche.nouvelles)}.")
    title = (intitule or fiche.intitule).strip()
    level = niveau if niveau is not None else fiche.niveau
    if not title:
        raise VaeError(f"La source ne donne pas l’intitulé de la fiche {fiche.numero}\u00a0: indiquez-le avec --intitule.")
    if level is None:
        raise VaeError(f"La source ne donne pas le niveau de la fiche {fiche.numero}\u00a0: indiquez-le avec --niveau.")
    if not fiche.blocs:
        raise VaeError(f"La fiche {fiche.numero} ne décrit aucun bloc de compétences\u00a0: rien à importer.")

    blocs: list[dict[str, Any]] = []
    taken: set[str] = set()
    for n, bloc in enumerate(fiche.blocs, start=1):
        ident = bloc_id(bloc.code, fiche.numero, n)
        while ident in taken:
            ident = f"{ident}-{n}"
        taken.add(ident)
        split = split_competences(bloc.liste_competences)
        if not split:
            warnings.append(f"Bloc {ident}\u00a0: la source ne donne pas ses compétences\u00a0; une compétence provisoire "
                            "reprend l’intitulé du bloc, à découper à la relecture.")
            split_items = [(clean(bloc.libelle), [])]
        else:
            split_items = [(c.intitule, c.indicateurs) for c in split]
        competences = []
        for k, (text, indicators) in enumerate(split_items, start=1):
            comp: dict[str, Any] = {"id": f"{ident}.C{k}", "intitule": text}
            if indicators:
                comp["indicateurs"] = [{"id": f"{ident}.C{k}.I{j}", "texte": t} for j, t in enumerate(indicators, 1)]
            competences.append(comp)
        entry: dict[str, Any] = {"id": ident, "code": bloc.code.strip() or ident,
                                 "intitule": clean(bloc.libelle) or ident, "competences": competences}
        if bloc.modalites_evaluation.strip():
            entry["modalites_evaluation"] = bloc.modalites_evaluation.strip()
        blocs.append(entry)

    data: dict[str, Any] = {"format": 1, "code": fiche.numero, "intitule": title, "niveau": level}
    if fiche.date_fin is not None:
        data["echeance"] = fiche.date_fin
    data["a_relire"] = True
    data["source"] = f"{fiche.source}, importé le {today:%d/%m/%Y}"
    if fiche.certificateurs:
        data["certificateurs"] = [{"nom": nom, **({"siret": siret} if siret else {})} for nom, siret in fiche.certificateurs]
    if fiche.anciennes:
        data["anciennes_certifications"] = list(fiche.anciennes)
    if fiche.nouvelles:
        data["nouvelles_certifications"] = list(fiche.nouvelles)
    data["blocs"] = blocs
    return Imported(data, warnings)
