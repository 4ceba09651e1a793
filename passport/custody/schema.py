"""JSON Schemas of the custody events, generated from the pydantic models (one per EPCIS event type, plus the
EPCIS document). Regenerate with `python -m passport.custody.schema`; a test diffs the committed files.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from passport.custody.events import EVENT_TYPES, EPCISDocument
from schemas import DIALECT, write_json_schemas

SCHEMA_BASE = "https://w3id.org/battery-passport/schema/v1/"


def _file_name(model: type) -> str:
    words = re.sub(r"(?<!^)(?=[A-Z])", "-", model.__name__.replace("EPCIS", "Epcis")).lower()
    return f"custody-{words}.schema.json"


def custody_schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for each event type and the EPCIS document."""
    out = {}
    for model in (*EVENT_TYPES, EPCISDocument):
        schema = model.model_json_schema(by_alias=True, mode="validation")
        out[_file_name(model)] = {"$schema": DIALECT, "$id": SCHEMA_BASE + _file_name(model), **schema}
    return out


def write_schemas(root: Path | None = None) -> list[Path]:
    """Write every custody schema under `root` (default: the package's `schemas/json/`)."""
    return write_json_schemas(custody_schemas(), root)


if __name__ == "__main__":
    for p in write_schemas():
        print(p)
