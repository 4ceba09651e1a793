"""The indices at the store's edge: take in assessment credentials, gather a battery's inputs, keep each result.

    add_assessments   verify each credential (offline) and keep the accepted ones byte for byte
    collect_inputs    custody flows + companies + stored assessments + programme counts -> IndexInputs
    compute           collect, withdraw materials a revoked custody credential touched, derive, store the
                      disclosure; returns the result
    latest            the last stored disclosure of a battery (inputs and result)
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, Engine

from indices.aggregation import RejectedEvidence, derive_indices, index_results
from indices.bettermining.rollup import site_counts_from_store
from indices.bettermining.tables import BmSite
from indices.evidence.credentials import (
    AcceptedAssessment,
    RejectedAssessment,
    check_assessment,
)
from indices.evidence.credentials import loader as evidence_loader
from indices.evidence.custody import battery_flows
from indices.evidence.custody_status import WithdrawnCustody, withdrawn_custody
from indices.evidence.digest import json_digest
from indices.evidence.inputs import IndexInputs, ProgrammeData, RulebookRef
from indices.evidence.tables import IndexDisclosure, IndexEvidence
from indices.gc_pause import paused_gc
from indices.rulebook.loader import default_rulebooks, rulebook_digest
from indices.rulebook.model import IndexKind, Rulebook
from passport.custody.repository import T_PARTY
from passport.custody.state import SiteStatus
from passport.custody.trace import resolve_lot
from passport.errors import NotFoundError
from passport.credentials.result import STATUS, Check, VerificationResult
from passport.credentials.status import run_status_checker
from passport.settings import get_settings
from passport.trust import TrustSources, status_checker_for, verify_credential

T_EVIDENCE = IndexEvidence.__table__  # type: ignore[attr-defined]
T_DISCLOSURE = IndexDisclosure.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class _VerifiedAtIntake:
    verified: bool = True
    checks: tuple[()] = ()


def _still_valid(credential: dict[str, Any], now: dt.datetime) -> bool:
    until = credential.get("validUntil")
    if until is None:
        return True
    try:
        return dt.datetime.fromisoformat(str(until)) >= now
    except ValueError:
        return False


def store_sources(engine: Engine) -> TrustSources:
    """The service's sources for evidence: did:web issuers and this service's status lists from the store (its
    base URL and issuer keys from the settings), the shipped contexts."""
    return TrustSources.for_service(engine, get_settings(), loader=evidence_loader())


def policy_verifier(engine: Engine, now: dt.datetime | None, sources: TrustSources | None = None) -> Any:
    """The one verification policy for assessments: did:web issuers from the store (else did:key), our shipped
    contexts, status from the lists the store holds; a credential whose status cannot be checked does not count
    (STATUS_NOT_CHECKED), a revoked or suspended one is excluded with that code."""
    sources = sources or store_sources(engine)
    return lambda credential: verify_credential(credential, sources, now=now)


def recheck_verifier(engine: Engine, computed_at: dt.datetime, sources: TrustSources | None = None) -> Any:
    """For `passport indices recompute`: each credential as of `computed_at` (signature, validity period), its
    status as of now: a list re-signed since a bit changed is valid from that change, after `computed_at`."""
    sources = sources or store_sources(engine)
    then = policy_verifier(engine, computed_at, sources)
    status = status_checker_for(sources)

    def verify(credential: dict[str, Any]) -> Any:
        result = then(credential)
        if not isinstance(credential, dict) or "credentialStatus" not in credential:
            return result
        current = run_status_checker(status, credential, dt.datetime.now(dt.UTC), None)
        checks = [current if c.name == STATUS and c.proof is None else c for c in result.checks]
        return VerificationResult.from_checks(checks, result.proofs, format=result.format)

    return verify


@dataclass(frozen=True)
class _StatusOnly:
    """A credential verified at intake whose status is checked again now: its status check decides."""
    status: Check

    @property
    def verified(self) -> bool:
        return self.status.passed is not False and not (self.status.passed is None and self.status.code)

    @property
    def checks(self) -> tuple[Check, ...]:
        return (self.status,)

    @property
    def errors(self) -> list[Check]:
        return [self.status] if self.status.passed is False else []

    @property
    def unchecked(self) -> list[Check]:
        return [self.status] if self.status.passed is None and self.status.code else []


def intake_verifier(conn: Connection, now: dt.datetime, sources: TrustSources | None = None) -> Any:
    """Credentials whose exact bytes passed the policy at intake are not verified again: only their validity
    period and their status (revoked or suspended since?) are checked now; anything else gets the full policy.
    `passport indices recompute` always verifies everything."""
    trusted = set(conn.scalars(select(T_EVIDENCE.c.digest)))
    sources = sources or store_sources(conn.engine)
    full = policy_verifier(conn.engine, now, sources)
    status = status_checker_for(sources)

    def verify(credential: dict[str, Any]) -> Any:
        if json_digest(credential) in trusted and _still_valid(credential, now):
            if "credentialStatus" not in credential:
                return _VerifiedAtIntake()
            return _StatusOnly(run_status_checker(status, credential, now, None))
        return full(credential)

    return verify


@dataclass(frozen=True)
class Disclosure:
    inputs: IndexInputs
    result: dict[str, Any]


def add_assessments(engine: Engine, credentials: Iterable[dict[str, Any]], *, now: dt.datetime | None = None,
                    sources: TrustSources | None = None) -> list[AcceptedAssessment | RejectedAssessment]:
    """Verify and keep each credential (a company must be a registered custody party); duplicates are no-ops."""
    verifier = policy_verifier(engine, now, sources)
    outcomes: list[AcceptedAssessment | RejectedAssessment] = []
    with engine.begin() as conn:
        dids = {r.id: r.did for r in conn.execute(select(T_PARTY.c.id, T_PARTY.c.did))}
        known = set(conn.scalars(select(T_EVIDENCE.c.digest)))
        for credential in credentials:
            outcome = check_assessment(credential, company_dids=dids, verifier=verifier)
            outcomes.append(outcome)
            if isinstance(outcome, AcceptedAssessment) and outcome.digest not in known:
                conn.execute(insert(T_EVIDENCE).values(
                    digest=outcome.digest, company=outcome.company, issuer=outcome.issuer,
                    assessment_type=outcome.assessment_type, rulebook=outcome.rulebook,
                    received_at=dt.datetime.now(dt.UTC), credential=json.dumps(credential)))
                known.add(outcome.digest)
    return outcomes


def stored_assessments(conn: Connection, companies: Iterable[str]) -> list[dict[str, Any]]:
    names = sorted(set(companies))
    if not names:
        return []
    rows = conn.execute(select(T_EVIDENCE.c.credential).where(T_EVIDENCE.c.company.in_(names))
                        .order_by(T_EVIDENCE.c.digest))
    return [json.loads(r.credential) for r in rows]


def programme_standing(conn: Connection) -> SiteStatus:
    """Sites' current standing as the Better Mining store records it (`bm_site.programme_status`): what the
    indices use when no dated suspensions are given."""
    table = BmSite.__table__  # type: ignore[attr-defined]
    standing = dict(conn.execute(select(table.c.id, table.c.programme_status)).all())
    return lambda site, _when: standing.get(site)


def collect_inputs(conn: Connection, battery: str, *, rulebooks: Mapping[IndexKind, Rulebook] | None = None,
                   extra_assessments: Iterable[dict[str, Any]] = (), site_status: SiteStatus | None = None,
                   period_from: dt.date | None = None, period_to: dt.date | None = None,
                   now: dt.datetime | None = None) -> IndexInputs:
    """Everything the indices of `battery` (a lot id or passport URL) are derived from."""
    books = dict(rulebooks or default_rulebooks())
    moment = now or dt.datetime.now(dt.UTC)
    lot = resolve_lot(conn, battery)
    site_status = site_status or programme_standing(conn)
    materials = sorted({m for r in books.values() for m in r.materials})
    traces, companies = battery_flows(conn, lot, materials, site_status=site_status, now=moment)
    sites = sorted({f.site for t in traces for f in t.flows if f.programme})
    counts = site_counts_from_store(conn, sites, period_from=period_from, period_to=period_to)
    assessments = stored_assessments(conn, [c.id for c in companies]) + list(extra_assessments)
    return IndexInputs(
        subject=lot, computed_at=moment,
        rulebooks=tuple(RulebookRef(id=r.id, version=r.version, digest=rulebook_digest(r)) for r in books.values()),
        materials=tuple(traces), companies=tuple(companies), assessments=tuple(assessments),
        programme=ProgrammeData(period_from=period_from, period_to=period_to,
                                sites=tuple(counts[s] for s in sorted(counts))))


def save_disclosure(conn: Connection, inputs: IndexInputs, result: Any) -> None:
    """Both documents zlib-compressed; the inputs are compressed on a second thread (zlib lets go of the GIL)
    while the result is serialized."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        packed_inputs = pool.submit(zlib.compress, inputs.model_dump_json().encode("utf-8"), 1)
        packed_result = zlib.compress(result.model_dump_json().encode("utf-8"), 1)
        conn.execute(insert(T_DISCLOSURE).values(
            subject=inputs.subject, computed_at=inputs.computed_at, inputs_digest=result.inputs_digest,
            inputs=packed_inputs.result(), result=packed_result))


def compute(engine: Engine, battery: str, *, sources: TrustSources | None = None, **options: Any) -> Any:
    """Collect, derive and keep the disclosure; returns the `IndicesResult`. Evidence is status-checked now
    against `sources` (default: the store's, `store_sources`)."""
    sources = sources or store_sources(engine)
    with engine.begin() as conn:
        inputs = collect_inputs(conn, battery, **options)
        status = status_checker_for(sources)
        withdrawn = withdrawn_custody(conn, inputs.subject,
                                      lambda c: run_status_checker(status, c, inputs.computed_at, None))
        inputs = untraced(inputs, withdrawn)
        result = derive_indices(inputs, rulebooks={r.id: r for r in (options.get("rulebooks") or {}).values()},
                                verifier=intake_verifier(conn, inputs.computed_at, sources))
        result = result.model_copy(update={"rejected": result.rejected + tuple(
            RejectedEvidence(digest=w.digest_sri, code=w.code,
                             reason=f"custody credential {w.code.removeprefix('CUSTODY_CREDENTIAL_').lower()}: "
                                    f"no traced share published for {', '.join(w.materials)}")
            for w in withdrawn)})
        save_disclosure(conn, inputs, result)
    return result


def untraced(inputs: IndexInputs, withdrawn: Iterable[WithdrawnCustody]) -> IndexInputs:
    """`inputs` with no flows for each material a withdrawn custody credential touched (its traced share is not
    published: zero), and only the companies still on a flow."""
    gone = {m for w in withdrawn for m in w.materials}
    if not gone:
        return inputs
    traces = tuple(t.model_copy(update={"flows": ()}) if t.material in gone else t for t in inputs.materials)
    on_flows = {c for t in traces for f in t.flows for c in f.companies}
    return inputs.model_copy(update={"materials": traces,
                                     "companies": tuple(c for c in inputs.companies if c.id in on_flows)})


def compute_batch(engine: Engine, batteries: Iterable[str], **options: Any) -> list[Any]:
    """`compute` for many batteries, with the cyclic garbage collector paused for the batch (`paused_gc`: the
    pause is process-wide, so it is the caller's explicit choice, never a side effect of one computation)."""
    with paused_gc():
        return [compute(engine, battery, **options) for battery in batteries]


def latest(conn: Connection, battery: str) -> Disclosure:
    """The last computed disclosure for a battery (lot id or passport URL)."""
    lot = resolve_lot(conn, battery)
    row = conn.execute(select(T_DISCLOSURE).where(T_DISCLOSURE.c.subject == lot)
                       .order_by(T_DISCLOSURE.c.id.desc()).limit(1)).first()
    if row is None:
        raise NotFoundError("no index result has been computed for this battery", details={"lot": lot})
    return Disclosure(IndexInputs.model_validate_json(zlib.decompress(row.inputs)),
                      json.loads(zlib.decompress(row.result)))


def passport_index_results(engine: Engine, battery: str, **options: Any) -> list[dict[str, Any]]:
    """What `passport issue` puts in `supplyChainDueDiligence.indexResults` (Annex XIII 1(d)): the indices
    computed now (the disclosure is stored for `explain`/`recompute`), as `IndexResult` JSON objects; an
    index with no assessed company is left out (the model requires at least one)."""
    return index_results(compute(engine, battery, **options))
