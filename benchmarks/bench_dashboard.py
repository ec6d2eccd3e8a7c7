"""Time the counsellor's dashboard over many generated dossiers (one of them broken).

Run: ``python benchmarks/bench_dashboard.py [--count 500] [--workers 1 2]``. Prints the time of each
configuration; nothing is asserted (timings belong here, not in unit tests).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from vae_toolkit.models.dossier import Dossier, Experience, Profil, Situation
from vae_toolkit.models.review import Avis, Review, Statut, add_comment
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.document import write_document
from vae_toolkit.storage.dossier import DOSSIER_SPEC, dossier_file
from vae_toolkit.storage.review import REVIEW_SPEC, review_file

WORDS = ("je", "coordonne", "diagnostic", "territoire", "partenaires", "équipe", "analyse", "projet", "publics",
         "évaluation", "comité", "données", "usagers", "j’ai", "conduit", "entretiens", "synthèse", "élus")


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def generated_dossier(rng: random.Random, n: int) -> Dossier:
    """A plausible dossier for the shipped référentiel: experiences, situations, self-ratings."""
    ref = load_referentiel()
    indicators = [i.id for i in ref.indicateurs]
    experiences = [
        Experience(id=f"e{k}", intitule_poste=f"Poste {k}", debut=dt.date(2005 + k, 1, 1),
                   fonctions=rng.sample([f.id for f in ref.fonctions], k=rng.randint(1, len(ref.fonctions))))
        for k in range(rng.randint(1, 5))
    ]
    situations = [
        Situation(id=f"s{k}", titre=f"Situation {k}", experience_id=rng.choice(experiences).id,
                  contexte=_text(rng, rng.randint(50, 300)), actions=_text(rng, rng.randint(100, 600)),
                  resultats=_text(rng, rng.randint(30, 200)), analyse=_text(rng, rng.randint(50, 400)),
                  indicateurs=rng.sample(indicators, k=rng.randint(1, 5)))
        for k in range(rng.randint(0, 12))
    ]
    ratings = {i: rng.randint(1, 4) for i in indicators if rng.random() < 0.7}
    profil = Profil(nom=f"Candidat{n:04d}", prenom=rng.choice(["Léa", "Karim", "Anne", "Éric", "Zoé"]))
    if rng.random() < 0.3:
        profil.blocs_vises = [rng.choice(ref.blocs).id]
        profil.objectif = "blocs"
    return Dossier(certification=ref.code, profil=profil, experiences=experiences, situations=situations,
                   auto_evaluation=ratings)


def generated_review(rng: random.Random, dossier: Dossier) -> Review:
    review = Review(certification=dossier.certification, conseiller="Claire Roux",
                    derniere_revue=dt.datetime(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 300)))
    for comp in load_referentiel(dossier.certification).competences:
        if rng.random() < 0.5:
            entry = review.competence(comp.id)
            entry.statut, entry.note_conseiller = rng.choice(list(Statut)), rng.randint(1, 4)
            add_comment(entry, "Claire Roux", _text(rng, 30), review.derniere_revue)
    review.avis.avis = rng.choice([None, *Avis])
    return review


def generate(folder: str | Path, count: int, seed: int = 1) -> list[Path]:
    """Write ``count`` dossiers under ``folder`` (two levels, as counsellor groups would), the last one broken."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        target = Path(folder) / f"groupe-{n % 5}" / f"candidat-{n:04d}"
        dossier = generated_dossier(rng, n)
        write_document(dossier_file(target), dossier, DOSSIER_SPEC, None)
        if rng.random() < 0.6:
            write_document(review_file(target), generated_review(rng, dossier), REVIEW_SPEC, None)
        out.append(target)
    if out:
        dossier_file(out[-1]).write_text("schema_version: 1\ncertification: RNCP39644\nprofil: [\n", encoding="utf-8")
    return out


def _generator():  # noqa: ANN202 - the shared generator if another module provides it
    here = Path(__file__).resolve().parent
    if (here / "gen.py").is_file():
        sys.path.insert(0, str(here))
        try:
            import gen  # type: ignore[import-not-found]

            return getattr(gen, "generate", None)
        finally:
            sys.path.remove(str(here))
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Durée du tableau de bord sur des dossiers générés.")
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--local-generator", action="store_true", help="ignorer benchmarks/gen.py")
    args = parser.parse_args(argv)
    from vae_toolkit.analysis.dashboard import dashboard

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        shared = None if args.local_generator else _generator()
        if shared is not None:
            shared(tmp, args.count)
            dossier_file(sorted(Path(tmp).rglob("dossier.yaml"))[-1].parent).write_text("profil: [\n", encoding="utf-8")
            origin = "benchmarks/gen.py"
        else:
            generate(tmp, args.count)
            origin = "générateur local"
        print(f"{args.count} dossiers générés ({origin}) en {time.perf_counter() - start:.1f} s "
              f"sur {os.cpu_count()} cœur(s)")
        for workers in args.workers:
            start = time.perf_counter()
            frame = dashboard(tmp, workers=workers)
            elapsed = time.perf_counter() - start
            broken = int(frame["erreur"].notna().sum())
            print(f"tableau de bord, {workers} processus : {elapsed:.2f} s "
                  f"({1000 * elapsed / max(len(frame), 1):.1f} ms par dossier, {len(frame)} lignes, {broken} en erreur)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
