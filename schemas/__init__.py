"""Shipped data that defines formats: JSON Schemas (`json/`) and JSON-LD contexts (`contexts/`).

Loaded through these functions so code never depends on the current directory.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

from passport.errors import NotFoundError

ROOT = files(__name__)


@lru_cache(maxsize=None)
def load_json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema `schemas/json/<name>.schema.json`."""
    resource = ROOT / "json" / f"{name}.schema.json"
    if not resource.is_file():
        raise NotFoundError(f"no JSON Schema named {name!r}", details={"file": f"schemas/json/{name}.schema.json"})
    return json.loads(resource.read_text(encoding="utf-8"))


def json_schema_names() -> list[str]:
    return sorted(p.name.removesuffix(".schema.json") for p in (ROOT / "json").iterdir() if p.name.endswith(".schema.json"))
