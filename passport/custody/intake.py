"""Contributions intake: a signed DTE credential in, its events applied to the chain, all or nothing.

1. parse the bytes; 2. verify every signature (`passport.verify`); 3. check the issuer speaks for the party that
acts in each event (its DID is the party's, or a delegated agent's); 4. in one transaction: keep the signed
original byte-for-byte, apply each event through the custody rules (an error finding refuses the whole
credential), write the effects behind conditional UPDATEs that stop racing writers.

SQLite: the first statement of the transaction is a write, so the database write lock is taken before any
state is read; PostgreSQL: each guarded UPDATE locks its row, and the loser of a race sees 0 rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from passport import verify
from passport.audit.chain import append_audit
from passport.citation import digest_sri
from passport.credentials.issuer import issuer_id, signed_by_issuer
from passport.custody.credential import events_from_credential
from passport.custody.events import dump_event
from passport.custody.repository import T_DELEGATION, authorised_dids, load_sites, load_state, record_event
from passport.custody.rules import acting_party, apply_event
from passport.custody.state import Consume, Decommission, Finding, SiteStatus, Transfer, no_status
from passport.custody.tables import CustodyCredential
from passport.errors import AccessDeniedError, ConflictError, InputError, PassportError, StoreError
from passport.jsonio import read_json

Verifier = Callable[[dict[str, Any]], Any]


@dataclass(frozen=True)
class Receipt:
    """What an accepted contribution did."""

    credential_seq: int
    digest_sri: str
    event_ids: tuple[str, ...]
    warnings: tuple[Finding, ...] = field(default=())


def _default_verifier(credential: dict[str, Any]) -> Any:
    return verify(credential)


def submit(engine: Engine, raw: bytes, *, verify: Verifier = _default_verifier,
           site_status: SiteStatus = no_status, source: str | None = None, submitter: str | None = None) -> Receipt:
    """Verify and apply one signed contribution. Raises InputError (bad bytes, bad signature, not allowed) or
    ConflictError (the events contradict the chain); nothing is written unless everything holds.

    `submitter` is the party a contributor token is bound to: the credential must then be signed by that party or
    one of its delegates, and every party acting in its events must be that party or one it is a delegate of
    (AccessDeniedError `NOT_SUBMITTERS_PARTY` otherwise)."""
    where = {"file": source} if source else {}
    credential = read_json(raw, source=source)
    if not isinstance(credential, dict):
        raise InputError("the contribution must be a JSON object", code="INVALID_JSON", details=where)
    result = verify(credential)
    if not result.verified:
        raise InputError("the contribution does not verify", code="SIGNATURE_INVALID",
                         details={**where, "checks": [c.name for c in [*result.errors, *result.unchecked]],
                                  "codes": [c.code for c in [*result.errors, *result.unchecked]]})
    issuer = issuer_id(credential)
    if issuer is None or not signed_by_issuer(credential).passed:
        raise InputError("the contribution must be signed by its issuer's own key", code="ISSUER_MISMATCH",
                         details={**where, "pointer": "/proof/verificationMethod"})
    events = events_from_credential(credential)
    return record(engine, raw, credential, events, issuer=issuer, site_status=site_status, source=source,
                  submitter=submitter)


def _check_submitter(conn: Connection, submitter: str, issuer: str) -> set[str]:
    """The parties a token bound to `submitter` may act for (itself and its principals); refuses a credential
    signed by anyone but the submitter or its delegates."""
    if issuer not in authorised_dids(conn, submitter):
        raise AccessDeniedError("your token is bound to a party that neither signed this credential nor delegated "
                                "its signer", code="NOT_SUBMITTERS_PARTY",
                                details={"party": submitter, "pointer": "/issuer"})
    principals = set(conn.scalars(select(T_DELEGATION.c.principal).where(T_DELEGATION.c.agent == submitter)))
    return {submitter} | principals


def record(engine: Engine, raw: bytes, credential: dict[str, Any], events: list[Any], *, issuer: str,
           site_status: SiteStatus = no_status, source: str | None = None, submitter: str | None = None) -> Receipt:
    """Apply already-verified events in one transaction (the trusted half of `submit`)."""
    sri = digest_sri(raw)
    try:
        with engine.begin() as conn:
            allowed = _check_submitter(conn, submitter, issuer) if submitter is not None else None
            seq = _keep_original(conn, raw, sri, credential, issuer)
            sites = load_sites(conn)
            warnings: list[Finding] = []
            speaks_for: dict[str | None, bool] = {None: False}
            for i, event in enumerate(events):
                state = load_state(conn, event, sites=sites, site_status=site_status)
                party = acting_party(state, event)
                outcome = apply_event(state, event)
                for needed in _parties_acting(party, outcome.effects):
                    if allowed is not None and needed is not None and needed not in allowed:
                        raise AccessDeniedError("a party acting in this event is not your token's party nor one "
                                                "it is a delegate of", code="NOT_SUBMITTERS_PARTY",
                                                details={"pointer": f"/credentialSubject/{i}", "party": submitter,
                                                         "event_id": event.event_id})
                    if needed not in speaks_for:
                        speaks_for[needed] = issuer in authorised_dids(conn, needed)  # type: ignore[arg-type]
                    if not speaks_for[needed]:
                        raise InputError("the issuer does not speak for a party acting in this event",
                                         code="NOT_AUTHORISED", details={"pointer": f"/credentialSubject/{i}",
                                                                         "event_id": event.event_id, "file": source})
                if outcome.errors:
                    raise ConflictError("the event contradicts the chain of custody", code="CUSTODY_REJECTED",
                                        details={"pointer": f"/credentialSubject/{i}", "event_id": event.event_id,
                                                 "findings": [f.model_dump() for f in outcome.errors],
                                                 **({"file": source} if source else {})})
                record_event(conn, event, outcome, party=party, credential_seq=seq, document=dump_event(event))
                warnings.extend(f for f in outcome.findings if f.severity == "warning")

            append_audit(conn, issuer, "import", f"custody-credential:{seq}",
                         {"digestSRI": sri, "events": [e.event_id for e in events], "source": source})
    except PassportError:
        raise
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc.__class__.__name__).splitlines()[0][:300]
        raise StoreError(f"database error: {reason}", details={"reason": reason}) from exc
    return Receipt(credential_seq=seq, digest_sri=sri, event_ids=tuple(e.event_id for e in events),
                   warnings=tuple(warnings))


def _parties_acting(party: str | None, effects: list[Any]) -> set[str | None]:
    """Who must have signed: the acting party, and whoever gives up a lot (a shipper, a consumer)."""
    needed: set[str | None] = {party}
    needed |= {e.source for e in effects if isinstance(e, Transfer)}
    needed |= {e.party for e in effects if isinstance(e, (Consume, Decommission))}
    return needed


def _keep_original(conn: Connection, raw: bytes, sri: str, credential: dict[str, Any], issuer: str) -> int:
    cred_id = credential.get("id") if isinstance(credential.get("id"), str) else None
    try:
        return int(conn.execute(insert(CustodyCredential.__table__).values(  # type: ignore[attr-defined]
            credential_id=cred_id, digest_sri=sri, issuer=issuer, raw=raw,
            received_at=datetime.now(timezone.utc),
        )).inserted_primary_key[0])
    except IntegrityError as exc:
        raise ConflictError("this credential was already submitted", code="DUPLICATE_CREDENTIAL",
                            details={"digestSRI": sri}) from exc
