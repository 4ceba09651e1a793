"""Bulk custody intake: many signed DTE credentials applied in one transaction, all or nothing.

The same checks as `intake.submit`, in the same order for each credential, with the same error codes (the error
also names the credential: `details.credential` is its index, `details.file` its source):
1. parse each credential; 2. verify every signature, in parallel worker processes when `workers > 1` (the
verifier is pure given the document and its sources, so it must be picklable: `passport.verify`, or
`passport.trust.worker.StoreVerifier` for a service's store); 3. the issuer signed with its own key; 4. in one
transaction: keep the originals, load the state of every lot, tag and credit the batch names once (locked on
PostgreSQL), apply every event through `rules.apply_event` with the issuer's authority checked per acting party,
then write all rows set-based (`bulk_write`) and one audit entry per credential. `intake.submit` is the
same path for one credential.

The result is what submitting the credentials one by one, in order, would give when all of them are accepted.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from passport.audit.chain import append_audit
from passport.citation import digest_sri
from passport.credentials.issuer import issuer_id, signed_by_issuer
from passport.custody.bulk_state import BatchState, commit_effects, load_batch_state, view_for
from passport.custody.bulk_write import EventRow, write_batch
from passport.custody.credential import events_from_credential
from passport.custody.events import dump_event
from passport.custody.repository import T_DELEGATION, authorised_dids, load_sites
from passport.custody.rules import acting_party, apply_event
from passport.custody.state import Consume, Decommission, Finding, SiteStatus, Transfer, no_status
from passport.custody.tables import CustodyCredential
from passport.errors import AccessDeniedError, ConflictError, InputError, PassportError, StoreError
from passport.jsonio import read_json
from passport.credentials.verify import verify as verify_offline

T_CREDENTIAL = CustodyCredential.__table__  # type: ignore[attr-defined]

Verifier = Callable[[dict[str, Any]], Any]


@dataclass(frozen=True)
class Receipt:
    """What an accepted contribution did."""

    credential_seq: int
    digest_sri: str
    event_ids: tuple[str, ...]
    warnings: tuple[Finding, ...] = field(default=())


def _default_verifier(credential: dict[str, Any]) -> Any:
    return verify_offline(credential)


def _check_submitter(conn: Connection, submitter: str, issuer: str) -> set[str]:
    """The parties a token bound to `submitter` may act for (itself and its principals); refuses a credential
    signed by anyone but the submitter or its delegates."""
    if issuer not in authorised_dids(conn, submitter):
        raise AccessDeniedError("your token is bound to a party that neither signed this credential nor delegated "
                                "its signer", code="NOT_SUBMITTERS_PARTY",
                                details={"party": submitter, "pointer": "/issuer"})
    principals = set(conn.scalars(select(T_DELEGATION.c.principal).where(T_DELEGATION.c.agent == submitter)))
    return {submitter} | principals


def _parties_acting(party: str | None, effects: list[Any]) -> set[str | None]:
    """Who must have signed: the acting party, and whoever gives up a lot (a shipper, a consumer)."""
    needed: set[str | None] = {party}
    needed |= {e.source for e in effects if isinstance(e, Transfer)}
    needed |= {e.party for e in effects if isinstance(e, (Consume, Decommission))}
    return needed


@dataclass(frozen=True)
class Submission:
    """One credential of a batch: its bytes as received and where they came from (a file, an NDJSON line)."""

    source: str | None
    raw: bytes


@dataclass(frozen=True)
class _Parsed:
    source: str | None
    raw: bytes
    sri: str
    credential: dict[str, Any]
    issuer: str
    events: list[Any]


def _summary(verify: Verifier, credential: dict[str, Any]) -> tuple[bool, list[str], list[str]]:
    result = verify(credential)
    failed = [*result.errors, *result.unchecked]
    return bool(result.verified), [c.name for c in failed], [c.code for c in failed]


#: A worker process costs ~1 s to start (interpreter and imports) and an Ed25519 credential of 50 events ~5 ms to
#: verify (benchmarks/custody_bulk.py): fewer credentials than this per worker are verified in the calling process.
MIN_CREDENTIALS_PER_WORKER = 200


def worker_count(credentials: int, workers: int) -> int:
    """How many processes `verify_all` uses for `credentials` credentials when allowed `workers` (1: in-process)."""
    return max(1, min(workers, credentials // MIN_CREDENTIALS_PER_WORKER))


def verify_all(credentials: Sequence[dict[str, Any]], verify: Verifier, workers: int
               ) -> list[tuple[bool, list[str], list[str]]]:
    """(verified, failed check names, their codes) per credential; `workers > 1` spreads them over processes
    when there are at least `MIN_CREDENTIALS_PER_WORKER` per process."""
    workers = worker_count(len(credentials), workers)
    if workers <= 1:
        return [_summary(verify, c) for c in credentials]
    chunk = max(1, len(credentials) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(partial(_summary, verify), credentials, chunksize=chunk))


def _named(exc: PassportError, index: int, source: str | None, batch: bool = True) -> PassportError:
    """The refused credential named in the error: its index in a batch and its source (a file, an NDJSON line)."""
    where = {"credential": index} if batch else {}
    exc.details = {**(exc.details or {}), **where, **({"file": source} if source else {})}
    return exc


def _parse(submissions: Sequence[Submission], verify: Verifier, workers: int, batch: bool = True) -> list[_Parsed]:
    documents: list[dict[str, Any]] = []
    for index, s in enumerate(submissions):
        try:
            document = read_json(s.raw, source=s.source)
        except PassportError as exc:
            raise _named(exc, index, s.source, batch) from exc.__cause__
        if not isinstance(document, dict):
            raise _named(InputError("the contribution must be a JSON object", code="INVALID_JSON"), index, s.source,
                         batch)
        documents.append(document)
    results = verify_all(documents, verify, workers)
    failures = [{"credential": i, "file": submissions[i].source, "checks": names, "codes": codes}
                for i, (ok, names, codes) in enumerate(results) if not ok]
    if failures:
        first = failures[0]
        raise _named(InputError(f"{len(failures)} contribution(s) do not verify", code="SIGNATURE_INVALID",
                                details={"checks": first["checks"], "codes": first["codes"],
                                         **({"failures": failures} if batch else {})}),
                     first["credential"], first["file"], batch)
    parsed, seen = [], {}
    for index, (s, document) in enumerate(zip(submissions, documents)):
        issuer = issuer_id(document)
        if issuer is None or not signed_by_issuer(document).passed:
            raise _named(InputError("the contribution must be signed by its issuer's own key", code="ISSUER_MISMATCH",
                                    details={"pointer": "/proof/verificationMethod"}), index, s.source, batch)
        try:
            events = events_from_credential(document)
        except PassportError as exc:
            raise _named(exc, index, s.source, batch) from exc.__cause__
        sri = digest_sri(s.raw)
        if sri in seen:
            raise ConflictError("this credential appears twice in the batch", code="DUPLICATE_CREDENTIAL",
                                details={"credential": index, "file": s.source, "digestSRI": sri,
                                         "first": seen[sri]})
        seen[sri] = index
        parsed.append(_Parsed(s.source, s.raw, sri, document, issuer, events))
    return parsed


def submit_many(engine: Engine, submissions: Sequence[Submission], *, verify: Verifier = _default_verifier,
                workers: int = 0, site_status: SiteStatus = no_status, submitter: str | None = None
                ) -> list[Receipt]:
    """Verify and apply a batch of signed contributions in order, all or nothing: the first refused credential
    (named in the error's details) leaves the store as it was. One receipt per credential."""
    return apply_parsed(engine, _parse(submissions, verify, workers), site_status=site_status, submitter=submitter)


def apply_parsed(engine: Engine, items: list[_Parsed], *, site_status: SiteStatus = no_status,
                 submitter: str | None = None, batch: bool = True) -> list[Receipt]:
    """The one way custody events reach the store (single intake is a batch of one): keep the originals, apply
    every event through the rules against state loaded once, write set-based, one audit entry per credential."""
    try:
        with engine.begin() as conn:
            seqs = _keep_originals(conn, items)
            state = load_batch_state(conn, [e for it in items for e in it.events], sites=load_sites(conn),
                                     site_status=site_status)
            rows, receipts, dids = [], [], _DidCache(conn)
            for index, (item, seq) in enumerate(zip(items, seqs)):
                try:
                    receipts.append(_apply(conn, state, item, seq, rows, dids, submitter))
                except PassportError as exc:
                    raise _named(exc, index, item.source, batch) from exc.__cause__
            write_batch(conn, state, rows)
            for item, seq in zip(items, seqs):
                append_audit(conn, item.issuer, "import", f"custody-credential:{seq}",
                             {"digestSRI": item.sri, "events": [e.event_id for e in item.events],
                              "source": item.source})
    except PassportError:
        raise
    except _AlreadySubmitted as exc:
        raise _already_submitted(engine, items, batch) from exc.__cause__
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc.__class__.__name__).splitlines()[0][:300]
        raise StoreError(f"database error: {reason}", details={"reason": reason}) from exc
    return receipts


class _DidCache:
    """`authorised_dids` per party, read once per batch."""

    def __init__(self, conn: Connection):
        self.conn, self.cache = conn, {}  # type: ignore[var-annotated]

    def __call__(self, party: str) -> set[str]:
        if party not in self.cache:
            self.cache[party] = authorised_dids(self.conn, party)
        return self.cache[party]  # type: ignore[no-any-return]


def _keep_originals(conn: Connection, items: list[_Parsed]) -> list[int]:
    """Insert the signed originals (the first statement: on SQLite it takes the write lock before any read)."""
    now = datetime.now(timezone.utc)
    values = [dict(credential_id=it.credential.get("id") if isinstance(it.credential.get("id"), str) else None,
                   digest_sri=it.sri, issuer=it.issuer, raw=it.raw, received_at=now) for it in items]
    try:
        return list(conn.scalars(insert(T_CREDENTIAL).returning(T_CREDENTIAL.c.seq, sort_by_parameter_order=True),
                                 values))
    except IntegrityError as exc:
        raise _AlreadySubmitted() from exc


class _AlreadySubmitted(Exception):
    """A credential of the batch is stored already; which one is looked up once the transaction is gone."""


def _already_submitted(engine: Engine, items: list[_Parsed], batch: bool) -> ConflictError:
    with engine.connect() as conn:
        known = set(conn.scalars(select(T_CREDENTIAL.c.digest_sri).where(
            T_CREDENTIAL.c.digest_sri.in_([it.sri for it in items]))))
    first = next((i for i, it in enumerate(items) if it.sri in known), 0)
    return _named(ConflictError("this credential was already submitted", code="DUPLICATE_CREDENTIAL",
                                details={"digestSRI": items[first].sri}), first, items[first].source, batch)


def _apply(conn: Connection, state: BatchState, item: _Parsed, seq: int, rows: list[EventRow],
           dids: _DidCache, submitter: str | None) -> Receipt:
    """Every event of one credential through the rules, with the issuer's authority checked per acting party."""
    allowed = _check_submitter(conn, submitter, item.issuer) if submitter is not None else None
    warnings = []
    for i, event in enumerate(item.events):
        view = view_for(state, event)
        party = acting_party(view, event)
        outcome = apply_event(view, event)
        for needed in _parties_acting(party, outcome.effects):
            if allowed is not None and needed is not None and needed not in allowed:
                raise AccessDeniedError("a party acting in this event is not your token's party nor one it is a "
                                        "delegate of", code="NOT_SUBMITTERS_PARTY",
                                        details={"pointer": f"/credentialSubject/{i}", "party": submitter,
                                                 "event_id": event.event_id})
            if needed is None or item.issuer not in dids(needed):
                raise InputError("the issuer does not speak for a party acting in this event", code="NOT_AUTHORISED",
                                 details={"pointer": f"/credentialSubject/{i}", "event_id": event.event_id})
        if outcome.errors:
            raise ConflictError("the event contradicts the chain of custody", code="CUSTODY_REJECTED",
                                details={"pointer": f"/credentialSubject/{i}", "event_id": event.event_id,
                                         "findings": [f.model_dump() for f in outcome.errors]})
        if event.event_id in state.known_events:
            raise ConflictError("this event was already recorded", code="DUPLICATE_EVENT",
                                details={"event_id": event.event_id})
        commit_effects(state, event.event_id, outcome.effects)
        state.known_events.add(event.event_id)
        rows.append(EventRow(event, outcome, party, seq, dump_event(event)))
        warnings.extend(f for f in outcome.findings if f.severity == "warning")
    return Receipt(credential_seq=seq, digest_sri=item.sri, event_ids=tuple(e.event_id for e in item.events),
                   warnings=tuple(warnings))
