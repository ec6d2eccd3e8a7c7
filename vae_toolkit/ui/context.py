"""Where a page runs and which dossier it shows: notebook parameter, URL, environment, or a chooser.

Voilà starts each page's kernel with CGI-like variables describing the request (``SCRIPT_NAME``,
``QUERY_STRING``, ``SERVER_SOFTWARE = "voila/…"``, and ``VOILA_*`` such as ``VOILA_BASE_URL``:
see ``voila/handler.py``), so the kernel can read ``?dossier=…`` from the address bar. ``vae app DIR``
sets ``VAE_DOSSIER`` for every kernel it starts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qs

from vae_toolkit.storage.dossier import DOSSIER_ENV as ENV_VAR
from vae_toolkit.storage.dossier import DOSSIERS_ENV

QUERY_KEY = "dossier"
FOLDER_QUERY_KEY = "dossiers"


def in_app_mode(environ: Mapping[str, str] | None = None) -> bool:
    """True when the kernel serves a Voilà page (the request variables Voilà sets are present)."""
    env = os.environ if environ is None else environ
    if env.get("SERVER_SOFTWARE", "").startswith("voila/"):
        return True
    return any(key.startswith("VOILA_") for key in env)


def dossier_from_query(query: str, key: str = QUERY_KEY) -> str | None:
    """The ``dossier`` value of a URL query string (``a=1&dossier=%2Fhome%2Fx``), decoded; None if absent."""
    values = parse_qs(query.lstrip("?"), keep_blank_values=False).get(key)
    return values[0].strip() or None if values else None


def resolve_dossier(dossier: str | Path | None, environ: Mapping[str, str] | None = None) -> str | None:
    """The folder to open: the notebook parameter, else ``?dossier=`` of the URL, else ``VAE_DOSSIER``, else None."""
    env = os.environ if environ is None else environ
    for candidate in (dossier, dossier_from_query(env.get("QUERY_STRING", "")), env.get(ENV_VAR)):
        if candidate is not None and str(candidate).strip():
            return str(Path(str(candidate).strip()).expanduser())
    return None


def resolve_dossiers(dossiers: str | Path | None, environ: Mapping[str, str] | None = None) -> str | None:
    """The folder of dossiers the dashboard opens: the parameter, else ``?dossiers=``, else ``VAE_DOSSIERS``."""
    env = os.environ if environ is None else environ
    query = dossier_from_query(env.get("QUERY_STRING", ""), FOLDER_QUERY_KEY)
    for candidate in (dossiers, query, env.get(DOSSIERS_ENV)):
        if candidate is not None and str(candidate).strip():
            return str(Path(str(candidate).strip()).expanduser())
    return None
