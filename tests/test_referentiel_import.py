"""``vae referentiel import`` and ``check`` on fixtures in the v4.1 shape (tests/data/rncp/)."""

from __future__ import annotations

import importlib.util
import stat
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from vae_toolkit.errors import VaeError
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.referentiels.rncp_export import read_fiche
from vae_toolkit.referentiels.split import split_competences
from vae_toolkit.storage.referentiel_file import read_referentiel_file

DATA = Path(__file__).parent / "data" / "rncp"
XML = DATA / "export_fiches_RNCP_V4_1_2026-11-28.xml"
CSV = DATA / "export_fiches_CSV_Blocs_De_Compétences_2026_11_28.csv"


@pytest.fixture(autouse=True)
def user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's référentiels folder, inside the test's own folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    return tmp_path / "data-home" / "vae-toolkit" / "referentiels"


def _shape(ref_dict: dict) -> list:
    return [(b["id"], b["code"], b["intitule"],
             [(c["id"], c["intitule"], [(i["id"], i["texte"]) for i in c.get("indicateurs", [])])
              for c in b["competences"]]) for b in ref_dict["blocs"]]


def test_the_deis_imported_from_its_fiche_is_the_shipped_referentiel(tmp_path: Path, vae: Callable) -> None:
    out = tmp_path / "RNCP39644.yaml"
    result = vae("referentiel", "import", XML, "--fiche", "RNCP39644", "-o", out)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    imported = yaml.safe_load(out.read_text(encoding="utf-8"))
    shipped = load_referentiel("RNCP39644").model_dump(mode="json")
    assert _shape(imported) == _shape(shipped)
    assert imported["a_relire"] is True and imported["niveau"] == 7 and str(imported["echeance"]) == "2026-12-31"
    assert imported["anciennes_certifications"] == ["RNCP4505"]
    assert "Mémoire de 90 à 120 pages" in imported["blocs"][0]["modalites_evaluation"]
    assert "à relire" in result.stdout and "3 bloc(s), 10 compétence(s), 28 indicateur(s)" in result.stdout
    assert out.read_text(encoding="utf-8").startswith("# Référentiel RNCP39644 importé")


def test_two_layouts_without_indicators_go_to_the_user_folder(user_data: Path, vae: Callable) -> None:
    for code in ("RNCP90001", "RNCP90002"):
        result = vae("referentiel", "import", XML, "--fiche", code)
        assert result.returncode == 0, result.stderr
        assert "évaluée en entier" in result.stdout
    assert stat.S_IMODE(user_data.stat().st_mode) == 0o700
    numbered = read_referentiel_file(user_data / "RNCP90001.yaml")
    assert [c.intitule for c in numbered.competences] == [
        "Repérer les tensions d’un quartier en allant à la rencontre des habitants",
        "Désamorcer un conflit de voisinage par le dialogue",
        "Orienter les habitants vers les services adaptés",
        "Animer une réunion entre habitants et bailleurs",
        "Rendre compte de son activité aux partenaires",
        "Construire un partenariat avec les associations du quartier",
    ]
    assert numbered.nouvelles_certifications == [] and numbered.anciennes_certifications == ["RNCP90004"]
    dashed = read_referentiel_file(user_data / "RNCP90002.yaml")
    assert [len(b.competences) for b in dashed.blocs] == [3, 3, 2]
    assert dashed.blocs[1].competences[1].intitule == "Conduire un entretien annuel"
    assert all(c.evaluee_en_entier and c.indicateurs[0].id == c.id for c in dashed.competences)
    # The user folder is read like the shipped one.
    assert load_referentiel("RNCP90002").blocs[2].competences[0].intitule == "Rédiger le rapport d’activité annuel"


def test_a_fiche_without_vae_is_refused_and_nothing_is_written(tmp_path: Path, vae: Callable) -> None:
    out = tmp_path / "x.yaml"
    result = vae("referentiel", "import", XML, "--fiche", "RNCP90003", "-o", out)
    assert result.returncode == 1 and "n’est pas accessible par la VAE" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_an_inactive_fiche_is_imported_with_warnings(tmp_path: Path, vae: Callable) -> None:
    out = tmp_path / "RNCP90004.yaml"
    result = vae("referentiel", "import", XML, "--fiche", "90004", "-o", out)
    assert result.returncode == 0
    assert "inactive" in result.stderr and "a pris fin le 31/12/2023" in result.stderr and "RNCP90001" in result.stderr
    assert read_referentiel_file(out).nouvelles_certifications == ["RNCP90001"]


def test_never_over_an_existing_file_without_the_flag(tmp_path: Path, vae: Callable) -> None:
    out = tmp_path / "mine.yaml"
    out.write_text("à moi\n", encoding="utf-8")
    result = vae("referentiel", "import", XML, "--fiche", "RNCP90001", "-o", out)
    assert result.returncode == 1 and "existe déjà" in result.stderr
    assert out.read_text(encoding="utf-8") == "à moi\n"
    assert vae("referentiel", "import", XML, "--fiche", "RNCP90001", "-o", out, "--remplacer").returncode == 0
    assert read_referentiel_file(out).code == "RNCP90001"
    assert [p.read_text(encoding="utf-8") for p in (tmp_path / "historique").iterdir()] == ["à moi\n"]


def test_the_zip_is_read_as_a_stream(tmp_path: Path) -> None:
    archive = tmp_path / "export-fiches-rncp-v4-1-2026-11-28.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(XML, XML.name)
    fiche = read_fiche(archive, "rncp39644")
    assert [b.code for b in fiche.blocs] == ["RNCP39644BC01", "RNCP39644BC02", "RNCP39644BC03"]
    assert fiche.vae is True and fiche.niveau == 7 and "flux 4.1" in fiche.source


def test_the_blocs_csv_gives_blocs_and_provisional_competences(tmp_path: Path, vae: Callable) -> None:
    out = tmp_path / "RNCP90001.yaml"
    result = vae("referentiel", "import", CSV, "--fiche", "RNCP90001", "-o", out)
    assert result.returncode == 1 and "--intitule" in result.stderr and not out.exists()
    result = vae("referentiel", "import", CSV, "--fiche", "RNCP90001", "-o", out, "--intitule", "Titre fictif",
                 "--niveau", "5")
    assert result.returncode == 0, result.stderr
    ref = read_referentiel_file(out)
    assert [(b.id, b.intitule) for b in ref.blocs] == [
        ("BC01", "Aller vers les habitants et prévenir les conflits"),
        ("BC02", "Travailler en réseau; avec les partenaires du territoire")]
    assert [c.intitule for c in ref.competences] == [b.intitule for b in ref.blocs]
    assert "compétence provisoire" in result.stderr and "VAE" in result.stderr


@pytest.mark.parametrize(("source", "message"), [
    ("<FICHES><FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE></FICHE>", "ligne 1"),
    ("<AUTRE/>", "n’est pas un export des fiches RNCP"),
])
def test_a_broken_export_gives_a_french_error(tmp_path: Path, source: str, message: str) -> None:
    bad = tmp_path / "export.xml"
    bad.write_text(source, encoding="utf-8")
    with pytest.raises(VaeError, match=message):
        read_fiche(bad, "RNCP2")


def test_an_absent_fiche_and_a_bad_number(tmp_path: Path) -> None:
    with pytest.raises(VaeError, match="absente.*5 fiche"):
        read_fiche(XML, "RNCP1")
    with pytest.raises(VaeError, match="Numéro de fiche invalide"):
        read_fiche(XML, "ABC")


def test_check_names_file_field_and_line(tmp_path: Path, vae: Callable) -> None:
    out = tmp_path / "RNCP90001.yaml"
    assert vae("referentiel", "import", XML, "--fiche", "RNCP90001", "-o", out).returncode == 0
    ok = vae("referentiel", "check", out)
    assert ok.returncode == 0 and "référentiel valide" in ok.stdout and "à relire" in ok.stdout
    text = out.read_text(encoding="utf-8")
    broken = text.replace("niveau: 5", "niveau: cinq").replace("intitule: Désamorcer", "intitulé: Désamorcer")
    out.write_bytes(broken.encode("utf-8"))
    result = vae("referentiel", "check", out)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = next(n for n, ln in enumerate(broken.splitlines(), 1) if ln.startswith("niveau:"))
    assert str(out) in result.stderr and f"champ niveau (ligne {line})" in result.stderr
    assert "intitulé" in result.stderr and out.read_bytes() == broken.encode("utf-8")


@pytest.mark.parametrize(("text", "expected"), [
    ("• Un\n• Deux", [("Un", []), ("Deux", [])]),
    ("- un ;\n- deux.", [("Un", []), ("Deux", [])]),
    ("C1 : Un truc\nC2 : Deux trucs", [("Un truc", []), ("Deux trucs", [])]),
    ("1.1 Faire ceci\n1.2 Faire cela", [("Faire ceci", []), ("Faire cela", [])]),
    ("Compétence A\n- ind 1\n- ind 2\nCompétence B\n- ind 3", [("Compétence A", ["Ind 1", "Ind 2"]),
                                                            ("Compétence B", ["Ind 3"])]),
    ("Analyser la demandeConcevoir un plan", [("Analyser la demande", []), ("Concevoir un plan", [])]),
    ("Une seule compétence, décrite en entier", [("Une seule compétence, décrite en entier", [])]),
    ("", []),
])
def test_the_usual_list_shapes(text: str, expected: list) -> None:
    assert [(c.intitule, c.indicateurs) for c in split_competences(text)] == expected


def _bench() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_referentiel_import.py"
    saved = list(sys.path)
    try:
        spec = importlib.util.spec_from_file_location("_test_bench_referentiel_import", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path[:] = saved


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="peak RSS read with the resource module")
def test_peak_memory_does_not_grow_with_the_export(tmp_path: Path) -> None:
    bench = _bench()
    peaks = {}
    for size in (3, 30):
        source = bench.write_export(tmp_path / f"export-{size}.xml", size)
        assert source.stat().st_size >= size * bench.MB
        result = bench.probe("referentiel", "import", source, "--fiche", "RNCP39644", "-o", tmp_path / f"{size}.yaml")
        peaks[size] = result["peak_kb"] / 1024
        assert read_referentiel_file(tmp_path / f"{size}.yaml").code == "RNCP39644"
    assert peaks[30] - peaks[3] < 8, f"peak RSS grew with the file: {peaks} MB"
