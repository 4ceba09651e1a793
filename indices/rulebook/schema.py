"""The rulebook JSON Schema, generated from the model. Regenerate with `python -m indices.rulebook.schema`;
a test diffs the committed `schemas/json/rulebook.schema.json`."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from indices.rulebook.model import Rulebook

SCHEMA_FILE = "rulebook.schema.json"
SCHEMA_ID = "https://w3id.org/battery-passport/schema/v1/" + SCHEMA_FILE
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def rulebook_schema() -> dict[str, Any]:
    return {"$schema": DIALECT, "$id": SCHEMA_ID, **Rulebook.model_json_schema(mode="validation")}


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_schema(root: Path | None = None) -> Path:
    path = (root or Path(str(files("schemas") / "json"))) / SCHEMA_FILE
    path.write_text(render(rulebook_schema()), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_schema())
