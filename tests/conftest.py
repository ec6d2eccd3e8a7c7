"""Shared fixtures: the référentiel, fresh and demo dossiers, and the ``vae`` command run for real."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.referentiels import load_referentiel

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"


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
