"""What the Digital Link resolver asks of the lifecycle: the version in force at `?as_of=`, and the Art. 77(7)
links (predecessor and successor passports, the transfer record) to add to a passport's linkset."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from passport.audit.chain import append_audit
from passport.lifecycle.versions import lineage, parse_as_of, version_as_of
from passport.store.engine import session_scope

VOCAB = "https://w3id.org/battery-passport/vocab#"
REL_PREDECESSOR = VOCAB + "predecessorPassport"
REL_SUCCESSOR = VOCAB + "successorPassport"
REL_TRANSFER = VOCAB + "responsibilityTransfer"
VC_LD = "application/vc+ld+json"


def as_of_version(engine: Engine, identifier: str, value: str) -> int:
    """The version number in force at `value` (InputError INVALID_AS_OF, NotFoundError before the first)."""
    when = parse_as_of(value)
    with engine.connect() as connection:
        return version_as_of(connection, identifier, when)


def lineage_links(engine: Engine, identifier: str, base_url: str) -> dict[str, list[dict[str, Any]]]:
    """Linkset members for the passports before and after this one; empty when it has none."""
    with Session(engine) as session:
        links = lineage(session, identifier)
    base = base_url.rstrip("/")
    out: dict[str, list[dict[str, Any]]] = {}
    if links.predecessors:
        out[REL_PREDECESSOR] = [{"href": base + p, "type": VC_LD} for p in links.predecessors]
    if links.successors:
        out[REL_SUCCESSOR] = [{"href": base + s, "type": VC_LD} for s in links.successors]
    if links.predecessors or links.successors:
        out[REL_TRANSFER] = [{"href": f"{base}/api/v1/passports{identifier}/transfers", "type": "application/json",
                              "title": "Responsibility transfer credentials (Art. 77(7))"}]
    return out


def record_restricted_read(engine: Engine, actor: str, identifier: str, version: int, access_level: str) -> None:
    """Audit a token's read above the public level (one entry per read, in its own transaction)."""
    with session_scope(engine) as session:
        append_audit(session, actor, "token-read", identifier, {"version": version, "accessLevel": access_level})
