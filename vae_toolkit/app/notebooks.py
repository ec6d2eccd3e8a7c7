"""Where the notebooks live: beside the package in a source checkout, under ``share/`` once installed.

A wheel ships them as shared data in ``<prefix>/share/vae-toolkit/notebooks`` (see pyproject.toml), so a plain
non-editable ``pip install .`` finds them in the environment's data directory, or in the user base for
``pip install --user``.
"""

from __future__ import annotations

import site
import sys
import sysconfig
from collections.abc import Iterable
from pathlib import Path

from vae_toolkit.errors import VaeError

SHARE_SUBDIR = Path("share") / "vae-toolkit" / "notebooks"
START_NOTEBOOK = "application.ipynb"
COUNSELLOR_NOTEBOOK = "conseiller/application.ipynb"


class NotebooksNotFoundError(VaeError):
    """No folder of notebooks could be found for the app."""


def candidate_dirs() -> list[Path]:
    """Folders that may hold the notebooks, most specific first (checkout, environment, user base)."""
    package_dir = Path(__file__).resolve().parents[1]
    dirs = [package_dir.parent / "notebooks"]
    # The prefix the package was installed under: <prefix>/lib/pythonX.Y/site-packages (POSIX) or
    # <prefix>/Lib/site-packages (Windows); covers venvs, --user, --prefix and conda alike.
    dirs += [ancestor / SHARE_SUBDIR for ancestor in package_dir.parents[1:4]]
    prefixes: Iterable[str | None] = (sysconfig.get_path("data"), sys.prefix, site.getuserbase())
    for prefix in prefixes:
        if prefix:
            dirs.append(Path(prefix) / SHARE_SUBDIR)
    unique: list[Path] = []
    for d in dirs:
        if d not in unique:
            unique.append(d)
    return unique


def list_notebooks(folder: str | Path) -> list[Path]:
    """The candidate's notebooks of ``folder`` (top level only), sorted by name; checkpoints left out."""
    return sorted(p for p in Path(folder).glob("*.ipynb") if p.is_file())


def find_notebooks_dir() -> Path:
    """The first candidate folder that holds at least one notebook, or a French error naming where it looked."""
    tried = candidate_dirs()
    for folder in tried:
        if folder.is_dir() and list_notebooks(folder):
            return folder
    places = "\n".join(f"  – {d}" for d in tried)
    raise NotebooksNotFoundError(
        "Les notebooks de vae-toolkit sont introuvables ; l’installation semble incomplète. "
        f"Emplacements cherchés :\n{places}\nRéinstallez le paquet (pip install vae-toolkit) puis relancez « vae app »."
    )


def start_notebook(folder: str | Path) -> Path:
    """The page the app opens on: ``application`` (the shell) when present, else the first notebook by name."""
    folder = Path(folder)
    if (folder / START_NOTEBOOK).is_file():
        return folder / START_NOTEBOOK
    found = list_notebooks(folder)
    if not found:
        raise NotebooksNotFoundError(f"Aucun notebook dans {folder}.")
    return found[0]
