"""IDTA 02035 Digital Battery Passport for the Asset Administration Shell: the Battery Pass 1.2.0 document set as an
AAS V3.0 environment (JSON serialization), built and read with the Eclipse BaSyx Python SDK.

Spec: IDTA 02035-1..7 (admin-shell-io/submodel-templates, `published/Digital Battery Passport/`) derive their
elements from the Battery Pass 1.2.0 aspects. Each submodel carries its part's semantic id
(`urn:samm:io.admin-shell.idta.batterypass.<part>:1.0.0#<Aspect>`); each element carries the SAMM URN of the
Battery Pass 1.2.0 property it holds (`urn:samm:io.BatteryPass.<Namespace>:1.2.0#<property>`), so a reader finds
an element by the same semantic id whichever submodel it sits in. Objects are SubmodelElementCollections, lists
SubmodelElementLists, values Properties typed xs:string, xs:double, xs:integer or xs:boolean.
"""

from __future__ import annotations

import io
import json
import uuid
from typing import Any

from passport.errors import InputError
from passport.exchange import batterypass as bp

NAME = "aas-idta-02035"
TITLE = "IDTA 02035 Digital Battery Passport (AAS V3.0)"

_IDTA = "urn:samm:io.admin-shell.idta.batterypass."
#: IDTA 02035 part -> (submodel idShort, submodel semantic id).
NAMEPLATE = ("BatteryNameplate", f"{_IDTA}digital_nameplate:1.0.0#BatteryNameplate")
HANDOVER = ("HandoverDocumentation", f"{_IDTA}handover_documentation:1.0.0#HandoverDocumentation")
CARBON = ("CarbonFootprintBattery", f"{_IDTA}carbon_footprint:1.0.0#CarbonFootprintBattery")
TECHNICAL = ("TechnicalData", f"{_IDTA}technical_data:1.0.0#TechnicalData")
CONDITION = ("ProductCondition", f"{_IDTA}product_condition:1.0.0#ProductCondition")
COMPOSITION = ("MaterialComposition", f"{_IDTA}material_composition:1.0.0#MaterialComposition")
CIRCULARITY = ("Circularity", f"{_IDTA}circularity:1.0.0#Circularity")
SUBMODELS = (NAMEPLATE, HANDOVER, CARBON, TECHNICAL, CONDITION, COMPOSITION, CIRCULARITY)

#: (Battery Pass aspect, top-level property or None for all) -> IDTA 02035 part.
_PLACEMENT: dict[tuple[str, str | None], tuple[str, str]] = {
    (bp.GPI, None): NAMEPLATE, (bp.LAB, None): NAMEPLATE, (bp.SCDD, None): HANDOVER, (bp.CF, None): CARBON,
    (bp.PERF, "batteryTechicalProperties"): TECHNICAL, (bp.PERF, "batteryCondition"): CONDITION,
    (bp.MAT, None): COMPOSITION, (bp.CIRC, None): CIRCULARITY,
}


def _namespace(aspect: str) -> str:
    """`urn:samm:io.BatteryPass.Labels:1.2.0#` for Labeling: the aspect's SAMM namespace."""
    return bp.ASPECTS[aspect][0].split("#")[0] + "#"


def _aspect_of(semantic_id: str) -> str | None:
    for aspect in bp.ASPECTS:
        if semantic_id.startswith(_namespace(aspect)):
            return aspect
    return None


def environment(documents: dict[str, Any], *, passport_id: str) -> dict[str, Any]:
    """The AAS V3.0 environment (JSON) of a Battery Pass document set, for the battery `passport_id`."""
    from basyx.aas import model  # lazy: the BaSyx SDK (heavy: lxml, its object model) only for AAS exchange
    from basyx.aas.adapter.json import object_store_to_json  # lazy: as above

    elements: dict[tuple[str, str], list[Any]] = {part: [] for part in SUBMODELS}
    for aspect, document in documents.items():
        for key, value in document.items():
            part = _PLACEMENT.get((aspect, key)) or _PLACEMENT[(aspect, None)]
            element = _element(model, key, value, _namespace(aspect))
            if element is not None:
                elements[part].append(element)
    store: Any = model.DictIdentifiableStore()
    references = set()
    for (id_short, semantic_id), members in elements.items():
        if not members:
            continue
        submodel = model.Submodel(_id(passport_id, id_short), members, id_short=id_short,
                                  semantic_id=_reference(model, semantic_id))
        store.add(submodel)
        references.add(model.ModelReference.from_referable(submodel))
    shell = model.AssetAdministrationShell(
        model.AssetInformation(model.AssetKind.INSTANCE, global_asset_id=passport_id), _id(passport_id, "aas"),
        id_short="BatteryPassport", submodel=references)
    store.add(shell)
    return json.loads(object_store_to_json(store))


def _id(passport_id: str, part: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{passport_id}#{part}')}"


def _reference(model: Any, semantic_id: str) -> Any:
    return model.ExternalReference((model.Key(model.KeyTypes.GLOBAL_REFERENCE, semantic_id),))


def _element(model: Any, key: str | None, value: Any, namespace: str) -> Any:
    semantic = _reference(model, namespace + key) if key else None
    if isinstance(value, dict):
        members = [e for k, v in value.items() if (e := _element(model, k, v, namespace)) is not None]
        return model.SubmodelElementCollection(key, members, semantic_id=semantic)
    if isinstance(value, list):
        if not value:
            return None
        items = [_element(model, None, v, namespace) for v in value]
        kind = type(items[0])
        extra = {"value_type_list_element": items[0].value_type} if kind is model.Property else {}
        return model.SubmodelElementList(key, kind, items, semantic_id=semantic, **extra)
    value_type = bool if isinstance(value, bool) else int if isinstance(value, int) else \
        float if isinstance(value, float) else str
    return model.Property(key, value_type, value, semantic_id=semantic)


def read_environment(document: Any) -> dict[str, Any]:
    """A Battery Pass document set from an AAS V3.0 environment (JSON): every element whose semantic id is a
    Battery Pass 1.2.0 property goes back to its aspect. Raises InputError naming what the SDK refused."""
    from basyx.aas import model  # lazy: the BaSyx SDK (heavy: lxml, its object model) only for AAS exchange
    from basyx.aas.adapter.json import read_aas_json_file  # lazy: as above

    if not isinstance(document, dict) or not isinstance(document.get("submodels", []), list):
        raise InputError("an AAS V3.0 environment is a JSON object whose submodels are a list",
                         code="IMPORT_INVALID", details={"pointer": "" if not isinstance(document, dict)
                                                         else "/submodels"})
    try:
        store = read_aas_json_file(io.StringIO(json.dumps(document)), failsafe=False)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"not an AAS V3.0 environment: {exc}", code="IMPORT_INVALID",
                         details={"pointer": ""}) from exc
    documents: dict[str, Any] = {}
    for identifiable in store:
        if not isinstance(identifiable, model.Submodel):
            continue
        for element in identifiable.submodel_element:
            semantic = _semantic(element)
            aspect = _aspect_of(semantic) if semantic else None
            if aspect is not None:
                documents.setdefault(aspect, {})[element.id_short] = _value(model, element)
    if not documents:
        raise InputError("no submodel element carries a Battery Pass 1.2.0 semantic id", code="IMPORT_INVALID",
                         details={"pointer": "/submodels"})
    return documents


def _semantic(element: Any) -> str | None:
    reference = element.semantic_id
    return reference.key[0].value if reference is not None and reference.key else None


def _value(model: Any, element: Any) -> Any:
    if isinstance(element, model.SubmodelElementCollection):
        return {member.id_short: _value(model, member) for member in element.value}
    if isinstance(element, model.SubmodelElementList):
        return [_value(model, member) for member in element.value]
    value = element.value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)
