"""Carry a dossier (and its review) from one référentiel to another: the mapping, then the move. No I/O here.

The mapping pairs the old référentiel's ids with the new one's: identical texts first, then near-identical ones
(accents, apostrophes, punctuation, a word changed), then what the counsellor gives by hand. What is still unmapped
is never dropped silently: it is listed in the dossier (``migrations[].non_repris``) and reported by ``vae check``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from vae_toolkit.models.dossier import Dossier, LienNonRepris, Migration
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.models.review import BlocReview, Commentaire, CompetenceReview, Review

NEAR = 0.9
"""Similarity (0–1, difflib ratio of the normalised texts) from which two texts are taken as the same."""


def normalise(text: str) -> str:
    """Lower case, no accents, one kind of apostrophe, punctuation and extra spaces removed."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("œ", "oe").replace("Œ", "oe"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^\w']+", " ", text).split())


@dataclass
class Correspondance:
    """Where one old id goes (``None``: nowhere yet) and how that was decided."""

    ancien: str
    texte: str
    nouveau: str | None
    comment: str  # « identique », « proche », « par la compétence », « à la main », « non trouvé »


@dataclass
class Mapping:
    """Old id → new id, for blocs, compétences and rating units (indicateurs, or compétences rated whole)."""

    depuis: str
    vers: str
    blocs: dict[str, Correspondance] = field(default_factory=dict)
    competences: dict[str, Correspondance] = field(default_factory=dict)
    unites: dict[str, Correspondance] = field(default_factory=dict)

    def target(self, kind: str, ident: str) -> str | None:
        entry = getattr(self, kind).get(ident)
        return entry.nouveau if entry else None

    def unmapped(self) -> list[Correspondance]:
        return [c for kind in (self.blocs, self.competences, self.unites) for c in kind.values() if c.nouveau is None]


def _best(text: str, candidates: dict[str, str]) -> tuple[str | None, str]:
    """The candidate id whose text matches ``text``: identical, else the closest above :data:`NEAR`."""
    key = normalise(text)
    for ident, other in candidates.items():
        if normalise(other) == key:
            return ident, "identique"
    best, score = None, 0.0
    for ident, other in candidates.items():
        ratio = difflib.SequenceMatcher(None, key, normalise(other), autojunk=False).ratio()
        if ratio > score:
            best, score = ident, ratio
    if best is not None and score >= NEAR:
        return best, "proche"
    return None, "non trouvé"


def propose_mapping(old: Referentiel, new: Referentiel, manual: dict[str, str | None] | None = None) -> Mapping:
    """The automatic mapping of ``old`` onto ``new``, with ``manual`` (old id → new id or ``None``) taking precedence."""
    manual = manual or {}
    mapping = Mapping(old.code, new.code)
    new_comps = {c.id: c.intitule for c in new.competences}
    for comp in old.competences:
        target, how = _best(comp.intitule, new_comps)
        mapping.competences[comp.id] = Correspondance(comp.id, comp.intitule, target, how)
    new_units = {u.id: u.texte for u in new.indicateurs}
    for comp in old.competences:
        for unit in comp.indicateurs:
            target, how = _best(unit.texte, new_units) if not comp.evaluee_en_entier else (None, "non trouvé")
            if target is None:
                # A compétence rated whole on one side: its units follow the compétence.
                new_comp = mapping.target("competences", comp.id)
                if new_comp is not None:
                    if new.competence(new_comp).evaluee_en_entier:
                        target, how = new_comp, "par la compétence"
                    elif comp.evaluee_en_entier and len(new.competence(new_comp).indicateurs) == 1:
                        target, how = new.competence(new_comp).indicateurs[0].id, "par la compétence"
            mapping.unites[unit.id] = Correspondance(unit.id, unit.texte, target, how)
    new_blocs = {b.id: b.intitule for b in new.blocs}
    for bloc in old.blocs:
        target, how = _best(bloc.intitule, new_blocs)
        if target is None:
            votes = Counter(new.bloc(t).id for c in bloc.competences if (t := mapping.target("competences", c.id)))
            if votes:
                target, how = votes.most_common(1)[0][0], "par ses compétences"
        mapping.blocs[bloc.id] = Correspondance(bloc.id, bloc.intitule, target, how)
    for ident, target in manual.items():
        for kind in (mapping.blocs, mapping.competences, mapping.unites):
            if ident in kind:
                kind[ident].nouveau, kind[ident].comment = target, "à la main"
    return mapping


def manual_problems(mapping: Mapping, manual: dict[str, str | None], old: Referentiel, new: Referentiel) -> list[str]:
    """French reasons why a hand-made mapping is wrong (unknown ids on either side, a unit sent to a bloc…)."""
    out = []
    for ident, target in manual.items():
        if not old.has(ident):
            out.append(f"{ident}\u00a0: identifiant inconnu de l’ancien référentiel {old.code}")
            continue
        if target is None:
            continue
        if not new.has(target):
            out.append(f"{ident} → {target}\u00a0: identifiant inconnu du nouveau référentiel {new.code}")
        elif ident in mapping.unites and target not in new.indicator_ids:
            out.append(f"{ident} → {target}\u00a0: un indicateur doit aller vers un indicateur (ou une compétence sans "
                       "indicateurs)")
        elif ident in mapping.competences and ident not in mapping.unites and target not in {c.id for c in new.competences}:
            out.append(f"{ident} → {target}\u00a0: une compétence doit aller vers une compétence")
        elif ident in mapping.blocs and target not in {b.id for b in new.blocs}:
            out.append(f"{ident} → {target}\u00a0: un bloc doit aller vers un bloc")
    return out


def _move_ids(ids: list[str], mapping: Mapping, element: str, owner: str | None, texts: dict[str, str],
              lost: list[LienNonRepris]) -> list[str]:
    out: list[str] = []
    for ident in ids:
        target = mapping.target("unites", ident)
        if target is None:
            lost.append(LienNonRepris(element=element, id=owner, ancien=ident, texte=texts.get(ident, "")))  # type: ignore[arg-type]
        elif target not in out:
            out.append(target)
    return out


def migrate_dossier(dossier: Dossier, old: Referentiel, new: Referentiel, mapping: Mapping,
                    today: dt.date | None = None) -> Dossier:
    """The dossier carried to ``new``: every situation, pièce and rating kept; links not carried are listed."""
    texts = {u.id: u.texte for u in old.indicateurs}
    lost: list[LienNonRepris] = []
    data = dossier.model_copy(deep=True)
    for sit in data.situations:
        sit.indicateurs = _move_ids(sit.indicateurs, mapping, "situation", sit.id, texts, lost)
        main = getattr(sit, "competence_principale", None)
        if main is not None:
            target = mapping.target("competences", main)
            if target is None:
                lost.append(LienNonRepris(element="situation", id=sit.id, ancien=main,
                                          texte=old.competence(main).intitule if old.has(main) else ""))
            sit.competence_principale = target
    for piece in data.pieces:
        piece.indicateurs = _move_ids(piece.indicateurs, mapping, "piece", piece.id, texts, lost)
    ratings: dict[str, int] = {}
    for ident, note in dossier.auto_evaluation.items():
        target = mapping.target("unites", ident)
        if target is None:
            lost.append(LienNonRepris(element="auto_evaluation", ancien=ident, texte=texts.get(ident, ""), note=note))
        else:  # several old indicateurs merged into one: the lowest rating, the candidate will re-rate
            ratings[target] = min(note, ratings.get(target, note))
    blocs = _move_blocs(dossier.profil.blocs_vises, mapping, "blocs_vises", old, lost)
    fonctions_new = {f.id for f in new.fonctions}
    fonctions_by_text = {normalise(f.intitule): f.id for f in new.fonctions}
    old_fonctions = {f.id: f.intitule for f in old.fonctions}
    for exp in data.experiences:
        kept = []
        for f in exp.fonctions:
            target = f if f in fonctions_new else fonctions_by_text.get(normalise(old_fonctions.get(f, "")))
            if target is None:
                lost.append(LienNonRepris(element="experience", id=exp.id, ancien=f, texte=old_fonctions.get(f, "")))
            elif target not in kept:
                kept.append(target)
        exp.fonctions = kept
    data.jury.blocs_acquis = _move_blocs(dossier.jury.blocs_acquis, mapping, "jury", old, lost)
    profil = data.profil.model_copy(update={"blocs_vises": blocs})
    if profil.objectif == "blocs" and not blocs:
        profil = profil.model_copy(update={"objectif": "diplome_complet"})
    record = Migration(depuis=old.code, vers=new.code, date=today or dt.date.today(), non_repris=lost)
    return data.model_copy(update={
        "certification": new.code, "profil": profil, "auto_evaluation": ratings,
        "migrations": [*data.migrations, record],
    })


def _move_blocs(ids: list[str], mapping: Mapping, element: Literal["blocs_vises", "jury"], old: Referentiel,
                lost: list[LienNonRepris]) -> list[str]:
    """Bloc ids carried through the mapping, each once; those with no counterpart are added to ``lost``."""
    out: list[str] = []
    for ident in ids:
        target = mapping.target("blocs", ident)
        if target is None:
            lost.append(LienNonRepris(element=element, ancien=ident, texte=_bloc_text(old, ident)))
        elif target not in out:
            out.append(target)
    return out


def _bloc_text(ref: Referentiel, ident: str) -> str:
    return ref.bloc(ident).intitule if ref.has(ident) else ""


def migrate_review(review: Review, old: Referentiel, new: Referentiel, mapping: Mapping) -> tuple[Review, list[str]]:
    """The review carried to ``new``; comments on compétences that have no counterpart move to the general comments.

    Returns the review and the old compétence ids whose entry could not be carried (their comments are kept).
    """
    moved: dict[str, CompetenceReview] = {}
    general = list(review.commentaires)
    lost: list[str] = []
    for ident, entry in review.competences.items():
        target = mapping.target("competences", ident)
        if target is None:
            lost.append(ident)
            label = f"[{old.code} {ident} – {old.competence(ident).intitule if old.has(ident) else ident}] "
            general += [Commentaire(date=c.date, auteur=c.auteur, texte=label + c.texte) for c in entry.commentaires]
            continue
        if target in moved:
            first = moved[target]
            moved[target] = first.model_copy(update={
                "statut": first.statut or entry.statut, "note_conseiller": first.note_conseiller or entry.note_conseiller,
                "grille": first.grille or entry.grille, "commentaires": first.commentaires + entry.commentaires})
        else:
            moved[target] = entry.model_copy(deep=True)
    blocs: dict[str, BlocReview] = {}
    for ident, entry in review.blocs.items():
        target = mapping.target("blocs", ident)
        if target is None:
            if entry.commentaire.strip():
                label = f"[{old.code} {ident} – {_bloc_text(old, ident) or ident}] "
                general.append(Commentaire(date=dt.datetime.now().replace(microsecond=0),
                                           auteur=review.conseiller or "Changement de référentiel",
                                           texte=label + entry.commentaire))
            lost.append(ident)
        elif target in blocs:
            blocs[target] = BlocReview(commentaire="\n\n".join(
                t for t in (blocs[target].commentaire, entry.commentaire) if t.strip()))
        else:
            blocs[target] = entry.model_copy(deep=True)
    out = review.model_copy(update={"certification": new.code, "competences": moved, "blocs": blocs,
                                    "commentaires": sorted(general, key=lambda c: c.date)})
    return out, lost


def pending_links(dossier: Dossier) -> list[tuple[tuple[str | int, ...], str]]:
    """Links a change of référentiel left behind, as (field path, French message) for ``vae check`` and the screens."""
    out = []
    labels = {"situation": "la situation", "piece": "la pièce", "experience": "l’expérience"}
    for m, migration in enumerate(dossier.migrations):
        for n, lien in enumerate(migration.non_repris):
            what = f"{labels[lien.element]} {lien.id}" if lien.element in labels and lien.id else {
                "auto_evaluation": f"la note {lien.note}" if lien.note else "une note",
                "blocs_vises": "les blocs visés", "revue": "la revue du conseiller",
                "jury": "les blocs acquis auprès du jury"}.get(lien.element, lien.element)
            text = f" («\u00a0{lien.texte}\u00a0»)" if lien.texte else ""
            out.append((("migrations", m, "non_repris", n),
                        f"lien non reporté dans {migration.vers}\u00a0: {what} citait {lien.ancien}{text} de "
                        f"{migration.depuis}\u00a0; reliez-le à la main"))
    return out
