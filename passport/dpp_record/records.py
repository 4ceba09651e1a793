"""Each passport's DPP record: minted with its first version, found by DPP id, ended once (Art. 77(9))."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

from passport.dpp_record.identity import dpp_id_for
from passport.dpp_record.tables import DppPassport
from passport.errors import NotFoundError


def ensure_record(session: Session, identifier: str, now: datetime | None = None) -> DppPassport:
    """The passport's DPP record, created with its first version (the lifecycle calls this on every issue)."""
    dpp_id = dpp_id_for(identifier)
    record = session.get(DppPassport, dpp_id)
    if record is None:
        record = DppPassport(dpp_id=dpp_id, identifier=identifier, created_at=now or datetime.now(UTC))
        session.add(record)
    return record


def record_by_dpp_id(session: Session, dpp_id: str) -> DppPassport:
    record = session.get(DppPassport, dpp_id)
    if record is None:
        raise NotFoundError("no passport with this DPP id", code="DPP_NOT_FOUND", details={"dppId": dpp_id})
    return record


def record_of(session: Session, identifier: str) -> DppPassport:
    record = session.exec(select(DppPassport).where(DppPassport.identifier == identifier)).first()
    if record is None:
        raise NotFoundError("no passport with this product id", code="DPP_NOT_FOUND",
                            details={"identifier": identifier})
    return record


def ended_at(record: DppPassport) -> datetime | None:
    value = record.ended_at
    return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)
