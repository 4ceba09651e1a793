"""IDTA 02035 Digital Battery Passport as AAS V3.0 environments: every export reads back through the BaSyx SDK's
strict JSON decoder, carries the IDTA 02035 submodel semantic ids and the Battery Pass 1.2.0 element semantic
ids, and gives back the same passport for every mapped field."""

from __future__ import annotations

import io
import json

import pytest
from basyx.aas import model
from basyx.aas.adapter.json import read_aas_json_file

from passport.errors import InputError
from passport.exchange import aas, export_passport, import_passport
from passport.exchange import batterypass as bp
from tests.exchange.helpers import EXAMPLE_NAMES, LEVELS, example, mapped_values

#: IDTA 02035-1..7 submodel semantic ids (admin-shell-io/smt-semantic-models, 1.0.0).
IDTA = {
    "BatteryNameplate": "urn:samm:io.admin-shell.idta.batterypass.digital_nameplate:1.0.0#BatteryNameplate",
    "HandoverDocumentation":
        "urn:samm:io.admin-shell.idta.batterypass.handover_documentation:1.0.0#HandoverDocumentation",
    "CarbonFootprintBattery": "urn:samm:io.admin-shell.idta.batterypass.carbon_footprint:1.0.0#CarbonFootprintBattery",
    "TechnicalData": "urn:samm:io.admin-shell.idta.batterypass.technical_data:1.0.0#TechnicalData",
    "ProductCondition": "urn:samm:io.admin-shell.idta.batterypass.product_condition:1.0.0#ProductCondition",
    "MaterialComposition": "urn:samm:io.admin-shell.idta.batterypass.material_composition:1.0.0#MaterialComposition",
    "Circularity": "urn:samm:io.admin-shell.idta.batterypass.circularity:1.0.0#Circularity",
}


def _strict_read(environment: dict) -> model.DictIdentifiableStore:
    return read_aas_json_file(io.StringIO(json.dumps(environment)), failsafe=False)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_export_is_a_valid_aas_environment_with_idta_semantic_ids(name, level):
    export = export_passport(example(name), "aas-idta-02035", level)
    store = _strict_read(export.document)
    submodels = {s.id_short: s for s in store if isinstance(s, model.Submodel)}
    shells = [s for s in store if isinstance(s, model.AssetAdministrationShell)]
    assert len(shells) == 1 and len(shells[0].submodel) == len(submodels)
    assert shells[0].asset_information.global_asset_id.endswith(example(name)["generalProductInformation"][
        "uniqueIdentifier"])
    for id_short, submodel in submodels.items():
        assert submodel.semantic_id.key[0].value == IDTA[id_short]
    expected = {"BatteryNameplate", "CarbonFootprintBattery", "TechnicalData", "MaterialComposition", "Circularity",
                "HandoverDocumentation", "ProductCondition"}
    assert set(submodels) == expected
    assert export.defects == []


def test_elements_carry_the_battery_pass_semantic_ids():
    export = export_passport(example("nmc811-ev-pack"), "aas-idta-02035", "legitimate_interest")
    store = _strict_read(export.document)
    nameplate = next(s for s in store if isinstance(s, model.Submodel) and s.id_short == "BatteryNameplate")
    mass = nameplate.get_referable("batteryMass")
    assert mass.semantic_id.key[0].value == "urn:samm:io.BatteryPass.GeneralProductInformation:1.2.0#batteryMass"
    assert mass.value_type is float and mass.value == 468.5
    condition = next(s for s in store if isinstance(s, model.Submodel) and s.id_short == "ProductCondition")
    assert condition.get_referable("batteryCondition").semantic_id.key[0].value == \
        "urn:samm:io.BatteryPass.Performance:1.2.0#batteryCondition"


def test_public_export_has_no_product_condition_values():
    export = export_passport(example("nmc811-ev-pack"), "aas-idta-02035", "public")
    text = json.dumps(export.document)
    assert "stateOfCharge" not in text and "sparePartSources" not in text and "batteryStatus" not in text


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_round_trip_gives_the_same_value_for_every_mapped_field(name):
    original = example(name)
    bp_export = export_passport(original, "batterypass-1.2", "authority")
    export = export_passport(original, "aas-idta-02035", "authority")
    back = import_passport("aas-idta-02035", json.loads(json.dumps(export.document))).passport
    via_batterypass = import_passport("batterypass-1.2", bp_export.document).passport
    assert mapped_values(back, bp.TABLE) == mapped_values(via_batterypass, bp.TABLE)
    assert sum(len(v) for v in mapped_values(back, bp.TABLE).values()) > 60


def test_not_an_environment_is_refused():
    with pytest.raises(InputError) as info:
        import_passport("aas-idta-02035", {"submodels": [{"modelType": "Submodel"}]})
    assert info.value.code == "IMPORT_INVALID"


def test_submodel_placement_covers_every_aspect():
    placed = {aspect for aspect, _key in aas._PLACEMENT}
    assert placed == set(bp.ASPECTS)


@pytest.mark.parametrize(("document", "pointer"), [
    ([], ""), ({"submodels": "x"}, "/submodels"), ({"submodels": []}, "/submodels"),
    ({"submodels": [{"modelType": "Submodel", "id": "urn:x", "submodelElements": [
        {"modelType": "Property", "idShort": "a", "valueType": "xs:double", "value": "abc"}]}]}, ""),
])
def test_malformed_environments_are_refused_by_code(document, pointer):
    with pytest.raises(InputError) as info:
        import_passport("aas-idta-02035", document)
    assert info.value.code == "IMPORT_INVALID" and info.value.details["pointer"] == pointer
