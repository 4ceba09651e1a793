"""Export the JSON Schemas of the Better Mining models to `schemas/json/bettermining-*.schema.json`.

The pydantic models are the one source; `python -m indices.bettermining.schemas` rewrites the files and a test
regenerates them and diffs, so a model change without a schema change fails review.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from indices.bettermining.matrix import RiskMatrix
from indices.bettermining.models import CapReview, CapStatusSnapshot, CorrectiveAction, Incident
from indices.bettermining.report import Step5Report
from indices.bettermining.sources import ColumnMapping
from indices.bettermining.taxonomy import RiskTaxonomy
from passport.sites import MineSite

MODELS: dict[str, type[BaseModel]] = {
    "mine-site": MineSite,
    "incident": Incident,
    "corrective-action": CorrectiveAction,
    "cap-review": CapReview,
    "cap-status-snapshot": CapStatusSnapshot,
    "risk-taxonomy": RiskTaxonomy,
    "risk-matrix": RiskMatrix,
    "column-mapping": ColumnMapping,
    "step5-report": Step5Report,
}
SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas" / "json"


def schema_documents() -> dict[str, str]:
    """File name → schema text, exactly as written to disk."""
    documents = {}
    for name, model in MODELS.items():
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                  "$id": f"bettermining-{name}.schema.json", **model.model_json_schema()}
        documents[f"bettermining-{name}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return documents


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, text in schema_documents().items():
        path = directory / file_name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_schemas():
        print(path)
