"""The taxonomy: programme risk areas → Annex II risks → categories, as the 2022 data uses them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from indices.bettermining.taxonomy import RiskTaxonomy, default_taxonomy
from tests.bettermining.conftest import incident_rows


def test_every_2022_row_resolves_to_its_risk_and_category(better_mining_dir):
    taxonomy = default_taxonomy()
    for row in incident_rows(better_mining_dir):
        area = taxonomy.risk_area(row["incident_type"])
        assert area is not None, row["id"]
        assert taxonomy.risk_area(row["incident_type_zh"]) == area
        assert area.risk == row["risk"]
        assert taxonomy.risk(row["risk"]).category == row["risk_category"]


def test_the_data_codes_are_the_taxonomy_codes():
    taxonomy = default_taxonomy()
    assert {"human_rights", "legality", "security"} <= set(taxonomy.category_codes())
    assert {"worst_forms_of_child_labour", "torture_cruel_inhuman_treatment", "bribery",
            "public_or_private_security_forces", "transparency_reporting"} <= set(taxonomy.risk_codes())


def test_labels_resolve_whatever_the_width_of_punctuation_and_case():
    taxonomy = default_taxonomy()
    assert taxonomy.risk_area("儿童(18岁以下)破碎/筛分/清洗矿石").code == "child_crushing_sieving_washing_ore"
    assert taxonomy.risk_area("  other   BRIBERY ").code == "other_bribery"
    assert taxonomy.risk_area("other_bribery").code == "other_bribery"
    assert taxonomy.risk_area("Something else") is None


def test_major_breach_types_are_children_underground_or_carrying_and_army_mining():
    breach = {a.code for a in default_taxonomy().risk_areas if a.major_breach}
    assert breach == {"child_underground_underwater_work", "child_carrying_heavy_loads",
                      "army_indirectly_involved_in_mining"}


def test_dangling_references_are_refused():
    base = default_taxonomy().model_dump()
    broken = {**base, "risks": [*base["risks"], {"code": "x", "title": "X", "category": "nowhere"}]}
    with pytest.raises(ValidationError):
        RiskTaxonomy.model_validate(broken)
    broken = {**base, "risk_areas": [{"code": "y", "label": "Y", "risk": "nothing"}]}
    with pytest.raises(ValidationError):
        RiskTaxonomy.model_validate(broken)
