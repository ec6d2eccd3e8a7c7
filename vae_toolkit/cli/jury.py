"""``vae jury DOSSIER``: show, or record, the jury session and its result (France VAE's 8 values)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

RESULTS = ("validation_totale_certification_complete", "validation_partielle_certification_complete",
           "validation_totale_certification_partielle", "validation_partielle_certification_partielle",
           "validation_partielle_en_attente_de_confirmation", "echec", "candidat_excuse", "candidat_absent")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide\u00a0: {text} (attendu\u00a0: AAAA-MM-JJ)") from None


def _time(text: str) -> dt.time:
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"heure invalide\u00a0: {text} (attendu\u00a0: HH:MM)") from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("jury", help="la session du jury et son résultat (blocs acquis définitivement)",
                       description="Sans option, affiche la session et le résultat enregistrés. Avec des options, "
                                   "les enregistre dans dossier.yaml. Les blocs acquis (--blocs) ne sont plus jamais "
                                   "comptés comme des lacunes : analyse des écarts, tableau de bord, livret.")
    p.add_argument("folder", metavar="DOSSIER", type=Path, help="dossier du candidat")
    p.add_argument("--date", type=_date, metavar="AAAA-MM-JJ", help="date de la session")
    p.add_argument("--heure", type=_time, metavar="HH:MM", help="heure de la session")
    p.add_argument("--lieu", metavar="LIEU", help="lieu de la session")
    p.add_argument("--resultat", choices=RESULTS, help="résultat du jury (les 8 valeurs de France VAE)")
    p.add_argument("--blocs", metavar="BLOC", nargs="*", help="blocs acquis (identifiants ou anciens codes, ex. DC1)")
    p.add_argument("--commentaire", metavar="TEXTE", help="commentaire du jury")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from vae_toolkit.models.jury import WITH_BLOCS, ResultatJury
    from vae_toolkit.models.wording import RESULTAT_LABELS
    from vae_toolkit.referentiels import load_referentiel
    from vae_toolkit.storage.dossier import DossierSession
    from vae_toolkit.errors import VaeError

    session = DossierSession(args.folder)
    jury = session.dossier.jury
    ref = load_referentiel(session.dossier.certification)
    changed = False
    heure = args.heure.strftime("%H:%M") if args.heure is not None else None
    for name, value in (("date", args.date), ("heure", heure), ("lieu", args.lieu)):
        if value is not None:
            setattr(jury.session, name, value)
            changed = True
    if args.resultat is not None:
        jury.resultat = ResultatJury(args.resultat)
        changed = True
    if args.commentaire is not None:
        jury.commentaire = args.commentaire
        changed = True
    if args.blocs is not None:
        blocs = []
        for ident in args.blocs:
            resolved = ref.resolve(ident)
            if resolved not in {b.id for b in ref.blocs}:
                raise VaeError(f"Bloc inconnu du référentiel {ref.code}\u00a0: {ident}. Rien n’a été enregistré.")
            blocs.append(resolved)
        jury.blocs_acquis = list(dict.fromkeys(blocs))
        changed = True
    if jury.blocs_acquis and jury.resultat is not None and jury.resultat not in WITH_BLOCS:
        raise VaeError(f"Le résultat «\u00a0{RESULTAT_LABELS[jury.resultat]}\u00a0» n’accorde aucun bloc\u00a0: retirez "
                       "les blocs acquis (--blocs sans valeur) ou choisissez une validation. Rien n’a été enregistré.")
    if changed:
        session.save()
    when = jury.session
    print(f"Session\u00a0: {when.date.strftime('%d/%m/%Y') if when.date else 'date non fixée'}"
          f"{' à ' + when.heure if when.heure else ''}{', ' + when.lieu if when.lieu else ''}")
    print(f"Résultat\u00a0: {RESULTAT_LABELS[jury.resultat]}")
    if jury.acquired():
        print("Blocs acquis définitivement\u00a0: " + ", ".join(jury.acquired()))
    if jury.commentaire:
        print(f"Commentaire\u00a0: {jury.commentaire}")
    return 0
