"""Register passports in the EU DPP registry, keep what it returns, and do it on issuance when configured.

The registry is called outside any database transaction; its answers are written in one transaction per
request of up to 100 passports, with an audit entry each. A registration whose proof does not hash the version
we sent is refused (REGISTRY_PROOF_MISMATCH) and recorded as failed, never as registered.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from passport.dpp.tables import DppRegistration
from passport.errors import ConflictError, PassportError, UpstreamError
from passport.eu_registry.client import MAX_BATCH, HttpRegistryClient, RegistryClient
from passport.eu_registry.payload import RegistrationData, registration_data
from passport.audit import append_audit
from passport.registry import latest
from passport.store.engine import session_scope

log = logging.getLogger("passport.eu_registry")
REGISTERED, FAILED = "registered", "failed"


@dataclass(frozen=True, slots=True)
class RegistrationOutcome:
    identifier: str
    state: str
    version: int
    registration_id: str | None = None
    proof: dict[str, Any] | None = None
    error: str | None = None


def registration_of(session: Session, identifier: str) -> DppRegistration | None:
    return session.get(DppRegistration, identifier)


def _payloads(engine: Engine, identifiers: Sequence[str], base_url: str, backup_url: str | None
              ) -> list[tuple[str, RegistrationData]]:
    out = []
    with Session(engine) as session:
        for identifier in identifiers:
            existing = registration_of(session, identifier)
            if existing is not None and existing.state == REGISTERED:
                raise ConflictError("this passport is registered already", code="ALREADY_REGISTERED",
                                    details={"identifier": identifier, "registrationId": existing.registration_id})
            out.append((identifier, registration_data(latest(session, identifier), base_url, backup_url)))
    return out


def _checked(result: dict[str, Any], sent: RegistrationData) -> tuple[str, dict[str, Any]]:
    proof, registration_id = result.get("proof"), result.get("registrationId")
    if not isinstance(registration_id, str) or not isinstance(proof, dict):
        raise UpstreamError("the registry answered without a registration id and proof", code="REGISTRY_REJECTED")
    if proof.get("passportDigest") != sent.passportDigest or proof.get("registrationId") != registration_id:
        raise UpstreamError("the proof of registration does not hash the version sent",
                            code="REGISTRY_PROOF_MISMATCH", details={"identifier": sent.uniqueProductIdentifier})
    return registration_id, proof


def _record(engine: Engine, outcomes: list[RegistrationOutcome], registry_url: str, actor: str,
            now: datetime) -> None:
    with session_scope(engine) as session:
        for o in outcomes:
            row = registration_of(session, o.identifier) or DppRegistration(
                identifier=o.identifier, state=o.state, version=o.version, registry_url=registry_url)
            row.state, row.version, row.registry_url, row.updated_at = o.state, o.version, registry_url, now
            row.registration_id, row.error = o.registration_id, o.error
            row.proof = json.dumps(o.proof, sort_keys=True) if o.proof is not None else None
            session.add(row)
            if o.state == REGISTERED:
                append_audit(session, actor, "registry-register", o.identifier,
                             {"registrationId": o.registration_id, "version": o.version, "registry": registry_url},
                             now=now)


def register_passports(engine: Engine, identifiers: Sequence[str], *, registry_url: str, base_url: str,
                       backup_url: str | None, actor: str, client: RegistryClient | None = None,
                       now: datetime | None = None) -> list[RegistrationOutcome]:
    """Register each passport's newest version, 100 per request. A refused request is recorded as failed for
    its passports and raised after the successful requests' results are stored."""
    client = client or HttpRegistryClient(registry_url)
    now = now or datetime.now(UTC)
    payloads = _payloads(engine, identifiers, base_url, backup_url)
    done: list[RegistrationOutcome] = []
    failure: PassportError | None = None
    for start in range(0, len(payloads), MAX_BATCH):
        chunk = payloads[start: start + MAX_BATCH]
        try:
            results = client.register([p for _, p in chunk])
            checked = [_checked(r, p) for r, (_, p) in zip(results, chunk)]
            outcomes = [RegistrationOutcome(i, REGISTERED, p.passportVersion, rid, proof)
                        for (i, p), (rid, proof) in zip(chunk, checked)]
        except PassportError as exc:
            failure = failure or exc
            outcomes = [RegistrationOutcome(i, FAILED, p.passportVersion, error=exc.code) for i, p in chunk]
        _record(engine, outcomes, registry_url, actor, now)
        done += outcomes
    if failure is not None:
        raise failure
    return done


def register_on_issuance(engine: Engine, settings: Any, identifiers: Sequence[str], actor: str
                         ) -> list[RegistrationOutcome]:
    """After issuing (and committing) passports: register the new ones when `PASSPORT_REGISTRY_URL` is set.
    A refusal never undoes the issue: it is recorded (state failed) and logged for `passport registry register`."""
    if not settings.registry_url or not identifiers:
        return []
    with Session(engine) as session:
        new = [i for i in dict.fromkeys(identifiers) if registration_of(session, i) is None
               or registration_of(session, i).state != REGISTERED]  # type: ignore[union-attr]
    try:
        return register_passports(engine, new, registry_url=settings.registry_url, base_url=settings.base_url,
                                  backup_url=settings.backup_provider_url, actor=actor)
    except PassportError as exc:
        log.warning("registration on issuance failed", extra={"code": exc.code, "passports": len(new)})
        return []
