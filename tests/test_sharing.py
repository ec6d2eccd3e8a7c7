"""``VAE_PARTAGE``: private modes by default, group modes for an organisation's JupyterHub, nothing else."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from vae_toolkit.app import hub
from vae_toolkit.app.server import PAGE_DATA
from vae_toolkit.errors import VaeError
from vae_toolkit.storage import history
from vae_toolkit.storage.dossier import DossierSession, dossier_file, init_dossier
from vae_toolkit.storage.review import ReviewSession, review_file
from vae_toolkit.ui.context import resolve_dossiers


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_private_by_default(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("VAE_PARTAGE", raising=False)
    folder = init_dossier(tmp_path / "lea", "Martin", "Léa", "RNCP39644")
    assert _mode(folder) == 0o700 and _mode(dossier_file(folder)) == 0o600 and _mode(folder / ".verrou") == 0o600


@pytest.mark.skipif(os.name != "posix", reason="modes POSIX")
def test_group_modes_for_every_file_the_toolkit_writes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("VAE_PARTAGE", "groupe")
    folder = init_dossier(tmp_path / "lea", "Martin", "Léa", "RNCP39644")
    session = DossierSession(folder)
    session.dossier.notes = "deuxième version"
    session.save()
    review = ReviewSession(folder)
    review.review.conseiller = "Claire"
    review.save()
    assert _mode(folder) == 0o3770 and _mode(folder / "pieces") == 0o3770
    assert _mode(dossier_file(folder)) == 0o640 and _mode(review_file(folder)) == 0o640
    assert _mode(folder / ".verrou") == 0o660
    versions = history.versions(dossier_file(folder))
    assert versions and all(_mode(v.path) == 0o640 for v in versions)
    assert _mode(history.history_dir(dossier_file(folder))) == 0o3770


def test_an_unknown_value_is_refused_in_french_and_nothing_is_written(tmp_path: Path, monkeypatch) -> None:
    folder = init_dossier(tmp_path / "lea", "Martin", "Léa", "RNCP39644")
    before = dossier_file(folder).read_bytes()
    monkeypatch.setenv("VAE_PARTAGE", "tout-le-monde")
    session = DossierSession(folder)
    session.dossier.notes = "jamais écrit"
    with pytest.raises(VaeError, match="VAE_PARTAGE vaut «.tout-le-monde.».*Rien n’a été enregistré"):
        session.save()
    assert dossier_file(folder).read_bytes() == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="changer le propriétaire demande root")
def test_a_folder_owned_by_someone_else_keeps_its_mode(tmp_path: Path, monkeypatch) -> None:
    """The counsellor writing the review never tries to change the candidate's folder."""
    folder = init_dossier(tmp_path / "lea", "Martin", "Léa", "RNCP39644")
    os.chmod(folder, 0o3770)
    os.chown(folder, 65534, -1)
    monkeypatch.setenv("VAE_PARTAGE", "prive")
    review = ReviewSession(folder)
    review.review.conseiller = "Claire"
    review.save()
    assert _mode(folder) == 0o3770


def test_pruning_leaves_the_versions_it_may_not_delete(tmp_path: Path, monkeypatch) -> None:
    folder = init_dossier(tmp_path / "lea", "Martin", "Léa", "RNCP39644")
    session = DossierSession(folder)
    for n in range(history.KEEP_RECENT + 3):
        session.dossier.notes = f"version {n}"
        session.save()

    def refused(path: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(history.os, "unlink", refused)
    session.dossier.notes = "encore une"
    session.save()  # no error: another member's versions are theirs to prune
    assert "encore une" in dossier_file(folder).read_text(encoding="utf-8")


def test_hub_environment_for_candidates_and_counsellors(tmp_path: Path) -> None:
    import pwd

    me = pwd.getpwuid(os.getuid()).pw_name
    mine = tmp_path / "groupe-nord" / me
    mine.mkdir(parents=True)
    (tmp_path / "groupe-sud").mkdir()
    pages = {"VAE_PARTAGE": "groupe", "JUPYTER_CONFIG_PATH": str(hub.PAGES_CONFIG),
             "JUPYTER_PATH": str(PAGE_DATA)}
    assert (PAGE_DATA / "voila" / "templates" / "vae-app" / "index.html.j2").is_file()
    assert hub.user_environment(tmp_path, me, []) == {**pages, "VAE_DOSSIER": str(mine)}
    assert hub.user_environment(tmp_path, "personne-de-ce-nom", []) == pages
    # An accompagnateur in two teams (both folders of one of their groups here) scans every team; in one, that team.
    assert hub.user_environment(tmp_path, me, ["accompagnateurs"]) == {
        **pages, "VAE_DOSSIERS": str(tmp_path), "VAE_CONSEILLER": hub.display_name(me)}
    (tmp_path / "groupe-sud").rmdir()
    assert hub.user_environment(tmp_path, me, ["accompagnateurs"])["VAE_DOSSIERS"] == str(tmp_path / "groupe-nord")
    assert hub.display_name("personne-de-ce-nom") == "personne-de-ce-nom"


def test_the_hub_pages_set_the_cookie_a_closed_tab_needs() -> None:
    """Every user's server reads voila.py from the folder the hub puts first in JUPYTER_CONFIG_PATH."""
    from traitlets.config import PyFileConfigLoader

    from vae_toolkit.app.server import set_xsrf_cookie

    config = PyFileConfigLoader("voila.py", path=str(hub.PAGES_CONFIG)).load_config()
    assert config.VoilaConfiguration.prelaunch_hook is set_xsrf_cookie
    assert set(config) == {"VoilaConfiguration"} and set(config.VoilaConfiguration) == {"prelaunch_hook"}


def test_the_hub_lands_on_what_vae_app_opens_first() -> None:
    from vae_toolkit.app.notebooks import COUNSELLOR_NOTEBOOK, find_notebooks_dir, start_notebook

    folder = find_notebooks_dir()
    assert hub.app_url() == f"/voila/render/vae/{start_notebook(folder).relative_to(folder).as_posix()}"
    assert (folder / COUNSELLOR_NOTEBOOK).exists()
    assert hub.counsellor_url() == "/voila/render/vae/conseiller/application.ipynb"


def test_the_dashboard_folder_comes_from_the_parameter_the_address_or_the_environment() -> None:
    env = {"VAE_DOSSIERS": "/srv/vae", "QUERY_STRING": "dossiers=%2Fsrv%2Fvae%2Fnord"}
    assert resolve_dossiers("/ici", env) == "/ici"
    assert resolve_dossiers(None, env) == "/srv/vae/nord"
    assert resolve_dossiers(None, {"VAE_DOSSIERS": "/srv/vae"}) == "/srv/vae"
    assert resolve_dossiers(None, {}) is None
