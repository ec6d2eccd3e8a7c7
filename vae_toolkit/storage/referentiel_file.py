"""A référentiel file written or checked by hand: validated with French errors (file, field, line), written 0600.

An existing file is never replaced unless the caller says so; when it is, the replaced version goes to the
history beside it first, like every other save.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from vae_toolkit.errors import InvalidFileError, VaeError
from vae_toolkit.models.checks import Problem
from vae_toolkit.models.messages import problems_from
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.storage import history
from vae_toolkit.storage.atomic import atomic_write, ensure_private_dir
from vae_toolkit.storage.yamlio import dump_yaml, line_of, parse_yaml

WHAT = "Le référentiel"


def _text_problems(ref: Referentiel) -> list[Problem]:
    """Empty texts, which the model lets through but a candidate could not rate."""
    out = []
    if not ref.intitule.strip():
        out.append(Problem(("intitule",), "l’intitulé de la certification est vide"))
    for b, bloc in enumerate(ref.blocs):
        if not bloc.intitule.strip():
            out.append(Problem(("blocs", b, "intitule"), "intitulé du bloc vide"))
        for c, comp in enumerate(bloc.competences):
            if not comp.intitule.strip():
                out.append(Problem(("blocs", b, "competences", c, "intitule"), "intitulé de la compétence vide"))
            for i, ind in enumerate(comp.indicateurs_du_fichier):
                if not ind.texte.strip():
                    out.append(Problem(("blocs", b, "competences", c, "indicateurs", i, "texte"), "indicateur vide"))
    return out


def validate_referentiel(path: Path, raw: bytes) -> Referentiel:
    """The référentiel in ``raw`` (read from ``path``); every problem raises one :class:`InvalidFileError`."""
    data = parse_yaml(path, raw, what=WHAT)
    try:
        ref = Referentiel.model_validate(data)
    except ValidationError as exc:
        problems = problems_from(exc)
        raise InvalidFileError(path, [Problem(p.path, p.message, p.line or line_of(raw, p.path)) for p in problems],
                               what=WHAT) from None
    problems = _text_problems(ref)
    if problems:
        raise InvalidFileError(path, [Problem(p.path, p.message, line_of(raw, p.path)) for p in problems], what=WHAT)
    return ref


def read_referentiel_file(path: str | Path) -> Referentiel:
    """Read and validate a référentiel file (the file is never changed)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise VaeError(f"Le fichier {path} est introuvable.") from None
    except IsADirectoryError:
        raise VaeError(f"{path} est un dossier, pas un fichier.") from None
    except PermissionError:
        raise VaeError(f"Lecture de {path} non autorisée (droits du fichier).") from None
    return validate_referentiel(path, raw)


def referentiel_bytes(data: dict[str, Any] | Referentiel, header: str = "") -> bytes:
    """The YAML text of a référentiel (validated first), with an optional comment header."""
    ref = data if isinstance(data, Referentiel) else Referentiel.model_validate(data)
    plain = ref.model_dump(mode="python", exclude_defaults=True)
    plain = {"format": ref.format, **plain}
    comment = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
    return comment.encode("utf-8") + dump_yaml(plain)


def write_referentiel_file(path: str | Path, data: dict[str, Any] | Referentiel, *, overwrite: bool = False,
                           header: str = "", private_parent: bool = False) -> Path:
    """Write a référentiel (0600, atomically). Refuses an existing file unless ``overwrite``.

    ``private_parent`` creates the parent folder 0700 (the user's référentiels folder); otherwise it must exist.
    """
    path = Path(path)
    try:
        content = referentiel_bytes(data, header)
    except ValidationError as exc:
        details = "; ".join(f"{p.where}\u00a0: {p.message}" for p in problems_from(exc))
        raise VaeError(f"Référentiel invalide, rien n’a été écrit\u00a0: {details}") from None
    if private_parent:
        if not path.parent.parent.exists():
            ensure_private_dir(path.parent.parent)  # the application's own folder, created private too
        ensure_private_dir(path.parent)
    elif not path.parent.is_dir():
        raise VaeError(f"Le dossier {path.parent} n’existe pas\u00a0: rien n’a été écrit.")
    if path.exists():
        if not overwrite:
            raise VaeError(f"{path} existe déjà\u00a0: il n’a pas été modifié. Choisissez un autre fichier avec -o, "
                           "ou ajoutez --remplacer pour le remplacer (l’ancien est gardé dans historique/).")
        history.snapshot(path, path.read_bytes())
    atomic_write(path, content)
    return path
