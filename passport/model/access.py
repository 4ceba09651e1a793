"""Access groups of Annex XIII and the field metadata that tags every passport attribute with one.

The tag is data: `annex_field(...)` stores `accessGroup`, the Annex XIII points and the unit in the field's
`json_schema_extra`, so projections, JSON pointers, the JSON Schema and the reference-list test all read the
same source. A nested attribute can only tighten its container's group, never loosen it: the group a reader
needs is the highest group on the path from the passport root (see `AccessGroup.max`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field


class AccessGroup(StrEnum):
    """Who may read an attribute (Regulation (EU) 2023/1542, Art. 77(2) and Annex XIII), lowest first."""

    PUBLIC = "public"
    LEGITIMATE_INTEREST = "legitimate_interest"
    AUTHORITY = "authority"

    @property
    def rank(self) -> int:
        """Position in the order public < legitimate_interest < authority."""
        return _ORDER.index(self)

    @property
    def audience(self) -> str:
        """The readers the Regulation names for this group."""
        return _AUDIENCE[self]

    def can_read(self, group: AccessGroup) -> bool:
        """True when a reader at this level may see an attribute tagged `group`."""
        return group.rank <= self.rank

    @staticmethod
    def max(*groups: AccessGroup) -> AccessGroup:
        """The most restrictive of `groups` (the effective group of a nested attribute)."""
        return max(groups, key=lambda group: group.rank)


_ORDER = (AccessGroup.PUBLIC, AccessGroup.LEGITIMATE_INTEREST, AccessGroup.AUTHORITY)
_AUDIENCE = {
    AccessGroup.PUBLIC: "the general public (Annex XIII point 1)",
    AccessGroup.LEGITIMATE_INTEREST:
        "persons with a legitimate interest and the Commission (Annex XIII points 2 and 4)",
    AccessGroup.AUTHORITY: "notified bodies, market surveillance authorities and the Commission (Annex XIII point 3)",
}

#: Keys written into each field's `json_schema_extra` (and so into the JSON Schema).
GROUP_KEY = "accessGroup"
ANNEX_KEY = "annexXIII"
REFERENCE_KEY = "reference"
UNIT_KEY = "unitCode"
UNIT_TEXT_KEY = "unitText"

#: Reference text of fields in reusable value types, whose group and Annex point come from the containing field.
VALUE_TYPE_REFERENCE = "value type: access group and Annex XIII point come from the containing field"


def annex_field(
    group: AccessGroup,
    *points: str,
    description: str,
    reference: str | None = None,
    unit: str | None = None,
    unit_text: str | None = None,
    **kwargs: Any,
) -> Any:
    """A pydantic `Field` tagged with its access group, the Annex XIII points it implements and its unit.

    `points` are Annex XIII points such as "1(a)"; `reference` names the article for attributes outside
    Annex XIII (e.g. "Art. 77(3)"); `unit` is a UN/CEFACT Recommendation 20 common code (e.g. "AMH");
    `unit_text` spells a unit that has no such code (e.g. "kg CO2e/kWh").
    """
    if not points and reference is None:
        raise ValueError("an attribute needs an Annex XIII point or a legal reference")
    extra: dict[str, Any] = {GROUP_KEY: group.value, ANNEX_KEY: list(points)}
    if reference is not None:
        extra[REFERENCE_KEY] = reference
    if unit is not None:
        extra[UNIT_KEY] = unit
    if unit_text is not None:
        extra[UNIT_TEXT_KEY] = unit_text
    return Field(description=description, json_schema_extra=extra, **kwargs)


def value_field(*, description: str, unit: str | None = None, unit_text: str | None = None, **kwargs: Any) -> Any:
    """A field of a reusable value type (address, party, document link): it inherits its container's group."""
    return annex_field(AccessGroup.PUBLIC, description=description, reference=VALUE_TYPE_REFERENCE, unit=unit,
                       unit_text=unit_text, **kwargs)
