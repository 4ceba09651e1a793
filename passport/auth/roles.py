"""Roles of callers and the Annex XIII access level each one reads at.

Annex XIII of Regulation (EU) 2023/1542 has three audiences: the public; persons with a legitimate interest and
the Commission; notified bodies, market surveillance authorities and the Commission. The Commission is in both
restricted groups, so it reads at the highest level. Issuers and upstream contributors write through the API and
read other passports as the public does; the service operator onboards organisations and custody participants.
"""

from __future__ import annotations

from enum import StrEnum

#: Access levels from lowest to highest (values of `passport.model.AccessGroup`).
ACCESS_LEVELS: tuple[str, ...] = ("public", "legitimate_interest", "authority")


class Role(StrEnum):
    LEGITIMATE_INTEREST = "legitimate_interest"
    NOTIFIED_BODY = "notified_body"
    MARKET_SURVEILLANCE = "market_surveillance"
    COMMISSION = "commission"
    MANUFACTURER = "manufacturer"
    CONTRIBUTOR = "contributor"
    OPERATOR = "operator"


_LEVEL_BY_ROLE: dict[Role, str] = {
    Role.LEGITIMATE_INTEREST: "legitimate_interest",
    Role.NOTIFIED_BODY: "authority",
    Role.MARKET_SURVEILLANCE: "authority",
    Role.COMMISSION: "authority",
    Role.MANUFACTURER: "public",
    Role.CONTRIBUTOR: "public",
    Role.OPERATOR: "public",
}

#: Roles that may issue passports through the issuer API.
ISSUER_ROLES = frozenset({Role.MANUFACTURER})


def access_level_of(role: Role | None) -> str:
    """The access level (an `AccessGroup` value) a role reads at; no role (no token) reads as the public."""
    return "public" if role is None else _LEVEL_BY_ROLE[role]
