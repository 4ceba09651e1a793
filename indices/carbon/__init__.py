"""Battery carbon footprint (Art. 7, Annex II; GBA GHG Rulebook facts): kg CO2e per kWh of lifetime energy, per
life-cycle stage, with the breakdown of every number.

    inputs           the calculation input (bill of materials, activity data, legs, end of life, credentials)
    functional_unit  lifetime energy: rated energy × cycles × depth of discharge × fade, or declared
    factors          emission-factor tables (source and licence named) and the performance-class table
    allocation       co-products: economic on 10-year prices, mass when the price ratio is <= 4
    links            the custody trace proving which supplier lots reach the battery
    supplier         signed supplier footprints, accepted only with a proven custody link
    stages           the four life-cycle stages as breakdown trees
    compute          the pure calculation; `footprint` checks the evidence and computes
    result           the frozen result and `recompute`
    declaration      the passport's carbonFootprint from a result
"""

from indices.carbon.allocation import PRICE_RATIO_THRESHOLD, allocate, allocation_method
from indices.carbon.breakdown import Node, check, evaluate, render
from indices.carbon.compute import compute_batch, compute_footprint, footprint
from indices.carbon.declaration import to_passport
from indices.carbon.factors import (
    ClassTable,
    FactorSet,
    FactorTable,
    default_classes,
    default_factors,
    load_classes,
    load_table,
)
from indices.carbon.inputs import CarbonInput, load_input, parse_input
from indices.carbon.links import CustodyLinks, LotLink, load_links
from indices.carbon.result import CarbonResult, problems, recompute
from indices.carbon.supplier import (
    CARBON_CONTEXT,
    SupplierEvidence,
    accept_supplier_footprints,
    footprint_credential,
    loader,
)

__all__ = sorted([
    "CARBON_CONTEXT", "CarbonInput", "CarbonResult", "ClassTable", "CustodyLinks", "FactorSet", "FactorTable",
    "LotLink", "Node", "PRICE_RATIO_THRESHOLD", "SupplierEvidence", "accept_supplier_footprints", "allocate",
    "allocation_method", "check", "compute_batch", "compute_footprint", "default_classes", "default_factors",
    "evaluate", "footprint", "footprint_credential", "load_classes", "load_input", "load_links", "load_table",
    "loader", "parse_input", "problems", "recompute", "render", "to_passport",
])
