"""Validation: useful errors with JSON pointers, the Regulation's rules, and no input values in messages."""

from __future__ import annotations

import json

import pytest

from passport.errors import InputError
from passport.model import Passport, PassportCreate, parse_passport

from tests.model.conftest import load_example, with_id


def errors_for(data: dict, model=Passport) -> list[dict]:
    with pytest.raises(InputError) as caught:
        parse_passport(data, model=model)
    assert caught.value.code == "INVALID_PASSPORT"
    assert caught.value.details["pointer"] == caught.value.details["errors"][0]["pointer"]
    return caught.value.details["errors"]


@pytest.fixture
def ev() -> dict:
    return with_id(load_example("nmc811-ev-pack"))


def test_a_wrong_type_is_reported_at_its_pointer(ev):
    ev["performanceAndDurability"]["ratedCapacityAh"] = "lots"
    assert [(e["pointer"], e["type"]) for e in errors_for(ev)] == [
        ("/performanceAndDurability/ratedCapacityAh", "decimal_parsing")]


def test_a_missing_field_inside_a_list_is_reported_with_its_index(ev):
    del ev["materialComposition"]["hazardousSubstances"][1]["casNumber"]
    assert [(e["pointer"], e["type"]) for e in errors_for(ev)] == [
        ("/materialComposition/hazardousSubstances/1/casNumber", "missing")]


def test_a_cas_number_with_a_wrong_check_digit_is_refused(ev):
    ev["materialComposition"]["criticalRawMaterials"][0]["casNumber"] = "7440-02-1"
    assert [(e["pointer"], e["type"]) for e in errors_for(ev)] == [
        ("/materialComposition/criticalRawMaterials/0/casNumber", "cas_number_check_digit")]


def test_critical_raw_materials_at_or_below_the_threshold_are_refused(ev):
    ev["materialComposition"]["criticalRawMaterials"][0]["massFractionPercent"] = "0.1"
    assert [e["type"] for e in errors_for(ev)] == ["greater_than"]


def test_unknown_attributes_are_refused(ev):
    ev["circularity"]["colour"] = "blue"
    assert [(e["pointer"], e["type"]) for e in errors_for(ev)] == [("/circularity/colour", "extra_forbidden")]


@pytest.mark.parametrize(("mutate", "pointer"), [
    (lambda d: d["performanceAndDurability"].update(minimumVoltageV="500"), "/performanceAndDurability/nominalVoltageV"),
    (lambda d: d["carbonFootprint"].update(totalKgCo2ePerKwh="0.0500"), "/carbonFootprint/totalKgCo2ePerKwh"),
    (lambda d: d["carbonFootprint"]["lifeCycleStages"][3].update(lifeCycleStage="distribution"),
     "/carbonFootprint/lifeCycleStages"),
    (lambda d: d["circularity"]["recycledContent"][0].update(postConsumerSharePercent="95"),
     "/circularity/recycledContent/0/postConsumerSharePercent"),
    (lambda d: d["performanceAndDurability"]["idleTemperatureRange"].update(lowerCelsius="70"),
     "/performanceAndDurability/idleTemperatureRange/upperCelsius"),
    (lambda d: d["generalProductInformation"].pop("serialNumber") and d["generalProductInformation"].pop("batchNumber"),
     "/generalProductInformation/serialNumber"),
    (lambda d: d.pop("carbonFootprint"), "/carbonFootprint"),
    (lambda d: d["materialComposition"]["detailedComposition"].pop(1), "/materialComposition/detailedComposition"),
])
def test_rules_of_the_regulation_point_at_the_field_they_concern(ev, mutate, pointer):
    mutate(ev)
    errors = errors_for(ev)
    assert [(e["pointer"], e["type"]) for e in errors] == [(pointer, "passport_rule")]


def test_a_repurposed_ev_battery_needs_no_carbon_footprint(ev):
    ev.pop("carbonFootprint")
    ev["generalProductInformation"]["batteryStatus"] = "repurposed"
    assert parse_passport(ev).carbon_footprint is None


def test_errors_never_echo_input_values(ev):
    ev["performanceAndDurability"]["batteryCondition"]["stateOfHealthPercent"] = "SECRET-431"
    ev["testReports"][0]["testResult"] = "SECRET-432"
    with pytest.raises(InputError) as caught:
        parse_passport(ev)
    assert "SECRET" not in json.dumps(caught.value.to_dict()) and "SECRET" not in str(caught.value)


def test_the_identifier_is_required_in_a_passport_but_not_in_a_create_request():
    data = load_example("lfp-industrial-storage")
    assert [(e["pointer"], e["type"]) for e in errors_for(data)] == [("/id", "missing")]
    assert parse_passport(data, model=PassportCreate).id is None


def test_decimals_keep_the_issuers_digits_and_numbers_are_accepted_on_input(ev):
    ev["performanceAndDurability"]["ratedEnergyKwh"] = 75.0
    passport = parse_passport(ev)
    dumped = passport.model_dump(mode="json")
    assert dumped["performanceAndDurability"]["ratedEnergyKwh"] == "75.0"
    assert dumped["performanceAndDurability"]["internalCellResistanceOhm"] == "0.0012"
    assert dumped["carbonFootprint"]["totalKgCo2ePerKwh"] == "0.0402"


def test_decimals_are_written_without_exponents(ev):
    ev["performanceAndDurability"]["originalPowerCapabilityW"] = "2.5E+5"
    ev["performanceAndDurability"]["internalCellResistanceOhm"] = "1.2E-7"
    dumped = parse_passport(ev).model_dump(mode="json", by_alias=True)["performanceAndDurability"]
    assert (dumped["originalPowerCapabilityW"], dumped["internalCellResistanceOhm"]) == ("250000", "0.00000012")


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_refused(ev, bad):
    ev["generalProductInformation"]["weightKg"] = bad
    assert [e["pointer"] for e in errors_for(ev)] == ["/generalProductInformation/weightKg"]
