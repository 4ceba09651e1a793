"""The committed JSON Schema of VerificationResult is what the model generates, and results validate against it."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema

from passport.credentials import verify
from passport.credentials.schema import FILE_NAME, render, verification_result_schema
from tests.credentials.conftest import NOW


def test_committed_schema_is_regenerated_identically():
    committed = (files("schemas") / "json" / FILE_NAME).read_text(encoding="utf-8")
    assert committed == render(verification_result_schema()), "run `python -m passport.credentials.schema`"


def test_results_validate_against_the_schema(signed, loader):
    validator = jsonschema.Draft202012Validator(verification_result_schema())
    good = json.loads(verify(signed, loader=loader, now=NOW).model_dump_json())
    signed["proof"]["proofValue"] = "u0"
    bad = json.loads(verify(signed, loader=loader, now=NOW).model_dump_json())
    for data in (good, bad, json.loads(verify(42).model_dump_json())):
        validator.validate(data)
    assert good["verified"] and not bad["verified"] and bad["errors"]
