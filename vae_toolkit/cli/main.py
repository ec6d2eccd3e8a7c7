"""Entry point of ``vae``: builds the parser from the command modules and maps errors to exit codes.

Exit codes: 0 success, 1 a user error (one French paragraph, no traceback), 2 bad usage.
Command modules import only argparse at the top, so ``vae check`` never pays for Jupyter or pandas.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from vae_toolkit import __version__
from vae_toolkit.cli import french

# Each module defines register(subparsers); its handlers import what they need when run.
COMMAND_MODULES = ["framework", "dossier_cmds", "review_cmds", "restore", "gaps", "app", "export", "referentiel_cmds", "jury"]


def build_parser() -> argparse.ArgumentParser:
    french.install()
    parser = argparse.ArgumentParser(
        prog="vae",
        description="Boîte à outils pour préparer une VAE : référentiel, dossier du candidat, écarts, exports.",
    )
    parser.add_argument("--version", action="version", version=f"vae-toolkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", title="commandes")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(f"vae_toolkit.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from vae_toolkit.errors import VaeError

    try:
        return int(args.handler(args) or 0)
    except VaeError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a file error no command foresaw: still one French sentence, never a traceback
        from vae_toolkit.storage.atomic import french_reason

        where = f" ({exc.filename})" if exc.filename else ""
        print(f"Opération impossible{where} : {french_reason(exc)}.", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
