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


#: Text a person typed: no control characters (PostgreSQL refuses NUL; none belongs in a name or a purpose).
NAME_TEXT = r"^[^\x00-\x1f\x7f]*$"
#: Free text: line breaks and tabs allowed, other control characters not.
FREE_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
