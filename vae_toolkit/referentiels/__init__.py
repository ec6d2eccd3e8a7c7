"""Référentiel data files, one per certification (``<CODE>.yaml``), loaded into validated models.

The files shipped in this package come first; then the user's own folder (:func:`user_referentiels_dir`, where
``vae referentiel import`` writes), then the folders listed in the ``VAE_REFERENTIELS`` environment variable
(separated like ``PATH``): each adds certifications without any change to the code.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import yaml
from pydantic import ValidationError

from vae_toolkit.errors import UnknownCertificationError, VaeError
from vae_toolkit.models.messages import problems_from
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.models.trame import DEFAULT_TRAME, Trame
from vae_toolkit.referentiels.userdir import user_referentiels_dir

DEFAULT_CODE = "RNCP39644"
ENV_VAR = "VAE_REFERENTIELS"
TRAME_SUFFIX = ".trame.yaml"
"""The livret's plan of a certification: ``<CODE>.trame.yaml`` beside ``<CODE>.yaml``."""
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _folders() -> Iterator[Traversable]:
    yield resources.files(__package__)
    yield user_referentiels_dir()
    for folder in os.environ.get(ENV_VAR, "").split(os.pathsep):
        if folder.strip():
            yield Path(folder.strip()).expanduser()


def available_codes() -> list[str]:
    """Codes of every certification available: shipped with the toolkit, then from ``VAE_REFERENTIELS``."""
    codes: set[str] = set()
    for folder in _folders():
        try:
            codes.update(p.name.removesuffix(".yaml") for p in folder.iterdir()
                         if p.name.endswith(".yaml") and not p.name.endswith(TRAME_SUFFIX))
        except OSError:  # absent or unreadable folder: it adds nothing
            continue
    return sorted(codes)


_held: ContextVar[dict[str, Referentiel] | None] = ContextVar("vae_referentiels_held", default=None)


def load_referentiel(code: str = DEFAULT_CODE) -> Referentiel:
    """The référentiel for ``code`` (e.g. ``RNCP39644``), validated; cached for the process."""
    code = code.strip().upper()
    held = _held.get()
    if held is not None and code in held:
        return held[code]
    user = user_referentiels_dir()
    ref = _load(code, os.environ.get(ENV_VAR, ""), str(user), _stamp(user, code))
    if held is not None:
        held[code] = ref
    return ref


@contextmanager
def held() -> Iterator[None]:
    """Within the block (this thread only), each code is looked up once: a scan of hundreds of dossiers asks for the
    same référentiel several times per dossier, and each lookup checks the user's copy on disk. A référentiel saved
    meanwhile is read by the next lookup after the block."""
    token = _held.set({})
    try:
        yield
    finally:
        _held.reset(token)


def _stamp(user: Path, code: str) -> tuple[int, int] | None:
    """Size and mtime of the user's copy, if any: a référentiel saved by the review screen is read again."""
    try:
        st = os.stat(os.path.join(user, f"{code}.yaml"))
    except (OSError, ValueError):
        return None
    return (st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=None)
def _load(code: str, _extra_folders: str, _user_folder: str, _user_stamp: tuple[int, int] | None) -> Referentiel:
    if not code.replace("-", "").replace("_", "").isalnum():
        raise UnknownCertificationError(f"Code de certification invalide\u00a0: «\u00a0{code}\u00a0».")
    resource = next((f / f"{code}.yaml" for f in _folders() if (f / f"{code}.yaml").is_file()), None)
    if resource is None:
        known = ", ".join(available_codes())
        raise UnknownCertificationError(f"Certification inconnue : {code}. Référentiels disponibles : {known}.")
    try:
        data = yaml.load(resource.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a safe loader
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise VaeError(f"Le référentiel {code} ({resource}) est illisible\u00a0: {exc}") from None
    try:
        return Referentiel.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(f"{p.where} : {p.message}" for p in problems_from(exc))
        raise VaeError(f"Le référentiel {code} ({resource}) est invalide : {details}") from None


def load_trame(code: str = DEFAULT_CODE) -> Trame:
    """The plan of the livret for ``code``: its trame file when one ships, else the default plan."""
    return _load_trame(code.strip().upper(), os.environ.get(ENV_VAR, ""))


@lru_cache(maxsize=None)
def _load_trame(code: str, _extra_folders: str) -> Trame:
    name = f"{code}{TRAME_SUFFIX}"
    resource = next((f / name for f in _folders() if (f / name).is_file()), None)
    if resource is None:
        return DEFAULT_TRAME
    try:
        data = yaml.load(resource.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a safe loader
        return Trame.model_validate(data)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise VaeError(f"La trame {resource} est illisible\u00a0: {exc}") from None
    except ValidationError as exc:
        details = "; ".join(f"{p.where} : {p.message}" for p in problems_from(exc))
        raise VaeError(f"La trame {resource} est invalide : {details}") from None
