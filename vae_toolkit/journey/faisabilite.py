"""The candidate's part of the dossier de faisabilité (DFF), edited on a workspace (no widgets here)."""

from __future__ import annotations

from typing import Any

from vae_toolkit.analysis.france_vae import candidate_gaps, submission_warnings
from vae_toolkit.journey.workspace import Workspace, set_field
import datetime as dt

from vae_toolkit.models.faisabilite import Depot, EtatPrerequis, Faisabilite, Justificatif, Prerequis, TypeJustificatif

NEW_PREREQUIS = "Nouveau prérequis"
FIELDS = ("eligibilite", "fin_recevabilite", "option", "objectifs", "confirmation", "commentaire_confirmation",
          "attestation_honneur")


class FaisabiliteModel:
    """Edits of ``dossier.faisabilite``; each one autosaved, each refusal returned in French."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    @property
    def faisabilite(self) -> Faisabilite:
        return self.ws.dossier.faisabilite

    def set(self, name: str, value: Any) -> str | None:
        """Set one field of the DFF (see :data:`FIELDS`); the French reason when refused."""
        if name not in FIELDS:
            raise ValueError(name)
        if name == "eligibilite" and value != "recevabilite_acquise" and self.faisabilite.fin_recevabilite:
            # the end date only means something for a recevabilité already held: drop it with the choice
            error = set_field(self.faisabilite, "fin_recevabilite", None)
            if error:
                return error
        return self.ws.edit(self.faisabilite, name, value)

    def add_prerequis(self) -> int:
        self.faisabilite.prerequis.append(Prerequis(intitule=NEW_PREREQUIS, etat=EtatPrerequis.en_cours))
        self.ws.changed()
        return len(self.faisabilite.prerequis) - 1

    def set_prerequis(self, index: int, name: str, value: Any) -> str | None:
        return self.ws.edit(self.faisabilite.prerequis[index], name, value)

    def remove_prerequis(self, index: int) -> None:
        del self.faisabilite.prerequis[index]
        self.ws.changed()

    def add_depot(self, certification: str, date: dt.date | None) -> str | None:
        """Record a DFF already submitted on France VAE (this certification or another); French reason if refused."""
        if date is None or not certification.strip():
            return "Indiquez la certification (code RNCP) et la date du dépôt."
        try:
            depot = Depot(certification=certification.strip().upper(), date=date)
        except ValueError:
            return f"Code de certification invalide\u00a0: {certification.strip()}"
        self.faisabilite.depots = [*self.faisabilite.depots, depot]
        self.ws.changed()
        return None

    def remove_depot(self, index: int) -> None:
        del self.faisabilite.depots[index]
        self.ws.changed()

    def justificatif_type(self, piece_id: str) -> TypeJustificatif | None:
        """The DFF type given to a pièce, None when it is not attached to the DFF."""
        return next((j.type for j in self.faisabilite.justificatifs if j.piece_id == piece_id), None)

    def set_justificatif(self, piece_id: str, kind: TypeJustificatif | None) -> None:
        """Attach a pièce to the DFF with a type, or detach it (``None``)."""
        kept = [j for j in self.faisabilite.justificatifs if j.piece_id != piece_id]
        if kind is not None:
            kept.append(Justificatif(type=kind, piece_id=piece_id))
        self.faisabilite.justificatifs = kept
        self.ws.changed()

    def gaps(self) -> list[str]:
        """What France VAE requires of the candidate and is still empty."""
        return candidate_gaps(self.ws.dossier)

    def warnings(self) -> list[str]:
        """France VAE's submission limits, from the DFFs already recorded."""
        return submission_warnings(self.ws.dossier)
