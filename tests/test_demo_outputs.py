"""What the demo dossier's documents say stays byte for byte what it said: every export kind in HTML and Typst
source, and ``vae gaps`` as text, JSON and CSV tables, against the SHA-256 of each in ``tests/data/demo-outputs.json``.

A refactoring (typed rows, a moved helper) must leave them identical. To see what a change alters, write the
documents before and after it and compare them::

    VAE_DEMO_OUTPUTS_DIR=/tmp/avant .venv/bin/python -m pytest tests/test_demo_outputs.py   # on main
    VAE_DEMO_OUTPUTS_DIR=/tmp/apres .venv/bin/python -m pytest tests/test_demo_outputs.py   # on the change
    diff -r /tmp/avant /tmp/apres

A change meant to alter a document then records the new digests (``VAE_UPDATE_DEMO_OUTPUTS=1``), with the diff above
in its review. On a failure, the documents found are written to ``test-artifacts/demo-outputs/``.

The charts of the gap report are embedded SVG, which matplotlib stamps with the time of drawing: they are
replaced by a placeholder here (their data are the CSV tables, compared in full).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path

import pytest

from vae_toolkit.analysis.gaps import analyse, gaps_as_json
from vae_toolkit.cli.gaps import render_text
from vae_toolkit.export import render
from vae_toolkit.export.api import build_context
from vae_toolkit.export.kinds import FORMATS, KINDS
from vae_toolkit.journey.dff_grid import GridWork
from vae_toolkit.models.review import Avis
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.dossier import load_dossier

EXPECTED = Path(__file__).parent / "data" / "demo-outputs.json"
ARTEFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "demo-outputs"
TODAY = dt.date(2026, 11, 29)
SVG = re.compile(r"data:image/svg\+xml;base64,[A-Za-z0-9+/=]+")
EXTENSION = {"html": "html", "pdf": "typ"}
TABLES = ("indicateurs", "competences", "blocs", "grille", "fonctions", "auto_vs_preuves")


def ready_for_every_export(folder: Path) -> None:
    """The accompagnateur's part filled (each proposal confirmed, each bloc's proposed comment, an opinion), so
    that the dossier de faisabilité is written too."""
    work = GridWork(folder)
    work.confirm_all()
    for bloc in work.blocs:
        work.set_comment(bloc.id, work.proposed_comment(bloc.id))
    work.set_opinion("avis", Avis.favorable)
    work.set_opinion("preconisations", "Poursuivre l’accompagnement jusqu’au jury.")


def demo_outputs(folder: Path) -> dict[str, str]:
    """Every document of ``folder`` (file name → text), the folder's path and the charts' stamps taken out."""
    ready_for_every_export(folder)
    found = {}
    for kind in KINDS:
        for final in (False, True) if kind.final_stem else (False,):
            context = build_context(folder, kind.name, today=TODAY, final=final)
            for fmt in FORMATS:
                name = f"{kind.name}{'-final' if final else ''}.{EXTENSION[fmt.name]}"
                found[name] = render.render_source(kind.name, fmt.name, context)
    dossier = load_dossier(folder).model
    ref = load_referentiel(dossier.certification)
    analysis = analyse(dossier, ref, today=TODAY)
    found["gaps.json"] = json.dumps(gaps_as_json(analysis), ensure_ascii=False, indent=1) + "\n"
    found["gaps.txt"] = render_text(analysis, "Démonstration", ref.label)
    found |= {f"gaps-{name}.csv": getattr(analysis, name).to_csv(lineterminator="\n") for name in TABLES}
    return {name: SVG.sub("data:image/svg+xml;base64,…", text.replace(str(folder), "DOSSIER"))
            for name, text in found.items()}


def write_documents(folder: Path, documents: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in documents.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")


def test_the_demo_documents_are_those_expected(demo_folder: Path) -> None:
    found = demo_outputs(demo_folder)
    assert len(found) == 2 * (len(KINDS) + 1) + 2 + len(TABLES)
    digests = {name: hashlib.sha256(text.encode("utf-8")).hexdigest() for name, text in sorted(found.items())}
    if os.environ.get("VAE_DEMO_OUTPUTS_DIR"):
        write_documents(Path(os.environ["VAE_DEMO_OUTPUTS_DIR"]), found)
    if os.environ.get("VAE_UPDATE_DEMO_OUTPUTS"):
        EXPECTED.write_text(json.dumps(digests, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    changed = sorted(name for name in digests.keys() | expected.keys() if digests.get(name) != expected.get(name))
    if changed:
        write_documents(ARTEFACTS, found)
    assert changed == [], (f"these documents of the demo changed (written to {ARTEFACTS}); if on purpose, compare "
                           "them with main's and record them (see this module's docstring)")
