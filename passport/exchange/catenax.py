"""Catena-X battery pass aspect 6.1.0: our passport <-> one `BatteryPass` document.

Spec: eclipse-tractusx/sldt-semantic-models @ 9adcc37, `io.catenax.battery.battery_pass/6.1.0/gen/
BatteryPass-schema.json` (vendored in `schemas/exchange/catenax-6.1.0`). Its units are those its descriptions
state (power in W, energy in kWh, capacity in Ah, resistance in ohm, mass with an explicit unit code), which are
ours. Catena-X identifies parties and sites by Business Partner Numbers (BPNL/BPNA), which our model does not hold:
those attributes stay unmapped and an export names them as missing.
"""

from __future__ import annotations

from passport.exchange.table import DATETIME, DECIMAL, Const, Each, Keyed, Rule, Table, codes

NAME = "catenax-6.1"
TITLE = "Catena-X battery pass 6.1.0"
ASPECT_URN = "urn:samm:io.catenax.battery.battery_pass:6.1.0#BatteryPass"
SCHEMA = ("catenax-6.1.0", "BatteryPass-schema.json")

CATEGORY = codes({"lmt": "LMT", "ev": "EV", "industrial": "industrial", "portable": "portable", "sli": "SLI"},
                 "Catena-X identification.category")
STATUS = codes({"original": "original", "repurposed": "repurposed", "reused": "re-used",
                "remanufactured": "remanufactured", "waste": "waste"}, "Catena-X sustainability.status")
#: Our Annex II(4) stages, named as the Catena-X description suggests ("raw material acquisition and
#: pre-processing", "main product production", ...).
STAGE = codes({"raw_material_acquisition": "raw material acquisition and pre-processing",
               "main_product_production": "main product production",
               "distribution": "distribution",
               "end_of_life_and_recycling": "end of life and recycling"}, "Catena-X footprint lifecycle")
TOTAL = "total"
CF_UNIT = "kg CO2e/kWh"
CF_TYPE = "Climate Change Total"

G = "generalProductInformation"
P = "performanceAndDurability"
B = f"{P}.batteryCondition"
RATED = "performance/rated"
DYN = "performance/dynamic"

TABLE: Table = (
    Rule(f"{G}.uniqueIdentifier", "identification/idDmc", "1(a)", note="the identifier the data carrier encodes"),
    Rule(f"{G}.batteryCategory", "identification/category", "1(a)", CATEGORY),
    Rule("materialComposition.chemistry", "identification/chemistry", "1(b)"),
    Rule(f"{G}.batteryModel", "identification/identification/type/nameAtManufacturer", "1(a)"),
    Keyed(f"{G}.serialNumber", "identification/identification/serial", "key", "partInstanceId", "value", "1(a)"),
    Keyed(f"{G}.batchNumber", "identification/identification/batch", "key", "batchId", "value", "1(a)"),
    Rule(f"{G}.dateOfManufacture", "operation/manufacturer/manufacturingDate", "1(a)"),
    Rule(f"{G}.dateOfPlacingOnMarket", "commercial/placedOnMarket", "1(a)"),
    Rule(f"{G}.weightKg", "characteristics/physicalDimension/weight/value", "1(a)", DECIMAL),
    Const("characteristics/physicalDimension/weight/unit", "unit:kilogram"),
    Rule(f"{P}.calendarLifeWarrantyMonths", "characteristics/warranty/lifeValue", "1(m)", DECIMAL),
    Const("characteristics/warranty/lifeUnit", "unit:month"),
    Rule(f"{G}.batteryStatus", "sustainability/status", "4(c)", STATUS),
    Keyed("carbonFootprint.totalKgCo2ePerKwh", "sustainability/carbonFootprint", "lifecycle", TOTAL, "value", "1(c)",
          DECIMAL),
    Each("carbonFootprint.lifeCycleStages", "sustainability/carbonFootprint", "1(c)", (
        Rule("lifeCycleStage", "lifecycle", "1(c)", STAGE),
        Rule("kgCo2ePerKwh", "value", "1(c)", DECIMAL),
        Const("unit", CF_UNIT),
        Const("type", CF_TYPE)), exclude=("lifecycle", TOTAL)),
    Rule(f"{P}.ratedCapacityAh", f"{RATED}/capacity/value", "1(g)", DECIMAL),
    Rule(f"{P}.capacityThresholdForExhaustionPercent", f"{RATED}/capacity/thresholdExhaustion", "1(k)", DECIMAL),
    Rule(f"{P}.ratedEnergyKwh", f"{RATED}/energy/value", "1(g)", DECIMAL),
    Rule(f"{P}.minimumVoltageV", f"{RATED}/voltage/min", "1(h)", DECIMAL),
    Rule(f"{P}.maximumVoltageV", f"{RATED}/voltage/max", "1(h)", DECIMAL),
    Rule(f"{P}.nominalVoltageV", f"{RATED}/voltage/nominal", "1(h)", DECIMAL),
    Rule(f"{P}.originalPowerCapabilityW", f"{RATED}/power/value", "1(i)", DECIMAL),
    Rule(f"{P}.initialRoundTripEfficiencyPercent", f"{RATED}/roundTripEfficiency/initial", "1(n)", DECIMAL),
    Rule(f"{P}.roundTripEfficiencyAt50PercentCycleLifePercent", f"{RATED}/roundTripEfficiency/50PercentLife",
         "1(n)", DECIMAL),
    Rule(f"{P}.internalCellResistanceOhm", f"{RATED}/resistance/cell", "1(o)", DECIMAL),
    Rule(f"{P}.internalPackResistanceOhm", f"{RATED}/resistance/pack", "1(o)", DECIMAL),
    Rule(f"{P}.idleTemperatureRange.lowerCelsius", f"{RATED}/temperature/lower", "1(l)", DECIMAL),
    Rule(f"{P}.idleTemperatureRange.upperCelsius", f"{RATED}/temperature/upper", "1(l)", DECIMAL),
    Rule(f"{P}.expectedLifetimeCycles", f"{RATED}/lifetime/cycleLifeTesting/cycles", "1(j)", DECIMAL),
    Rule(f"{B}.stateOfChargePercent", f"{DYN}/stateOfCharge/value", "4(d)", DECIMAL),
    Rule(f"{B}.measuredAt", f"{DYN}/stateOfCharge/time", "4(d)", DATETIME),
    Rule(f"{B}.fullEquivalentCycles", f"{DYN}/fullCycles/value", "4(d)", DECIMAL),
    Rule(f"{B}.measuredAt", f"{DYN}/fullCycles/time", "4(d)", DATETIME),
    Rule(f"{B}.remainingCapacityAh", f"{DYN}/capacity/capacity/value", "4(b)", DECIMAL),
    Rule(f"{B}.measuredAt", f"{DYN}/capacity/capacity/time", "4(b)", DATETIME),
    Rule(f"{B}.remainingPowerCapabilityW", f"{DYN}/power/remaining/value", "4(b)", DECIMAL),
    Rule(f"{B}.measuredAt", f"{DYN}/power/remaining/time", "4(b)", DATETIME),
    Rule(f"{B}.remainingRoundTripEfficiencyPercent", f"{DYN}/roundTripEfficiency/remaining/value", "4(b)", DECIMAL),
    Rule(f"{B}.measuredAt", f"{DYN}/roundTripEfficiency/remaining/time", "4(b)", DATETIME),
    Rule(f"{B}.energyThroughputKwh", f"{DYN}/energy/throughput/value", "4(d)", DECIMAL),
    Rule(f"{B}.measuredAt", f"{DYN}/energy/throughput/time", "4(d)", DATETIME),
    Each("materialComposition.criticalRawMaterials", "materials/composition", "1(b)", (
        Rule("materialName", "id/0/name", "1(b)"),
        Rule("casNumber", "id/0/id", "1(b)"),
        Const("id/0/type", "CAS"),
        Rule("massFractionPercent", "concentration", "1(b)", DECIMAL),
        Const("unit", "unit:percent")), where=("critical", True)),
    Each("materialComposition.hazardousSubstances", "materials/hazardous/other", "1(a)", (
        Rule("substanceName", "materialIdentification/0/name", "1(a)"),
        Rule("casNumber", "materialIdentification/0/id", "1(a)"),
        Const("materialIdentification/0/type", "CAS"),
        Rule("concentrationPercent", "concentration", "1(a)", DECIMAL),
        Const("materialUnit", "unit:percent"),
        Rule("location", "location", "1(a)"))),
    Rule("labelsAndConformity.declarationOfConformity.declarationId", "conformity/declarationOfConformityId", "1(r)"),
    Each("circularity.spareParts.parts", "handling/content/sparePart", "2(b)", (
        Rule("partDescription", "nameAtManufacturer", "2(b)"),
        Rule("partNumber", "manufacturerPartId", "2(b)"))),
)

#: Their attributes with no counterpart in our model, and why.
UNMAPPED_THEIRS: dict[str, str] = {
    "operation/manufacturer/manufacturer": "a BPNL; we identify parties by LEI, EORI, GLN, VAT or DUNS",
    "operation/manufacturer/facility[]": "BPNAs; we identify the facility by GLN or name",
    "metadata": "passport metadata as Catena-X issues it (UUID passport id, BPNL operator, expiry): ours is the "
                "credential envelope",
    "sustainability/carbonFootprint[]/rulebook[]": "we name the methodology in one text",
    "sustainability/carbonFootprint[]/manufacturingPlant[]": "BPNAs",
    "sustainability/carbonFootprint[]/declaration[]": "ours is a declaration id and a study URL",
    "sustainability/documents": "document links; ours are texts (end-of-life information)",
    "materials/active": "one 'recycled' share per element: ours splits pre- and post-consumer shares",
    "materials/composition[]/documentation|recycled|location|renewable": "per material: not in our model",
    "materials/hazardous/cadmium|mercury|lead": "named slots; ours lists hazardous substances by CAS number "
                                                "(exported under materials/hazardous/other)",
    "safety": "document links and fire classes; ours are texts",
    "sources[]": "document links by category",
    "characteristics/physicalDimension/height|length|width": "not in our model",
    "performance/rated/power/at20SoC|at80SoC": "per state of charge; ours is one value",
    "performance/dynamic/energy/soce": "SOCE; ours is state of health by capacity",
    "commercial/purpose[]": "not in our model",
    "handling/applicable": "not in our model",
    "handling/content/producer[]": "BPNLs",
}
