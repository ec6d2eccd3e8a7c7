"""One open dossier for the candidate's screens: the session, its référentiel and its autosave."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from vae_toolkit.journey.autosave import Autosave
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.messages import french_message
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.dossier import DossierSession


def validation_message(exc: ValidationError) -> str:
    """The French messages of a pydantic error, joined (one field is edited at a time)."""
    return " ; ".join(dict.fromkeys(french_message(e) for e in exc.errors(include_url=False)))


def set_field(obj: BaseModel, name: str, value: Any) -> str | None:
    """Assign with validation; the French reason when refused (the object keeps its previous value).

    The whole object is validated with the new value first, so rules across fields (an end date before
    the start date, whichever of the two is edited) are checked too.
    """
    try:
        type(obj).model_validate({**obj.model_dump(), name: value})
        setattr(obj, name, value)
    except ValidationError as exc:
        return validation_message(exc)
    return None


def new_id(prefix: str, taken: Iterable[str]) -> str:
    """``prefix-N`` with the smallest N above every number already used with that prefix."""
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$")
    numbers = [int(m.group(1)) for t in taken if (m := pattern.match(t))]
    return f"{prefix}-{max(numbers, default=0) + 1}"


class Workspace:
    """The dossier being edited, shared by the models of one page."""

    def __init__(self, folder: str | Path, *, delay: float = 1.0) -> None:
        self.session = DossierSession(folder)
        self.ref: Referentiel = load_referentiel(self.session.dossier.certification)
        self.autosave = Autosave(self.session, delay=delay)
        self.view_state: dict[str, Any] = {}
        """What a screen remembers across a redraw after a merge or a reload (the card open…); never saved."""

    @property
    def folder(self) -> Path:
        return self.session.folder

    @property
    def dossier(self) -> Dossier:
        return self.session.dossier

    def edit(self, obj: BaseModel, name: str, value: Any) -> str | None:
        """Set one field and autosave; returns the French validation message instead when refused."""
        if getattr(obj, name) == value:
            return None
        error = set_field(obj, name, value)
        if error is None:
            self.autosave.changed()
        return error

    def changed(self) -> None:
        """Call after a structural change (item added, removed, moved)."""
        self.autosave.changed()
