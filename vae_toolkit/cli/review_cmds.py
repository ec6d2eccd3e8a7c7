"""``vae dashboard`` and ``vae export-all``: the counsellor's view over a folder of dossiers."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import TextIO

from vae_toolkit.export.kinds import FORMAT_NAMES, KIND_NAMES, KINDS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("dashboard", help="tableau de bord de tous les dossiers d’un dossier partagé",
                       description="Une ligne par dossier de candidat trouvé sous DOSSIERS : blocs visés, avancement, "
                                   "écarts, dernière modification, état de la revue. Un dossier illisible apparaît "
                                   "avec son erreur sans bloquer les autres.")
    p.add_argument("folder", metavar="DOSSIERS", type=Path, help="dossier contenant les dossiers des candidats")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="sortie JSON (clés stables), une entrée par dossier")
    out.add_argument("--csv", action="store_true", help="sortie CSV (séparateur « ; », pour un tableur)")
    p.add_argument("--sort", metavar="COLONNE", default="dossier",
                   help="colonne de tri (clé stable, ex. ecarts, jours_depuis_revue, avancement.<bloc>)")
    p.add_argument("--desc", action="store_true", help="tri décroissant")
    p.add_argument("--filter", metavar="TEXTE", default=None, help="ne garder que les candidats ou dossiers contenant TEXTE")
    p.add_argument("--sans-index", action="store_true",
                   help="relire tous les dossiers sans utiliser ni écrire l’index du tableau de bord (dossier de cache, "
                        "ou VAE_CACHE)")
    p.set_defaults(handler=run_dashboard)

    p = sub.add_parser("export-all", help="exporter le livret, les écarts ou la revue de tous les dossiers",
                       description="Exporte chaque dossier trouvé sous DOSSIERS ; continue après un dossier en erreur "
                                   "et les liste à la fin (code de sortie 1 s’il y en a).")
    p.add_argument("folder", metavar="DOSSIERS", type=Path)
    p.add_argument("--what", choices=KIND_NAMES, required=True,
                   help=", ".join(f"{k.name} ({k.help})" for k in KINDS))
    p.add_argument("--format", choices=FORMAT_NAMES, default=FORMAT_NAMES[0],
                   help=f"{' ou '.join(FORMAT_NAMES)} (par défaut {FORMAT_NAMES[0]})")
    p.set_defaults(handler=run_export_all)


def run_dashboard(args: argparse.Namespace) -> int:
    from vae_toolkit.dashboard.table import as_records, dashboard, dashboard_csv, filter_rows, sort_rows

    frame = dashboard(args.folder, cache=not args.sans_index)
    frame = sort_rows(filter_rows(frame, args.filter), args.sort, descending=args.desc)
    if args.json:
        print(json.dumps(as_records(frame), ensure_ascii=False, indent=2))
        return 0
    if args.csv:
        sys.stdout.write(dashboard_csv(frame))
        return 0
    print_table(frame, sys.stdout)
    return 0


def print_table(frame, stream: TextIO, width: int | None = None) -> None:  # noqa: ANN001 - a DataFrame, imported lazily
    """A table as wide as the terminal (80 columns when not one), then the full message of every dossier in error."""
    from vae_toolkit.dashboard.table import PROGRESS_PREFIX, as_records
    from vae_toolkit.analysis.dashboard_text import fit_table, terminal_width

    if frame.empty:
        print("Aucun dossier de candidat (dossier.yaml) trouvé.", file=stream)
        return
    blocs = [c[len(PROGRESS_PREFIX):] for c in frame.columns if c.startswith(PROGRESS_PREFIX)]
    width = width or terminal_width()
    for line in fit_table(as_records(frame), blocs, width):
        print(line, file=stream)
    print("Toutes les colonnes : --csv (tableur) ou --json.", file=stream)
    errors = frame[frame["erreur"].notna()]
    total = len(frame)
    print(f"\n{total} dossier(s), dont {len(errors)} en erreur.", file=stream)
    for _, row in errors.iterrows():
        print(f"\n{row['dossier']} :", file=stream)
        for line in str(row["erreur"]).splitlines():
            print(textwrap.fill(line, width=width, subsequent_indent="    ", break_on_hyphens=False,
                                break_long_words=False), file=stream)


class ProgressBar:
    """A one-line progress bar on stderr (one line per step when stderr is not a terminal)."""

    def __init__(self, total: int, stream: TextIO | None = None, width: int = 30) -> None:
        self.total, self.width, self.done = total, width, 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()

    def step(self, label: str) -> None:
        self.done += 1
        filled = round(self.width * self.done / max(self.total, 1))
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} {label}"
        if self.tty:
            self.stream.write("\r\x1b[2K" + line[:200])
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def run_export_all(args: argparse.Namespace) -> int:
    from vae_toolkit.dashboard.table import find_dossiers
    from vae_toolkit.errors import VaeError
    from vae_toolkit.export.api import export

    folders = find_dossiers(args.folder)
    if not folders:
        raise VaeError(f"Aucun dossier de candidat (dossier.yaml) trouvé sous {args.folder}.")
    bar = ProgressBar(len(folders))
    done: list[Path] = []
    failed: list[tuple[Path, str]] = []
    for folder in folders:
        try:
            done.append(export(folder, args.what, args.format))
        except VaeError as exc:
            failed.append((folder, str(exc)))
        except Exception as exc:  # noqa: BLE001 - one broken dossier must not stop the batch
            failed.append((folder, f"erreur inattendue ({type(exc).__name__}) : {exc}"))
        bar.step(folder.name)
    for path in done:
        print(path)
    print(f"{len(done)} export(s) réussi(s) sur {len(folders)}.", file=sys.stderr)
    if failed:
        print(f"{len(failed)} dossier(s) en échec :", file=sys.stderr)
        for folder, message in failed:
            print(f"\n{folder} :\n{message}", file=sys.stderr)
        return 1
    return 0
