"""``vae gaps DOSSIER [--json|--csv]``: the gap analysis on the command line, indicator by indicator."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import textwrap
from pathlib import Path
from collections.abc import Callable
from typing import Any

WIDTH = 100


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide : {value} (attendu AAAA-MM-JJ)") from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gaps", help="analyse des écarts : chaque indicateur, les blocs, les recommandations",
                       description="Analyse le dossier indicateur par indicateur (couvert, à étayer, lacune), "
                                   "compétence par compétence et bloc par bloc, et propose des recommandations.")
    p.add_argument("dossier", metavar="DOSSIER", type=Path, help="dossier du candidat")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="sortie JSON complète, par identifiants stables")
    fmt.add_argument("--csv", action="store_true", help="tableau des indicateurs au format CSV")
    p.add_argument("--bloc", metavar="BLOC", default=None,
                   help="un seul bloc, par son identifiant ou son numéro (ex. BC01 ou DC1)")
    p.add_argument("--date", type=_date, default=None, metavar="AAAA-MM-JJ",
                   help="date de référence pour l’ancienneté des expériences (par défaut aujourd’hui)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from vae_toolkit.analysis.gaps import analyse, gaps_as_json
    from vae_toolkit.referentiels import load_referentiel
    from vae_toolkit.models.wording import display_name
    from vae_toolkit.storage.dossier import load_dossier

    dossier = load_dossier(args.dossier).model
    ref = load_referentiel(dossier.certification)
    analysis = analyse(dossier, ref, today=args.date)
    if args.bloc:
        from vae_toolkit.analysis.gaps import restrict

        analysis = restrict(analysis, bloc_id(ref, args.bloc))
    if args.json:
        print(json.dumps(gaps_as_json(analysis), ensure_ascii=False, indent=2))
    elif args.csv:
        sys.stdout.write(indicators_csv(analysis))
    else:
        print(render_text(analysis, f"{display_name(dossier)} – {ref.code} {ref.intitule}", label=ref.label))
    return 0


def bloc_id(ref: Any, given: str) -> str:
    """The stable ID of the bloc named by ``given`` (its ID, its code or its alias such as « DC1 »)."""
    ident = ref.resolve(given)
    by_code = {b.code.upper(): b.id for b in ref.blocs}
    ident = by_code.get(ident.upper(), ident)
    if not ref.has(ident) or ref.bloc(ident).id != ident:
        from vae_toolkit.errors import VaeError

        known = ", ".join(f"{b.id}" + (f" ({b.ancien_code})" if b.ancien_code else "") for b in ref.blocs)
        raise VaeError(f"Bloc inconnu du référentiel {ref.code} : {given}. Blocs : {known}.")
    return ident


def indicators_csv(analysis: Any) -> str:
    """The indicator table as CSV (comma-separated, stable column names; lists joined by « , »)."""
    frame = analysis.indicateurs.copy()
    for col in frame.columns:
        if frame[col].map(lambda v: isinstance(v, tuple)).any():
            frame[col] = frame[col].map(lambda v: ", ".join(v) if isinstance(v, tuple) else v)
    return frame.to_csv(index_label="id", lineterminator="\n")


def _plural(word: str, n: int) -> str:
    return word + "s" if n > 1 and not word.startswith("à ") else word


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False)


def render_text(analysis: Any, title: str, label: Callable[[str], str] | None = None) -> str:
    """The analysis as French text for a terminal: blocs, compétences, every indicator, then what to do.

    ``label`` shows an ID (``Referentiel.label``: « BC01.C1.I1 (1.1.1) », the numbering counsellors use beside it);
    by default the bare ID. It reads the analysis's plain records (``analysis.records``), not its DataFrames: no
    pandas here.
    """
    from collections import Counter

    from vae_toolkit.analysis.coverage import is_gap
    from vae_toolkit.models.status import BlocStatus, Evidence
    from vae_toolkit.models.wording import EVIDENCE_LABELS

    show = label or str
    tables = analysis.records
    ind, comps = tables["indicateurs"], tables["competences"]
    width = max([12, *(len(show(r.id)) for r in ind)])
    counts = Counter(r.statut for r in ind)
    lines = [f"Analyse des écarts – {title}",
             f"Au {analysis.date:%d/%m/%Y} : " + ", ".join(
                 f"{counts.get(k, 0)} {_plural(EVIDENCE_LABELS[k].lower(), counts.get(k, 0))}"
                 for k in (Evidence.couvert, Evidence.a_etayer, Evidence.lacune))
             + f" sur {len(ind)} indicateurs" + (
                 f" ({counts.get(Evidence.non_vise, 0) + counts.get(Evidence.dispense, 0)} hors des blocs visés)"
                 if counts.get(Evidence.non_vise, 0) + counts.get(Evidence.dispense, 0) else "") + ".", ""]
    for b in tables["blocs"]:
        bloc_id = b.id
        head = f"{show(bloc_id)} {b.intitule} — {b.preparation_libelle}"
        if b.statut_bloc == BlocStatus.vise:
            head += f" ({b.couverture.couverts}/{b.couverture.indicateurs} indicateurs couverts)"
        elif b.statut_bloc == BlocStatus.dispense:
            head += f" (titulaire du {b.dispense_par})"
        elif b.statut_bloc == BlocStatus.acquis:
            head += f" (acquis définitivement, {b.dispense_par})"
        lines.append(head)
        for c in (c for c in comps if c.bloc == bloc_id):
            comp_id = c.id
            lines.append(f"  {show(comp_id)} {c.intitule}")
            lines.append(f"    Grille\u00a0: {c.grille_libelle} · {c.preparation_libelle} · "
                         f"{c.couverture.couverts}/{c.couverture.indicateurs} couverts")
            for r in (r for r in ind if r.competence == comp_id):
                lines.append(f"    {show(r.id):<{width}} {r.statut_libelle:<9} {r.auto_libelle:<11} "
                             + textwrap.shorten(r.texte, max(WIDTH - 28 - width, 30), placeholder="…"))
                if is_gap(r.statut):
                    lines.append(_wrap(r.raison, " " * (width + 5)))
        lines.append("")
    lines.append("Fonctions attestées par les expériences")
    for f in tables["fonctions"]:
        lines.append(f"  {f.intitule} : {f.statut_libelle.lower()} ({f.nb_experiences} expérience(s))")
    if tables["auto_vs_preuves"]:
        lines += ["", "Auto-évaluation et preuves"]
        for g in tables["auto_vs_preuves"]:
            lines.append(f"  {show(g.id):<{width}} {g.ecart_libelle}")
    if analysis.recommandations:
        lines += ["", "Recommandations"]
        for n, rec in enumerate(analysis.recommandations, 1):
            lines.append(textwrap.fill(f"{n}. [{rec.priorite_libelle}] {show(rec.cible)} – {rec.texte}", WIDTH,
                                       initial_indent="  ", subsequent_indent="      ", break_on_hyphens=False))
    return "\n".join(lines)
