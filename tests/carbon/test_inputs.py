"""Bad input raises InputError with a stable code and the JSON pointer of the offending value."""

from __future__ import annotations

import json

import pytest

from indices.carbon import compute_footprint, load_input, load_table, parse_input
from passport.errors import InputError


def _error(data) -> InputError:
    with pytest.raises(InputError) as info:
        compute_footprint(parse_input(data))
    return info.value


@pytest.mark.parametrize(("mutate", "pointer"), [
    (lambda d: d["billOfMaterials"][2].__setitem__("massKg", -1), "/billOfMaterials/2/massKg"),
    (lambda d: d["billOfMaterials"][1].pop("material"), "/billOfMaterials/1/material"),
    (lambda d: d["functionalUnit"].__setitem__("depthOfDischarge", 1.5), "/functionalUnit/depthOfDischarge"),
    (lambda d: d["functionalUnit"].pop("expectedCycles"), "/functionalUnit/expectedCycles"),
    (lambda d: d["distribution"][1].__setitem__("distanceKm", "far"), "/distribution/1/distanceKm"),
    (lambda d: d["billOfMaterials"][3]["process"]["outputs"][1].__setitem__("priceEurPerKg", 0),
     "/billOfMaterials/3/process/outputs/1/priceEurPerKg"),
    (lambda d: d["battery"].__setitem__("category", "bicycle"), "/battery/category"),
    (lambda d: d["mainProduction"].__setitem__("unknown", 1), "/mainProduction/unknown"),
])
def test_schema_errors_name_the_json_pointer(small, mutate, pointer):
    mutate(small)
    err = _error(small)
    assert err.code == "INVALID_CARBON_INPUT"
    assert err.details["pointer"] == pointer


def test_line_with_both_factor_and_process_is_refused(small):
    small["billOfMaterials"][3]["factor"] = "copper"
    err = _error(small)
    assert (err.code, err.details["pointer"]) == ("INVALID_CARBON_INPUT", "/billOfMaterials/3")


def test_duplicate_line_ids_are_refused(small):
    small["billOfMaterials"][1]["id"] = "cam"
    assert _error(small).details["pointer"] == ""


@pytest.mark.parametrize(("mutate", "pointer", "kind"), [
    (lambda d: d["billOfMaterials"][0].__setitem__("factor", "unobtainium"), "/billOfMaterials/0/factor", "material"),
    (lambda d: d["mainProduction"]["electricity"][0].__setitem__("factor", "grid:XX"),
     "/mainProduction/electricity/0/factor", "electricity"),
    (lambda d: d["mainProduction"]["heat"][0].__setitem__("fuel", "peat"), "/mainProduction/heat/0/fuel", "fuel"),
    (lambda d: d["mainProduction"]["processEmissions"][0].__setitem__("gas", "H2O"),
     "/mainProduction/processEmissions/0/gas", "gas"),
    (lambda d: d["distribution"][0].__setitem__("mode", "teleport"), "/distribution/0/mode", "transport"),
    (lambda d: d["endOfLife"]["activities"][1].__setitem__("activity", "burial"),
     "/endOfLife/activities/1/activity", "end_of_life"),
])
def test_unknown_factor_keys_name_the_pointer(small, mutate, pointer, kind):
    mutate(small)
    err = _error(small)
    assert (err.code, err.details["pointer"], err.details["kind"]) == ("UNKNOWN_FACTOR", pointer, kind)


def test_messages_do_not_echo_values(small):
    small["battery"]["id"] = 12345
    err = _error(small)
    assert "12345" not in str(err) and err.details["pointer"] == "/battery/id"


def test_input_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "in.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_input(bad)
    assert (info.value.code, info.value.details["file"]) == ("INVALID_JSON", str(bad))
    with pytest.raises(InputError) as info:
        load_input(tmp_path / "missing.json")
    assert info.value.code == "FILE_NOT_READABLE"


def test_factor_table_errors_name_file_and_pointer(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"id": "mine", "version": "1", "kind": "material", "unit": "kg CO2e/kWh",
                                "source": {"title": "t", "publisher": "p", "url": "u", "licence": "CC0"},
                                "factors": {}}), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_table(path)
    assert (info.value.code, info.value.details["file"]) == ("INVALID_FACTOR_TABLE", str(path))
    assert info.value.details["pointer"] == "/unit"
