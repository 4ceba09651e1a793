"""The JSON Schemas in schemas/json/ are exactly what the pydantic models export."""

from __future__ import annotations

import json

import jsonschema

from indices.bettermining.schemas import MODELS, SCHEMA_DIR, schema_documents
from schemas import load_json_schema


def test_schemas_on_disk_match_the_models():
    documents = schema_documents()
    assert len(documents) == len(MODELS) >= 9
    for name, text in documents.items():
        path = SCHEMA_DIR / name
        assert path.is_file(), f"{name} missing: run python -m indices.bettermining.schemas"
        assert path.read_text(encoding="utf-8") == text, f"{name} is stale: run python -m indices.bettermining.schemas"


def test_the_2022_rows_validate_against_the_incident_schema(better_mining_dir):
    schema = load_json_schema("bettermining-incident")
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for row in json.loads((better_mining_dir / "incidents.json").read_text(encoding="utf-8")):
        row = {k: v for k, v in row.items()}
        row["major_breach"] = row["score_category"] == "major_breach"
        assert not list(validator.iter_errors(row)), row["id"]
    bad = {"id": "x", "date": "2022-01-01", "incident_type": "t", "score_category": "low", "risk_category": "Legality",
           "risk": "bribery"}
    assert list(validator.iter_errors(bad))


def test_the_2022_actions_validate_against_the_action_schema(better_mining_dir):
    validator = jsonschema.Draft202012Validator(load_json_schema("bettermining-corrective-action"))
    actions = json.loads((better_mining_dir / "major_breach_corrective_actions.json").read_text(encoding="utf-8"))
    assert len(actions) == 19
    for action in actions:
        assert not list(validator.iter_errors(action)), action["id"]
    assert list(validator.iter_errors({**actions[0], "status": "done"}))
