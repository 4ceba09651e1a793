"""The pure half of issuance's computed sections: custody figures as the passport states them, and sections that
replace the maker's hand-written ones without touching the caller's data."""

from __future__ import annotations

import copy
import json
from importlib.resources import files

import pytest

from passport.errors import PassportError
from passport.model import PassportCreate, parse_passport
from passport.application.sections import ComputedSections, custody_section, with_sections

SUMMARY = [
    {"material": "Co", "originCountries": ["CD", "ZM"], "monitoredOriginShare": 0.2287, "tracedShare": 0.95,
     "chainOfCustodyModel": "mass_balance"},
    {"material": "Li", "originCountries": [], "monitoredOriginShare": 0.0, "tracedShare": 0.0,
     "chainOfCustodyModel": "mass_balance"},
    {"material": "graphite", "originCountries": ["MZ"], "monitoredOriginShare": 0.0, "tracedShare": 1.0,
     "chainOfCustodyModel": "segregated"},
    {"material": "mica", "originCountries": ["IN"], "monitoredOriginShare": 0.5, "tracedShare": 1.0,
     "chainOfCustodyModel": "identity_preserved"},
]


def test_custody_section_states_shares_as_exact_percentages_and_names_materials_as_the_model_does():
    assert custody_section(SUMMARY) == [
        {"material": "cobalt", "chainOfCustodyModel": "mass_balance", "originCountries": ["CD", "ZM"],
         "monitoredOriginPercent": "22.87", "tracedPercent": "95"},
        {"material": "lithium", "chainOfCustodyModel": "mass_balance", "monitoredOriginPercent": "0",
         "tracedPercent": "0"},
        {"material": "natural_graphite", "chainOfCustodyModel": "segregated", "originCountries": ["MZ"],
         "monitoredOriginPercent": "0", "tracedPercent": "100"},
    ]  # mica has no passport term: it stays with the custody store


def test_sections_replace_the_hand_written_ones_and_validate_without_changing_the_input():
    data = json.loads((files("passport.application.demo") / "passports" / "nmc811-ev-pack.json").read_text(encoding="utf-8"))
    before = copy.deepcopy(data)
    footprint = {**data["carbonFootprint"], "totalKgCo2ePerKwh": "0.05",
                 "lifeCycleStages": [{**s, "kgCo2ePerKwh": v} for s, v in
                                     zip(data["carbonFootprint"]["lifeCycleStages"], ("0.03", "0.01", "0.005", "0.005"),
                                         strict=True)]}
    out = with_sections(data, ComputedSections(carbon_footprint=footprint, chain_of_custody=custody_section(SUMMARY)))
    assert data == before
    assert out["carbonFootprint"]["totalKgCo2ePerKwh"] == "0.05"
    assert out["supplyChainDueDiligence"]["dueDiligenceReportUrl"] == data["supplyChainDueDiligence"][
        "dueDiligenceReportUrl"]
    passport = parse_passport(out, model=PassportCreate)
    chain = passport.supply_chain_due_diligence.chain_of_custody
    assert [str(e.traced_percent) for e in chain] == ["95", "0", "100"]


def test_a_material_twice_in_the_summary_is_refused():
    data = json.loads((files("passport.application.demo") / "passports" / "lfp-industrial-storage.json").read_text(encoding="utf-8"))
    twice = custody_section(SUMMARY[:1]) * 2
    with pytest.raises(PassportError) as caught:
        parse_passport(with_sections(data, ComputedSections(chain_of_custody=twice)), model=PassportCreate)
    assert "chainOfCustody" in json.dumps(caught.value.details, default=str)
