"""JSON Schema of `VerificationResult` (what `passport verify --json` and the API's /verify return).

Generated from the pydantic model; regenerate with `python -m passport.credentials.schema`, a test diffs it.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from passport.credentials.result import VerificationResult

SCHEMA_BASE = "https://w3id.org/battery-passport/schema/v1/"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
FILE_NAME = "verification-result.schema.json"


def verification_result_schema() -> dict[str, Any]:
    """The schema of a serialized VerificationResult (with its computed `errors`)."""
    schema = VerificationResult.model_json_schema(mode="serialization")
    return {"$schema": DIALECT, "$id": SCHEMA_BASE + FILE_NAME, **schema}


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_schema(root: Path | None = None) -> Path:
    """Write the schema under `root` (default: the package's `schemas/json/`)."""
    path = (root or Path(str(files("schemas") / "json"))) / FILE_NAME
    path.write_text(render(verification_result_schema()), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_schema())
