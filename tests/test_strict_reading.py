"""What reading refuses (issue 15, items 4, 5, 7, 8): YAML anchors and aliases, duplicate keys, anything that is
not a regular file, impossible dates without field or line. Each refusal is French, names the line, and leaves
the bytes untouched."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vae_toolkit.errors import InvalidFileError, VaeError
from vae_toolkit.storage.dossier import dossier_file, load_dossier
from vae_toolkit.storage.review import load_review
from vae_toolkit.storage.yamlio import dump_yaml


def _replace(path: Path, old: str, new: str) -> bytes:
    text = path.read_text(encoding="utf-8")
    assert old in text
    raw = text.replace(old, new, 1).encode("utf-8")
    path.write_bytes(raw)
    return raw


def test_aliases_are_refused_with_their_line_before_any_expansion(new_folder: Path) -> None:
    """The attack's file: one long text referenced thousands of times (here 2,000 × 200 KB = 400 MB if expanded)."""
    path = dossier_file(new_folder)
    long_text = "x" * 200_000
    refs = "\n".join(f"- *long" for _ in range(2000))
    raw = path.read_bytes() + f"notes_longues: &long {long_text}\nrefs:\n{refs}\n".encode()
    path.write_bytes(raw)
    start = time.perf_counter()
    with pytest.raises(InvalidFileError) as caught:
        load_dossier(new_folder)
    assert time.perf_counter() - start < 20  # refused before expansion (the attack took 92 s and gigabytes)
    message = str(caught.value)
    line = raw.decode().splitlines().index(f"notes_longues: &long {long_text}") + 1
    assert f"(ligne {line})" in message and "ancre YAML «\u00a0&long\u00a0» refusée" in message
    assert path.read_bytes() == raw


def test_an_alias_alone_is_refused_with_its_line(new_folder: Path) -> None:
    path = dossier_file(new_folder)
    raw = _replace(path, "notes: ''", "notes: *inconnu")
    with pytest.raises(InvalidFileError, match="alias|syntaxe"):
        load_dossier(new_folder)
    assert path.read_bytes() == raw


def test_aliases_in_the_review_are_refused_too(demo_folder: Path) -> None:
    from vae_toolkit.storage.review import ReviewSession, review_file

    ReviewSession(demo_folder).save()
    path = review_file(demo_folder)
    raw = path.read_bytes() + b"x_ancre: &a texte\nx_alias: *a\n"
    path.write_bytes(raw)
    with pytest.raises(InvalidFileError, match="ancre YAML"):
        load_review(demo_folder)
    assert path.read_bytes() == raw


def test_the_writer_never_writes_anchors() -> None:
    shared = {"texte": "le même objet deux fois"}
    out = dump_yaml({"a": shared, "b": shared, "c": [shared, shared]}).decode()
    assert "&" not in out and "*" not in out and out.count("le même objet deux fois") == 4


def test_duplicate_keys_are_refused_with_the_key_and_both_lines(new_folder: Path) -> None:
    path = dossier_file(new_folder)
    text = path.read_text(encoding="utf-8")
    raw = (text + "notes: seconde valeur\n").encode()
    path.write_bytes(raw)
    lines = raw.decode().splitlines()
    first = lines.index("notes: ''") + 1
    second = len(lines)
    with pytest.raises(InvalidFileError) as caught:
        load_dossier(new_folder)
    assert f"clé «\u00a0notes\u00a0» en double (lignes {first} et {second})" in str(caught.value)
    assert path.read_bytes() == raw


def test_duplicate_keys_nested_and_in_flow_style_are_refused(new_folder: Path) -> None:
    path = dossier_file(new_folder)
    _replace(path, "  nom: Martin\n", "  nom: Martin\n  nom: Durand\n")
    with pytest.raises(InvalidFileError, match="clé «\u00a0nom\u00a0» en double"):
        load_dossier(new_folder)
    _replace(path, "  nom: Durand\n", "")
    _replace(path, "notes: ''", "notes: {a: 1, a: 2}")
    with pytest.raises(InvalidFileError, match="clé «\u00a0a\u00a0» en double"):
        load_dossier(new_folder)


@pytest.mark.parametrize("date", ["2003-02-30", "0000-01-01", "2023-13-01"])
def test_impossible_dates_name_their_field_and_line(demo_folder: Path, date: str) -> None:
    path = dossier_file(demo_folder)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("debut:"))
    old = lines[index]
    lines[index] = old.split("debut:")[0] + f"debut: {date}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidFileError) as caught:
        load_dossier(demo_folder)
    message = str(caught.value)
    assert "champ experiences[0].debut" in message and f"(ligne {index + 1})" in message
    assert f"date impossible\u00a0: {date}" in message and "valeur illisible" not in message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
@pytest.mark.parametrize("command", [["check"], ["status"], ["export", "--format", "html"]])
def test_a_fifo_named_dossier_yaml_is_refused_not_waited_on(tmp_path: Path, vae, command: list[str]) -> None:
    folder = tmp_path / "candidat"
    folder.mkdir()
    os.mkfifo(folder / "dossier.yaml")
    result = vae(command[0], folder, *command[1:], timeout=60)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1 and "n’est pas un fichier ordinaire" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_fifo_is_refused_by_the_library_too(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "dossier.yaml")
    code = ("import sys; from vae_toolkit.storage.dossier import load_dossier\n"
            "from vae_toolkit.errors import VaeError\n"
            f"try:\n    load_dossier({str(tmp_path)!r})\nexcept VaeError as exc:\n    print(exc)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "n’est pas un fichier ordinaire" in done.stdout, done.stderr
    with pytest.raises(VaeError, match="fichier ordinaire"):
        load_dossier(tmp_path / "dossier.yaml")


_DATA = Path(__file__).parent / "data"
_ODD_DOCUMENTS = [
    "a: 1\nb: [x, {c: 2003-02-30, d: 2024-01-05, e: ~, f: yes, g: 1.5, h: '3'}]\n",
    "1: un\ntrue: vrai\nnull: rien\n",                     # keys that are not text
    "1: un\n01: encore un\n",                              # the same key once constructed
    "yes: 1\ntrue: 2\n",
    "base: {a: 1}\nx: {<<: {a: 1}, b: 2}\n",               # a merge key
    "s: !!set {a, b}\no: !!omap [{a: 1}]\nbin: !!binary aGVsbG8=\n",
    "[a, b]: 1\n",                                         # an unhashable key
    "a: {b: 1, b: 2}\nc: 1\nc: 2\n",                       # two duplicates, the outer one last
    "t: !inconnu x\n",
    "n: " + "[" * 400 + "]" * 400 + "\n",
]


@pytest.mark.parametrize("text", [*_ODD_DOCUMENTS, *(p.read_text(encoding="utf-8") for p in (
    _DATA / "dossier-v2.yaml", _DATA / "v1" / "demo-v1.yaml", _DATA / "livret" / "dossier.yaml"))])
def test_the_direct_walk_gives_pyyamls_data_or_its_error(text: str) -> None:
    """The strict loader walks plain documents itself (speed); the result, or the refusal, is PyYAML's."""
    import yaml

    from vae_toolkit.storage import yamlio

    class PyYamlOnly(yamlio._StrictLoader):
        construct_document = yaml.constructor.BaseConstructor.construct_document

    def outcome(loader: type) -> object:
        try:
            return ("data", yaml.load(text, Loader=loader))  # noqa: S506 - safe loaders
        except Exception as exc:  # noqa: BLE001 - the error itself is compared
            return ("error", type(exc), str(exc))

    assert outcome(yamlio._StrictLoader) == outcome(PyYamlOnly)
