"""The data of the draft dossier de validation (livret 2), as plain dicts and strings for the templates.

User text is left unescaped here: each template escapes it for its own language. Anything missing
becomes an explicit « à compléter » entry (``a_completer``) so that no template silently leaves it out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from vae_toolkit.analysis.anonymisation import apply, uncovered
from vae_toolkit.analysis.progress import blocs_status
from vae_toolkit.analysis.text import NARRATIVE_PARTS, count_signes, count_words
from vae_toolkit.export.escape import date_fr, month_fr
from vae_toolkit.models.dossier import Dossier, Experience, Situation, TypeExperience
from vae_toolkit.models.labels import NATURE_PIECE_LABELS, RATING_LABELS, TYPE_EXPERIENCE_LABELS, TYPOLOGIE_LABELS
from vae_toolkit.models.referentiel import Bloc, Competence, Referentiel

STRUCTURE_FIELDS = {"secteur": "Secteur", "organisation": "Organisation", "publics": "Publics accompagnés",
                    "territoire": "Territoire", "environnement": "Environnement et partenaires"}


def full_name(dossier: Dossier) -> str:
    """« Prénom Nom », or a visible placeholder."""
    return f"{dossier.profil.prenom} {dossier.profil.nom}".strip() or "(candidat sans nom)"


def _count(*texts: str) -> dict[str, int]:
    joined = "\n".join(t for t in texts if t)
    return {"mots": count_words(joined), "signes": count_signes(joined)}


def _period(e: Experience) -> str:
    start = month_fr(e.debut)
    return f"{start} – {month_fr(e.fin)}" if e.fin else f"depuis {start}"


def _years(e: Experience, today: dt.date) -> str:
    days = ((e.fin or today) - e.debut).days
    years = days / 365.25
    text = f"{years:.1f}".replace(".", ",").removesuffix(",0")
    return f"{text} an{'s' if years >= 2 else ''}"


def _experience(e: Experience, today: dt.date) -> dict[str, Any]:
    return {
        "id": e.id, "intitule": e.intitule_poste, "type": TYPE_EXPERIENCE_LABELS[e.type],
        "structure": e.structure.nom, "periode": _period(e), "duree": _years(e, today),
        "quotite": f"{round(e.quotite * 100)}\u00a0%", "missions": list(e.missions),
    }


def _identity(dossier: Dossier, ref: Referentiel, status: dict[str, tuple[str, str | None]]) -> dict[str, Any]:
    p = dossier.profil
    missing = []
    if not p.nom or not p.prenom:
        missing.append("Nom et prénom du candidat.")
    if p.typologie is None:
        missing.append("Votre situation actuelle (salarié, bénévole, demandeur d’emploi…).")
    aimed = [b for b in ref.blocs if status[b.id][0] == "vise"]
    return {
        "nom": p.nom, "prenom": p.prenom, "nom_complet": full_name(dossier), "email": p.email or "",
        "telephone": p.telephone or "", "ville": p.ville or "",
        "typologie": TYPOLOGIE_LABELS[p.typologie] if p.typologie else "",
        "objectif": "Le diplôme complet" if p.objectif == "diplome_complet" else "Une partie des blocs",
        "diplomes": [{"intitule": d.intitule, "annee": d.annee or "", "organisme": d.organisme or "",
                      "niveau": d.niveau or ""} for d in p.diplomes],
        "blocs_vises": [_bloc_head(b) for b in aimed],
        "blocs_dispenses": [_bloc_head(b) | {"diplome": status[b.id][1]} for b in ref.blocs
                            if status[b.id][0] == "dispense"],
        "blocs_non_vises": [_bloc_head(b) for b in ref.blocs if status[b.id][0] == "non_vise"],
        "a_completer": missing + ([] if aimed else ["Aucun bloc visé : choisissez au moins un bloc."]),
    }


def _bloc_head(b: Bloc) -> dict[str, str]:
    return {"id": b.id, "code": b.code, "intitule": b.intitule, "ancien_code": b.ancien_code or ""}


def _parcours(dossier: Dossier, today: dt.date) -> dict[str, Any]:
    ordered = sorted(dossier.experiences, key=lambda e: e.debut)
    work = [_experience(e, today) for e in ordered if e.type != TypeExperience.benevole]
    volunteer = [_experience(e, today) for e in ordered if e.type == TypeExperience.benevole]
    formations = [{"intitule": f.intitule, "organisme": f.organisme, "annee": f.annee or "",
                   "heures": "" if f.duree_heures is None else f"{f.duree_heures:g}\u00a0h",
                   "certifiante": "oui" if f.certifiante else "non"} for f in dossier.formations]
    missing = []
    if not ordered:
        missing.append("Aucune expérience : décrivez vos postes, missions bénévoles ou mandats.")
    if not formations:
        missing.append("Aucune formation renseignée : ajoutez celles que vous avez suivies, même courtes.")
    texts = [e.intitule_poste for e in ordered] + [m for e in ordered for m in e.missions]
    return {"experiences": work, "benevolat": volunteer, "formations": formations, "a_completer": missing,
            **_count(*texts)}


def _motivation(dossier: Dossier) -> dict[str, Any]:
    p = dossier.profil
    missing = []
    if not p.motivation.strip():
        missing.append("Pourquoi ce diplôme, pourquoi maintenant : votre motivation.")
    if not p.projet.strip():
        missing.append("Votre projet professionnel après la VAE.")
    return {"motivation": p.motivation, "projet": p.projet, "a_completer": missing, **_count(p.motivation, p.projet)}


def _conclusion(dossier: Dossier) -> dict[str, Any]:
    missing = [] if dossier.conclusion.strip() else [
        "Votre conclusion : ce que ce travail vous a appris et ce vers quoi vous allez (page Parcours)."]
    return {"texte": dossier.conclusion, "a_completer": missing, **_count(dossier.conclusion)}


def _environment(dossier: Dossier, today: dt.date) -> dict[str, Any]:
    entries = []
    texts: list[str] = []
    for e in sorted(dossier.experiences, key=lambda e: e.debut, reverse=True):
        s = e.structure
        fields = [{"titre": label, "texte": getattr(s, key)} for key, label in STRUCTURE_FIELDS.items()]
        missing = [f"{f['titre']} ({e.intitule_poste})." for f in fields if not f["texte"].strip()]
        texts += [s.nom, *(f["texte"] for f in fields)]
        entries.append({"intitule": e.intitule_poste, "structure": s.nom or "Structure non renseignée",
                        "periode": _period(e), "champs": [f for f in fields if f["texte"].strip()],
                        "a_completer": missing})
    missing = [] if entries else ["Décrivez votre environnement professionnel (structure, publics, territoire)."]
    return {"structures": entries, "a_completer": missing, **_count(*texts)}


def _situation(s: Situation, comp: Competence, dossier: Dossier, seen: dict[str, str]) -> dict[str, Any]:
    covered = [i for i in comp.indicateurs if i.id in s.indicateurs]
    exp = dossier.experience(s.experience_id) if s.experience_id else None
    parts = [{"titre": title, "texte": getattr(s, key),
              "a_completer": "" if getattr(s, key).strip() else f"{title} : à rédiger."}
             for key, title in NARRATIVE_PARTS.items()]
    first = s.id not in seen
    if first:
        seen[s.id] = comp.id
    return {
        "id": s.id, "titre": s.titre, "periode": s.periode, "premiere": first, "vue_en": seen[s.id],
        "experience": f"{exp.intitule_poste}{', ' + exp.structure.nom if exp.structure.nom else ''}" if exp else "",
        "parties": parts, "indicateurs": [{"id": i.id, "texte": i.texte} for i in covered],
        **_count(*(p["texte"] for p in parts)),
    }


def _blocs(dossier: Dossier, ref: Referentiel, status: dict[str, tuple[str, str | None]]) -> list[dict[str, Any]]:
    seen: dict[str, str] = {}
    out = []
    for bloc in ref.blocs:
        if status[bloc.id][0] != "vise":
            continue
        comps = []
        for comp in bloc.competences:
            sits = [_situation(s, comp, dossier, seen) for s in dossier.situations
                    if {i.id for i in comp.indicateurs} & set(s.indicateurs)]
            covered = {i["id"] for s in sits for i in s["indicateurs"]}
            indicators = [{"id": i.id, "texte": i.texte, "auto": RATING_LABELS[dossier.auto_evaluation.get(i.id)],
                           "couvert": i.id in covered} for i in comp.indicateurs]
            missing = []
            if not sits:
                missing.append("Aucune situation ne montre encore cette compétence : choisissez-en une et racontez-la.")
            uncovered = [i for i in indicators if not i["couvert"]]
            if sits and uncovered:
                missing.append("Indicateurs qu’aucune situation n’illustre : "
                               + ", ".join(i["id"] for i in uncovered) + ".")
            first = [s for s in sits if s["premiere"]]
            comps.append({"id": comp.id, "intitule": comp.intitule, "situations": sits, "indicateurs": indicators,
                          "a_completer": missing, "mots": sum(s["mots"] for s in first),
                          "signes": sum(s["signes"] for s in first)})
        out.append(_bloc_head(bloc) | {"competences": comps, "mots": sum(c["mots"] for c in comps),
                                       "signes": sum(c["signes"] for c in comps),
                                       "epreuve": bloc.epreuve.intitule if bloc.epreuve else ""})
    return out


def _pieces(dossier: Dossier) -> dict[str, Any]:
    rows = [{"id": p.id, "titre": p.titre, "nature": NATURE_PIECE_LABELS[p.nature], "fichier": p.fichier or "",
             "description": p.description, "indicateurs": ", ".join(p.indicateurs),
             "a_completer": "" if p.fichier else "fichier à joindre"} for p in dossier.pieces]
    missing = [] if rows else ["Aucune pièce justificative : contrats, attestations, fiches de poste, productions…"]
    return {"pieces": rows, "a_completer": missing}


def _annex(ref: Referentiel) -> list[dict[str, Any]]:
    return [_bloc_head(b) | {"competences": [{"id": c.id, "intitule": c.intitule,
                                              "indicateurs": [{"id": i.id, "texte": i.texte} for i in c.indicateurs]}
                                             for c in b.competences]} for b in ref.blocs]


def anonymisation_marker(remaining: int) -> str:
    """The « à compléter » line saying how many possible personal data the table does not cover yet."""
    return (f"{remaining} donnée(s) personnelle(s) possible(s) à anonymiser (tiers, usagers, familles)\u00a0: "
            "complétez la table d’anonymisation (page Dossier de validation)\u00a0; «\u00a0vae check\u00a0» les liste.")


def livret_context(dossier: Dossier, ref: Referentiel, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the livret templates show (``resources["vae"]``), user text unescaped.

    The dossier's anonymisation table is applied first; the suspects it leaves uncovered are counted
    in one « à compléter » entry of the identity section (their text is never shown).
    """
    today = today or dt.date.today()
    remaining = len(uncovered(dossier))
    dossier = apply(dossier)
    status = blocs_status(dossier, ref)
    identity = _identity(dossier, ref, status)
    if remaining:
        identity["a_completer"].append(anonymisation_marker(remaining))
    parcours = _parcours(dossier, today)
    motivation = _motivation(dossier)
    environment = _environment(dossier, today)
    blocs = _blocs(dossier, ref, status)
    pieces = _pieces(dossier)
    conclusion = _conclusion(dossier)
    sections = [
        {"id": "identite", "titre": "Identité et certification visée", "a_completer": identity["a_completer"],
         "mots": None, "signes": None},
        {"id": "parcours", "titre": "Parcours", **_counts_of(parcours)},
        {"id": "motivation", "titre": "Motivation et projet", **_counts_of(motivation)},
        {"id": "environnement", "titre": "Environnement professionnel", **_counts_of(environment)},
    ]
    for b in blocs:
        missing = [f"{c['id']} : {m}" for c in b["competences"] for m in c["a_completer"]]
        missing += [f"{s['id']} – {p['a_completer']}" for c in b["competences"] for s in c["situations"]
                    if s["premiere"] for p in s["parties"] if p["a_completer"]]
        sections.append({"id": f"bloc-{b['id']}", "titre": f"{b['id']} – {b['intitule']}", "a_completer": missing,
                         "mots": b["mots"], "signes": b["signes"]})
    sections.append({"id": "conclusion", "titre": "Conclusion", **_counts_of(conclusion)})
    sections.append({"id": "pieces", "titre": "Pièces justificatives",
                     "a_completer": pieces["a_completer"] + [f"{p['titre']} : {p['a_completer']}"
                                                             for p in pieces["pieces"] if p["a_completer"]],
                     "mots": None, "signes": None})
    return {
        "kind": "livret",
        "titre": "Dossier de validation",
        "sous_titre": "Livret 2 – brouillon à relire et compléter",
        "candidat": identity["nom_complet"],
        "certification": {"code": ref.code, "intitule": ref.intitule, "sigle": ref.sigle or "", "niveau": ref.niveau},
        "date": date_fr(today),
        "identite": identity, "parcours": parcours, "motivation": motivation, "environnement": environment,
        "blocs": blocs, "conclusion": conclusion, "pieces": pieces, "referentiel": _annex(ref), "sections": sections,
        "total": {"mots": sum(s["mots"] or 0 for s in sections), "signes": sum(s["signes"] or 0 for s in sections),
                  "a_completer": sum(len(s["a_completer"]) for s in sections)},
    }


def _counts_of(part: dict[str, Any]) -> dict[str, Any]:
    return {"a_completer": part["a_completer"], "mots": part["mots"], "signes": part["signes"]}
