"""Carry a dossier to another référentiel from a screen, without widgets: choose the target, look at what is
matched automatically, map the rest by hand, then move (the same storage path as ``vae referentiel migrate``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vae_toolkit.analysis.echeance import echeance_warning
from vae_toolkit.errors import VaeError
from vae_toolkit.models.dossier import Dossier, LienNonRepris
from vae_toolkit.models.migration import Mapping, migrate_dossier
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.models.wording import display_name
from vae_toolkit.referentiels import available_codes, load_referentiel
from vae_toolkit.storage.dossier import load_dossier
from vae_toolkit.storage.migrate import mapping_for, migrate_folder

KINDS = {"unites": "Indicateurs (ou compétences évaluées en entier)", "competences": "Compétences (revue du conseiller)",
         "blocs": "Blocs visés"}


@dataclass(frozen=True)
class PlanRow:
    """One old id the dossier uses (or that found no counterpart), and where it goes."""

    kind: str
    ancien: str
    texte: str
    nouveau: str | None
    comment: str
    cite: bool


class MigrationPlan:
    """The move of one dossier being prepared: target, automatic mapping, hand-made choices."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.manual: dict[str, str | None] = {}
        self.vers: str | None = None
        self.new: Referentiel | None = None
        self.mapping: Mapping | None = None
        self.reload()

    def reload(self) -> None:
        self.dossier: Dossier = load_dossier(self.folder).model
        self.old = load_referentiel(self.dossier.certification)
        self.warning = echeance_warning(self.old)
        successors = [c for c in self.old.nouvelles_certifications if c in available_codes()]
        others = [c for c in available_codes() if c != self.old.code and c not in successors]
        self.targets = successors + others

    @property
    def candidate(self) -> str:
        return display_name(self.dossier)

    def choose(self, vers: str | None) -> None:
        """Target the référentiel ``vers`` (``None``: none chosen); hand-made choices start afresh."""
        self.manual = {}
        self.vers = vers
        self.new = load_referentiel(vers) if vers else None
        self._compute()

    def _compute(self) -> None:
        self.mapping = mapping_for(self.folder, self.vers, manual=self.manual) if self.vers else None

    def set(self, ancien: str, nouveau: str | None) -> None:
        """Send ``ancien`` to ``nouveau`` (``None``: not carried, listed in the dossier)."""
        before = dict(self.manual)
        self.manual[ancien] = nouveau or None
        try:
            self._compute()
        except VaeError:
            self.manual = before
            self._compute()
            raise

    def _cited(self) -> dict[str, set[str]]:
        d = self.dossier
        units = {i for s in d.situations for i in s.indicateurs} | {i for p in d.pieces for i in p.indicateurs}
        units |= set(d.auto_evaluation)
        from vae_toolkit.storage.review import load_review

        try:
            review = load_review(self.folder)
        except VaeError:
            review = None
        comps = set(review.model.competences) if review is not None else set()
        return {"unites": units, "competences": comps, "blocs": set(d.profil.blocs_vises)}

    def rows(self) -> list[PlanRow]:
        """What the counsellor should look at: every id the dossier uses, and every id left without a counterpart."""
        if self.mapping is None:
            return []
        cited = self._cited()
        out = []
        for kind in KINDS:
            for c in getattr(self.mapping, kind).values():
                used = c.ancien in cited[kind]
                if used or c.nouveau is None:
                    out.append(PlanRow(kind, c.ancien, c.texte, c.nouveau, c.comment, used))
        return out

    def options(self, kind: str) -> list[tuple[str, str]]:
        """(label, id) of the new référentiel's ids a ``kind`` row may go to."""
        if self.new is None:
            return []
        if kind == "blocs":
            return [(f"{b.id} – {b.intitule}", b.id) for b in self.new.blocs]
        if kind == "competences":
            return [(f"{c.id} – {c.intitule}", c.id) for c in self.new.competences]
        return [(f"{u.id} – {u.texte}", u.id) for u in self.new.indicateurs]

    def lost(self) -> list[LienNonRepris]:
        """The links the move would leave behind with the current choices (computed, nothing written)."""
        if self.mapping is None or self.new is None:
            return []
        return migrate_dossier(self.dossier, self.old, self.new, self.mapping).migrations[-1].non_repris

    def apply(self) -> str:
        """Move the dossier and its review (history kept, ``vae restore`` undoes it); the French report."""
        if not self.vers:
            raise VaeError("Choisissez d’abord le référentiel d’arrivée.")
        report = migrate_folder(self.folder, self.vers, manual=self.manual)
        self.reload()
        self.choose(None)
        return report
