"""Walk the Annex XIII reference list: every data point is representable, tagged with its point and group."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from passport.model import AccessGroup, Passport
from passport.model.tree import walk

REFERENCE = json.loads((Path(__file__).parent / "annex_xiii_points.json").read_text(encoding="utf-8"))["points"]
NODES = {"/".join(node.path): node for node in walk(Passport)}
ALL_POINTS = {"1(a)", *(f"1({c})" for c in "bcdefghijklmnopqrs"), *(f"2({c})" for c in "abcd"), "3",
              *(f"4({c})" for c in "abcd")}


def test_the_list_covers_every_point_of_annex_xiii():
    assert {entry["point"] for entry in REFERENCE} == ALL_POINTS
    assert sum(entry["point"] == "1(a)" for entry in REFERENCE) == 11  # the Annex VI part A label items
    assert len(REFERENCE) == 11 + 18 + 4 + 1 + 4


@pytest.mark.parametrize("entry", REFERENCE, ids=[f"{e['point']} {e['item'][:40]}" for e in REFERENCE])
def test_point_maps_to_fields_tagged_with_it_and_its_group(entry):
    group = AccessGroup(entry["group"])
    tagged = [node for node in NODES.values() if entry["point"] in node.spec.annex and node.effective_group is group]
    assert tagged, f"no field tagged {entry['point']} in group {group}"
    for path in entry["fields"]:
        node = NODES.get(path)
        assert node is not None, f"{path} is not a passport field"
        assert node.effective_group is group, path
        annex_on_path = {point for prefix in _prefixes(path) for point in NODES[prefix].spec.annex}
        assert entry["point"] in annex_on_path, f"{path} is not tagged {entry['point']}"


def _prefixes(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def test_no_field_claims_a_point_outside_the_list():
    used = {point for node in NODES.values() for point in node.spec.annex}
    assert used <= ALL_POINTS, used - ALL_POINTS


def test_the_group_of_each_point_matches_the_regulation():
    for node in NODES.values():
        for point in node.spec.annex:
            expected = {"1": AccessGroup.PUBLIC, "2": AccessGroup.LEGITIMATE_INTEREST, "3": AccessGroup.AUTHORITY,
                        "4": AccessGroup.LEGITIMATE_INTEREST}[point[0]]
            assert node.effective_group is expected, ("/".join(node.path), point)
