"""The upgrade steps of ``dossier.yaml``, one per format version: ``STEPS[v]`` turns format v into v + 1.

Each step is a pure function on the raw mapping read from YAML (it never touches the disk); the chain is
run on read by :func:`vae_toolkit.storage.upgrade.upgrade`, and the upgraded dossier is written at the next
save, the old bytes going to ``historique/`` first. To add format v3: write ``v2_to_v3`` here, add it to
``STEPS``, raise ``SCHEMA_VERSION`` in the model and commit the new JSON Schema; every earlier file then
reaches v3 through v2.
"""

from __future__ import annotations

from typing import Any

from vae_toolkit.storage.upgrade import Step


def v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Format 2: a situation names several experiences (``experience_ids`` replaces ``experience_id``).

    Nothing else of a v1 file changes meaning; the new fields (main compétence, periods of an experience,
    settings, gender of labels) start empty and take their documented defaults.
    """
    situations = data.get("situations")
    if not isinstance(situations, list):
        return data
    upgraded = []
    for item in situations:
        if isinstance(item, dict) and "experience_id" in item:
            item = dict(item)
            ident = item.pop("experience_id")
            item["experience_ids"] = [ident] if ident not in (None, "") else []
        upgraded.append(item)
    return {**data, "situations": upgraded}


TYPOLOGIES_V2_TO_V3 = {"independant": "travailleur_non_salarie"}
"""Typologies of format 2 renamed to France VAE's wording in format 3 (the other values are kept)."""


def v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Format 3: the candidate's part of the dossier de faisabilité (``faisabilite``), empty until filled in,
    and France VAE's 18 typologies (« indépendant » becomes « travailleur non salarié »).
    """
    profil = data.get("profil")
    if isinstance(profil, dict) and profil.get("typologie") in TYPOLOGIES_V2_TO_V3:
        data = {**data, "profil": {**profil, "typologie": TYPOLOGIES_V2_TO_V3[profil["typologie"]]}}
    return dict(data)


STEPS: dict[int, Step] = {1: v1_to_v2, 2: v2_to_v3}
"""Every step from the oldest format read (1) to the current one."""
