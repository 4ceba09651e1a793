"""Who owns a passport identifier, decided atomically in the store (issue 22, point 1).

`claim` runs first in every version write: it inserts the owner row if none exists (`ON CONFLICT DO NOTHING`, so
a concurrent claimant waits for the first and then finds its row) and reads it back under a row lock on
PostgreSQL (`FOR UPDATE`; SQLite already serialises writers). Writers of one identifier therefore run one after
the other, and an organisation that is not the owner is refused before anything is signed or stored.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text
from sqlmodel import Session

from passport.errors import AccessDeniedError

__all__ = ["claim", "lock_writers", "owner_of"]

_INSERT = text("INSERT INTO passport_owner (identifier, organisation_id, claimed_at) "
               "SELECT CAST(:identifier AS VARCHAR(300)), COALESCE((SELECT organisation_id FROM passport_version "
               "WHERE identifier = CAST(:identifier AS VARCHAR(300)) ORDER BY version DESC LIMIT 1), "
               "CAST(:organisation_id AS INTEGER)), :at "
               "WHERE 1 = 1 ON CONFLICT (identifier) DO NOTHING")
_SELECT = "SELECT organisation_id FROM passport_owner WHERE identifier = :identifier"
POINTER = "/generalProductInformation/uniqueIdentifier"


def owner_of(session: Session, identifier: str) -> tuple[bool, int | None]:
    """(claimed, organisation id) of `identifier`."""
    row = session.execute(text(_SELECT), {"identifier": identifier}).first()
    return (row is not None, row[0] if row is not None else None)


def claim(session: Session, identifier: str, organisation_id: int | None, *, now: datetime | None = None) -> None:
    """Make `organisation_id` the owner of a new identifier, or check that it already is; lock the claim row for
    the rest of the transaction. Raises AccessDeniedError(NOT_PASSPORT_OWNER) for anyone else.

    A passport stored before claims existed is owned by its newest version's organisation.
    """
    session.execute(_INSERT, {"identifier": identifier, "organisation_id": organisation_id,
                              "at": now or datetime.now(UTC)})
    lock = " FOR UPDATE" if session.get_bind().dialect.name == "postgresql" else ""
    owner = session.execute(text(_SELECT + lock), {"identifier": identifier}).scalar_one()
    if owner != organisation_id:
        raise AccessDeniedError("this passport belongs to another organisation", code="NOT_PASSPORT_OWNER",
                                details={"identifier": identifier, "pointer": POINTER})


def lock_writers(session: Session, identifier: str) -> None:
    """Take the passport's writer lock (its claim row) for the rest of the transaction, so a check of its state
    made after this call still holds at commit, also when another process writes the same passport."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(_SELECT + " FOR UPDATE"), {"identifier": identifier})
    else:  # SQLite: a write takes the database's write lock before anything is read
        session.execute(text("UPDATE passport_owner SET claimed_at = claimed_at WHERE identifier = :identifier"),
                        {"identifier": identifier})
