"""Recommendations in French for each gap, tied to the candidate's own experiences, situations, notes and pièces.

Only the blocs aimed at are concerned. Priority 1 (haute): gaps, overrated indicators, missing fonctions,
insufficient blocs; 2 (moyenne): evidence to complete; 3 (basse): writing, pièces, self-rating.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from vae_toolkit.analysis.coverage import ACQUIS, PAS_ENCORE, UNDERRATED, UNRATED, quote_list
from vae_toolkit.analysis.evidence import SituationQuality
from vae_toolkit.analysis.rows import BlocRow, CompetenceRow, FonctionRow, IndicatorRow, RatingGapRow
from vae_toolkit.analysis.text import narrative
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.status import BlocStatus, Evidence, Readiness
from vae_toolkit.models.wording import RATING_LABELS, years

PRIORITY_LABELS = {1: "Haute", 2: "Moyenne", 3: "Basse"}


@dataclass(frozen=True)
class Recommendation:
    """One thing to do: ``cible`` is a stable ID (indicator, compétence, bloc, fonction) or a situation id."""

    cible: str
    texte: str
    priorite: int
    categorie: str
    bloc: str | None = None

    @property
    def priorite_libelle(self) -> str:
        return PRIORITY_LABELS[self.priorite]


_STOP = {"savoir", "maitriser", "connaitre", "leurs", "entre", "autres", "toutes", "notamment", "ainsi", "selon",
         "correspondantes", "necessaires", "favorisant", "favoriser", "action", "actions"}
_WORD = re.compile(r"[^\W\d_]+")
STEM = 6
"""Words are compared on their first letters, accents removed: « évaluer » and « évaluation » meet."""
GENERIC_SHARE = 0.5
"""A stem found in more than this share of the candidate's situations and missions says nothing specific."""


@lru_cache(maxsize=65_536)
def _stem(word: str) -> str | None:
    """The stem of one word (accents removed, lower case), or None when it is too short or a stop word."""
    folded = unicodedata.normalize("NFKD", word.casefold()).encode("ascii", "ignore").decode()
    return folded[:STEM] if len(folded) >= STEM and folded not in _STOP else None


def _words(text: str) -> list[tuple[str, str]]:
    """(stem, word) for each significant word: at least STEM letters, not a référentiel verb."""
    return [(stem, word) for word in _WORD.findall(text) if (stem := _stem(word)) is not None]


def stems(text: str) -> set[str]:
    """Significant stems of a text (see ``_words``)."""
    return {stem for stem, _ in _words(text)}


class _Matcher:
    """Finds, in the candidate's own texts, what shares specific words with an indicator."""

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self.situations = {s.id: stems(narrative(s) + " " + s.titre) for s in dossier.situations}
        self.missions = {(e.id, m): stems(m) for e in dossier.experiences for m in e.missions}
        docs = [*self.situations.values(), *self.missions.values()]
        counts: dict[str, int] = {}
        for doc in docs:
            for stem in doc:
                counts[stem] = counts.get(stem, 0) + 1
        self.generic = {stem for stem, n in counts.items() if len(docs) >= 4 and n > GENERIC_SHARE * len(docs)}

    def wanted(self, text: str) -> dict[str, str]:
        return {stem: word for stem, word in _words(text) if stem not in self.generic}

    def situation(self, ind: IndicatorRow, sibling_situations: set[str]) -> str:
        """An unlinked situation sharing two specific words with the indicator (one showing a sibling first)."""
        wanted = self.wanted(ind.texte)
        best: tuple[int, str, list[str]] | None = None
        for s in self.dossier.situations:
            if ind.id in s.indicateurs:
                continue
            common = [wanted[k] for k in wanted if k in self.situations[s.id]]
            if len(common) < 2:
                continue
            score = len(common) + (2 if s.id in sibling_situations else 0)
            if best is None or score > best[0]:
                best = (score, s.titre, common)
        if best is None:
            return ""
        return (f"La situation « {best[1]} » touche peut-être à ce point (mots en commun : "
                f"{', '.join(best[2])}) : si c’est le cas, reliez-la à cet indicateur et développez-le.")

    def experience(self, ind: IndicatorRow, siblings_by_exp: dict[str, set[str]]) -> str:
        """Which experience could evidence the indicator: a mission sharing specific words, or siblings shown there."""
        wanted = self.wanted(ind.texte)
        need = _needed(wanted)
        best: tuple[tuple[int, bool], str] | None = None
        for e in self.dossier.experiences:
            matched = [m for m in e.missions if len(wanted.keys() & self.missions[(e.id, m)]) >= need]
            sibling = ind.competence in siblings_by_exp.get(e.id, set())
            score = 2 * len(matched) + (1 if sibling else 0)
            if score == 0:
                continue
            why = (f"vos missions y mentionnent « {matched[0]} »" if matched
                   else f"vos situations de cette expérience montrent déjà la compétence {ind.competence}")
            where = f"{e.structure.nom}, {years(e.debut, e.fin)}" if e.structure.nom else years(e.debut, e.fin)
            key = (score, e.fin is None)  # ongoing experiences win ties: recent evidence reads better
            if best is None or key > best[0]:
                best = (key, f"Votre expérience de {e.intitule_poste} ({where}) pourrait l’illustrer : {why}.")
        return best[1] if best else ""

    @cached_property
    def note_sentences(self) -> list[tuple[str, set[str]]]:
        """The sentences of the candidate's notes with their stems, computed once per analysis."""
        out = []
        for sentence in re.split(r"(?<=[.;!?])\s+", self.dossier.notes):
            snippet = sentence.strip().rstrip(" ;\u00a0")
            if snippet:
                out.append((snippet, stems(snippet)))
        return out

    def notes(self, ind: IndicatorRow) -> str:
        """A sentence of the candidate's notes sharing two specific words with the indicator (one if it has few)."""
        wanted = self.wanted(ind.texte)
        need = _needed(wanted)
        for snippet, found in self.note_sentences:
            if len(wanted.keys() & found) >= need:
                snippet = snippet if len(snippet) <= 160 else snippet[:159].rsplit(" ", 1)[0] + "…"
                return f"Vos notes en parlent : « {snippet} »."
        return ""


def _needed(wanted: dict[str, str]) -> int:
    """Two specific words in common, or one when the indicator has two or fewer."""
    return 2 if len(wanted) > 2 else 1


@dataclass(frozen=True)
class RecommendationInputs:
    """What the recommendations are drawn from: the dossier and the tables the analysis computed before them."""

    dossier: Dossier
    indicators: list[IndicatorRow]
    competences: list[CompetenceRow]
    blocs: list[BlocRow]
    fonctions: list[FonctionRow]
    rating_gaps: list[RatingGapRow]
    quality: dict[str, SituationQuality]
    """The quality of each situation, by id."""


def recommend(inputs: RecommendationInputs) -> list[Recommendation]:
    """Every recommendation, most urgent first, in référentiel order within a priority."""
    dossier, rows, comps, quality = inputs.dossier, inputs.indicators, inputs.competences, inputs.quality
    aimed = [r for r in rows if r.statut_bloc == BlocStatus.vise]
    siblings_by_exp: dict[str, set[str]] = {}
    sits_by_comp: dict[str, set[str]] = {}
    for r in aimed:
        for e in r.experiences:
            siblings_by_exp.setdefault(e, set()).add(r.competence)
        sits_by_comp.setdefault(r.competence, set()).update(r.situations)
    out: list[Recommendation] = []
    out += _fonctions(inputs.fonctions, dossier)
    out += _blocs(inputs.blocs, comps)
    explained: set[str] = set()
    matcher: _Matcher | None = None
    for r in aimed:
        if r.preuve not in (Evidence.lacune, Evidence.a_etayer):
            continue
        matcher = matcher or _Matcher(dossier)
        hints = _Hints(matcher, r, siblings_by_exp, sits_by_comp.get(r.competence, set()))
        if r.preuve == Evidence.lacune:
            out.append(_gap(r, hints))
        else:
            out.append(_thin(r, quality, hints))
            explained.update(r.situations)
    out += _situations(dossier, quality, aimed, explained)
    out += _pieces(dossier, aimed, quality)
    out += _ratings(inputs.rating_gaps, {r.id: r for r in rows}, quality)
    order = {r.id: i for i, r in enumerate(rows)} | {c.id: i for i, c in enumerate(comps)}
    return sorted(out, key=lambda rec: (rec.priorite, order.get(rec.cible, -1)))


def _fonctions(fonctions: list[FonctionRow], dossier: Dossier) -> list[Recommendation]:
    out = []
    for f in fonctions:
        if f.couverte:
            continue
        text = (f"Aucune de vos expériences ne relève de la fonction « {f.intitule} » : la recevabilité "
                "demande au moins une activité dans chacune des fonctions. ")
        text += ("Si vous l’avez exercée, cochez-la sur l’expérience concernée ; sinon, cherchez une mission, "
                 "un bénévolat ou un stage qui vous y confronte." if dossier.experiences
                 else "Commencez par décrire vos expériences, salariées, bénévoles ou électives.")
        out.append(Recommendation(f.id, text, 1, "fonction"))
    return out


def _blocs(blocs: list[BlocRow], comps: list[CompetenceRow]) -> list[Recommendation]:
    aimed = [b for b in blocs if b.statut_bloc == BlocStatus.vise]
    ready = [b.id for b in aimed if b.preparation == Readiness.pret]
    out = []
    for b in aimed:
        if b.preparation != Readiness.insuffisant:
            continue
        weak = [c for c in comps if c.bloc == b.id and c.preparation == Readiness.insuffisant]
        names = "\u00a0; ".join(f"{c.id} «\u00a0{c.intitule}\u00a0» ({c.couverture.couverts}/"
                                 f"{c.couverture.indicateurs} indicateurs couverts)" for c in weak)
        text = f"Le bloc {b.id} est insuffisant en l’état\u00a0: {names}. "
        low = [c for c in weak if (c.couverture.auto_moyenne or 0) < ACQUIS]
        if low:
            text += ("Vous vous situez vous-même en dessous de « Acquis » sur "
                     + ", ".join(c.id for c in low) + " : une formation courte ou une mission qui vous y "
                     "exerce serait utile avant le jury. ")
        if ready:
            text += (f"Les blocs {', '.join(ready)} sont prêts : vous pouvez viser d’abord leur validation "
                     "partielle et présenter ce bloc plus tard (un bloc acquis le reste).")
        else:
            text += "Sinon, une validation partielle des autres blocs reste possible ; un bloc acquis le reste."
        out.append(Recommendation(b.id, text, 1, "bloc", b.id))
    return out


def _prefix(r: IndicatorRow) -> str:
    rating = r.auto_evaluation
    label = f"« {r.texte} » ({r.id})"
    if rating is not None and rating >= ACQUIS:
        return f"Vous vous notez « {RATING_LABELS[rating]} » sur {label}, mais "
    return f"{label[0].upper()}{label[1:]} : "


@dataclass
class _Hints:
    matcher: _Matcher
    row: IndicatorRow
    siblings_by_exp: dict[str, set[str]]
    sibling_situations: set[str]

    def situation(self) -> str:
        return self.matcher.situation(self.row, self.sibling_situations)

    def experience(self) -> str:
        return self.matcher.experience(self.row, self.siblings_by_exp)

    def notes(self) -> str:
        return self.matcher.notes(self.row)


def _gap(r: IndicatorRow, hints: _Hints) -> Recommendation:
    text = _prefix(r) + "aucune situation ni pièce ne le montre encore. "
    found = [h for h in (hints.situation(), hints.experience(), hints.notes()) if h]
    if found:
        text += " ".join(found) + " Rédigez une situation qui raconte ce que vous avez fait vous-même."
    if r.auto_evaluation == PAS_ENCORE or not found:
        text += (" Si aucune de vos expériences ne s’y prête, envisagez une formation ou une mission (stage, PMSMP, "
                 "bénévolat) qui vous le fasse pratiquer, ou une validation partielle des blocs prêts.")
    return Recommendation(r.id, text.strip(), 1, "lacune", r.bloc)


def _thin(r: IndicatorRow, quality: dict[str, SituationQuality], hints: _Hints) -> Recommendation:
    text = _prefix(r) + "aucune situation complète ne le montre. "
    for s in r.situations:
        text += f"Complétez « {quality[s].titre} » : {', '.join(quality[s].defauts())}. "
    if not r.situations:
        text += "Les pièces ne suffisent pas : rédigez une situation qui raconte ce que vous avez fait. "
        text += hints.experience()
    else:
        text += hints.situation()
    priority = 1 if (r.auto_evaluation or 0) >= ACQUIS else 2
    return Recommendation(r.id, text.strip(), priority, "a_etayer", r.bloc)


def _situations(dossier: Dossier, quality: dict[str, SituationQuality], aimed: list[IndicatorRow],
                explained: set[str]) -> list[Recommendation]:
    """Incomplete situations not already named by an indicator's recommendation."""
    linked = {s for r in aimed for s in r.situations}
    out = []
    for s in dossier.situations:
        q = quality.get(s.id)
        if q is None or q.complete or s.id in explained or s.id not in linked:
            continue
        text = (f"Reprenez la situation « {q.titre} » : {', '.join(q.defauts())}. Le jury veut lire ce que vous "
                "avez fait vous-même, ce que cela a produit et ce que vous en avez appris.")
        out.append(Recommendation(s.id, text, 3, "ecriture"))
    return out


def _pieces(dossier: Dossier, aimed: list[IndicatorRow], quality: dict[str, SituationQuality]
            ) -> list[Recommendation]:
    """One per complete situation whose indicators have no pièce at all."""
    without: dict[str, list[str]] = {}
    for r in aimed:
        if r.nb_pieces == 0 and r.situations_completes:
            without.setdefault(r.situations_completes[0], []).append(r.id)
    out = []
    for s in dossier.situations:
        if s.id in without:
            ids = without[s.id]
            text = (f"Joignez une pièce issue de « {quality[s.id].titre} » (document que vous avez produit, compte "
                    f"rendu, tableau de bord, attestation), en anonymisant les personnes : elle étaierait "
                    f"{', '.join(ids)}.")
            out.append(Recommendation(s.id, text, 3, "piece"))
    return out


def _ratings(gaps: list[RatingGapRow], rows: dict[str, IndicatorRow], quality: dict[str, SituationQuality]
             ) -> list[Recommendation]:
    out = []
    for g in gaps:
        r = rows[g.id]
        shown = r.situations_completes or r.situations
        titles = quote_list([quality[s].titre for s in shown])
        if g.ecart == UNDERRATED:
            subject = f"Les situations {titles} montrent" if len(shown) > 1 else f"La situation {titles} montre"
            text = (f"{subject} « {r.texte} » ({r.id}) alors que vous vous notez "
                    f"« {g.auto_libelle} » : relisez votre auto-évaluation, vous vous sous-estimez peut-être.")
        elif g.ecart == UNRATED:
            text = f"Évaluez-vous sur « {r.texte} » ({r.id})"
            text += f" : il est relié à {titles}." if r.situations else "."
        else:
            continue  # overrated: said in the gap or thin-evidence recommendation
        out.append(Recommendation(r.id, text, 3, "auto_evaluation", r.bloc))
    return out
