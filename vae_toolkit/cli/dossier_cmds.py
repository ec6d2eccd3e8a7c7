"""``vae init``, ``vae check``, ``vae status``, ``vae demo``: create, validate and follow a dossier."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    from vae_toolkit.referentiels import DEFAULT_CODE

    p = sub.add_parser("init", help="créer un dossier de candidat vide",
                       description="Crée un nouveau dossier de candidat, vide et valide, dans DOSSIER.")
    p.add_argument("dossier", metavar="DOSSIER", type=Path, help="dossier à créer")
    p.add_argument("--nom", required=True, help="nom du candidat")
    p.add_argument("--prenom", required=True, help="prénom du candidat")
    p.add_argument("--certification", default=DEFAULT_CODE, help=f"code RNCP visé (par défaut {DEFAULT_CODE})")
    p.set_defaults(handler=run_init)

    p = sub.add_parser("check", help="vérifier un dossier et lister ses problèmes",
                       description="Vérifie dossier.yaml et liste chaque problème ; code de sortie 1 si invalide.")
    p.add_argument("dossier", metavar="DOSSIER", type=Path)
    p.set_defaults(handler=run_check)

    p = sub.add_parser("status", help="avancement par bloc et par compétence",
                       description="Indicateurs évalués, situations rédigées, mots et signes, par bloc et compétence.")
    p.add_argument("dossier", metavar="DOSSIER", type=Path)
    p.add_argument("--json", action="store_true", help="sortie JSON, avec les identifiants stables")
    p.add_argument("--bloc", metavar="BLOC", default=None,
                   help="un seul bloc, par son identifiant ou son numéro (ex. BC01 ou DC1)")
    p.set_defaults(handler=run_status)

    p = sub.add_parser("demo", help="créer un dossier de démonstration complet (fictif)",
                       description="Écrit dans DOSSIER un dossier fictif complet, avec des lacunes volontaires.")
    p.add_argument("dossier", metavar="DOSSIER", type=Path)
    p.set_defaults(handler=run_demo)


def run_init(args: argparse.Namespace) -> int:
    from vae_toolkit.storage.dossier import init_dossier

    folder = init_dossier(args.dossier, args.nom, args.prenom, args.certification)
    print(f"Dossier créé : {folder / 'dossier.yaml'}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from vae_toolkit.analysis.feasibility import content_warnings
    from vae_toolkit.models.checks import Problem
    from vae_toolkit.models.migration import pending_links
    from vae_toolkit.referentiels import load_referentiel
    from vae_toolkit.storage.dossier import dossier_file, load_dossier, missing_piece_files

    loaded = load_dossier(args.dossier)
    dossier = loaded.model
    ref = load_referentiel(dossier.certification)
    warnings = content_warnings(dossier, ref) + missing_piece_files(args.dossier, dossier)
    warnings += [Problem(path, message) for path, message in pending_links(dossier)]
    if ref.a_relire:
        warnings.append(Problem(("certification",), f"le référentiel {ref.code} est importé et encore «\u00a0à relire\u00a0»"
                                                    "\u00a0: faites-le valider par le conseiller"))
    print(f"{dossier_file(args.dossier)} : dossier valide ({ref.code}, format {dossier.schema_version}).")
    if loaded.upgraded_from is not None:
        print(f"Format {loaded.upgraded_from} converti en lecture ; il sera mis à jour au prochain enregistrement.")
    if warnings:
        print(f"{len(warnings)} point(s) d’attention :")
        for w in warnings:
            print(f"  – {w.where} : {w.message}")
    return 0


def run_status(args: argparse.Namespace) -> int:
    from vae_toolkit.analysis.echeance import echeance_warning
    from vae_toolkit.analysis.progress import progress, progress_as_dict
    from vae_toolkit.referentiels import load_referentiel
    from vae_toolkit.storage.dossier import load_dossier

    from vae_toolkit.analysis.avancement import avancement
    from vae_toolkit.analysis.durations import durations_as_dict, quotite_label
    from vae_toolkit.models.status import BlocStatus
    from vae_toolkit.models.wording import display_name, number_fr

    dossier = load_dossier(args.dossier).model
    ref = load_referentiel(dossier.certification)
    warning = echeance_warning(ref)
    if args.json:
        print(json.dumps({**progress_as_dict(dossier, ref), "alerte_echeance": warning}, ensure_ascii=False, indent=2))
        return 0
    done = avancement(dossier, ref)
    durations = durations_as_dict(dossier)
    only = None
    if args.bloc:
        from vae_toolkit.cli.gaps import bloc_id

        only = bloc_id(ref, args.bloc)
    print(f"{display_name(dossier)} – {ref.code} {ref.intitule}")
    if warning:
        print(f"Attention\u00a0: {warning}")
    print(f"{len(dossier.experiences)} expérience(s), {len(dossier.situations)} situation(s), {len(dossier.pieces)} pièce(s)\n")
    if dossier.experiences:
        total = durations["total"]
        print(f"Durée du parcours : {total['libelle_etp']} en équivalent temps plein, sur {total['libelle_calendaire']} "
              "(périodes qui se chevauchent comptées une fois)")
        for t in durations["par_type"]:
            print(f"  {t['libelle']} : {t['libelle_etp']} ETP sur {t['libelle_calendaire']} ({t['experiences']} expérience(s))")
        for e in durations["experiences"]:
            quotites = ", ".join(quotite_label(p["quotite"]) for p in e["periodes"])
            print(f"    – {e['intitule']} : {e['libelle_etp']} ETP sur {e['libelle_calendaire']}, quotité {quotites}")
        print()
    for b in progress(dossier, ref):
        if only is not None and b.id != only:
            continue
        if b.statut == BlocStatus.dispense:
            print(f"{b.id} {b.intitule}\n  dispensé (titulaire du {b.dispense_par})\n")
            continue
        if b.statut == BlocStatus.acquis:
            print(f"{b.id} {b.intitule}\n  acquis définitivement ({b.dispense_par})\n")
            continue
        if b.statut == BlocStatus.non_vise:
            print(f"{b.id} {b.intitule}\n  non visé\n")
            continue
        print(f"{b.id} {b.intitule}")
        print(f"  Avancement : {done[b.id].label()}")
        print(f"  {b.evalues}/{b.indicateurs} indicateurs évalués, {b.avec_situation}/{b.indicateurs} illustrés "
              f"par une situation, {b.situations} situation(s), {number_fr(b.mots)} mots, {number_fr(b.signes)} signes")
        for c in b.competences:
            alias = f" ({ref.alias(c.id)})" if ref.alias(c.id) else ""
            print(f"  {c.id}{alias}  couverts {done[c.id].couverts}/{done[c.id].indicateurs} · évalués {c.evalues}/{c.indicateurs} · illustrés {c.avec_situation}/{c.indicateurs} · "
                  f"{c.situations} situation(s) · {number_fr(c.mots)} mots · {number_fr(c.signes)} signes")
        print()
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from vae_toolkit.demo import write_demo

    folder = write_demo(args.dossier)
    print(f"Dossier de démonstration écrit dans {folder} (candidate fictive).")
    return 0


