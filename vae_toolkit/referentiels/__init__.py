"""Référentiel data files, one per certification (``<CODE>.yaml``), loaded into validated models."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml
from pydantic import ValidationError

from vae_toolkit.errors import UnknownCertificationError, VaeError
from vae_toolkit.models.messages import problems_from
from vae_toolkit.models.referentiel import Referentiel

DEFAULT_CODE = "RNCP39644"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def available_codes() -> list[str]:
    """Codes of every certification shipped with the toolkit."""
    root = resources.files(__package__)
    return sorted(p.name.removesuffix(".yaml") for p in root.iterdir() if p.name.endswith(".yaml"))


@lru_cache(maxsize=None)
def load_referentiel(code: str = DEFAULT_CODE) -> Referentiel:
    """The référentiel for ``code`` (e.g. ``RNCP39644``), validated; cached for the process."""
    code = code.strip().upper()
    resource = resources.files(__package__) / f"{code}.yaml"
    if not resource.is_file():
        known = ", ".join(available_codes())
        raise UnknownCertificationError(f"Certification inconnue : {code}. Référentiels disponibles : {known}.")
    data = yaml.load(resource.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a safe loader
    try:
        return Referentiel.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(f"{p.where} : {p.message}" for p in problems_from(exc))
        raise VaeError(f"Le référentiel {code} livré avec vae-toolkit est invalide : {details}") from None
