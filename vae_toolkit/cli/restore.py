"""``vae restore``: list the earlier versions of dossier.yaml (or revue.yaml) kept in ``historique/``, bring one back.

Restoring goes through the storage layer like any save: the file it replaces (often a corrupt one)
is kept in the history first, nothing is ever deleted, and an open screen holding the old file will
see a conflict instead of overwriting the restored version.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "restore", help="restaurer une version antérieure du dossier (historique)",
        description="Liste les versions antérieures de dossier.yaml gardées dans historique/ et en restaure une. "
                    "Le fichier actuel, même illisible, est d’abord conservé dans l’historique : rien n’est supprimé.",
    )
    p.add_argument("dossier", metavar="DOSSIER", type=Path, help="dossier du candidat")
    p.add_argument("--list", action="store_true", help="lister les versions (n° 1 = la plus récente) sans rien changer")
    p.add_argument("--revue", action="store_true",
                   help="restaurer la revue du conseiller (revue.yaml) au lieu du dossier du candidat")
    p.add_argument("--version", type=int, metavar="N",
                   help="numéro de la version à restaurer (voir --list) ; par défaut la plus récente version valide, "
                        "seulement si le fichier actuel est invalide ou absent")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from vae_toolkit.errors import VaeError
    from vae_toolkit.storage import history
    from vae_toolkit.storage.dossier import DOSSIER_SPEC, dossier_file
    from vae_toolkit.storage.review import REVIEW_SPEC, review_file

    folder: Path = args.dossier
    if folder.name in ("dossier.yaml", "revue.yaml") and not folder.is_dir():
        args.revue = args.revue or folder.name == "revue.yaml"
        folder = folder.parent
    if not folder.is_dir():
        raise VaeError(f"Le dossier {folder} n’existe pas.")
    document, spec = (review_file(folder), REVIEW_SPEC) if args.revue else (dossier_file(folder), DOSSIER_SPEC)
    hint = f"vae restore {folder}{' --revue' if args.revue else ''}"
    versions = history.versions(document)
    if not versions and args.list:
        print(f"Aucune version antérieure de {document} dans {history.history_dir(document)}.")
        return 0
    if not versions:
        raise VaeError(f"Aucune version antérieure de {document} dans {history.history_dir(document)} : "
                       "rien à restaurer.")
    checked = [(v, _problem(v.path, spec)) for v in versions]
    current = _problem(document, spec) if document.exists() else "absent"
    if args.list:
        _print_list(document, checked, current, hint)
        return 0
    index = _choose(document, checked, current, args.version, hint)
    return _restore(document, spec, checked[index][0], index + 1, current)


def _problem(path: Path, spec: Any) -> str | None:
    """``None`` if ``path`` is a valid document of ``spec``, else a one-line French reason."""
    from vae_toolkit.errors import InvalidFileError, VaeError
    from vae_toolkit.storage.document import read_document

    try:
        read_document(path, spec)
    except InvalidFileError as exc:
        first = exc.problems[0] if exc.problems else None
        if first is None:
            return "invalide"
        where = f"ligne {first.line} : " if first.line else ""
        more = f" (et {len(exc.problems) - 1} autre(s) problème(s))" if len(exc.problems) > 1 else ""
        return f"invalide – {where}{first.message}{more}"
    except VaeError as exc:
        return f"illisible – {exc}"
    return None


def _print_list(document: Path, checked: list, current: str | None, hint: str) -> None:
    state = "valide" if current is None else current
    print(f"Fichier actuel : {document} – {state}")
    print(f"Versions antérieures (n° 1 = la plus récente), gardées dans {document.parent / 'historique'} :")
    for n, (version, problem) in enumerate(checked, start=1):
        size = _size(version.path.stat().st_size)
        print(f"  {n:>3}  {version.label}  {size:>10}  {'valide' if problem is None else problem}")
    print(f"Pour restaurer : {hint} --version N")


def _choose(document: Path, checked: list, current: str | None, wanted: int | None, hint: str) -> int:
    from vae_toolkit.errors import VaeError

    if wanted is not None:
        if not 1 <= wanted <= len(checked):
            raise VaeError(f"Version n° {wanted} inconnue : les versions vont de 1 à {len(checked)} "
                           f"(voir « {hint} --list »).")
        problem = checked[wanted - 1][1]
        if problem is not None:
            raise VaeError(f"La version n° {wanted} est elle-même {problem} ; choisissez-en une autre "
                           f"(voir « {hint} --list »). Rien n’a été modifié.")
        return wanted - 1
    if current is None:
        raise VaeError(f"Le fichier actuel {document} est valide : précisez la version à restaurer avec --version N "
                       f"(voir « {hint} --list »). Rien n’a été modifié.")
    for i, (_, problem) in enumerate(checked):
        if problem is None:
            return i
    raise VaeError(f"Aucune version valide dans l’historique de {document} ; rien n’a été modifié. "
                   "Corrigez le fichier à la main (" + ("« --list » indique" if "--revue" in hint
                                                        else "« vae check » indique") + " les lignes en cause).")


def _restore(document: Path, spec: Any, version: Any, number: int, current: str | None) -> int:
    from vae_toolkit.storage import history
    from vae_toolkit.storage.document import UNCHECKED, read_document, write_document

    restored = read_document(version.path, spec).model
    before = {v.path for v in history.versions(document)}
    write_document(document, restored, spec, UNCHECKED, thin_history=False)
    kept = sorted({v.path for v in history.versions(document)} - before)
    print(f"Version n° {number} du {version.label} restaurée dans {document}.")
    if kept:
        state = "valide" if current is None else current.split(" – ")[0]
        print(f"L’ancien fichier ({state}) est conservé dans l’historique : {kept[0]}")
    elif current == "absent":
        print("Il n’y avait pas de fichier actuel ; aucune version n’a été supprimée.")
    else:
        print("Le fichier actuel avait déjà ce contenu ; rien d’autre n’a changé.")
    return 0


def _size(n: int) -> str:
    if n < 1024:
        return f"{n}\u00a0o"
    return f"{n / 1024:.1f}\u00a0Ko".replace(".", ",")
