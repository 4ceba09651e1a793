"""What authorities read about a passport beyond its authority view: the upstream credentials it binds (each
verified again), its custody trace, the explanation of its GBA indices and the breakdown of its carbon footprint.

These reads join the registry, custody, indices and carbon stores, so they live in the application layer; the
API serves them to authority-level callers only (`api/routers/authority.py`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from indices.carbon.tables import PassportCarbonResult
from indices.store import latest as latest_indices
from passport.application.issuance import evidence_url
from passport.citation import digest_sri
from passport.credentials.result import VerificationResult
from passport.custody.tables import CustodyCredential, CustodyLedger
from passport.custody.trace import resolve_lot, trace_origins
from passport.errors import NotFoundError
from passport.registry import latest

Verify = Callable[[dict[str, Any]], VerificationResult]


def _related(document: dict[str, Any]) -> list[dict[str, Any]]:
    related = document.get("relatedResource") or []
    return [r for r in (related if isinstance(related, list) else [related]) if isinstance(r, dict)]


def _item(entry: dict[str, Any], raw: bytes | None, verify: Verify) -> dict[str, Any]:
    item: dict[str, Any] = {"id": entry.get("id"), "digestSRI": entry.get("digestSRI")}
    if raw is None:
        return {**item, "held": False, "verified": False,
                "problems": [{"code": "EVIDENCE_NOT_HELD", "reason": "this service holds no credential with "
                              "this digest"}]}
    if digest_sri(raw) != entry.get("digestSRI"):
        return {**item, "held": True, "verified": False,
                "problems": [{"code": "DIGEST_MISMATCH", "reason": "the held bytes no longer match the digest"}]}
    credential = json.loads(raw)
    result = verify(credential)
    problems = [{"code": c.code, "check": c.name, "reason": c.reason} for c in result.errors]
    issuer = credential.get("issuer")
    return {**item, "held": True, "verified": result.verified, "problems": problems,
            "issuer": issuer.get("id") if isinstance(issuer, dict) else issuer, "credential": credential}


def passport_evidence(engine: Engine, path: str, verify: Verify, *, digest: str | None = None) -> dict[str, Any]:
    """The upstream credentials the newest version of `path` binds by digest, each verified again now (all of
    them, or only `digest`'s). NotFoundError if the passport, or that digest among its bindings, is unknown."""
    with Session(engine) as session:
        stored = latest(session, path)
    entries = _related(stored.document)
    if digest is not None:
        entries = [e for e in entries if e.get("digestSRI") == digest]
        if not entries:
            raise NotFoundError("this passport binds no upstream credential with this digest",
                                code="EVIDENCE_NOT_FOUND", details={"identifier": path})
    digests = [e.get("digestSRI") for e in entries]
    with Session(engine) as session:
        rows = session.execute(select(CustodyCredential.digest_sri, CustodyCredential.raw)
                            .where(col(CustodyCredential.digest_sri).in_(digests))).all()
    held = {d: bytes(raw) for d, raw in rows}
    items = [_item(e, held.get(e.get("digestSRI")), verify) for e in entries]
    return {"passport": path, "version": stored.version, "items": items,
            "verified": bool(items) and all(i["verified"] for i in items)}


def passport_custody_trace(engine: Engine, path: str, base_url: str) -> dict[str, Any]:
    """Origin sites with mass shares of every traced material of the battery's custody lot."""
    with engine.connect() as conn:
        lot = resolve_lot(conn, base_url.rstrip("/") + path)
        materials = sorted(set(conn.scalars(select(CustodyLedger.material).where(CustodyLedger.lot_id == lot))))
        traces = [trace_origins(conn, lot, m).to_json() for m in materials]
    return {"passport": path, "lot": lot, "materials": traces}


def passport_indices_explanation(engine: Engine, path: str, base_url: str) -> dict[str, Any]:
    """The last computed GBA indices of the battery, with every company and indicator and the digests of the
    evidence each came from (what `passport indices explain --level authority` prints)."""
    with engine.connect() as conn:
        disclosure = latest_indices(conn, base_url.rstrip("/") + path)
    return {"passport": path, "result": disclosure.result}


def passport_carbon_breakdown(engine: Engine, path: str) -> dict[str, Any]:
    """The full carbon result (every number's inputs and formula) the newest footprint-bearing version was issued
    with."""
    with Session(engine) as session:
        row = session.execute(select(PassportCarbonResult).where(PassportCarbonResult.identifier == path)
                           .order_by(col(PassportCarbonResult.version).desc()).limit(1)).scalars().first()
    if row is None:
        raise NotFoundError("no carbon footprint was computed when this passport was issued",
                            code="CARBON_RESULT_NOT_FOUND", details={"identifier": path})
    return {"passport": path, "version": row.version, "result": json.loads(row.result)}


__all__ = ["evidence_url", "passport_carbon_breakdown", "passport_custody_trace", "passport_evidence",
           "passport_indices_explanation"]
