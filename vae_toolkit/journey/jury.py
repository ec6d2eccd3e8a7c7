"""Recording the jury session and its result on a workspace (no widgets here)."""

from __future__ import annotations

import re
from typing import Any

from vae_toolkit.journey.workspace import Workspace
from vae_toolkit.models.jury import WITH_BLOCS, Jury, ResultatJury
from vae_toolkit.models.wording import RESULTAT_LABELS

SESSION_FIELDS = ("date", "heure", "lieu")
TIME = re.compile(r"^(\d{1,2})\s*(?:[:h]\s*(\d{2})?)?$", re.IGNORECASE)


def parse_time(text: str) -> tuple[str | None, str | None]:
    """« 14:30 », « 14h30 », « 9 h », « 9:05 » → ``("14:30", None)``; a blank → ``(None, None)``; else the reason."""
    text = text.strip()
    if not text:
        return None, None
    match = TIME.match(text)
    if match:
        hours, minutes = int(match.group(1)), int(match.group(2) or 0)
        if hours < 24 and minutes < 60:
            return f"{hours:02d}:{minutes:02d}", None
    return None, f"Heure «\u00a0{text}\u00a0» impossible\u00a0: écrivez-la comme 14:30 ou 14h30."


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
            value, error = parse_time(value)
            if error:
                return error
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
