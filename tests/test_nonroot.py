"""French messages, never a traceback, for a user who is not root (issue 15, item 6): folders one cannot write
or enter, an unreadable history, over-long names, a read-only file system.

CI runs as root, whom no permission stops: each command here runs as ``nobody`` (``setpriv``), on folders made
for it under a world-readable temporary folder; the read-only case mounts a small tmpfs and remounts it read-only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

NOBODY = 65534
SETPRIV = shutil.which("setpriv")

pytestmark = pytest.mark.skipif(
    os.name != "posix" or not hasattr(os, "geteuid") or os.geteuid() != 0 or SETPRIV is None,
    reason="needs root and setpriv to run commands as another user (CI runs as root)",
)


@pytest.fixture
def base() -> Iterator[Path]:
    """A world-traversable folder (pytest's own tmp folders are 0700 root), where nobody can run vae."""
    folder = Path(tempfile.mkdtemp(prefix="vae-nonroot-", dir="/tmp"))
    folder.chmod(0o755)
    (folder / "home").mkdir()
    os.chown(folder / "home", NOBODY, NOBODY)
    try:
        probe = as_nobody(folder, code="import vae_toolkit.cli.main")
        if probe.returncode != 0:
            last = (probe.stderr.strip().splitlines() or ["no message"])[-1]
            reason = f"nobody cannot import vae_toolkit from this checkout (a folder on the way is private?): {last}"
            print(reason)
            pytest.skip(reason)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def as_nobody(base: Path, *args: str | Path, code: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``vae ARGS`` (or ``python -c CODE``) as nobody, with a HOME of its own."""
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "vae_toolkit", *map(str, args)]
    env = dict(os.environ, HOME=str(base / "home"), MPLCONFIGDIR=str(base / "home" / "mpl"),
               PYTHONIOENCODING="utf-8", JUPYTER_RUNTIME_DIR=str(base / "home" / "runtime"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return subprocess.run([SETPRIV, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command],
                          capture_output=True, text=True, encoding="utf-8", env=dict(env, PYTHONDONTWRITEBYTECODE="1"),
                          timeout=180, cwd=base)


def french_refusal(result: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr


def give(path: Path) -> Path:
    """Hand ``path`` (recursively) to nobody."""
    for p in [path, *path.rglob("*")]:
        os.chown(p, NOBODY, NOBODY, follow_symlinks=False)
    return path


def demo_copy(demo_template: Path, target: Path) -> Path:
    shutil.copytree(demo_template, target)
    return give(target)


def test_the_package_runs_as_nobody(base: Path) -> None:
    done = as_nobody(base, "--version")
    assert done.returncode == 0 and "vae-toolkit" in done.stdout, done.stderr


@pytest.mark.parametrize("command", ["init", "demo"])
def test_init_and_demo_under_a_folder_one_cannot_write(base: Path, command: str) -> None:
    locked = base / "verrouille"
    locked.mkdir(mode=0o755)  # root's
    extra = ["--nom", "Martin", "--prenom", "Léa"] if command == "init" else []
    result = as_nobody(base, command, locked / "candidat", *extra)
    french_refusal(result, "l’accès n’est pas autorisé")
    assert not (locked / "candidat").exists()


def test_check_on_a_folder_one_cannot_enter(base: Path, demo_template: Path) -> None:
    closed = base / "ferme"
    shutil.copytree(demo_template, closed)
    closed.chmod(0o700)  # root's, not nobody's
    french_refusal(as_nobody(base, "check", closed), "Impossible d’ouvrir le dossier", "l’accès n’est pas autorisé")
    french_refusal(as_nobody(base, "status", closed), "Impossible d’ouvrir le dossier")


def test_restore_list_with_an_unreadable_history(base: Path, demo_template: Path) -> None:
    folder = demo_copy(demo_template, base / "candidat")
    history = folder / "historique"
    history.mkdir(exist_ok=True)
    (history / "dossier-20260101T000000000000.yaml").write_bytes((folder / "dossier.yaml").read_bytes())
    give(history)
    history.chmod(0o000)
    french_refusal(as_nobody(base, "restore", folder, "--list"), "Impossible de lire l’historique")


def test_export_into_a_folder_one_cannot_write_and_with_an_overlong_name(base: Path, demo_template: Path) -> None:
    folder = demo_copy(demo_template, base / "candidat")
    locked = base / "verrouille"
    locked.mkdir(mode=0o755)
    french_refusal(as_nobody(base, "export", folder, "--format", "html", "-o", locked / "livret.html"),
                   "l’accès n’est pas autorisé")
    assert list(locked.iterdir()) == []
    long_name = base / ("n" * 300 + ".pdf")
    french_refusal(as_nobody(base, "export", folder, "-o", long_name), "trop long")


@pytest.fixture
def read_only(base: Path, demo_template: Path) -> Iterator[Path]:
    """A demo dossier (with one earlier version) on a tmpfs remounted read-only."""
    mount = base / "lecture-seule"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m,mode=0755", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        reason = f"cannot mount a tmpfs here ({done.stderr.strip()})"
        print(reason)
        pytest.skip(reason)
    try:
        from vae_toolkit.storage.dossier import DossierSession

        folder = mount / "candidat"
        shutil.copytree(demo_template, folder)
        session = DossierSession(folder)
        session.dossier.notes = "une modification, pour avoir une version dans l’historique"
        session.save()
        give(folder)
        done = subprocess.run(["mount", "-o", "remount,ro", str(mount)], capture_output=True, text=True)
        if done.returncode != 0:
            reason = f"cannot remount the tmpfs read-only ({done.stderr.strip()})"
            print(reason)
            pytest.skip(reason)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_read_only_file_system(base: Path, read_only: Path) -> None:
    before = {p: p.read_bytes() for p in read_only.rglob("*") if p.is_file()}
    out = base / "sortie"
    out.mkdir()
    give(out)
    # Reading and exporting elsewhere work; anything that writes in the dossier says why, in French.
    assert as_nobody(base, "check", read_only).returncode == 0
    done = as_nobody(base, "export", read_only, "--format", "html", "-o", out / "livret.html")
    assert done.returncode == 0 and (out / "livret.html").exists(), done.stderr
    french_refusal(as_nobody(base, "export", read_only, "--format", "html"), "lecture seule")
    french_refusal(as_nobody(base, "restore", read_only, "--version", "1"), "lecture seule")
    code = ("from vae_toolkit.storage.dossier import DossierSession\nfrom vae_toolkit.errors import VaeError\n"
            f"s = DossierSession({str(read_only)!r})\ns.dossier.notes = 'autre'\n"
            "try:\n    s.save()\nexcept VaeError as exc:\n    print('VaeError:', exc)\n")
    done = as_nobody(base, code=code)
    assert done.stdout.startswith("VaeError:") and "lecture seule" in done.stdout, done.stderr
    assert {p: p.read_bytes() for p in read_only.rglob("*") if p.is_file()} == before
