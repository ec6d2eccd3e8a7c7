"""JupyterHub for an accompaniment organisation, on one machine: every candidate private.

- Each candidate is a hub user whose server runs as their own system user (LocalProcessSpawner: the hub runs as
  root and starts each server with setuid; SystemdSpawner works the same way, see docs/organisation.md).
- Dossiers live under VAE_RACINE/EQUIPE/CANDIDAT/, owned by the candidate and by the candidate's personal system
  group (mode 3770); the candidate's accompagnateurs are members of that group, nobody else. Prepare users with
  deploy/jupyterhub/preparer-utilisateur.sh.
- Every server writes with VAE_PARTAGE=groupe: files 0640, folders 3770 (setgid + sticky). The accompagnateur reads the
  dossier and writes revue.yaml, never dossier.yaml (the sticky bit forbids replacing a file one does not own).
- The candidate lands on the app (VAE_APP_URL); JupyterLab is one click away (/lab under the same server).
- The accompagnateur lands on the counsellor's app (VAE_CONSEILLER_URL): the dashboard of their candidates, each row
  opening that candidate's review (?page=revue&candidat=...), signed with their name (VAE_CONSEILLER).
- A closed tab stops its kernel at once: every server reads vae_toolkit/app/jupyter_config/voila.py
  (JUPYTER_CONFIG_PATH), which gives the pages the cookie their closing request needs.

Override any setting in a second file loaded after this one (jupyterhub -f local_config.py, with
load_subconfig("/path/to/this/jupyterhub_config.py") at its top), as tests/test_jupyterhub.py does.
"""

import os

from vae_toolkit.app import hub

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

# --- The settings an administrator changes -------------------------------------------------------------------
VAE_RACINE = os.environ.get("VAE_RACINE", "/srv/vae")
"""Folder holding one folder per team, each holding one dossier per candidate."""
VAE_APP_URL = hub.app_url()
"""The candidate's first page: whatever `vae app` serves first (e.g. "/voila/render/vae/00_accueil.ipynb").
Replace by a literal path if the app moves (the app shell, for instance)."""
VAE_CONSEILLER_URL = hub.counsellor_url()
"""The accompagnateur's first page: the counsellor's app (e.g. "/voila/render/vae/conseiller/application.ipynb"), on
the folder of their team (VAE_DOSSIERS; every team they may read when they belong to several)."""

# --- Who is who ------------------------------------------------------------------------------------------------
# System accounts (PAM) by default: the hub user « lea » is the system user « lea ». The hub group
# « accompagnateurs » (hub.COUNSELLORS_GROUP) marks who lands on the dashboard; what each one may read is decided by
# the system groups, not by the hub.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set()  # fill in, or manage users in the hub's admin page
c.JupyterHub.load_groups = {hub.COUNSELLORS_GROUP: {"users": []}}

# --- The servers -----------------------------------------------------------------------------------------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.notebook_dir = "~"  # the user's home: holds the links « vae » (notebooks) and « mon-dossier-vae »
c.Spawner.default_url = VAE_APP_URL
c.Spawner.args = [
    # Voilà starts one kernel per page: stop those left without a page (5 minutes idle, checked every minute).
    "--MappingKernelManager.cull_idle_timeout=300",
    "--MappingKernelManager.cull_interval=60",
    "--MappingKernelManager.cull_connected=False",
    "--VoilaConfiguration.show_tracebacks=False",
]


def vae_pre_spawn_hook(spawner):
    """Give each server VAE_PARTAGE=groupe, the pages' Voilà settings, and its dossier (candidate) or its folder of
    dossiers and the name reviews are signed with (accompagnateur: the account's full name, else the login)."""
    groups = [g.name for g in spawner.user.groups]
    spawner.environment.update(hub.user_environment(VAE_RACINE, spawner.user.name, groups))
    if hub.is_counsellor(groups):
        spawner.default_url = VAE_CONSEILLER_URL


c.Spawner.pre_spawn_hook = vae_pre_spawn_hook

# --- The hub itself --------------------------------------------------------------------------------------------
c.JupyterHub.bind_url = "http://127.0.0.1:8000"  # behind a TLS reverse proxy (nginx, Caddy) for real use
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every user's server
