"""JupyterHub glue for an accompaniment organisation (deploy/jupyterhub/jupyterhub_config.py imports it).

Layout on the machine (docs/organisation.md): ``RACINE/EQUIPE/CANDIDAT/`` is the candidate's dossier, owned by the
candidate and by the candidate's personal system group, mode 3770; the candidate's accompagnateurs are members of
that group, no one else is. ``RACINE`` is 0755 (team names only) and ``RACINE/EQUIPE`` 0751 (root, group of the team's accompagnateurs):
a candidate crosses them to reach their own dossier without seeing the others' names; an accompagnateur lists the
teams they belong to and opens the dossiers of their own candidates only. Every server writes with
``VAE_PARTAGE=groupe`` (files 0640, folders 3770, see :mod:`vae_toolkit.storage.atomic`).

Nothing here imports JupyterHub: the functions take the spawner's user name and group names.
"""

from __future__ import annotations

import stat
from pathlib import Path
from urllib.parse import quote

from vae_toolkit.storage.atomic import GROUP, SHARING_ENV
from vae_toolkit.storage.dossier import DOSSIER_ENV, DOSSIERS_ENV

COUNSELLORS_GROUP = "accompagnateurs"
"""The hub group whose members open the dashboard (their reach is set by system groups, not by this name)."""
NOTEBOOKS_LINK = "vae"
"""Name, in each user's home (the server's root), of the link to the toolkit's notebooks."""


def app_url(link: str = NOTEBOOKS_LINK) -> str:
    """The page ``vae app`` opens first, as a path under a user's server (``/voila/render/vae/…``).

    Computed from :func:`vae_toolkit.app.notebooks.start_notebook`, so the hub follows the app when its first page
    changes. ``jupyterhub_config.py`` keeps it in one setting (``VAE_APP_URL``) that a literal string may replace.
    """
    from vae_toolkit.app.notebooks import find_notebooks_dir, start_notebook

    folder = find_notebooks_dir()
    rel = start_notebook(folder).relative_to(folder).as_posix()
    return f"/voila/render/{quote(link)}/{quote(rel)}"


def counsellor_url(link: str = NOTEBOOKS_LINK) -> str:
    """The counsellor's dashboard page under their server."""
    return f"/voila/render/{quote(link)}/conseiller/tableau_de_bord.ipynb"


def candidate_dossier(root: str | Path, username: str) -> Path | None:
    """``RACINE/EQUIPE/<username>`` owned by that user, or None (the hub runs as root and may look everywhere)."""
    import pwd

    try:
        uid = pwd.getpwnam(username).pw_uid
    except KeyError:
        return None
    base = Path(root)
    try:
        teams = sorted(p for p in base.iterdir() if p.is_dir() and not p.is_symlink())
    except OSError:
        return None
    for team in teams:
        folder = team / username
        try:
            st = folder.lstat()
        except OSError:
            continue
        if stat.S_ISDIR(st.st_mode) and st.st_uid == uid:
            return folder
    return None


def user_environment(root: str | Path, username: str, groups: list[str]) -> dict[str, str]:
    """The variables a user's server starts with: group sharing, and their dossier or the folder of dossiers."""
    env = {SHARING_ENV: GROUP}
    if is_counsellor(groups):
        env[DOSSIERS_ENV] = str(root)
        return env
    dossier = candidate_dossier(root, username)
    if dossier is not None:
        env[DOSSIER_ENV] = str(dossier)
    return env


def is_counsellor(groups: list[str]) -> bool:
    return COUNSELLORS_GROUP in groups
