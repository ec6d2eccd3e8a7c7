"""``vae export DIR --what KIND --format FORMAT [-o FILE]``: the kinds and formats of :mod:`vae_toolkit.export.kinds`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vae_toolkit.export.kinds import FORMAT_NAMES, KIND_NAMES, KINDS

DEPOT = "depot"
"""Not a document: the final livret and its pieces, written to a folder for France VAE."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="exporter le dossier de validation, l’analyse des écarts ou la revue (PDF, HTML)",
                       description="Écrit le dossier de validation (livret 2 : version de travail, ou avec --final "
                                   "la version à envoyer), l’analyse des écarts ou le "
                                   "rapport de revue du conseiller, en PDF (A4, PDF/A) ou en HTML. Par défaut dans "
                                   "le sous-dossier exports/ du dossier du candidat.")
    p.add_argument("folder", metavar="DOSSIER", type=Path, help="dossier du candidat")
    kinds = ", ".join(f"{k.name} ({k.help})" for k in KINDS)
    p.add_argument("--what", choices=(*KIND_NAMES, DEPOT), default=KIND_NAMES[0],
                   help=f"{kinds} ou {DEPOT} (dossier de validation final et pièces prêts à déposer sur France VAE, "
                        f"-o DOSSIER) ; par défaut {KIND_NAMES[0]}")
    p.add_argument("--format", choices=FORMAT_NAMES, default=FORMAT_NAMES[0],
                   help=f"{' ou '.join(FORMAT_NAMES)} (par défaut {FORMAT_NAMES[0]})")
    p.add_argument("--final", action="store_true",
                   help="dossier de validation : la version à envoyer au jury (sans encadré « à compléter », sans "
                        "compteur, sans identifiant interne ; PDF/UA-1) au lieu de la version de travail")
    p.add_argument("-o", "--output", metavar="FICHIER", type=Path, default=None,
                   help="fichier à écrire (par défaut : DOSSIER/exports/<nom>-<date>.<format>)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from vae_toolkit.export.api import export

    if args.what == DEPOT:
        from vae_toolkit.errors import VaeError
        from vae_toolkit.export.depot import write_deposit

        if args.output is None:
            raise VaeError("Indiquez le dossier où écrire le dépôt\u00a0: vae export DOSSIER --what depot -o DOSSIER_DE_DÉPÔT.")
        print(write_deposit(args.folder, args.output).summary())
        return 0
    print(export(args.folder, args.what, args.format, args.output, final=args.final))
    if args.what == "review":
        from vae_toolkit.analysis.france_vae import grid_problems
        from vae_toolkit.analysis.gaps import analyse
        from vae_toolkit.storage.review import load_with_review

        dossier, review, ref = load_with_review(args.folder)
        problems = grid_problems(analyse(dossier, ref), review, ref)
        if problems:
            print("Attention : France VAE refuserait encore cette grille (le rapport les liste aussi) :", file=sys.stderr)
            for problem in problems:
                print(f"– {problem.message}", file=sys.stderr)
    return 0
