"""A small battery whose footprint is computed by hand in the tests, and signed supplier credentials."""

from __future__ import annotations

import copy
from typing import Any

import pytest

import passport
from indices.carbon import CustodyLinks, LotLink, footprint_credential, loader
from passport.keys import KeyPair, generate_key_pair

CAM_LOT = "urn:epc:class:lgtin:9529999.0400001.CAM-1"
BATTERY_LOT = "urn:example:battery:SMALL-1"

SMALL: dict[str, Any] = {
    "battery": {"id": "urn:example:battery:SMALL-1", "category": "lmt", "massKg": 10.0, "custodyLot": BATTERY_LOT},
    "functionalUnit": {"method": "cycles", "ratedEnergyKwh": 1.0, "expectedCycles": 2000,
                       "depthOfDischarge": 0.8, "capacityFadeFactor": 0.9},
    "billOfMaterials": [
        {"id": "cam", "material": "NMC811 CAM", "category": "cam", "massKg": 2.0, "factor": "nmc811_cam",
         "tracedMaterial": "Ni"},
        {"id": "anode", "material": "Natural graphite", "category": "anode", "massKg": 1.0,
         "factor": "natural_graphite", "tracedMaterial": "graphite"},
        {"id": "casing", "material": "Aluminium", "category": "casing", "massKg": 3.0, "factor": "aluminium"},
        {"id": "copper", "material": "Copper foil", "category": "current_collector", "massKg": 0.5,
         "process": {"name": "copper refining", "kgCo2e": 4.15, "product": "copper",
                     "outputs": [{"product": "copper", "massKg": 1.0, "priceEurPerKg": 8.0},
                                 {"product": "sulfuric acid", "massKg": 3.0, "priceEurPerKg": 0.1}]}},
    ],
    "mainProduction": {
        "electricity": [{"kwh": 50, "factor": "grid:DE"}, {"kwh": 10, "factor": "solar_pv_utility"}],
        "heat": [{"mj": 100, "fuel": "natural_gas"}],
        "processEmissions": [{"gas": "CO2", "kg": 1.0}],
    },
    "distribution": [{"mode": "truck", "distanceKm": 500},
                     {"mode": "sea_container", "distanceKm": 10000, "massKg": 12.0}],
    "endOfLife": {"transport": [{"mode": "truck", "distanceKm": 200}],
                  "activities": [{"activity": "dismantling"},
                                 {"activity": "hydrometallurgical_recycling", "massKg": 8.0}]},
    "declaration": {"studyUrl": "https://example.org/study.pdf", "declarationId": "CFD-SMALL-1"},
}


@pytest.fixture
def small() -> dict[str, Any]:
    return copy.deepcopy(SMALL)


@pytest.fixture(scope="session")
def cam_key() -> KeyPair:
    return generate_key_pair("Ed25519")


def signed_footprint(key: KeyPair, *, product: str = "cam", kg: str = "12.0",
                     lots: tuple[str, ...] = (CAM_LOT,), **extra: Any) -> dict[str, Any]:
    subject = {"product": product, "kgCo2ePerKg": kg, "lots": list(lots), "reportingPeriod": "2025", **extra}
    return passport.sign(footprint_credential(subject, issuer=key.controller), key, loader=loader(),
                         created="2026-01-15T00:00:00Z")


def links_to(key: KeyPair, share: float = 0.75) -> CustodyLinks:
    """A custody trace in which `key`'s controller made CAM lot CAM_LOT, 75 % of the battery's nickel."""
    return CustodyLinks(BATTERY_LOT, {"Ni": {CAM_LOT: LotLink(CAM_LOT, share, "urn:example:site:cam",
                                                                key.controller)}})
