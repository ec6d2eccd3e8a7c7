"""France VAE's screens in the app shells (in-process, warm): building the candidate's « Dossier de faisabilité »
and « Jury et après » against the Parcours screen, and the accompagnateur's DFF screen against the review screen,
each measured in the same run, on the demo dossier and a generated larger one.

A screen's build time is what the first visit to it waits for (or what building it ahead costs the kernel)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Context, Row, measure  # noqa: E402
from generate import write_dossier  # noqa: E402

CANDIDATE_BASELINE = "écran Parcours (candidat)"
COUNSELLOR_BASELINE = "écran Revue (conseiller)"


def run(ctx: Context) -> list[Row]:
    from vae_toolkit.demo import write_demo
    from vae_toolkit.journey.workspace import Workspace
    from vae_toolkit.ui.common import Feedback
    from vae_toolkit.ui.faisabilite_view import FaisabiliteView
    from vae_toolkit.ui.grille_view import GridView
    from vae_toolkit.ui.jury_view import JuryView
    from vae_toolkit.ui.parcours_view import ParcoursView
    from vae_toolkit.ui.review_view import ReviewView

    large = 20 if ctx.quick else 120
    folders = {"démo": write_demo(ctx.workdir / "fvscreens-demo"),
               f"{large} situations": write_dossier(ctx.workdir / f"fvscreens-{large}", large, seed=ctx.seed)}
    rows: list[Row] = []
    for label, folder in folders.items():
        group = f"Écrans France VAE ({label})"
        ws = Workspace(folder, delay=0)
        rows.append(Row(group, CANDIDATE_BASELINE, measure(lambda w=ws: ParcoursView(w, Feedback()), ctx.repeat)))
        rows.append(Row(group, "écran Dossier de faisabilité (candidat)",
                        measure(lambda w=ws: FaisabiliteView(w, Feedback()), ctx.repeat), baseline=CANDIDATE_BASELINE))
        rows.append(Row(group, "écran Jury et après (candidat)",
                        measure(lambda w=ws: JuryView(w, Feedback()), ctx.repeat), baseline=CANDIDATE_BASELINE))
        copy = ctx.workdir / f"fvscreens-conseiller-{label.split()[0]}"
        shutil.copytree(folder, copy)
        rows.append(Row(group, COUNSELLOR_BASELINE, measure(lambda f=copy: ReviewView(f), ctx.repeat)))
        rows.append(Row(group, "écran Dossier de faisabilité (conseiller)", measure(lambda f=copy: GridView(f),
                                                                                    ctx.repeat),
                        baseline=COUNSELLOR_BASELINE))
    return rows


if __name__ == "__main__":
    import tempfile

    from _common import print_table

    with tempfile.TemporaryDirectory() as tmp:
        print_table(run(Context(workdir=Path(tmp), repeat=5)))
