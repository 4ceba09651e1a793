"""Catena-X battery pass 6.1.0: exports of both examples at every level against the vendored schema, units and
codes written as Catena-X states them, round trips, and refused values named by pointer."""

from __future__ import annotations

import json

import pytest

from passport.errors import InputError
from passport.exchange import export_passport, import_passport
from passport.exchange import catenax as cx
from tests.exchange.helpers import EXAMPLE_NAMES, LEVELS, example, mapped_values


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_export_passes_the_published_schema_but_for_what_we_do_not_hold(name, level):
    export = export_passport(example(name), "catenax-6.1", level)
    assert [e for _, e in export.schema_errors if e.keyword != "required"] == []
    assert "catenax-6.1/metadata" in export.missing_required  # Catena-X issues its own metadata (BPNL, UUID)


def test_export_writes_catenax_codes_and_unit_codes():
    doc = export_passport(example("nmc811-ev-pack"), "catenax-6.1", "legitimate_interest").document
    assert doc["identification"]["category"] == "EV"
    assert doc["characteristics"]["physicalDimension"]["weight"] == {"value": 468.5, "unit": "unit:kilogram"}
    assert doc["characteristics"]["warranty"] == {"lifeValue": 96, "lifeUnit": "unit:month"}
    assert doc["sustainability"]["status"] == "original"
    footprint = doc["sustainability"]["carbonFootprint"]
    assert footprint[0] == {"lifecycle": "total", "value": 0.0402}
    assert footprint[1] == {"lifecycle": "raw material acquisition and pre-processing", "value": 0.0222,
                            "unit": "kg CO2e/kWh", "type": "Climate Change Total"}
    assert doc["identification"]["identification"]["serial"] == [{"key": "partInstanceId",
                                                                  "value": "EVP75-2026-000123"}]
    assert doc["performance"]["dynamic"]["stateOfCharge"] == {"value": 62.0, "time": "2026-11-20T06:30:00Z"}
    assert doc["materials"]["composition"][1] == {"id": [{"name": "Cobalt", "id": "7440-48-4", "type": "CAS"}],
                                                  "concentration": 1.5, "unit": "unit:percent", "critical": True}
    assert doc["materials"]["hazardous"]["other"][1]["materialIdentification"] == [
        {"name": "Lithium hexafluorophosphate", "id": "21324-40-3", "type": "CAS"}]


def test_public_export_has_no_battery_condition_or_status():
    doc = export_passport(example("nmc811-ev-pack"), "catenax-6.1", "public").document
    assert "dynamic" not in doc["performance"] and "status" not in doc.get("sustainability", {})
    assert "handling" not in doc


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_round_trip_gives_the_same_value_for_every_mapped_field(name):
    original = example(name)
    export = export_passport(original, "catenax-6.1", "authority")
    assert export.not_representable == ()
    back = import_passport("catenax-6.1", json.loads(json.dumps(export.document))).passport
    assert mapped_values(back, cx.TABLE) == mapped_values(original, cx.TABLE)


def test_a_weight_in_another_unit_is_refused_not_misread():
    doc = export_passport(example("nmc811-ev-pack"), "catenax-6.1", "public").document
    doc["characteristics"]["physicalDimension"]["weight"]["unit"] = "unit:gram"
    doc["identification"]["category"] = "Bus"
    with pytest.raises(InputError) as info:
        import_passport("catenax-6.1", doc)
    assert [e["pointer"] for e in info.value.details["errors"]] == [
        "/identification/category", "/characteristics/physicalDimension/weight/unit"]
