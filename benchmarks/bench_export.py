"""Exports: ``vae export`` (PDF and HTML, a whole subprocess) against ``jupyter nbconvert --to html`` of the
same notebook (06_dossier_de_validation) measured in the same run, on the demo dossier and on a much larger
generated one; the nbconvert exporters (``--to vae_livret_pdf`` / ``vae_livret_html``) and the in-process
render are shown beside them.

``vae export`` renders the same templates without importing nbconvert/nbformat (about 2 s of start-up here):
the ratios to ``jupyter nbconvert --to html`` show what that choice saves.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Context, Row, measure, measure_command, vae_command  # noqa: E402
from generate import write_dossier  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "06_dossier_de_validation.ipynb"
BASELINE = "jupyter nbconvert --to html"


def jupyter_command() -> list[str]:
    script = Path(sys.executable).with_name("jupyter")
    return [str(script)] if script.exists() else [sys.executable, "-m", "jupyter"]


def dossiers(ctx: Context) -> dict[str, Path]:
    """The demo dossier (10 situations) and a generated one of 120 situations (20 in quick mode): a real
    livret has 10 to 30, so this is several times the largest a jury would read."""
    from vae_toolkit.demo import write_demo

    large = 20 if ctx.quick else 120
    return {"démo": write_demo(ctx.workdir / "export-demo"),
            f"{large} situations": write_dossier(ctx.workdir / f"export-{large}", large, seed=ctx.seed)}


def run(ctx: Context) -> list[Row]:
    """Per dossier: the nbconvert baseline, then ``vae export`` pdf/html, the nbconvert exporters, in-process."""
    from vae_toolkit.export.api import export

    rows: list[Row] = []
    jupyter = jupyter_command()
    for label, folder in dossiers(ctx).items():
        group = f"export ({label})"
        out = ctx.workdir / f"sortie-{label.split()[0]}"
        out.mkdir(exist_ok=True)
        rows.append(Row(group, BASELINE, measure_command(
            [*jupyter, "nbconvert", "--to", "html", NOTEBOOK, "--output-dir", out], ctx.repeat)))
        for fmt in ("pdf", "html"):
            rows.append(Row(group, f"vae export --format {fmt}", measure_command(
                [*vae_command(), "export", folder, "--format", fmt, "-o", out / f"livret.{fmt}"], ctx.repeat),
                baseline=BASELINE))
        for fmt in ("pdf",) if ctx.quick else ("pdf", "html"):
            rows.append(Row(group, f"jupyter nbconvert --to vae_livret_{fmt}", measure_command(
                [*jupyter, "nbconvert", "--to", f"vae_livret_{fmt}", NOTEBOOK, "--output-dir", out,
                 f"--VaeDataPreprocessor.dossier={folder}"], ctx.repeat), baseline=BASELINE))
        for what in ("livret", "gaps"):
            rows.append(Row(group, f"export({what}, pdf) en processus", measure(
                lambda w=what, f=folder: export(f, w, "pdf", out / f"{w}-in.pdf"), ctx.repeat),
                baseline=BASELINE, note="à chaud : Typst réutilise ses calculs d’un export au suivant"))
        rows.append(Row(group, "export(livret, pdf, final) en processus", measure(
            lambda f=folder: export(f, "livret", "pdf", out / "livret-final-in.pdf", final=True), ctx.repeat),
            baseline=BASELINE, note="version à envoyer : PDF/UA-1 et PDF/A-2a vérifiés par Typst"))
    return rows


if __name__ == "__main__":
    import tempfile

    from _common import print_table

    with tempfile.TemporaryDirectory() as tmp:
        print_table(run(Context(workdir=Path(tmp), repeat=5)))
