"""The reader roles a role credential may attest, and the purposes a legitimate interest is declared for."""

from __future__ import annotations

from enum import StrEnum

from passport.auth.roles import Role

#: Roles a trusted issuer may attest in a role credential (the readers Annex XIII names).
READER_ROLES = frozenset({Role.LEGITIMATE_INTEREST, Role.NOTIFIED_BODY, Role.MARKET_SURVEILLANCE, Role.COMMISSION})


class Purpose(StrEnum):
    """Why a person with a legitimate interest reads (Art. 77(2), Annex XIII point 2 and 3 readers)."""

    REPAIR = "repair"
    REPURPOSING = "repurposing"
    REMANUFACTURING = "remanufacturing"
    RECYCLING = "recycling"
    RESEARCH = "research"
