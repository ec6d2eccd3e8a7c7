#!/usr/bin/env python3
"""Set up vae-toolkit on a fresh machine (only Python ≥ 3.11 needed) and run the app or the tests.

    python3 bootstrap.py app    # environnement + dossier de démonstration + application du candidat
    python3 bootstrap.py test   # environnement + navigateur de test + toute la suite de tests

Everything goes into .venv/ beside this file; running it again reuses what is there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
DEMO = ROOT / "demo-dossier"
CHROMIUM = Path("/usr/bin/chromium")
PROXY_PACKAGE = "configurable-http-proxy@5"
PROXY = VENV / "node_modules" / ".bin" / "configurable-http-proxy"


def say(msg: str) -> None:
    print(f"==> {msg}", flush=True)


def run(*cmd: str | Path, **kw) -> None:
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def ensure_venv(extra: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit("vae-toolkit demande Python 3.11 ou plus récent.")
    if not PY.exists():
        say(f"Création de l’environnement virtuel {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    say("Installation de vae-toolkit et de ses dépendances (quelques minutes la première fois)")
    run(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip")
    target = f".[{extra}]" if extra else "."
    run(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target, cwd=ROOT)


def ensure_chromium() -> None:
    """Debian's chromium for the real-browser tests (Playwright drives it; no browser download)."""
    if CHROMIUM.exists() or not sys.platform.startswith("linux") or shutil.which("apt-get") is None:
        return
    sudo = [] if os.geteuid() == 0 else (["sudo"] if shutil.which("sudo") else None)
    if sudo is None:
        say("chromium absent et pas de droits administrateur : les tests dans le navigateur seront ignorés")
        return
    say("Installation de chromium (Debian) pour les tests dans un vrai navigateur")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(*sudo, "apt-get", "update", "-qq", env=env)
    run(*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium",
        "fonts-dejavu-core", env=env)  # a font, so that screenshots show the accented text


def ensure_proxy() -> None:
    """JupyterHub's proxy (npm) for tests/test_jupyterhub.py, in .venv/node_modules: nothing installed system-wide."""
    if PROXY.exists() or os.name == "nt":
        return
    npm = shutil.which("npm")
    if npm is None:
        say("npm absent : le test JupyterHub ne pourra pas démarrer le proxy (installez Node.js 18 ou plus récent)")
        return
    say(f"Installation du proxy de JupyterHub ({PROXY_PACKAGE}, npm) dans {VENV / 'node_modules'}")
    run(npm, "install", "--prefix", VENV, "--no-save", "--no-audit", "--no-fund", "--loglevel=error", PROXY_PACKAGE)


def ensure_frontend() -> None:
    """The packages the app's page is built from (frontend/node_modules, npm ci from the lockfile), so that
    tests/test_app_page.py can rebuild the committed page and compare; the app itself needs no Node.js."""
    folder = ROOT / "frontend"
    if (folder / "node_modules").is_dir() or os.name == "nt":
        return
    npm = shutil.which("npm")
    if npm is None:
        say("npm absent : le test qui reconstruit la page de l’application sera ignoré "
            "(installez Node.js 18 ou plus récent)")
        return
    say("Installation des paquets de la page de l’application (npm ci, frontend/node_modules)")
    try:
        run(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error", cwd=folder)
    except subprocess.CalledProcessError:  # no registry: the page is committed, only its rebuild test is skipped
        shutil.rmtree(folder / "node_modules", ignore_errors=True)
        say("npm ci a échoué : le test qui reconstruit la page de l’application sera ignoré")


def main(argv: list[str]) -> int:
    what = argv[0] if argv else ""
    if what == "test":
        ensure_chromium()
        ensure_venv("test")
        ensure_proxy()
        ensure_frontend()
        say("Lancement de la suite de tests")
        return subprocess.run([str(PY), "-m", "pytest", *argv[1:]], cwd=ROOT).returncode
    if what == "app":
        ensure_venv("")
        vae = BIN / ("vae.exe" if os.name == "nt" else "vae")
        if not (DEMO / "dossier.yaml").exists():
            run(vae, "demo", DEMO)
        return subprocess.run([str(vae), "app", str(DEMO), *argv[1:]], cwd=ROOT).returncode
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
