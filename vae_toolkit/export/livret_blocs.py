"""The blocs of the livret: each situation told in full once, under its main compétence, referred to elsewhere.

Counters count what a section shows (the situations told there in full) and say how many situations it
relies on (told there, or told elsewhere and referred to). No self-rating appears: the livret goes to the
jury; self-assessment belongs to the gap report and the review.
"""

from __future__ import annotations

from typing import Any

from vae_toolkit.analysis.evidence import SituationQuality
from vae_toolkit.analysis.placement import main_competence
from vae_toolkit.analysis.text import NARRATIVE_PARTS, count_signes, count_words
from vae_toolkit.models.dossier import Dossier, Situation
from vae_toolkit.models.referentiel import Bloc, Competence, Referentiel


def count(*texts: str) -> dict[str, int]:
    """Words and signes of ``texts`` together."""
    joined = "\n".join(t for t in texts if t)
    return {"mots": count_words(joined), "signes": count_signes(joined)}


def bloc_head(b: Bloc, ref: Referentiel, final: bool) -> dict[str, str]:
    return {"id": b.id, "code": b.code, "intitule": b.intitule, "ancien_code": b.ancien_code or "",
            "label": b.code}


def placements(dossier: Dossier, ref: Referentiel, aimed: list[Bloc]) -> dict[str, Competence | None]:
    """The main compétence of every situation among the blocs aimed at (None: shown nowhere)."""
    allowed = [c.id for b in aimed for c in b.competences]
    return {s.id: main_competence(s, ref, allowed) for s in dossier.situations}


def anchors(dossier: Dossier, ref: Referentiel, placed: dict[str, Competence | None]) -> dict[str, str]:
    """A neutral anchor per situation told (``situation-1``…), numbered in the order they appear."""
    order = {c.id: k for k, c in enumerate(ref.competences)}
    told = [s for s in dossier.situations if placed[s.id] is not None]
    told.sort(key=lambda s: order[placed[s.id].id])  # type: ignore[union-attr]
    return {s.id: f"situation-{k}" for k, s in enumerate(told, 1)}


def _experiences(s: Situation, dossier: Dossier) -> list[str]:
    return [f"{e.intitule_poste}{', ' + e.structure.nom if e.structure.nom else ''}" for e in dossier.experiences_of(s)]


def _weak_points(quality: SituationQuality | None) -> list[str]:
    """The writing hints of the situation editor, as « à compléter » lines (empty parts are boxed in place)."""
    if quality is None:
        return []
    return [d[0].upper() + d[1:] + "." for d in quality.defauts() if not d.startswith("partie")]


def _told(s: Situation, comp: Competence, dossier: Dossier, ref: Referentiel, ctx: dict[str, Any]) -> dict[str, Any]:
    final = ctx["final"]
    parts = [{"titre": title, "texte": getattr(s, key),
              "a_completer": "" if final or getattr(s, key).strip() else f"{title} : à rédiger."}
             for key, title in NARRATIVE_PARTS.items()]
    linked = set(s.indicateurs)
    groups = []
    for c in ref.competences:
        inds = [{"id": i.id, "label": ref.label(i.id, final=final), "texte": i.texte}
                for i in c.indicateurs if i.id in linked]
        if inds and c.id in ctx["allowed"]:
            groups.append({"competence": ref.label(c.id, final=final), "intitule": c.intitule,
                           "ici": c.id == comp.id, "indicateurs": inds})
    return {
        "titre": s.titre, "ancre": ctx["anchors"][s.id], "periode": s.periode,
        "experiences": _experiences(s, dossier), "parties": parts, "groupes": groups,
        "a_completer": [] if final else _weak_points(ctx["qualities"].get(s.id)),
        **count(*(p["texte"] for p in parts)),
    }


def _referred(s: Situation, comp: Competence, main: Competence, ref: Referentiel, ctx: dict[str, Any]) -> dict[str, Any]:
    final = ctx["final"]
    return {"titre": s.titre, "ancre": ctx["anchors"][s.id], "competence": ref.label(main.id, final=final),
            "indicateurs": [{"id": i.id, "label": ref.label(i.id, final=final), "texte": i.texte}
                            for i in comp.indicateurs if i.id in s.indicateurs]}


def _competence(comp: Competence, dossier: Dossier, ref: Referentiel, ctx: dict[str, Any]) -> dict[str, Any]:
    final, placed = ctx["final"], ctx["placed"]
    ids = {i.id for i in comp.indicateurs}
    relevant = [s for s in dossier.situations if ids & set(s.indicateurs) and placed[s.id] is not None]
    told = [s for s in relevant if placed[s.id].id == comp.id]  # type: ignore[union-attr]
    referred = [s for s in relevant if placed[s.id].id != comp.id]  # type: ignore[union-attr]
    told_rows = [_told(s, comp, dossier, ref, ctx) for s in told]
    referred_rows = [_referred(s, comp, placed[s.id], ref, ctx) for s in referred]  # type: ignore[arg-type]
    indicators = [{"id": i.id, "label": ref.label(i.id, final=final), "texte": i.texte,
                   "situations": [{"titre": s.titre, "ancre": ctx["anchors"][s.id]} for s in relevant
                                  if i.id in s.indicateurs]} for i in comp.indicateurs]
    missing: list[str] = []
    if not final:
        if not relevant:
            missing.append("Aucune situation ne montre encore cette compétence : choisissez-en une et racontez-la.")
        uncovered = [i["label"] for i in indicators if not i["situations"]]
        if relevant and uncovered:
            missing.append("Indicateurs qu’aucune situation n’illustre : " + ", ".join(uncovered) + ".")
    words = sum(s["mots"] for s in told_rows)
    signes = sum(s["signes"] for s in told_rows)
    return {"id": comp.id, "label": ref.label(comp.id, final=final), "intitule": comp.intitule,
            "situations": told_rows, "renvois": referred_rows, "indicateurs": indicators, "a_completer": missing,
            "mots": words, "signes": signes, "racontees": len(told_rows), "citees": len(referred_rows)}


def blocs_context(dossier: Dossier, ref: Referentiel, aimed: list[Bloc], qualities: dict[str, SituationQuality],
                  *, final: bool) -> list[dict[str, Any]]:
    """Every bloc aimed at, compétence by compétence, with its situations told or referred to."""
    placed = placements(dossier, ref, aimed)
    ctx = {"final": final, "placed": placed, "anchors": anchors(dossier, ref, placed), "qualities": qualities,
           "allowed": {c.id for b in aimed for c in b.competences}}
    out = []
    for bloc in aimed:
        comps = [_competence(c, dossier, ref, ctx) for c in bloc.competences]
        relied = {s["ancre"] for c in comps for s in (*c["situations"], *c["renvois"])}
        out.append(bloc_head(bloc, ref, final) | {
            "competences": comps, "mots": sum(c["mots"] for c in comps), "signes": sum(c["signes"] for c in comps),
            "racontees": sum(c["racontees"] for c in comps), "situations": len(relied),
            "epreuve": bloc.epreuve.intitule if bloc.epreuve else ""})
    return out


def unplaced(dossier: Dossier, ref: Referentiel, aimed: list[Bloc]) -> list[str]:
    """« à compléter » lines for situations that appear nowhere (no indicator of a bloc aimed at)."""
    placed = placements(dossier, ref, aimed)
    return [f"La situation « {s.titre} » n’est reliée à aucun indicateur d’un bloc visé : elle n’apparaît pas "
            "dans le dossier." for s in dossier.situations if placed[s.id] is None]

