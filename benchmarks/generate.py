"""Realistic generated dossiers for the benchmarks: one candidate of a given size, or a counsellor's folder.

Everything is seeded, so two runs measure the same files. The texts are French sentences assembled from
a small vocabulary of the trade, in « je » with a little « nous », of the lengths candidates write
(150 to 900 words per situation), so the analysis does the work it does on a real dossier.

``python benchmarks/generate.py DIR --situations 100`` writes one dossier;
``python benchmarks/generate.py DIR --count 500`` writes a folder of dossiers (the last one broken).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

from vae_toolkit.models.dossier import Dossier, Experience, Piece, Profil, Situation, Structure
from vae_toolkit.models.review import Avis, Review, Statut, add_comment
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.document import write_document
from vae_toolkit.storage.dossier import DOSSIER_SPEC, dossier_file
from vae_toolkit.storage.review import REVIEW_SPEC, review_file

SUBJECTS = ("j’ai", "j’ai", "j’ai ensuite", "avec l’équipe, j’ai", "puis j’ai", "j’ai d’abord", "j’ai aussi",
            "nous avons")
VERBS = ("conduit", "coordonné", "animé", "rédigé", "présenté", "évalué", "construit", "analysé", "proposé")
OBJECTS = ("le diagnostic territorial", "un comité de pilotage", "les entretiens avec les familles",
           "la synthèse pour les élus", "le tableau de bord de l’observatoire", "un cahier des charges",
           "les indicateurs de suivi", "le projet de service", "une démarche d’évaluation interne",
           "les partenaires institutionnels", "la veille documentaire", "un scénario prospectif")
ENDS = ("avec les partenaires du territoire", "pour le conseil départemental", "en lien avec les usagers",
        "sur trois mois", "à partir des données de la CAF", "en m’appuyant sur la littérature")
FIRST_NAMES = ("Léa", "Karim", "Anne", "Éric", "Zoé", "Nadia", "Paul", "Inès")
BROKEN = "schema_version: 1\ncertification: RNCP39644\nprofil: [\n"


def sentence(rng: random.Random) -> str:
    """One sentence of a candidate's narrative (about a dozen words)."""
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(ENDS)}"
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, words: int) -> str:
    """Sentences until about ``words`` words."""
    out: list[str] = []
    count = 0
    while count < words:
        out.append(sentence(rng))
        count += len(out[-1].split())
    return " ".join(out)


def generated_dossier(rng: random.Random, n: int, situations: int | None = None) -> Dossier:
    """Candidate ``n``: experiences, ``situations`` situations (random 0–12 when None), self-ratings, pièces."""
    ref = load_referentiel()
    indicators = [i.id for i in ref.indicateurs]
    fonctions = [f.id for f in ref.fonctions]
    count = rng.randint(0, 12) if situations is None else situations
    experiences = [
        Experience(id=f"e{k}", intitule_poste=f"Chargé·e de mission {k}", debut=dt.date(2000 + 2 * k, 1, 1),
                   fin=None if k == 0 else dt.date(2002 + 2 * k, 1, 1),
                   structure=Structure(nom=f"Structure {k}", secteur="protection de l’enfance"),
                   missions=[sentence(rng) for _ in range(rng.randint(1, 4))],
                   fonctions=rng.sample(fonctions, k=rng.randint(1, len(fonctions))))
        for k in range(max(1, min(10, count // 5 + rng.randint(0, 3))))
    ]
    sits = [
        Situation(id=f"s{k}", titre=f"Situation {k}\u00a0: {rng.choice(OBJECTS)}",
                  experience_ids=[rng.choice(experiences).id], periode=str(2010 + k % 15),
                  contexte=paragraph(rng, rng.randint(40, 200)), actions=paragraph(rng, rng.randint(60, 400)),
                  resultats=paragraph(rng, rng.randint(20, 150)),
                  analyse=paragraph(rng, rng.randint(20, 200)),
                  indicateurs=rng.sample(indicators, k=rng.randint(1, 5)))
        for k in range(count)
    ]
    pieces = [Piece(id=f"p{k}", titre=f"Pièce {k}", indicateurs=rng.sample(indicators, k=rng.randint(0, 3)))
              for k in range(count // 3)]
    ratings = {i: rng.randint(1, 4) for i in indicators if rng.random() < 0.8}
    profil = Profil(nom=f"Candidat{n:04d}", prenom=rng.choice(FIRST_NAMES))
    if rng.random() < 0.3:
        profil.blocs_vises = [rng.choice(ref.blocs).id]
        profil.objectif = "blocs"
    return Dossier(certification=ref.code, profil=profil, experiences=experiences, situations=sits,
                   auto_evaluation=ratings, pieces=pieces, notes=paragraph(rng, 80))


def generated_review(rng: random.Random, dossier: Dossier) -> Review:
    """A counsellor's review of half the compétences, with comments, ratings and an opinion."""
    review = Review(certification=dossier.certification, conseiller="Claire Roux",
                    derniere_revue=dt.datetime(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 300)))
    for comp in load_referentiel(dossier.certification).competences:
        if rng.random() < 0.5:
            entry = review.competence(comp.id)
            entry.statut, entry.note_conseiller = rng.choice(list(Statut)), rng.randint(1, 4)
            add_comment(entry, "Claire Roux", paragraph(rng, 30), review.derniere_revue)
    review.avis.avis = rng.choice([None, *Avis])
    return review


def write_dossier(folder: str | Path, situations: int, seed: int = 1) -> Path:
    """One dossier with exactly ``situations`` situations in ``folder`` (written through the storage layer)."""
    target = Path(folder)
    write_document(dossier_file(target), generated_dossier(random.Random(seed), 0, situations), DOSSIER_SPEC, None)
    return target


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
        dossier_file(out[-1]).write_text(BROKEN, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Écrit des dossiers générés pour les mesures de performance.")
    parser.add_argument("dossier", type=Path, help="dossier de destination")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--situations", type=int, help="un dossier avec ce nombre de situations")
    what.add_argument("--count", type=int, help="ce nombre de dossiers (le dernier illisible)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.situations is not None:
        print(write_dossier(args.dossier, args.situations, args.seed))
    else:
        print(f"{len(generate(args.dossier, args.count, args.seed))} dossiers écrits sous {args.dossier}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
