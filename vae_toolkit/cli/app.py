"""``vae app [DOSSIER] [--port N] [--no-browser]``: the candidate's application in the browser (Voilà)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port invalide : {value} (attendu un nombre entre 1 et 65535)") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port invalide : {value} (attendu un nombre entre 1 et 65535)")
    return port


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("app", help="l’application du candidat dans le navigateur (Voilà, sur 127.0.0.1 uniquement)",
                       description="Ouvre les écrans du candidat dans le navigateur, sans aucune ligne de code, "
                                   "en commençant par l’accueil. Le serveur n’écoute que sur cet ordinateur "
                                   "(127.0.0.1) ; rien ne quitte la machine. Sans DOSSIER, l’accueil propose "
                                   "d’ouvrir ou de créer un dossier.")
    p.add_argument("dossier", metavar="DOSSIER", type=Path, nargs="?", default=None,
                   help="dossier du candidat à ouvrir (facultatif)")
    p.add_argument("--port", type=_port, default=8866, metavar="N", help="port local à utiliser (8866 par défaut)")
    p.add_argument("--conseiller", action="store_true",
                   help="l’application du conseiller : DOSSIER est alors le dossier qui contient ceux des candidats "
                        "(tableau de bord, puis la revue de chaque candidat)")
    p.add_argument("--no-browser", action="store_true",
                   help="ne pas ouvrir le navigateur, afficher seulement l’adresse")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from vae_toolkit.app.notebooks import find_notebooks_dir, start_notebook
    from vae_toolkit.app.server import AppSettings, serve

    if args.conseiller:
        return run_counsellor(args)
    dossier = None
    if args.dossier is not None:
        from vae_toolkit.storage.dossier import load_dossier

        dossier = args.dossier.expanduser().resolve()
        load_dossier(dossier)
        if dossier.is_file():  # DOSSIER/dossier.yaml was given: the folder is meant
            dossier = dossier.parent
    folder = find_notebooks_dir()
    settings = AppSettings(notebooks_dir=folder, start=start_notebook(folder), dossier=dossier,
                           port=args.port, open_browser=not args.no_browser)
    try:
        serve(settings)
    except KeyboardInterrupt:
        pass
    print("Application arrêtée. Vos saisies sont enregistrées dans le dossier.", file=sys.stderr)
    return 0


def run_counsellor(args: argparse.Namespace) -> int:
    """The counsellor's shell on a folder of candidates' folders (``VAE_DOSSIERS`` for its kernels)."""
    import os

    from vae_toolkit.app.notebooks import COUNSELLOR_NOTEBOOK, find_notebooks_dir
    from vae_toolkit.app.server import AppSettings, serve
    from vae_toolkit.errors import VaeError
    from vae_toolkit.ui.counsellor_app import DOSSIERS_ENV

    if args.dossier is None or not args.dossier.expanduser().is_dir():
        raise VaeError("Indiquez le dossier qui contient les dossiers des candidats, par exemple : "
                       "vae app candidats --conseiller")
    os.environ[DOSSIERS_ENV] = str(args.dossier.expanduser().resolve())
    folder = find_notebooks_dir()
    settings = AppSettings(notebooks_dir=folder, start=folder / COUNSELLOR_NOTEBOOK, port=args.port,
                           open_browser=not args.no_browser)
    try:
        serve(settings)
    except KeyboardInterrupt:
        pass
    print("Application arrêtée.", file=sys.stderr)
    return 0
