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

import os
import stat
from pathlib import Path
from urllib.parse import quote

from vae_toolkit.app.server import use_page_template
from vae_toolkit.storage.atomic import GROUP, SHARING_ENV
from vae_toolkit.storage.dossier import COUNSELLOR_NAME_ENV, DOSSIER_ENV, DOSSIERS_ENV

COUNSELLORS_GROUP = "accompagnateurs"
"""The hub group whose members open the dashboard (their reach is set by system groups, not by this name)."""
NOTEBOOKS_LINK = "vae"
"""Name, in each user's home (the server's root), of the link to the toolkit's notebooks."""
PAGES_CONFIG = Path(__file__).with_name("jupyter_config")
"""Folder holding ``voila.py``, the Voilà settings of every user's server (a closed tab stops its kernel)."""
CONFIG_PATH_ENV = "JUPYTER_CONFIG_PATH"


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
    """The counsellor's app shell under their server (what ``vae app --conseiller`` serves): the dashboard, each
    row opening that candidate's review at ``?page=revue&candidat=…``."""
    from vae_toolkit.app.notebooks import COUNSELLOR_NOTEBOOK

    return f"/voila/render/{quote(link)}/{quote(COUNSELLOR_NOTEBOOK)}"


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


def counsellor_root(root: str | Path, username: str) -> Path:
    """The folder the accompagnateur's dashboard scans: their team's folder when they belong to exactly one team
    (the candidates are then named by their folder alone in the app's addresses), else ``root`` (every team they
    may list; the dashboard passes over the folders it cannot read)."""
    import pwd

    base = Path(root)
    try:
        user = pwd.getpwnam(username)
        mine = set(os.getgrouplist(username, user.pw_gid))  # through NSS: LDAP groups too, without listing them all
        teams = [p for p in base.iterdir() if p.is_dir() and not p.is_symlink() and p.stat().st_gid in mine]
    except (KeyError, OSError):
        return base
    return teams[0] if len(teams) == 1 else base


def display_name(username: str) -> str:
    """The user's full name from the system's account (its GECOS field up to the first comma), else the login."""
    import pwd

    try:
        gecos = pwd.getpwnam(username).pw_gecos.split(",")[0].strip()
    except KeyError:
        return username
    return gecos or username


def user_environment(root: str | Path, username: str, groups: list[str]) -> dict[str, str]:
    """The variables a user's server starts with: group sharing, and their dossier, or (an accompagnateur) the
    folder of their candidates' dossiers and the name their reviews are signed with."""
    env = {SHARING_ENV: GROUP, CONFIG_PATH_ENV: str(PAGES_CONFIG)}
    use_page_template(env)  # the app's page template from the package itself, as `vae app` finds it
    if is_counsellor(groups):
        env[DOSSIERS_ENV] = str(counsellor_root(root, username))
        env[COUNSELLOR_NAME_ENV] = display_name(username)
        return env
    dossier = candidate_dossier(root, username)
    if dossier is not None:
        env[DOSSIER_ENV] = str(dossier)
    return env


def is_counsellor(groups: list[str]) -> bool:
    return COUNSELLORS_GROUP in groups
