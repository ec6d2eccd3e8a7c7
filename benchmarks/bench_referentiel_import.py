"""``vae referentiel import`` on generated v4.1 exports of growing size: time, and peak memory (RSS) of the process.

The export is generated here (never committed): filler fiches in the v4.1 shape, then the DEIS fiche of the test
fixture last, so the whole file is read. The process's peak RSS must not grow with the file (streamed parsing);
the baseline is the same process that only starts and loads the command. ``--quick``: 2 and 10 MB; else 20 and
200 MB, and the 200 MB file zipped.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Context, Row  # noqa: E402

GROUP = "import d’une fiche RNCP"
FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "data" / "rncp" / "export_fiches_RNCP_V4_1_2026-11-28.xml"
TARGET = "RNCP39644"
MB = 1024 * 1024

_FILLER = """  <FICHE>
    <ID_FICHE>{n}</ID_FICHE>
    <NUMERO_FICHE>RNCP{n}</NUMERO_FICHE>
    <INTITULE>Titre généré n° {n} pour la mesure de l’import</INTITULE>
    <ETAT_FICHE>Publiée</ETAT_FICHE>
    <ACTIF>Oui</ACTIF>
    <DATE_FIN_ENREGISTREMENT>31/12/2030</DATE_FIN_ENREGISTREMENT>
    <NOMENCLATURE_EUROPE><NIVEAU>NIV{level}</NIVEAU><INTITULE>Niveau {level}</INTITULE></NOMENCLATURE_EUROPE>
    <SI_JURY_VAE><ACTIF>Oui</ACTIF></SI_JURY_VAE>
    <BLOCS_COMPETENCES>
{blocs}    </BLOCS_COMPETENCES>
  </FICHE>
"""
_BLOC = """      <BLOC_COMPETENCES>
        <CODE>RNCP{n}BC0{b}</CODE>
        <LIBELLE>Bloc {b} de la fiche générée {n}</LIBELLE>
        <LISTE_COMPETENCES>{competences}</LISTE_COMPETENCES>
        <MODALITES_EVALUATION>Mise en situation professionnelle et entretien avec le jury ; dossier écrit.</MODALITES_EVALUATION>
      </BLOC_COMPETENCES>
"""


def _target_fiche() -> str:
    text = FIXTURE.read_text(encoding="utf-8")
    start = text.index("<FICHE>", text.index(f"<NUMERO_FICHE>{TARGET}") - 200)
    return "  " + text[start:text.index("</FICHE>", start) + len("</FICHE>")] + "\n"


def write_export(path: str | Path, megabytes: float) -> Path:
    """A v4.1 export of about ``megabytes`` MB: generated fiches, then the DEIS fiche of the fixture, last."""
    path = Path(path)
    target = int(megabytes * MB)
    written = 0
    n = 100000
    with open(path, "w", encoding="utf-8") as out:
        head = '<?xml version="1.0" encoding="UTF-8"?>\n<FICHES>\n  <VERSION_FLUX>4.1</VERSION_FLUX>\n'
        out.write(head)
        written += len(head.encode("utf-8"))
        while written < target:
            n += 1
            blocs = "".join(_BLOC.format(n=n, b=b, competences="\n".join(
                f"- Compétence {k} du bloc {b} : réaliser l’activité n° {k} en autonomie, en tenant compte du contexte, "
                f"des publics et des partenaires (fiche {n})" for k in range(1, 6))) for b in range(1, 4))
            chunk = _FILLER.format(n=n, level=3 + n % 5, blocs=blocs)
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
        out.write(_target_fiche())
        out.write("</FICHES>\n")
    return path


_PROBE = """
import json, resource, sys, time
start = time.perf_counter()
from vae_toolkit.cli.main import main
code = main(sys.argv[1:]) if len(sys.argv) > 1 else 0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"code": code, "peak_kb": peak, "seconds": time.perf_counter() - start}), file=sys.stderr)
"""


def probe(*argv: str | Path) -> dict:
    """Run ``vae ARGV`` in a fresh Python and return its exit code, peak RSS (KiB) and wall time."""
    done = subprocess.run([sys.executable, "-c", _PROBE, *map(str, argv)], capture_output=True, text=True,
                          encoding="utf-8")
    line = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    try:
        result = json.loads(line)
    except json.JSONDecodeError:
        raise RuntimeError(f"la mesure a échoué : {done.stderr[-800:]}") from None
    if result["code"] != 0:
        raise RuntimeError(f"vae {' '.join(map(str, argv))} a échoué : {done.stderr[-800:]}")
    return result


def _mo(kib: float) -> str:
    return f"pic {kib / 1024:.0f} Mo".replace(".", ",")


def run(ctx: Context) -> list[Row]:
    """Start-up alone, then the import from each generated file (and a zip of the largest)."""
    sizes = (2, 10) if ctx.quick else (20, 200)
    repeat = 1 if ctx.quick else max(1, min(ctx.repeat, 3))
    rows = []
    base = [probe("framework", "--list") for _ in range(repeat)]
    baseline = Row(GROUP, "démarrage de vae (framework --list)", [b["seconds"] for b in base],
                   note=_mo(max(b["peak_kb"] for b in base)))
    rows.append(baseline)
    files = []
    for size in sizes:
        source = write_export(ctx.workdir / f"export-{size}.xml", size)
        files.append((f"XML de {size} Mo", source, size))
    zipped = ctx.workdir / f"export-{sizes[-1]}.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(files[-1][1], files[-1][1].name)
    files.append((f"zip du XML de {sizes[-1]} Mo ({zipped.stat().st_size // MB} Mo)", zipped, None))
    for label, source, size in files:
        results = []
        for k in range(repeat):
            out = ctx.workdir / f"sortie-{source.stem}-{k}-{time.monotonic_ns()}.yaml"
            results.append(probe("referentiel", "import", source, "--fiche", TARGET, "-o", out))
        rows.append(Row(GROUP, f"import, {label}", [r["seconds"] for r in results], baseline=baseline.case,
                        series="import XML" if size else None, size=size,
                        note=_mo(max(r["peak_kb"] for r in results))))
    return rows
