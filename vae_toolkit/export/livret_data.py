"""The data of the draft dossier de validation (livret 2), as plain dicts and strings for the templates.

User text is left unescaped here: each template escapes it for its own language. Anything missing
becomes an explicit « à compléter » entry (``a_completer``) so that no template silently leaves it out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from vae_toolkit.analysis.anonymisation import apply, uncovered
from vae_toolkit.analysis.durations import durations_as_dict, quotite_label
from vae_toolkit.analysis.evidence import qualities
from vae_toolkit.analysis.progress import blocs_status
from vae_toolkit.export.livret_blocs import bloc_head, blocs_context, count, unplaced
from vae_toolkit.export.typography import typeset
from vae_toolkit.models.dossier import Accord, Dossier, Experience, TypeExperience
from vae_toolkit.models.status import BlocStatus
from vae_toolkit.models.wording import NATURE_PIECE_LABELS, TYPOLOGIE_LABELS, date_fr, display_name, months, type_label
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.models.trame import TypeSection
from vae_toolkit.referentiels import load_trame

STRUCTURE_FIELDS = {"secteur": "Secteur", "organisation": "Organisation", "publics": "Publics accompagnés",
                    "territoire": "Territoire", "environnement": "Environnement et partenaires"}
CANDIDATE_LABELS = {Accord.feminin: "Candidate", Accord.masculin: "Candidat", None: "Candidat·e"}


def _experience(e: Experience, accord: Accord | None, durations: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": e.id, "intitule": e.intitule_poste, "type": type_label(e.type, accord),
        "structure": e.structure.nom, "periode": months(e.debut, e.fin),
        "periodes": [{"periode": months(p.debut, p.fin), "quotite": quotite_label(p.quotite)} for p in e.spans()],
        "duree_etp": durations["libelle_etp"], "duree_calendaire": durations["libelle_calendaire"],
        "missions": list(e.missions),
    }


def _identity(dossier: Dossier, ref: Referentiel, status: dict[str, tuple[str, str | None]],
              final: bool) -> dict[str, Any]:
    p = dossier.profil
    missing = []
    if not p.nom or not p.prenom:
        missing.append("Nom et prénom du candidat.")
    if p.typologie is None:
        missing.append("Votre situation actuelle (salarié, bénévole, demandeur d’emploi…).")
    aimed = [b for b in ref.blocs if status[b.id][0] == BlocStatus.vise]
    if not aimed:
        missing.append("Aucun bloc visé : choisissez au moins un bloc.")
    return {
        "nom": p.nom, "prenom": p.prenom, "nom_complet": display_name(dossier), "email": p.email or "",
        "telephone": p.telephone or "", "ville": p.ville or "", "libelle": CANDIDATE_LABELS[p.accord],
        "typologie": TYPOLOGIE_LABELS[p.typologie] if p.typologie else "",
        "objectif": "Le diplôme complet" if p.objectif == "diplome_complet" else "Une partie des blocs",
        "diplomes": [{"intitule": d.intitule, "annee": d.annee or "", "organisme": d.organisme or "",
                      "niveau": d.niveau or ""} for d in p.diplomes],
        "blocs_vises": [bloc_head(b, ref, final) for b in aimed],
        "blocs_dispenses": [bloc_head(b, ref, final) | {"diplome": status[b.id][1]} for b in ref.blocs
                            if status[b.id][0] == BlocStatus.dispense],
        "blocs_acquis": [bloc_head(b, ref, final) | {"jury": status[b.id][1]} for b in ref.blocs
                         if status[b.id][0] == BlocStatus.acquis],
        "blocs_non_vises": [bloc_head(b, ref, final) for b in ref.blocs if status[b.id][0] == BlocStatus.non_vise],
        "a_completer": missing,
    }


def _parcours(dossier: Dossier, today: dt.date) -> dict[str, Any]:
    accord = dossier.profil.accord
    durations = durations_as_dict(dossier, today)
    per_exp = {d["id"]: d for d in durations["experiences"]}
    ordered = sorted(dossier.experiences, key=lambda e: e.debut)
    apart = {TypeExperience.benevole, TypeExperience.aidant}  # each under its own heading
    work = [_experience(e, accord, per_exp[e.id]) for e in ordered if e.type not in apart]
    volunteer = [_experience(e, accord, per_exp[e.id]) for e in ordered if e.type == TypeExperience.benevole]
    caring = [_experience(e, accord, per_exp[e.id]) for e in ordered if e.type == TypeExperience.aidant]
    formations = [{"intitule": f.intitule, "organisme": f.organisme, "annee": f.annee or "",
                   "heures": "" if f.duree_heures is None else f"{f.duree_heures:g}\u00a0h",
                   "certifiante": "oui" if f.certifiante else "non"} for f in dossier.formations]
    missing = []
    if not ordered:
        missing.append("Aucune expérience : décrivez vos postes, missions bénévoles ou mandats.")
    if not formations:
        missing.append("Aucune formation renseignée : ajoutez celles que vous avez suivies, même courtes.")
    texts = [e.intitule_poste for e in ordered] + [m for e in ordered for m in e.missions]
    return {"experiences": work, "benevolat": volunteer, "aidant": caring, "formations": formations, "a_completer": missing,
            "durees": {"total": durations["total"], "par_type": durations["par_type"]}, **count(*texts)}


def _motivation(dossier: Dossier) -> dict[str, Any]:
    p = dossier.profil
    missing = []
    if not p.motivation.strip():
        missing.append("Pourquoi ce diplôme, pourquoi maintenant : votre motivation.")
    if not p.projet.strip():
        missing.append("Votre projet professionnel après la VAE.")
    return {"motivation": p.motivation, "projet": p.projet, "a_completer": missing, **count(p.motivation, p.projet)}


def _conclusion(dossier: Dossier) -> dict[str, Any]:
    missing = [] if dossier.conclusion.strip() else [
        "Votre conclusion : ce que ce travail vous a appris et ce vers quoi vous allez (page Parcours)."]
    return {"texte": dossier.conclusion, "a_completer": missing, **count(dossier.conclusion)}


def _environment(dossier: Dossier) -> dict[str, Any]:
    entries = []
    texts: list[str] = []
    for e in sorted(dossier.experiences, key=lambda e: e.debut, reverse=True):
        s = e.structure
        fields = [{"titre": label, "texte": getattr(s, key)} for key, label in STRUCTURE_FIELDS.items()]
        missing = [f"{f['titre']} ({e.intitule_poste})." for f in fields if not f["texte"].strip()]
        texts += [s.nom, *(f["texte"] for f in fields)]
        entries.append({"intitule": e.intitule_poste, "structure": s.nom or "Structure non renseignée",
                        "periode": months(e.debut, e.fin), "champs": [f for f in fields if f["texte"].strip()],
                        "a_completer": missing})
    missing = [] if entries else ["Décrivez votre environnement professionnel (structure, publics, territoire)."]
    return {"structures": entries, "a_completer": missing, **count(*texts)}


def _pieces(dossier: Dossier, ref: Referentiel, final: bool) -> dict[str, Any]:
    rows = [{"id": p.id, "titre": p.titre, "nature": NATURE_PIECE_LABELS[p.nature], "fichier": p.fichier or "",
             "description": p.description,
             "indicateurs": ", ".join(ref.label(i, final=final) for i in p.indicateurs),
             "a_completer": "" if p.fichier else "fichier à joindre"} for p in dossier.pieces]
    missing = [] if rows else ["Aucune pièce justificative : contrats, attestations, fiches de poste, productions…"]
    return {"pieces": rows, "a_completer": missing}


def _annex(ref: Referentiel, final: bool) -> list[dict[str, Any]]:
    return [bloc_head(b, ref, final) | {
        "competences": [{"id": c.id, "label": ref.label(c.id, final=final), "intitule": c.intitule,
                         "indicateurs": [{"id": i.id, "label": ref.label(i.id, final=final), "texte": i.texte}
                                         for i in c.indicateurs]} for c in b.competences]} for b in ref.blocs]


def anonymisation_marker(remaining: int) -> str:
    """The « à compléter » line saying how many possible personal data the table does not cover yet."""
    return (f"{remaining} donnée(s) personnelle(s) possible(s) à anonymiser (tiers, usagers, familles)\u00a0: "
            "complétez la table d’anonymisation (page Dossier de validation)\u00a0; «\u00a0vae check\u00a0» les liste.")


def _bloc_missing(b: dict[str, Any]) -> list[str]:
    missing = [f"{c['label']} : {m}" for c in b["competences"] for m in c["a_completer"]]
    for c in b["competences"]:
        for s in c["situations"]:
            missing += [f"« {s['titre']} » – {p['a_completer']}" for p in s["parties"] if p["a_completer"]]
            missing += [f"« {s['titre']} » – {m}" for m in s["a_completer"]]
    return missing


def _plan(code: str, parts: dict[str, dict[str, Any]], blocs: list[dict[str, Any]], final: bool) -> list[dict[str, Any]]:
    """The sections of the livret in the order of the certification's trame, each with its counters."""
    plan = []
    for entry in load_trame(code).sections:
        consigne = "" if final else entry.consigne
        if entry.type == TypeSection.blocs:
            plan += [{"type": "bloc", "id": f"bloc-{b['id']}", "titre": f"{b['code']} – {b['intitule']}",
                      "bloc": b, "consigne": consigne, "a_completer": [] if final else _bloc_missing(b),
                      "mots": b["mots"], "signes": b["signes"], "situations": b["situations"]} for b in blocs]
            continue
        part = parts[entry.type.value]
        plan.append({"type": entry.type.value, "id": entry.type.value, "titre": entry.titre or entry.type.value,
                     "consigne": consigne, "a_completer": [] if final else part.get("a_completer", []),
                     "mots": part.get("mots"), "signes": part.get("signes"), "situations": None})
    return plan


def livret_context(dossier: Dossier, ref: Referentiel, today: dt.date | None = None, *,
                   final: bool = False) -> dict[str, Any]:
    """Everything the livret templates show (``resources["vae"]``), user text unescaped but typographic.

    ``final`` is the version to send: no « à compléter », no counter, no tool vocabulary, no internal ID.
    The draft (working version) lists what is missing, the weak situations and the counters. Neither shows
    the self-ratings. The dossier's anonymisation table is applied first; the suspects it leaves uncovered
    are counted in one « à compléter » entry of the identity section (their text is never shown).
    """
    today = today or dt.date.today()
    remaining = len(uncovered(dossier))
    measured = qualities(dossier, today)
    dossier = apply(dossier)
    status = blocs_status(dossier, ref)
    aimed = [b for b in ref.blocs if status[b.id][0] == BlocStatus.vise]
    identity = _identity(dossier, ref, status, final)
    if remaining:
        identity["a_completer"].append(anonymisation_marker(remaining))
    identity["a_completer"] += unplaced(dossier, ref, aimed)
    blocs = blocs_context(dossier, ref, aimed, measured, final=final)
    parts = {"identite": identity | {"mots": None, "signes": None}, "parcours": _parcours(dossier, today),
             "motivation": _motivation(dossier), "environnement": _environment(dossier),
             "conclusion": _conclusion(dossier), "pieces": _pieces(dossier, ref, final) | {"mots": None, "signes": None},
             "referentiel": {"blocs": _annex(ref, final), "a_completer": [], "mots": None, "signes": None}}
    parts["pieces"]["a_completer"] = parts["pieces"]["a_completer"] + [
        f"{p['titre']} : {p['a_completer']}" for p in parts["pieces"]["pieces"] if p["a_completer"]]
    plan = _plan(ref.code, parts, blocs, final)
    context = {
        "kind": "livret", "final": final,
        "titre": "Dossier de validation",
        "sous_titre": "Livret 2" if final else "Livret 2 – version de travail, à relire et compléter",
        "candidat": identity["nom_complet"],
        "certification": {"code": ref.code, "intitule": ref.intitule, "sigle": ref.sigle or "", "niveau": ref.niveau},
        "date": date_fr(today), "plan": plan,
        "identite": identity, "parcours": parts["parcours"], "motivation": parts["motivation"],
        "environnement": parts["environnement"], "blocs": blocs, "conclusion": parts["conclusion"],
        "pieces": parts["pieces"], "referentiel": parts["referentiel"]["blocs"],
        "sections": [s for s in plan if s["type"] != "referentiel"],
        "total": {"mots": sum(s["mots"] or 0 for s in plan), "signes": sum(s["signes"] or 0 for s in plan),
                  "a_completer": sum(len(s["a_completer"]) for s in plan)},
        "pdf_standards": ["a-2a", "ua-1"] if final else ["a-2b"],
    }
    if final:
        for part in (identity, *parts.values()):
            part["a_completer"] = []
    return typeset(context)
