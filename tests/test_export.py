"""``vae export`` and its API: the files written, their place and modes, and what a reader finds in them."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from export_helpers import page_count, pdf_text

from vae_toolkit.analysis.progress import blocs_status
from vae_toolkit.errors import VaeError
from vae_toolkit.export.api import export
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.storage.dossier import load_dossier, save_dossier

TODAY = dt.date(2026, 11, 29)


def _aimed(folder: Path, ref: Referentiel) -> list:
    status = blocs_status(load_dossier(folder).model, ref)
    return [b for b in ref.blocs if status[b.id][0] == "vise"]


@pytest.fixture(scope="module")
def livret_pdf(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export(demo_template, "livret", "pdf", tmp_path_factory.mktemp("livret") / "livret.pdf", today=TODAY)


def test_livret_pdf_has_the_candidate_code_blocs_and_accents(livret_pdf: Path, demo_template: Path,
                                                             ref: Referentiel) -> None:
    text = pdf_text(livret_pdf)
    dossier = load_dossier(demo_template).model
    assert page_count(livret_pdf) >= 10
    assert f"{dossier.profil.prenom} {dossier.profil.nom}" in text
    assert ref.code in text and "Table des matières" in text
    for bloc in _aimed(demo_template, ref):
        assert bloc.intitule in text, bloc.id
        for comp in bloc.competences:
            assert comp.id in text
    # accents, œ, French quotes and apostrophes survive the whole chain
    assert "Diplôme d’État" in text and "Éducatrice spécialisée" in text
    assert "cœur" in text and "29 novembre 2026" in text


def test_livret_pdf_structure_counts_and_markers(livret_pdf: Path) -> None:
    text = pdf_text(livret_pdf)
    order = ["Identité et certification visée", "Parcours", "Expériences professionnelles", "Engagements bénévoles",
             "Formations", "Motivation et projet", "Environnement professionnel",
             "Conclusion", "Pièces justificatives", "Annexe : référentiel"]
    body = text[text.index("Identité et certification visée", text.index("Table des matières") + 600):]
    positions = [body.find(title) for title in order]
    assert -1 not in positions and positions == sorted(positions), positions
    assert "mots · " in text and "signes" in text and "racontée" in text
    # the demo has deliberate gaps: a missing « Résultats » and indicators no situation illustrates
    assert "À compléter : Résultats : à rédiger." in text
    assert "Indicateurs qu’aucune situation n’illustre" in text


def test_page_numbers_read_n_over_total(livret_pdf: Path) -> None:
    from pypdf import PdfReader

    pages = PdfReader(livret_pdf).pages
    total = len(pages)
    assert f"2 / {total}" in pages[1].extract_text()
    assert f"{total} / {total}" in pages[-1].extract_text()


def test_pdf_is_pdfa_2b_tagged_french_with_fonts_embedded(livret_pdf: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(livret_pdf)
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "pdfaid:part>2<" in xmp or 'pdfaid:part="2"' in xmp
    assert "pdfaid:conformance>B<" in xmp or 'pdfaid:conformance="B"' in xmp
    assert str(root["/Lang"]).startswith("fr") and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    for page in reader.pages[:3]:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_default_output_goes_to_exports_private(demo_folder: Path) -> None:
    path = export(demo_folder, "livret", "html", today=TODAY)
    assert path == demo_folder / "exports" / "dossier-de-validation-2026-11-29.html"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    assert not list(path.parent.glob(".*.tmp"))


def test_gaps_and_review_reports(demo_folder: Path, ref: Referentiel, tmp_path: Path) -> None:
    gaps = pdf_text(export(demo_folder, "gaps", "pdf", tmp_path / "g.pdf", today=TODAY))
    for title in ("Synthèse par bloc", "Recommandations", "Grille France VAE", "Auto-évaluation et preuves",
                  "Indicateurs couverts, à étayer et en lacune, par compétence"):
        assert title in gaps
    html = export(demo_folder, "gaps", "html", tmp_path / "g.html", today=TODAY).read_text(encoding="utf-8")
    assert html.count('src="data:image/svg+xml;base64,') == 3
    review = pdf_text(export(demo_folder, "review", "pdf", tmp_path / "r.pdf", today=TODAY))
    assert "Rapport de revue" in review and "Grille France VAE à reporter" in review
    assert all(b.code in review for b in _aimed(demo_folder, ref))


def test_dispensed_bloc_is_stated_and_not_detailed(demo_folder: Path, ref: Referentiel, tmp_path: Path) -> None:
    from vae_toolkit.models.dossier import Diplome

    dispense = ref.dispenses[0]
    loaded = load_dossier(demo_folder)
    loaded.model.profil.diplomes.append(Diplome(intitule=dispense.intitule, code=dispense.diplome))
    save_dossier(demo_folder, loaded.model, loaded.fingerprint)
    text = pdf_text(export(demo_folder, "livret", "pdf", tmp_path / "d.pdf", today=TODAY))
    bloc = ref.bloc(dispense.blocs[0])
    assert f"Dispensé : {bloc.code} – {bloc.intitule}, au titre du {dispense.diplome}" in text
    assert ref.label(bloc.competences[0].id) + " – " + bloc.competences[0].intitule in text  # only in the annex
    assert text.count(bloc.competences[0].intitule) == 1


def test_empty_dossier_shows_what_to_complete(new_folder: Path, tmp_path: Path) -> None:
    text = pdf_text(export(new_folder, "livret", "pdf", tmp_path / "vide.pdf", today=TODAY))
    for marker in ("Aucune expérience", "motivation", "Aucune situation ne montre encore cette compétence",
                   "Aucune pièce justificative", "Votre conclusion"):
        assert marker in text
    assert text.count("À compléter") >= 10


def test_user_errors_are_french_vae_errors(tmp_path: Path, demo_folder: Path) -> None:
    with pytest.raises(VaeError, match="n’existe pas"):
        export(tmp_path / "absent", "livret", "pdf")
    with pytest.raises(VaeError, match="Export inconnu"):
        export(demo_folder, "memoire", "pdf")
    with pytest.raises(VaeError, match="Format inconnu"):
        export(demo_folder, "livret", "docx")
    with pytest.raises(VaeError, match="destination"):
        export(demo_folder, "livret", "pdf", tmp_path / "nulle-part" / "x.pdf")


def test_cli_export_writes_and_prints_the_path(vae: Callable, demo_folder: Path, tmp_path: Path) -> None:
    done = vae("export", demo_folder, "--what", "gaps", "--format", "html")
    assert done.returncode == 0, done.stderr
    path = Path(done.stdout.strip())
    assert path.parent == demo_folder / "exports" and path.suffix == ".html" and path.exists()
    out = tmp_path / "livret.pdf"
    done = vae("export", demo_folder, "-o", out)
    assert done.returncode == 0 and out.read_bytes().startswith(b"%PDF-")
    bad = vae("export", tmp_path / "absent")
    assert bad.returncode == 1 and "n’existe pas" in bad.stderr and "Traceback" not in bad.stderr


def test_export_all_uses_the_api(vae: Callable, demo_folder: Path) -> None:
    done = vae("export-all", demo_folder.parent, "--what", "review", "--format", "html")
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip().splitlines()[0]).parent == demo_folder / "exports"


def test_vae_export_does_not_import_nbconvert(demo_folder: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import sys; from vae_toolkit.cli.main import main; rc = main(['export', sys.argv[1], '-o', sys.argv[2]]);"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('nbconvert', 'nbformat')))")
    done = subprocess.run([sys.executable, "-c", code, str(demo_folder), str(tmp_path / "x.pdf")],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_the_conclusion_closes_the_livret(demo_folder: Path, tmp_path: Path, fmt: str) -> None:
    session = load_dossier(demo_folder)
    text = "Ce travail m’a appris à nommer ce que je fais : « je » plutôt que « nous »."
    save_dossier(demo_folder, session.model.model_copy(update={"conclusion": text}), session.fingerprint)
    out = export(demo_folder, "livret", fmt, tmp_path / f"livret.{fmt}", today=TODAY)
    shown = " ".join((pdf_text(out) if fmt == "pdf" else out.read_text(encoding="utf-8")).split())
    if fmt == "html":
        shown = shown.replace("&#39;", "'").replace("&#34;", '"')
    assert "Ce travail m’a appris à nommer ce que je fais" in shown
    assert "Votre conclusion" not in shown
