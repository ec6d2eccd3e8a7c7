"""France VAE exports (in-process, warm): the dossier de faisabilité, the interview preparation and the deposit,
against the final livret measured in the same run (the deposit contains it), on the demo dossier and a
generated larger one whose review has every proposal confirmed."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Context, Row, measure  # noqa: E402
from generate import write_dossier  # noqa: E402

BASELINE = "export(livret, pdf, final)"


def _confirmed(folder: Path) -> Path:
    """Confirm every proposal of the analysis and give an opinion, so the DFF export is accepted."""
    from vae_toolkit.analysis.france_vae import confirm_proposals
    from vae_toolkit.analysis.gaps import analyse
    from vae_toolkit.models.review import Avis
    from vae_toolkit.referentiels import load_referentiel
    from vae_toolkit.storage.dossier import load_dossier
    from vae_toolkit.storage.review import ReviewSession

    dossier = load_dossier(folder).model
    ref = load_referentiel(dossier.certification)
    session = ReviewSession(folder)
    confirm_proposals(analyse(dossier, ref), session.review, dossier, ref)
    session.review.avis.avis = Avis.favorable
    session.review.avis.preconisations = "Préconisations de l’accompagnateur."
    session.save()
    return folder


def run(ctx: Context) -> list[Row]:
    from vae_toolkit.demo import write_demo
    from vae_toolkit.export.api import export
    from vae_toolkit.export.depot import write_deposit

    large = 20 if ctx.quick else 120
    folders = {"démo": write_demo(ctx.workdir / "fvae-demo"),
               f"{large} situations": write_dossier(ctx.workdir / f"fvae-{large}", large, seed=ctx.seed)}
    rows: list[Row] = []
    counter = itertools.count()
    for label, folder in folders.items():
        _confirmed(folder)
        group = f"France VAE ({label})"
        out = ctx.workdir / f"fvae-sortie-{label.split()[0]}"
        out.mkdir(exist_ok=True)
        rows.append(Row(group, BASELINE, measure(
            lambda f=folder: export(f, "livret", "pdf", out / "final.pdf", final=True), ctx.repeat)))
        for what in ("faisabilite", "entretien"):
            rows.append(Row(group, f"export({what}, pdf)", measure(
                lambda w=what, f=folder: export(f, w, "pdf", out / f"{w}.pdf"), ctx.repeat), baseline=BASELINE))
        rows.append(Row(group, "dépôt (livret final + pièces)", measure(
            lambda f=folder: write_deposit(f, out / f"depot-{next(counter)}"), ctx.repeat), baseline=BASELINE,
            note="un dossier de dépôt neuf à chaque mesure"))
    return rows


if __name__ == "__main__":
    import tempfile

    from _common import print_table

    with tempfile.TemporaryDirectory() as tmp:
        print_table(run(Context(workdir=Path(tmp), repeat=5)))
