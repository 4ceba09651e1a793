"""Access groups as data: the order, and the tag, Annex point and unit every field carries."""

from __future__ import annotations

import re

import pytest

from passport.model import AccessGroup, Passport
from passport.model.access import VALUE_TYPE_REFERENCE, annex_field
from passport.model.tree import models, walk

UNIT_SUFFIXES = {"Kg": "KGM", "Ah": "AMH", "V": "VLT", "W": "WTT", "Kwh": "KWH", "Ohm": "OHM", "Percent": "P1",
                 "Celsius": "CEL", "Months": "MON"}


def test_groups_are_ordered_and_a_reader_sees_its_group_and_below():
    assert [g.value for g in sorted(AccessGroup, key=lambda g: g.rank)] == ["public", "legitimate_interest", "authority"]
    assert AccessGroup.AUTHORITY.can_read(AccessGroup.LEGITIMATE_INTEREST)
    assert not AccessGroup.LEGITIMATE_INTEREST.can_read(AccessGroup.AUTHORITY)
    assert not AccessGroup.PUBLIC.can_read(AccessGroup.LEGITIMATE_INTEREST)
    assert AccessGroup.max(AccessGroup.PUBLIC, AccessGroup.AUTHORITY, AccessGroup.LEGITIMATE_INTEREST) is AccessGroup.AUTHORITY
    assert "Commission" in AccessGroup.LEGITIMATE_INTEREST.audience and "market surveillance" in AccessGroup.AUTHORITY.audience


def test_every_field_has_a_group_and_an_annex_point_or_a_legal_reference():
    nodes = list(walk(Passport))
    assert len(nodes) > 150
    for node in nodes:
        spec = node.spec
        assert spec.annex or spec.reference, "/".join(node.path)
        assert all(re.fullmatch(r"[1-4](\([a-s]\))?", point) for point in spec.annex), spec.annex


def test_section_fields_carry_annex_points_and_value_types_inherit():
    for model in models(Passport):
        for node in walk(model):
            if node.spec.reference == VALUE_TYPE_REFERENCE:
                assert node.spec.group is AccessGroup.PUBLIC and not node.spec.annex  # lowest: inherits the container's


def test_group_counts_per_level():
    counts = {group: sum(node.effective_group is group for node in walk(Passport)) for group in AccessGroup}
    assert counts[AccessGroup.PUBLIC] > 100 and counts[AccessGroup.LEGITIMATE_INTEREST] > 50
    assert counts[AccessGroup.AUTHORITY] == 8  # testReports and its seven attributes


@pytest.mark.parametrize("node", [n for n in walk(Passport) if any(n.spec.alias.endswith(s) for s in UNIT_SUFFIXES)],
                         ids=lambda n: "/".join(n.path))
def test_a_unit_in_the_name_has_its_un_cefact_code(node):
    if node.spec.alias.endswith(("Co2ePerKwh", "Co2e")):
        assert node.spec.unit is None and node.spec.unit_text.startswith("kg CO2e")  # no UN/CEFACT code exists
        return
    suffix = max((s for s in UNIT_SUFFIXES if node.spec.alias.endswith(s)), key=len)
    assert node.spec.unit == UNIT_SUFFIXES[suffix]


def test_an_untagged_field_cannot_be_declared():
    with pytest.raises(ValueError):
        annex_field(AccessGroup.PUBLIC, description="nothing to point at")
