"""The statuses the analysis gives to blocs, indicators and compétences.

StrEnums: each member *is* its string, so JSON, CSV and YAML outputs keep the values they always had
(« vise », « a_etayer »…); their French labels live in :mod:`vae_toolkit.models.wording`.
"""

from __future__ import annotations

from enum import StrEnum


class BlocStatus(StrEnum):
    """Where a bloc stands in the candidate's request."""

    vise = "vise"
    dispense = "dispense"
    acquis = "acquis"
    """Validated at a jury: kept for good."""
    non_vise = "non_vise"


class Evidence(StrEnum):
    """How well an indicator is evidenced; outside the blocs aimed at, the bloc's status."""

    couvert = "couvert"
    a_etayer = "a_etayer"
    lacune = "lacune"
    non_vise = "non_vise"
    dispense = "dispense"
    acquis = "acquis"


class Readiness(StrEnum):
    """Whether a compétence is ready for the jury."""

    pret = "pret"
    a_renforcer = "a_renforcer"
    insuffisant = "insuffisant"
