"""Recording the jury session and its result on a workspace (no widgets here)."""

from __future__ import annotations

from typing import Any

from vae_toolkit.journey.workspace import Workspace
from vae_toolkit.models.jury import WITH_BLOCS, Jury, ResultatJury
from vae_toolkit.models.wording import RESULTAT_LABELS

SESSION_FIELDS = ("date", "heure", "lieu")


class JuryModel:
    """Edits of ``dossier.jury``; each autosaved, each refusal returned in French."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    @property
    def jury(self) -> Jury:
        return self.ws.dossier.jury

    def set_session(self, name: str, value: Any) -> str | None:
        if name not in SESSION_FIELDS:
            raise ValueError(name)
        if name == "heure" and isinstance(value, str):
            value = value.strip() or None
        return self.ws.edit(self.jury.session, name, value)

    def set_result(self, value: ResultatJury | None) -> str | None:
        if value is not None and value not in WITH_BLOCS and self.jury.blocs_acquis:
            return (f"Le résultat «\u00a0{RESULTAT_LABELS[value]}\u00a0» n’accorde aucun bloc\u00a0: décochez d’abord "
                    "les blocs acquis.")
        return self.ws.edit(self.jury, "resultat", value)

    def set_comment(self, text: str) -> str | None:
        return self.ws.edit(self.jury, "commentaire", text)

    def set_acquired(self, bloc_id: str, acquired: bool) -> str | None:
        """Mark a bloc of the référentiel as acquired at the jury (or not)."""
        if acquired and self.jury.resultat not in WITH_BLOCS:
            return "Choisissez d’abord un résultat de validation\u00a0: seuls ceux-là accordent des blocs."
        blocs = [b for b in self.jury.blocs_acquis if b != bloc_id]
        if acquired:
            blocs.append(bloc_id)
        order = [b.id for b in self.ws.ref.blocs]
        return self.ws.edit(self.jury, "blocs_acquis", sorted(blocs, key=order.index))
