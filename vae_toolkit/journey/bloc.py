"""The bloc page's logic, for any bloc of the référentiel: compétences in turn, situations, ratings, pièces."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vae_toolkit.analysis.avancement import Avancement, avancement
from vae_toolkit.analysis.evidence import situation_quality
from vae_toolkit.analysis.placement import default_competence, illustrated
from vae_toolkit.analysis.progress import BlocProgress, CompetenceProgress, Counts, blocs_status, progress
from vae_toolkit.analysis.text import count_signes, count_words, narrative
from vae_toolkit.errors import VaeError
from vae_toolkit.journey.inputs import check_period
from vae_toolkit.journey.workspace import Workspace, new_id
from vae_toolkit.models.dossier import NaturePiece, Piece, Situation
from vae_toolkit.models.referentiel import Bloc, Competence
from vae_toolkit.models.status import BlocStatus
from vae_toolkit.models.wording import number_fr, years
from vae_toolkit.storage.dossier import add_piece_file

NEW_SITUATION = "Nouvelle situation"
SITUATION_FIELDS = ("titre", "experience_ids", "competence_principale", "periode", "contexte", "actions", "resultats",
                    "analyse")


def progress_label(counts: Counts) -> str:
    """« 2/4 indicateurs évalués, 1/4 illustrés par une situation · 640 mots, 4 100 signes »."""
    return (f"{counts.evalues}/{counts.indicateurs} indicateurs évalués, {counts.avec_situation}/{counts.indicateurs} "
            f"illustrés par une situation · {number_fr(counts.mots)} mots, {number_fr(counts.signes)} signes")


@dataclass(frozen=True)
class Counters:
    """Live counts of one situation's four parts, with writing hints."""

    mots: int
    signes: int
    conseils: list[str]

    def label(self) -> str:
        return f"{number_fr(self.mots)} mots · {number_fr(self.signes)} signes (espaces compris)"


class BlocModel:
    """One bloc of the référentiel as the candidate works through it, compétence by compétence."""

    def __init__(self, ws: Workspace, bloc_id: str, *, today: dt.date | None = None) -> None:
        if not ws.ref.has(bloc_id) or ws.ref.bloc(bloc_id).id != bloc_id:
            known = ", ".join(b.id for b in ws.ref.blocs)
            raise VaeError(f"Bloc inconnu du référentiel {ws.ref.code} : {bloc_id} (blocs : {known}).")
        self.ws = ws
        self.bloc: Bloc = ws.ref.bloc(bloc_id)
        self.today = today or dt.date.today()
        self.index = 0
        self.editing: str | None = None
        """The situation whose card is open, kept when the page is redrawn (after a merge or a reload)."""

    # -- the bloc and its compétences -------------------------------------------------------------
    def status(self) -> tuple[str, str | None]:
        """(``vise`` | ``dispense`` | ``non_vise``, diploma granting the dispense)."""
        return blocs_status(self.ws.dossier, self.ws.ref)[self.bloc.id]

    def status_message(self) -> str | None:
        """A plain French sentence when the candidate need not work on this bloc (None when aimed at)."""
        statut, by = self.status()
        if statut == BlocStatus.dispense:
            return (f"Vous êtes dispensé(e) du bloc {self.bloc.id} grâce à votre {by} : vous n’avez ni à le "
                    "rédiger ni à passer son épreuve. Il est acquis de droit.")
        if statut == BlocStatus.acquis:
            return (f"Le bloc {self.bloc.id} vous est acquis définitivement ({by}) : il n’est plus à présenter. "
                    "Vous pouvez tout de même relire votre travail.")
        if statut == BlocStatus.non_vise:
            return (f"Vous ne visez pas le bloc {self.bloc.id} pour l’instant (page « Accueil », blocs visés). "
                    "Vous pouvez tout de même y travailler.")
        return None

    @property
    def competences(self) -> list[Competence]:
        return list(self.bloc.competences)

    @property
    def competence(self) -> Competence:
        return self.bloc.competences[self.index]

    def select(self, comp_id: str) -> None:
        ids = [c.id for c in self.bloc.competences]
        if comp_id not in ids:
            raise VaeError(f"La compétence {comp_id} n’appartient pas au bloc {self.bloc.id}.")
        if ids.index(comp_id) != self.index:
            self.editing = None
        self.index = ids.index(comp_id)

    def step(self, delta: int) -> bool:
        """Go to the previous (-1) or next (+1) compétence; False at either end."""
        target = self.index + delta
        if not 0 <= target < len(self.bloc.competences):
            return False
        self.index, self.editing = target, None
        return True

    def avancement(self) -> dict[str, Avancement]:
        """The « Avancement » of this bloc and its compétences (analysis/avancement.py: indicators covered)."""
        return avancement(self.ws.dossier, self.ws.ref, self.today)

    def progress(self) -> tuple[BlocProgress, dict[str, CompetenceProgress]]:
        bp = next(b for b in progress(self.ws.dossier, self.ws.ref) if b.id == self.bloc.id)
        return bp, {c.id: c for c in bp.competences}

    # -- ratings ----------------------------------------------------------------------------------
    def rating(self, indicator_id: str) -> int:
        """The self-rating, 0 for « Non évalué »."""
        return self.ws.dossier.auto_evaluation.get(indicator_id, 0)

    def set_rating(self, indicator_id: str, value: int) -> None:
        if not self.ws.ref.has(indicator_id):
            raise VaeError(f"Indicateur inconnu : {indicator_id}")
        ratings = self.ws.dossier.auto_evaluation
        if not 0 <= value <= 4:
            raise VaeError("Note hors de l’échelle (de « Pas encore » à « Maîtrisé »).")
        if ratings.get(indicator_id, 0) == value:
            return
        if value == 0:
            ratings.pop(indicator_id, None)
        else:
            ratings[indicator_id] = value
        self.ws.changed()

    # -- situations -------------------------------------------------------------------------------
    def situations(self, comp_id: str | None = None) -> list[Situation]:
        """Situations linked to the compétence, then those linked to nothing yet (to be placed)."""
        ids = {i.id for i in self.ws.ref.competence(comp_id or self.competence.id).indicateurs}
        sits = self.ws.dossier.situations
        return [s for s in sits if ids & set(s.indicateurs)] + [s for s in sits if not s.indicateurs]

    def situation(self, sit_id: str) -> Situation:
        for s in self.ws.dossier.situations:
            if s.id == sit_id:
                return s
        raise VaeError(f"Situation introuvable : {sit_id} (supprimée ailleurs ? rechargez la page).")

    def new_situation(self) -> str:
        """Create an empty situation card and return its id.

        Idempotent: while the last card created is still untouched, it is returned again instead of a
        second one (a double click on « Nouvelle situation » gives one card).
        """
        sits = self.ws.dossier.situations
        if sits and sits[-1] == Situation(id=sits[-1].id, titre=NEW_SITUATION):
            return sits[-1].id
        sit = Situation(id=new_id("sit", (s.id for s in sits)), titre=NEW_SITUATION)
        sits.append(sit)
        self.ws.changed()
        return sit.id

    def set_situation(self, sit_id: str, name: str, value: object) -> str | None:
        if name not in SITUATION_FIELDS:
            raise ValueError(name)
        if name == "experience_ids":
            known = {e.id for e in self.ws.dossier.experiences}
            value = [e for e in dict.fromkeys(value or ()) if e in known]  # type: ignore[call-overload]
        if name == "competence_principale" and not value:
            value = None
        if name == "periode":
            error = check_period(str(value), today=self.today)
            if error:
                return error
        return self.ws.edit(self.situation(sit_id), name, value)

    def set_link(self, sit_id: str, indicator_id: str, linked: bool) -> None:
        """Link or unlink a situation and an indicator (of any bloc), keeping référentiel order."""
        self._set_link(self.situation(sit_id), indicator_id, linked)

    def delete_situation(self, sit_id: str) -> None:
        self.ws.dossier.situations.remove(self.situation(sit_id))
        if self.editing == sit_id:
            self.editing = None
        self.ws.changed()

    def counters(self, sit_id: str) -> Counters:
        """Words, signes and writing hints for one situation (the rules of analysis/evidence.py)."""
        sit = self.situation(sit_id)
        text = narrative(sit)
        quality = situation_quality(sit, self.ws.dossier.experiences_of(sit), self.today,
                                    self.ws.dossier.reglages.recence_annees)
        return Counters(count_words(text), count_signes(text), quality.defauts() + quality.remarques())

    def experience_options(self) -> list[tuple[str, str]]:
        """(label, id) of the experiences a situation can belong to."""
        return [(f"{e.intitule_poste} ({years(e.debut, e.fin)})", e.id)
                for e in self.ws.dossier.experiences]

    def main_competence_options(self, sit_id: str) -> list[tuple[str, str]]:
        """(label, id) of the compétences the situation illustrates, first « automatique » with the default named."""
        sit = self.situation(sit_id)
        found = illustrated(sit, self.ws.ref)
        default = default_competence(sit, self.ws.ref)
        ref = self.ws.ref
        auto = f"Automatique ({ref.label(default.id)})" if default else "Automatique (aucune compétence illustrée)"
        return [(auto, "")] + [(f"{ref.label(c.id)} – {c.intitule} ({n} indicateur{'s' if n > 1 else ''})", c.id)
                               for c, n in found]

    # -- pièces -----------------------------------------------------------------------------------
    def pieces(self, comp_id: str | None = None) -> list[Piece]:
        """Pièces linked to the compétence, then those linked to nothing yet."""
        ids = {i.id for i in self.ws.ref.competence(comp_id or self.competence.id).indicateurs}
        pieces = self.ws.dossier.pieces
        return [p for p in pieces if ids & set(p.indicateurs)] + [p for p in pieces if not p.indicateurs]

    def piece(self, piece_id: str) -> Piece:
        for p in self.ws.dossier.pieces:
            if p.id == piece_id:
                return p
        raise VaeError(f"Pièce introuvable : {piece_id} (supprimée ailleurs ? rechargez la page).")

    def add_piece(self, name: str, content: bytes, titre: str, nature: NaturePiece, indicators: list[str]) -> str:
        """Copy an uploaded file under ``pieces/`` and record it, linked to ``indicators``; returns its id."""
        titre = titre.strip() or name
        if not name:
            raise VaeError("Choisissez d’abord un fichier.")
        relative = add_piece_file(self.ws.folder, name=name, content=content)
        known = [i.id for i in self.ws.ref.indicateurs if i.id in indicators]
        pieces = self.ws.dossier.pieces
        piece = Piece(id=new_id("piece", (p.id for p in pieces)), titre=titre, nature=nature, fichier=relative,
                      indicateurs=known)
        pieces.append(piece)
        self.ws.changed()
        return piece.id

    def set_piece_link(self, piece_id: str, indicator_id: str, linked: bool) -> None:
        self._set_link(self.piece(piece_id), indicator_id, linked)

    def delete_piece(self, piece_id: str) -> None:
        """Forget the pièce in the dossier; its file stays in ``pieces/`` (nothing is ever deleted from disk)."""
        self.ws.dossier.pieces.remove(self.piece(piece_id))
        self.ws.changed()

    def _set_link(self, item: Situation | Piece, indicator_id: str, linked: bool) -> None:
        if not self.ws.ref.has(indicator_id):
            raise VaeError(f"Indicateur inconnu : {indicator_id}")
        current = set(item.indicateurs)
        wanted = current | {indicator_id} if linked else current - {indicator_id}
        if wanted == current:
            return
        item.indicateurs = [i.id for i in self.ws.ref.indicateurs if i.id in wanted]
        self.ws.changed()
