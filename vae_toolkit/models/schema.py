"""JSON Schema of the stored formats, generated from the models and committed (a test keeps it in sync).

Regenerate with ``python -m vae_toolkit.models.schema``.
"""

from __future__ import annotations

import json
from pathlib import Path

from vae_toolkit.models.dossier import SCHEMA_VERSION, Dossier

SCHEMA_DIR = Path(__file__).parent / "schemas"


def dossier_schema() -> dict:
    schema = Dossier.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"vae-toolkit/dossier.v{SCHEMA_VERSION}.json"
    return schema


def schema_text(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas() -> list[Path]:
    """Write the current format's schema; the schemas of earlier formats stay as committed (history)."""
    target = SCHEMA_DIR / f"dossier.v{SCHEMA_VERSION}.json"
    target.write_text(schema_text(dossier_schema()), encoding="utf-8")
    return [target]


if __name__ == "__main__":
    for path in write_schemas():
        print(path)
