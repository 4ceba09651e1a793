"""Battery Pass Data Model v1.2.0 (the attribute set of DIN DKE SPEC 99100): our passport <-> its seven aspect
documents, one per SAMM aspect, as a document set `{aspect: document}`.

Spec: batterypass/BatteryPassDataModel @ 4c96de2 (`BatteryPass/io.BatteryPass.*/1.2.0/gen/*-schema.json`, vendored
in `schemas/exchange/batterypass-1.2.0`). Units are the aspects' SAMM units (`.ttl`): power in kW, energy in kWh,
mass in kg, shares in %. Where the two models say the same thing with different words, `codes(...)` maps the
code lists; where they do not say the same thing (a URI where we hold a text, a month-of-year where we hold a
warranty period), nothing is mapped and the attribute is listed in `UNMAPPED_OURS` / `UNMAPPED_THEIRS`.
"""

from __future__ import annotations

from passport.exchange.table import (
    DATE_AS_DATETIME,
    DATETIME,
    DECIMAL,
    ENGLISH_TEXT,
    Each,
    Keyed,
    Rule,
    Table,
    codes,
    scale,
)

NAME = "batterypass-1.2"
TITLE = "Battery Pass Data Model 1.2.0 (DIN DKE SPEC 99100)"

GPI = "GeneralProductInformation"
CF = "CarbonFootprintForBatteries"
CIRC = "Circularity"
LAB = "Labeling"
MAT = "MaterialComposition"
PERF = "PerformanceAndDurability"
SCDD = "SupplyChainDueDiligence"

#: Aspect name -> (SAMM aspect URN, vendored schema file).
ASPECTS: dict[str, tuple[str, str]] = {
    GPI: ("urn:samm:io.BatteryPass.GeneralProductInformation:1.2.0#GeneralProductInformation",
          "GeneralProductInformation-schema.json"),
    CF: ("urn:samm:io.BatteryPass.CarbonFootprint:1.2.0#CarbonFootprintForBatteries",
         "CarbonFootprintForBatteries-schema.json"),
    CIRC: ("urn:samm:io.BatteryPass.Circularity:1.2.0#Circularity", "Circularity-schema.json"),
    LAB: ("urn:samm:io.BatteryPass.Labels:1.2.0#Labeling", "Labeling-schema.json"),
    MAT: ("urn:samm:io.BatteryPass.MaterialComposition:1.2.0#MaterialComposition", "MaterialComposition-schema.json"),
    PERF: ("urn:samm:io.BatteryPass.Performance:1.2.0#PerformanceAndDurability",
           "PerformanceAndDurability-schema.json"),
    SCDD: ("urn:samm:io.BatteryPass.SupplyChainDueDiligence:1.2.0#SupplyChainDueDiligence",
           "SupplyChainDueDiligence-schema.json"),
}

CATEGORY = codes({"lmt": "lmt", "ev": "ev", "industrial": "industrial"}, "Battery Pass batteryCategory")
STATUS = codes({"original": "Original", "repurposed": "Repurposed", "reused": "Reused",
                "remanufactured": "Remanufactured", "waste": "Waste"}, "Battery Pass batteryStatus")
STAGE = codes({"raw_material_acquisition": "RawMaterialExtraction", "main_product_production": "MainProduction",
               "distribution": "Distribution", "end_of_life_and_recycling": "Recycling"},
              "Battery Pass lifecycleStage")
RECYCLED = codes({"cobalt": "Cobalt", "nickel": "Nickel", "lithium": "Lithium", "lead": "Lead"},
                 "Battery Pass recycledMaterial")
LABEL = codes({"separate_collection": "SeparateCollection", "hazardous_substances": "HazardousMaterial",
               "carbon_footprint_class": "CarbonFootPrint"}, "Battery Pass labelingSubject")
W_TO_KW = scale("0.001", "W -> kW")


def _address(ours: str, theirs: str, annex: str) -> tuple[Rule, ...]:
    return (Rule(f"{ours}.streetAddress", f"{theirs}/streetAddress", annex),
            Rule(f"{ours}.postalCode", f"{theirs}/postalCode", annex),
            Rule(f"{ours}.countryCode", f"{theirs}/addressCountry", annex,
                 note="ours: ISO 3166-1 alpha-2; theirs: free text"))


def _party(ours: str, theirs: str, annex: str) -> tuple[Rule, ...]:
    return (Rule(f"{ours}.legalName", f"{theirs}/contactName", annex),
            Rule(f"{ours}.identifier", f"{theirs}/identifier", annex),
            *_address(f"{ours}.postalAddress", f"{theirs}/postalAddress", annex),
            Rule(f"{ours}.email", f"{theirs}/emailAddress", annex),
            Rule(f"{ours}.website", f"{theirs}/webAddress", annex))


G = "generalProductInformation"
P = "performanceAndDurability"
C = "circularity"

TABLE: Table = (
    # GeneralProductInformation: Annex XIII 1(a)
    Rule(f"{G}.uniqueIdentifier", f"{GPI}/productIdentifier", "1(a)"),
    Rule(f"{G}.batteryCategory", f"{GPI}/batteryCategory", "1(a)", CATEGORY),
    *_party(f"{G}.manufacturer", f"{GPI}/manufacturerInformation", "1(a)"),
    *_party(f"{G}.operator", f"{GPI}/operatorInformation", "1(a)"),
    Rule(f"{G}.dateOfManufacture", f"{GPI}/manufacturingDate", "1(a)", DATE_AS_DATETIME),
    Rule(f"{G}.batteryStatus", f"{GPI}/batteryStatus", "4(c)", STATUS),
    Rule(f"{G}.weightKg", f"{GPI}/batteryMass", "1(a)", DECIMAL),
    *_address(f"{G}.placeOfManufacture.postalAddress", f"{GPI}/manufacturingPlace", "1(a)"),
    # CarbonFootprintForBatteries: 1(c)
    Rule("carbonFootprint.totalKgCo2ePerKwh", f"{CF}/batteryCarbonFootprint", "1(c)", DECIMAL),
    Each("carbonFootprint.lifeCycleStages", f"{CF}/carbonFootprintPerLifecycleStage", "1(c)", (
        Rule("lifeCycleStage", "lifecycleStage", "1(c)", STAGE),
        Rule("kgCo2ePerKwh", "carbonFootprint", "1(c)", DECIMAL))),
    Rule("carbonFootprint.performanceClass", f"{CF}/carbonFootprintPerformanceClass", "1(c)"),
    Rule("carbonFootprint.studyUrl", f"{CF}/carbonFootprintStudy", "1(c)"),
    Rule("carbonFootprint.absoluteKgCo2e", f"{CF}/absoluteCarbonFootprint", "1(c)", DECIMAL),
    # SupplyChainDueDiligence: 1(d)
    Rule("supplyChainDueDiligence.dueDiligenceReportUrl", f"{SCDD}/supplyChainDueDiligenceReport", "1(d)"),
    Rule("supplyChainDueDiligence.thirdPartyVerification.verificationReportUrl",
         f"{SCDD}/thirdPartyAussurances", "1(d)"),
    # Circularity: 1(e), 1(f), 1(a) extinguishing agents, 1(s), 2(b), 2(c)
    Each(f"{C}.recycledContent", f"{CIRC}/recycledContent", "1(e)", (
        Rule("material", "recycledMaterial", "1(e)", RECYCLED),
        Rule("preConsumerSharePercent", "preConsumerShare", "1(e)", DECIMAL),
        Rule("postConsumerSharePercent", "postConsumerShare", "1(e)", DECIMAL))),
    Rule(f"{C}.renewableContentPercent", f"{CIRC}/renewableContent", "1(f)", DECIMAL),
    Rule(f"{C}.extinguishingAgents", f"{CIRC}/safetyMeasures/extinguishingAgent", "1(a)"),
    Rule(f"{C}.endOfLifeInformation.collectionPointsUrl", f"{CIRC}/endOfLifeInformation/informationOnCollection",
         "1(s)"),
    Each(f"{C}.spareParts.sources", f"{CIRC}/sparePartSources", "2(b)", (
        Rule("legalName", "nameOfSupplier", "2(b)"),
        *_address("postalAddress", "addressOfSupplier", "2(b)"),
        Rule("email", "emailAddressOfSupplier", "2(b)"),
        Rule("website", "supplierWebAddress", "2(b)"))),
    Each(f"{C}.dismantlingInformation.explodedDiagrams", f"{CIRC}/dismantlingAndRemovalInformation", "2(c)", (
        Rule("documentUrl", "documentURL", "2(c)"),), where=("documentType", "Drawing")),
    # Labeling: 1(q), 1(r)
    Rule("labelsAndConformity.declarationOfConformity.documentUrl", f"{LAB}/declarationOfConformity", "1(r)"),
    Each("labelsAndConformity.labels", f"{LAB}/labels", "1(q)", (
        Rule("symbol", "labelingSubject", "1(q)", LABEL),
        Rule("meaning", "labelingMeaning", "1(q)", ENGLISH_TEXT),
        Rule("imageUrl", "labelingSymbol", "1(q)")), key="symbol"),
    # MaterialComposition: 1(a), 1(b)
    Rule("materialComposition.chemistry", f"{MAT}/batteryChemistry/shortName", "1(b)"),
    Each("materialComposition.criticalRawMaterials", f"{MAT}/batteryMaterials", "1(b)", (
        Rule("materialName", "batteryMaterialName", "1(b)"),
        Rule("casNumber", "batteryMaterialIdentifier", "1(b)")), where=("isCriticalRawMaterial", True)),
    Each("materialComposition.hazardousSubstances", f"{MAT}/hazardousSubstances", "1(a)", (
        Rule("substanceName", "hazardousSubstanceName", "1(a)"),
        Rule("casNumber", "hazardousSubstanceIdentifier", "1(a)"),
        Rule("concentrationPercent", "hazardousSubstanceConcentration", "1(a)", DECIMAL),
        Rule("location", "hazardousSubstanceLocation/componentName", "1(a)"))),
    # PerformanceAndDurability: 1(g)-1(p), 4(b), 4(d)
    Rule(f"{P}.ratedCapacityAh", f"{PERF}/batteryTechicalProperties/ratedCapacity", "1(g)", DECIMAL),
    Rule(f"{P}.ratedEnergyKwh", f"{PERF}/batteryTechicalProperties/ratedEnergy", "1(g)", DECIMAL),
    Rule(f"{P}.nominalVoltageV", f"{PERF}/batteryTechicalProperties/nominalVoltage", "1(h)", DECIMAL),
    Rule(f"{P}.minimumVoltageV", f"{PERF}/batteryTechicalProperties/minimumVoltage", "1(h)", DECIMAL),
    Rule(f"{P}.maximumVoltageV", f"{PERF}/batteryTechicalProperties/maximumVoltage", "1(h)", DECIMAL),
    Rule(f"{P}.maximumPermittedPowerW", f"{PERF}/batteryTechicalProperties/ratedMaximumPower", "1(i)", W_TO_KW),
    Rule(f"{P}.expectedLifetimeCycles", f"{PERF}/batteryTechicalProperties/expectedNumberOfCycles", "1(j)",
         DECIMAL),
    Rule(f"{P}.capacityThresholdForExhaustionPercent",
         f"{PERF}/batteryTechicalProperties/capacityThresholdForExhaustion", "1(k)", DECIMAL),
    Rule(f"{P}.initialRoundTripEfficiencyPercent", f"{PERF}/batteryTechicalProperties/roundtripEfficiency", "1(n)",
         DECIMAL),
    Rule(f"{P}.roundTripEfficiencyAt50PercentCycleLifePercent",
         f"{PERF}/batteryCondition/roundTripEfficiencyat50PerCentCycleLife", "1(n)", DECIMAL),
    Keyed(f"{P}.internalCellResistanceOhm", f"{PERF}/batteryTechicalProperties/initialInternalResistance",
          "batteryComponent", "cell", "ohmicResistance", "1(o)", DECIMAL),
    Keyed(f"{P}.internalPackResistanceOhm", f"{PERF}/batteryTechicalProperties/initialInternalResistance",
          "batteryComponent", "pack", "ohmicResistance", "1(o)", DECIMAL),
    Rule(f"{P}.cycleLifeTestCRate", f"{PERF}/batteryTechicalProperties/cRateLifeCycleTest", "1(p)", DECIMAL),
    Rule(f"{P}.batteryCondition.stateOfChargePercent", f"{PERF}/batteryCondition/stateOfCharge/stateOfChargeValue",
         "4(d)", DECIMAL),
    Rule(f"{P}.batteryCondition.measuredAt", f"{PERF}/batteryCondition/stateOfCharge/lastUpdate", "4(d)", DATETIME),
    Rule(f"{P}.batteryCondition.fullEquivalentCycles",
         f"{PERF}/batteryCondition/numberOfFullCycles/numberOfFullCyclesValue", "4(d)", DECIMAL),
    Rule(f"{P}.batteryCondition.energyThroughputKwh", f"{PERF}/batteryCondition/energyThroughput", "4(d)", DECIMAL),
    Rule(f"{P}.batteryCondition.remainingRoundTripEfficiencyPercent",
         f"{PERF}/batteryCondition/remainingRoundTripEnergyEfficiency/remainingRoundTripEnergyEfficiencyValue",
         "4(b)", DECIMAL),
)

#: Their attributes with no counterpart in our model, and why.
UNMAPPED_THEIRS: dict[str, str] = {
    f"{GPI}/batteryPassportIdentifier": "pattern urn:<a-z0-9>:<a-z0-9> cannot hold our passport URL",
    f"{GPI}/puttingIntoService": "we record placing on the market, not putting into service",
    f"{GPI}/warrentyPeriod": "a month of the year (gMonth --MM), not a period; ours is calendarLifeWarrantyMonths",
    f"{CF}/carbonFootprintPerLifecycleStage[]/lifecycleStage=Use": "not in their code list either (ours excludes use)",
    f"{SCDD}/supplyChainIndicies": "one number; ours are GBA index results with rulebook and evidence",
    f"{CIRC}/sparePartSources[]/components[]": "ours lists parts once for all sources (spareParts.parts)",
    f"{CIRC}/safetyMeasures/safetyInstructions": "a URI; ours are instruction texts",
    f"{CIRC}/endOfLifeInformation/wastePrevention": "a URI; ours is the text itself",
    f"{CIRC}/endOfLifeInformation/separateCollection": "a URI; ours is the text itself",
    f"{CIRC}/dismantlingAndRemovalInformation[]/mimeType": "we do not record the media type of a document",
    f"{LAB}/resultOfTestReport": "one URI; ours are several test reports (authority only)",
    f"{MAT}/batteryChemistry/clearName": "we hold one chemistry text",
    f"{MAT}/batteryMaterials[]/batteryMaterialMass": "grams; ours are mass fractions of the battery",
    f"{MAT}/batteryMaterials[]/batteryMaterialLocation": "ours: the detailed composition by component (not mapped)",
    f"{MAT}/hazardousSubstances[]/hazardousSubstanceClass": "CLP hazard class names; ours are H-statement codes",
    f"{MAT}/hazardousSubstances[]/hazardousSubstanceImpact[]": "ours: one text for all substances (1(s))",
    f"{PERF}/batteryTechicalProperties/originalPowerCapability[]": "per state of charge; ours is one value",
    f"{PERF}/batteryTechicalProperties/powerCapabilityRatio": "not in our model",
    f"{PERF}/batteryTechicalProperties/initialSelfDischarge": "not in our model",
    f"{PERF}/batteryTechicalProperties/expectedLifetime": "calendar years; not in our model",
    f"{PERF}/batteryTechicalProperties/cRate": "not in our model",
    f"{PERF}/batteryTechicalProperties/lifetimeReferenceTest": "a URI; ours is the test's name",
    f"{PERF}/batteryTechicalProperties/temperatureRangeIdleState": "one number; ours is a lower and upper bound",
    f"{PERF}/batteryCondition/capacityThroughput": "not in our model",
    f"{PERF}/batteryCondition/stateOfCertifiedEnergy": "SOCE; ours is state of health by capacity",
    f"{PERF}/batteryCondition/capacityFade": "not in our model",
    f"{PERF}/batteryCondition/remainingEnergy": "not in our model",
    f"{PERF}/batteryCondition/remainingCapacity": "in kWh (their SAMM unit); ours is in Ah",
    f"{PERF}/batteryCondition/negativeEvents[]": "free text; ours are typed events with dates",
    f"{PERF}/batteryCondition/temperatureInformation": "minutes at extremes; ours is hours per range",
    f"{PERF}/batteryCondition/remainingPowerCapability[]": "per state of charge; ours is one value",
    f"{PERF}/batteryCondition/powerFade": "not in our model",
    f"{PERF}/batteryCondition/roundTripEfficiencyFade": "not in our model",
    f"{PERF}/batteryCondition/evolutionOfSelfDischarge": "not in our model",
    f"{PERF}/batteryCondition/currentSelfDischargingRate": "not in our model",
    f"{PERF}/batteryCondition/internalResistanceIncrease[]": "not in our model",
}
