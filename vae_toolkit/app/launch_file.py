"""Open the app in the browser without putting its token on a command line.

``webbrowser.open(url)`` starts the browser with the URL as an argument, so ``ps`` shows the token to every
local user. As Jupyter does (its ``jpserver-*-open.html``), the browser is opened on a small HTML file that
only this user can read (0600, in a 0700 folder) and that redirects to the app.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from vae_toolkit.storage.atomic import FILE_MODE, ensure_private_dir


def runtime_dir() -> Path:
    """Jupyter's runtime folder (per user, private), where the launch files live."""
    from jupyter_core.paths import jupyter_runtime_dir

    return Path(jupyter_runtime_dir())


def write_launch_file(url: str, folder: str | Path | None = None) -> Path:
    """Write ``vae-app-<pid>-open.html`` redirecting to ``url`` (token included), readable by its owner only."""
    target_dir = ensure_private_dir(Path(folder) if folder is not None else runtime_dir())
    target = target_dir / f"vae-app-{os.getpid()}-open.html"
    link = html.escape(url, quote=True)
    page = (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="refresh" content="0;url={link}">\n<title>Application VAE</title>\n</head>\n'
        f'<body>\n<p>Ouverture de l’application VAE… Si rien ne se passe, <a href="{link}">cliquez ici</a>.</p>\n'
        "</body>\n</html>\n"
    )
    with _private_file(target) as fh:
        fh.write(page.encode("utf-8"))
    return target


def _private_file(path: Path):  # noqa: ANN202 - a binary file object
    """``path`` created anew with mode 0600 (an older file of the same name is replaced, never reused)."""
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), "wb")


def remove_launch_file(path: Path | None) -> None:
    """Delete the launch file when the app stops (it holds the token)."""
    if path is not None:
        try:
            path.unlink()
        except OSError:
            pass
