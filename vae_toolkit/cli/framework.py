"""``vae framework``: show a certification's référentiel, as text or JSON with stable IDs."""

from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("framework", help="afficher le référentiel d’une certification",
                       description="Affiche les blocs, compétences et indicateurs d’une certification.")
    p.add_argument("code", nargs="?", default=None, help="code RNCP (par défaut RNCP39644)")
    p.add_argument("--json", action="store_true", help="sortie JSON lisible par un programme, avec les identifiants")
    p.add_argument("--list", action="store_true", help="lister les certifications disponibles")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from vae_toolkit.referentiels import DEFAULT_CODE, available_codes, load_referentiel

    if args.list:
        for code in available_codes():
            print(f"{code}\t{load_referentiel(code).intitule}")
        return 0
    ref = load_referentiel(args.code or DEFAULT_CODE)
    if args.json:
        print(json.dumps(ref.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return 0
    head = f"{ref.code} – {ref.intitule}" + (f" ({ref.sigle})" if ref.sigle else "")
    print(head)
    print(f"Niveau {ref.niveau}" + (f" · échéance de l’enregistrement : {ref.echeance:%d/%m/%Y}" if ref.echeance else ""))
    n_comp, n_ind = len(ref.competences), sum(len(c.indicateurs_du_fichier) for c in ref.competences)
    whole = sum(1 for c in ref.competences if c.evaluee_en_entier)
    print(f"{len(ref.blocs)} blocs, {n_comp} compétences, {n_ind} indicateurs"
          + (f" ({whole} compétence(s) sans indicateurs, évaluée(s) en entier)" if whole else "") + "\n")
    for bloc in ref.blocs:
        old = f" (ancien {bloc.ancien_code})" if bloc.ancien_code else ""
        print(f"[{bloc.id}] {bloc.code} – {bloc.intitule}{old}")
        for comp in bloc.competences:
            print(f"  [{comp.id}] {comp.intitule}")
            for ind in comp.indicateurs_du_fichier:
                print(f"    [{ind.id}] {ind.texte}")
        if bloc.epreuve:
            print(f"  Épreuve : {bloc.epreuve.intitule} – {bloc.epreuve.forme}")
        print()
    for d in ref.dispenses:
        print(f"Dispense : les titulaires du {d.diplome} sont dispensés de {', '.join(d.blocs)}.")
    return 0
