"""``vae referentiel import|check|migrate``: bring an RNCP fiche in, check a référentiel file, move a dossier to another."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    top = sub.add_parser("referentiel", help="importer une fiche RNCP, vérifier un référentiel, reporter un dossier",
                         description="Référentiels des certifications\u00a0: import depuis les données ouvertes de France "
                                     "Compétences, vérification d’un fichier, report d’un dossier vers une autre fiche.")
    commands = top.add_subparsers(dest="referentiel_command", metavar="ACTION", title="actions")
    commands.required = True

    p = commands.add_parser("import", help="écrire le référentiel d’une fiche RNCP depuis l’export XML v4.1 ou CSV",
                            description="Lit l’export XML v4.1 des fiches RNCP (ou le zip qui le contient) sans le charger "
                                        "en mémoire, ou l’export CSV des blocs, et écrit le référentiel de la fiche, "
                                        "marqué «\u00a0à relire\u00a0».")
    p.add_argument("fichier", metavar="FILE", type=Path, help="export XML v4.1, export CSV des blocs, ou leur zip")
    p.add_argument("--fiche", required=True, metavar="RNCPnnnnn", help="numéro de la fiche, par exemple RNCP39644")
    p.add_argument("-o", "--output", metavar="FICHIER.yaml", type=Path,
                   help="fichier à écrire (par défaut\u00a0: <numéro>.yaml dans le dossier des référentiels de "
                        "l’utilisateur)")
    p.add_argument("--remplacer", action="store_true",
                   help="remplacer un fichier existant (l’ancien est gardé dans historique/)")
    p.add_argument("--intitule", help="intitulé de la certification (si la source ne le donne pas, comme le CSV)")
    p.add_argument("--niveau", type=int, help="niveau de qualification, de 1 à 8 (si la source ne le donne pas)")
    p.set_defaults(handler=run_import)

    p = commands.add_parser("check", help="vérifier un fichier de référentiel écrit ou corrigé à la main",
                            description="Valide un fichier de référentiel et liste chaque problème (fichier, champ, "
                                        "ligne)\u00a0; code de sortie 1 s’il est invalide.")
    p.add_argument("fichier", metavar="FICHIER", type=Path)
    p.set_defaults(handler=run_check)

    p = commands.add_parser("migrate", help="reporter un dossier vers une autre fiche (la fiche qui succède)",
                            description="Reporte situations, pièces, notes et revue du conseiller vers le référentiel "
                                        "RNCPnnnnn. Les textes identiques ou presque sont reliés automatiquement\u00a0; "
                                        "le reste se relie dans un fichier de correspondances (--plan en donne le "
                                        "modèle). Ce qui n’est pas reporté est listé dans le dossier et par vae check. "
                                        "«\u00a0vae restore\u00a0» annule le report.")
    p.add_argument("dossier", metavar="DOSSIER", type=Path)
    p.add_argument("--vers", required=True, metavar="RNCPnnnnn", help="code du référentiel d’arrivée")
    p.add_argument("--plan", action="store_true",
                   help="afficher les correspondances proposées (au format du fichier de correspondances) sans rien "
                        "modifier")
    p.add_argument("--correspondances", metavar="FICHIER.yaml", type=Path,
                   help="correspondances faites à la main\u00a0: «\u00a0ancien identifiant: nouvel identifiant\u00a0» "
                        "(vide pour ne pas reporter)")
    p.set_defaults(handler=run_migrate)


def run_import(args: argparse.Namespace) -> int:
    from vae_toolkit.errors import VaeError
    from vae_toolkit.referentiels import available_codes
    from vae_toolkit.referentiels.build import build_referentiel
    from vae_toolkit.referentiels.rncp_export import read_fiche
    from vae_toolkit.referentiels.userdir import user_referentiels_dir
    from vae_toolkit.storage.referentiel_file import write_referentiel_file

    if args.niveau is not None and not 1 <= args.niveau <= 8:
        raise VaeError(f"Niveau {args.niveau} impossible\u00a0: les niveaux de qualification vont de 1 à 8.")
    fiche = read_fiche(args.fichier, args.fiche)
    imported = build_referentiel(fiche, intitule=args.intitule, niveau=args.niveau)
    default = args.output is None
    target = user_referentiels_dir() / f"{fiche.numero}.yaml" if default else args.output
    shadowed = default and fiche.numero in available_codes() and not target.exists()
    header = (f"Référentiel {fiche.numero} importé depuis les données ouvertes de France Compétences.\n"
              "À RELIRE\u00a0: le découpage en compétences est proposé automatiquement. Corrigez-le sur l’écran de "
              "relecture du conseiller,\npuis enregistrez-le comme validé (a_relire disparaît). Les identifiants (id) "
              "ne doivent plus changer une fois des dossiers ouverts.")
    write_referentiel_file(target, imported.data, overwrite=args.remplacer, header=header, private_parent=default)
    blocs = imported.data["blocs"]
    n_comp = sum(len(b["competences"]) for b in blocs)
    n_ind = sum(len(c.get("indicateurs", [])) for b in blocs for c in b["competences"])
    for warning in imported.avertissements:
        print(f"Attention\u00a0: {warning}", file=sys.stderr)
    print(f"Référentiel {fiche.numero} écrit dans {target}\u00a0: {len(blocs)} bloc(s), {n_comp} compétence(s), "
          f"{n_ind} indicateur(s).")
    if n_ind == 0:
        print("La fiche ne donne pas d’indicateurs\u00a0: chaque compétence sera évaluée en entier, ou ajoutez des "
              "indicateurs à la relecture.")
    print("Il est marqué «\u00a0à relire\u00a0»\u00a0: vérifiez le découpage sur l’écran de relecture du conseiller "
          f"(ou à la main, puis «\u00a0vae referentiel check {target}\u00a0»).")
    if shadowed:
        print(f"Note\u00a0: un référentiel {fiche.numero} est déjà fourni avec l’outil ou par VAE_REFERENTIELS\u00a0; "
              "c’est celui-là que les écrans utilisent.")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from vae_toolkit.storage.referentiel_file import read_referentiel_file

    ref = read_referentiel_file(args.fichier)
    whole = sum(1 for c in ref.competences if c.evaluee_en_entier)
    print(f"{args.fichier}\u00a0: référentiel valide ({ref.code}, {len(ref.blocs)} bloc(s), {len(ref.competences)} "
          f"compétence(s), {sum(len(c.indicateurs_du_fichier) for c in ref.competences)} indicateur(s)).")
    if whole:
        print(f"{whole} compétence(s) sans indicateurs, évaluée(s) en entier.")
    if ref.a_relire:
        print("Il est encore marqué «\u00a0à relire\u00a0» (a_relire: true).")
    if args.fichier.name.removesuffix(".yaml") != ref.code:
        print(f"Attention\u00a0: pour être trouvé par les écrans, le fichier doit s’appeler {ref.code}.yaml.")
    return 0


def run_migrate(args: argparse.Namespace) -> int:
    from vae_toolkit.storage.migrate import mapping_for, migrate_folder, plan_text

    if args.plan:
        print(plan_text(mapping_for(args.dossier, args.vers, args.correspondances)), end="")
        return 0
    report = migrate_folder(args.dossier, args.vers, args.correspondances)
    print(report)
    return 0
