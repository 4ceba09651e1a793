"""The Annex XIII access-group tag table, written out: an oracle for projections that does not read the model.

Regulation (EU) 2023/1542, Annex XIII: point 1 is public, points 2 and 4 are for persons with a legitimate interest
(and the Commission), point 3 for notified bodies, market surveillance authorities and the Commission. The passport
model puts each restricted point's data under one subtree; everything else is public. The table lists those
subtrees (paths of camelCase member names, list items not indexed) with the group the Annex gives them.
`oracle_view` filters a passport document with nothing but this table and a three-rung ladder, so it can disagree
with `passport.model.project` (which reads the model's field metadata) when either is wrong.
"""

from __future__ import annotations

from typing import Any

#: Readers, from the least to the most entitled: each reads its own rung and every rung below it.
LADDER = ("public", "legitimate_interest", "authority")

#: Restricted subtrees of the passport and their group, by Annex XIII point.
RESTRICTED: dict[str, tuple[str, str]] = {
    "materialComposition/detailedComposition": ("legitimate_interest", "2(a) detailed composition"),
    "circularity/spareParts": ("legitimate_interest", "2(b) part numbers, sources of spare parts"),
    "circularity/dismantlingInformation": ("legitimate_interest", "2(c) dismantling information"),
    "circularity/safetyMeasures": ("legitimate_interest", "2(d) safety measures"),
    "testReports": ("authority", "3 results of test reports proving compliance"),
    "performanceAndDurability/performanceRecords": ("legitimate_interest",
                                                    "4(a) performance and durability values over time"),
    "performanceAndDurability/batteryCondition": ("legitimate_interest", "4(b) state of health, 4(d) usage"),
    "generalProductInformation/batteryStatus": ("legitimate_interest", "4(c) battery status"),
}


def group_of(path: str) -> str:
    """The group of a member at `path`: the most restrictive restricted subtree containing it, else public."""
    groups = [group for root, (group, _point) in RESTRICTED.items() if path == root or path.startswith(root + "/")]
    return max(groups, key=LADDER.index, default="public")


def oracle_view(document: dict[str, Any], level: str, _prefix: str = "") -> dict[str, Any]:
    """`document` (a passport as JSON) with only the members a reader at `level` may see."""
    rung = LADDER.index(level)
    view: dict[str, Any] = {}
    for key, value in document.items():
        path = f"{_prefix}{key}"
        if LADDER.index(group_of(path)) > rung:
            continue
        if isinstance(value, dict):
            view[key] = oracle_view(value, level, f"{path}/")
        elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            view[key] = [oracle_view(item, level, f"{path}/") for item in value]
        else:
            view[key] = value
    return view
