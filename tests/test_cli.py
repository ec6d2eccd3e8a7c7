"""The ``vae`` command, run for real in a subprocess on files in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

from vae_toolkit.storage.dossier import dossier_file


def test_framework_json_carries_every_id(vae) -> None:
    result = vae("framework", "--json", check=True)
    data = json.loads(result.stdout)
    assert data["code"] == "RNCP39644"
    comps = [c for b in data["blocs"] for c in b["competences"]]
    inds = [i for c in comps for i in c["indicateurs"]]
    assert (len(data["blocs"]), len(comps), len(inds)) == (3, 10, 28)
    assert inds[0] == {"id": "BC01.C1.I1", "alias": "1.1.1", "texte": inds[0]["texte"]}
    assert "Savoir concevoir appels d’offres et cahiers des charges" in [i["texte"] for i in inds]


def test_framework_text_is_french(vae) -> None:
    out = vae("framework", check=True).stdout
    assert "3 blocs, 10 compétences, 28 indicateurs" in out
    assert "[BC02.C3.I3] Savoir favoriser la réflexion éthique" in out
    assert "dispensés de BC03" in out


def test_unknown_certification_is_a_user_error(vae) -> None:
    result = vae("framework", "RNCP0")
    assert result.returncode == 1
    assert "Certification inconnue : RNCP0" in result.stderr and "Traceback" not in result.stderr


def test_init_check_status(vae, tmp_path: Path) -> None:
    folder = tmp_path / "léa"
    result = vae("init", folder, "--nom", "Martin", "--prenom", "Léa", check=True)
    assert "Dossier créé" in result.stdout
    assert "dossier valide" in vae("check", folder, check=True).stdout
    status = json.loads(vae("status", folder, "--json", check=True).stdout)
    assert status["candidat"] == "Léa Martin"
    assert [b["evalues"] for b in status["blocs"]] == [0, 0, 0]
    assert "0/10 indicateurs évalués" in vae("status", folder, check=True).stdout
    again = vae("init", folder, "--nom", "X", "--prenom", "Y")
    assert again.returncode == 1 and "existe déjà" in again.stderr


def test_demo_check_status(vae, tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    vae("demo", folder, check=True)
    assert vae("check", folder, check=True).returncode == 0
    status = json.loads(vae("status", folder, "--json", check=True).stdout)
    assert status["situations"] >= 6 and status["experiences"] >= 5
    assert all(b["statut"] == "vise" for b in status["blocs"])
    assert sum(b["avec_situation"] for b in status["blocs"]) >= 20
    assert all(b["mots"] > 0 and b["signes"] > b["mots"] for b in status["blocs"])


def test_broken_dossier_names_file_and_line_and_keeps_bytes(vae, new_folder: Path) -> None:
    path = dossier_file(new_folder)
    broken = path.read_bytes().replace(b"notes: ''", "notes: 'jamais fermé".encode())
    path.write_bytes(broken)
    result = vae("check", new_folder)
    assert result.returncode == 1
    assert str(path) in result.stderr and "ligne" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == broken


def test_check_lists_warnings(vae, new_folder: Path) -> None:
    path = dossier_file(new_folder)
    text = path.read_text(encoding="utf-8").replace(
        "experiences: []",
        "experiences:\n- id: e1\n  intitule_poste: Éducatrice\n  debut: 2010-01-01\n  fonctions: [evaluation]",
    ).replace("pieces: []", "pieces:\n- id: p1\n  titre: Attestation\n  fichier: absente.pdf")
    path.write_text(text, encoding="utf-8")
    out = vae("check", new_folder, check=True).stdout
    assert "« Expertise-conseil »" in out and "« Conception et développement »" in out
    assert "fichier introuvable : pieces/absente.pdf" in out


def test_missing_folder_and_bad_usage(vae, tmp_path: Path) -> None:
    result = vae("check", tmp_path / "nulle-part")
    assert result.returncode == 1 and "n’existe pas" in result.stderr
    result = vae("check", tmp_path)
    assert result.returncode == 1 and "Aucun fichier dossier.yaml" in result.stderr
    usage = vae("init", tmp_path / "x")
    assert usage.returncode == 2 and "arguments obligatoires manquants" in usage.stderr
    assert vae("frobnicate").returncode == 2


def test_help_is_french(vae) -> None:
    out = vae("--help", check=True).stdout
    assert "utilisation :" in out and "vérifier un dossier" in out


def test_check_and_status_do_not_import_jupyter(tmp_path: Path, new_folder: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from vae_toolkit.cli.main import main; "
        f"main(['check', {str(new_folder)!r}]); main(['status', {str(new_folder)!r}]); "
        "heavy = [m for m in ('nbformat', 'nbconvert', 'pandas', 'matplotlib', 'ipywidgets') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
