"""Shared fixtures: the référentiel, fresh and demo dossiers, and the ``vae`` command run for real."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.referentiels import load_referentiel

if TYPE_CHECKING:
    from _servers import AppServer

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard's index (and any other cache) in a folder of this run, never in the tester's home."""
    folder = tmp_path_factory.mktemp("cache")
    os.environ["VAE_CACHE"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def ref() -> Referentiel:
    return load_referentiel("RNCP39644")


@pytest.fixture
def new_folder(tmp_path: Path) -> Path:
    """A freshly initialised, empty dossier."""
    from vae_toolkit.storage.dossier import init_dossier

    return init_dossier(tmp_path / "candidat", "Martin", "Léa", "RNCP39644")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo dossier written once per session; copy it (``demo_folder``) before changing it."""
    from vae_toolkit.demo import write_demo

    return write_demo(tmp_path_factory.mktemp("demo") / "dossier-demo")


@pytest.fixture(scope="module")
def module_demo_folder(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo dossier shared by the tests of one module (e.g. behind one running app)."""
    import shutil

    target = tmp_path_factory.mktemp("module-demo") / "dossier"
    shutil.copytree(demo_template, target)
    return target


@pytest.fixture(scope="module")
def demo_app(module_demo_folder: Path) -> Iterator[AppServer]:
    """``vae app`` on the module's copy of the demo dossier, for the real-browser tests; stopped by its PID."""
    from _browser import running_app

    with running_app(module_demo_folder) as running:
        yield running


@pytest.fixture
def demo_folder(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo dossier that a test may modify."""
    import shutil

    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    return target


@pytest.fixture
def vae() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real ``vae`` command in a subprocess: ``vae("check", path)``."""

    def run(*args: str | Path, check: bool = False, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        return subprocess.run(
            [sys.executable, "-m", "vae_toolkit", *map(str, args)],
            capture_output=True, text=True, encoding="utf-8", env=env, timeout=timeout, check=check,
        )

    return run


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built once as a wheel (``pip wheel --no-deps``), as a user's ``pip install .`` would build it."""
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return next(out.glob("vae_toolkit-*.whl"))


@pytest.fixture(scope="session")
def installed_python(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Python of a fresh venv with the wheel installed non-editable (dependencies borrowed read-only from ours)."""
    import sysconfig
    import venv

    target = tmp_path_factory.mktemp("installed") / "venv"
    venv.EnvBuilder(with_pip=True).create(target)
    python = target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "zz_borrowed_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python
