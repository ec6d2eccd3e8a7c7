"""The welcome page's logic: open or create a dossier, the profile, diplomas held, dispenses and blocs aimed at."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from vae_toolkit.analysis.progress import blocs_status
from vae_toolkit.demo import write_demo
from vae_toolkit.errors import VaeError
from vae_toolkit.journey.inputs import check_email, parse_phone
from vae_toolkit.journey.workspace import Workspace, validation_message
from vae_toolkit.models.dossier import Accord, Diplome, Profil, Typologie
from vae_toolkit.referentiels import DEFAULT_CODE
from vae_toolkit.storage.dossier import DOSSIER_FILE, dossier_file, init_dossier

OPTIONAL_FIELDS = ("email", "telephone", "ville")
"""Profile fields stored as ``null`` when left blank."""


def open_or_create(path: str, *, create: bool, certification: str = DEFAULT_CODE) -> Path:
    """The dossier folder at ``path``, created (empty, private) when ``create`` is set; French errors otherwise."""
    text = path.strip()
    if not text:
        raise VaeError("Indiquez le chemin du dossier (par exemple ~/ma-vae).")
    folder = Path(text).expanduser()
    if create:
        if dossier_file(folder).exists():
            raise VaeError(f"Un dossier existe déjà dans {folder} : utilisez « Ouvrir ».")
        return init_dossier(folder, "", "", certification)
    if not dossier_file(folder).exists():
        raise VaeError(f"Aucun fichier {DOSSIER_FILE} dans {folder} : vérifiez le chemin, ou utilisez « Créer ».")
    return folder


def create_demo(path: str) -> Path:
    """Write the fictional demonstration dossier at ``path`` (never over an existing dossier) and return it."""
    text = path.strip()
    if not text:
        raise VaeError("Indiquez où écrire le dossier de démonstration (par exemple ~/vae-demo).")
    return write_demo(Path(text).expanduser())


@dataclass(frozen=True)
class BlocChoice:
    """A bloc as the candidate sees it on the welcome page."""

    id: str
    intitule: str
    statut: str
    """``vise``, ``dispense`` or ``non_vise`` (see :func:`vae_toolkit.analysis.progress.blocs_status`)."""
    dispense_par: str | None


class ProfileModel:
    """Edits of ``profil`` (identity, diplomas, objective) on a workspace."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    @property
    def profil(self) -> Profil:
        """The profile of the dossier in memory (a new object after a reload)."""
        return self.ws.dossier.profil

    def set(self, name: str, value: object) -> str | None:
        """Set one profile field; blank optional fields become empty (None)."""
        if name in OPTIONAL_FIELDS and isinstance(value, str) and not value.strip():
            value = None
        if name == "email" and value is not None:
            error = check_email(str(value))
            if error:
                return error
            value = str(value).strip()
        if name == "telephone" and value is not None:
            value, error = parse_phone(str(value))
            if error:
                return error
        if name == "typologie" and value is not None:
            value = Typologie(value)
        if name == "accord":
            value = Accord(value) if value else None
        return self.ws.edit(self.profil, name, value)

    def add_diploma(self, intitule: str, code: str = "", annee: int | None = None) -> str | None:
        """Append a diploma held; the French reason when refused."""
        try:
            diplome = Diplome(intitule=intitule.strip(), code=code.strip().upper() or None, annee=annee or None)
        except ValidationError as exc:
            return validation_message(exc)
        self.profil.diplomes.append(diplome)
        self.ws.changed()
        return None

    def remove_diploma(self, index: int) -> None:
        del self.profil.diplomes[index]
        self.ws.changed()

    def dispense_codes(self) -> list[str]:
        """Diplomas the référentiel knows as granting a dispense (for the hint beside the field)."""
        return sorted({d.diplome for d in self.ws.ref.dispenses})

    def blocs(self) -> list[BlocChoice]:
        status = blocs_status(self.ws.dossier, self.ws.ref)
        return [BlocChoice(b.id, b.intitule, *status[b.id]) for b in self.ws.ref.blocs]

    def set_objective(self, whole: bool, blocs: list[str]) -> str | None:
        """The whole diploma, or only ``blocs`` (at least one)."""
        objectif = "diplome_complet" if whole else "blocs"
        chosen = [] if whole else [b.id for b in self.ws.ref.blocs if b.id in blocs]
        if not whole and not chosen:
            return "Cochez au moins un bloc visé, ou choisissez le diplôme complet."
        if (self.profil.objectif, self.profil.blocs_vises) == (objectif, chosen):
            return None
        # Assignment order keeps the profile valid at each step (« blocs » needs at least one bloc).
        steps = [("objectif", objectif), ("blocs_vises", chosen)] if whole else [("blocs_vises", chosen),
                                                                                ("objectif", objectif)]
        try:
            for name, value in steps:
                setattr(self.profil, name, value)
        except ValidationError as exc:
            return validation_message(exc)
        self.ws.changed()
        return None
