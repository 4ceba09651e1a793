"""The one way a passport is issued into the store, with its computed sections: the issuer API (`POST
/api/v1/passports`, batch) and `passport issue --publish` both call `issue_passports`.

    1. validate each draft, check its identifier is inside the organisation's prefixes (issue 22),
    2. compute what was asked for (`passport.application.sections.compute_sections`: footprint, custody summary and
       upstream binding of a lot proven to be this battery, GBA indices), outside the write transaction,
    3. in one transaction: sign once, allocate status entries, store the version and its views, audit
       (`passport.lifecycle.issue_version`), keep the full carbon result for authorities.

The issuer's `name` is the organisation's legal name. Upstream credentials are bound by digest in
`relatedResource`, each entry's id being the URL an authority reads it at (`evidence_url`).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from indices.carbon.tables import PassportCarbonResult
from passport.application.sections import ComputedSections, compute_sections, with_sections
from passport.errors import ConflictError, InputError, NotFoundError, PassportError
from passport.eu_registry import register_on_issuance
from passport.identifiers import PassportId
from passport.keys import Signer
from passport.keys.keystore import load_issuer_signer
from passport.lifecycle import issue_version
from passport.organisations import check_issuer_prefix, get_organisation
from passport.registry.issue import SUITE, IssuedPassport, prepare
from passport.store.engine import session_scope
from passport.store.tables import Organisation

EVIDENCE_PATH = "/api/v1/passports{path}/evidence/{digest}"


@dataclass(frozen=True)
class Compute:
    """What to compute before signing (the API's `compute` object, `passport issue`'s options)."""

    carbon: Mapping[str, Any] | None = None
    custody_lot: str | None = None
    indices: bool = False
    use_custody_links: bool = True
    index_options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Draft:
    data: Mapping[str, Any]
    compute: Compute = field(default_factory=Compute)
    reason: str | None = None  #: reason code of a static change (`passport.lifecycle.fields.REASON_CODES`)


@dataclass(frozen=True)
class Issued:
    """A stored version and the report of what was computed for it and what was rejected (with codes)."""

    passport: IssuedPassport
    computed: dict[str, Any]
    notes: tuple[str, ...]


def evidence_segment(digest_sri: str) -> str:
    """A digestSRI (`sha384-` + base64) as one URL path segment (`sha384-` + base64url without padding)."""
    algorithm, _, value = digest_sri.partition("-")
    return f"{algorithm}-{value.replace('+', '-').replace('/', '_').rstrip('=')}"


def digest_of_segment(segment: str) -> str:
    """The digestSRI an evidence URL segment stands for (inverse of `evidence_segment`)."""
    algorithm, _, value = segment.partition("-")
    raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    return f"{algorithm}-{base64.b64encode(raw).decode('ascii')}"


def evidence_url(base_url: str, path: str, digest_sri: str) -> str:
    return base_url.rstrip("/") + EVIDENCE_PATH.format(path=path, digest=evidence_segment(digest_sri))


def _resolvable(related: list[dict[str, Any]] | None, base_url: str, path: str) -> list[dict[str, Any]] | None:
    if not related:
        return None
    return [{**entry, "id": evidence_url(base_url, path, entry["digestSRI"])} for entry in related]


def _report(sections: ComputedSections, compute: Compute) -> dict[str, Any]:
    report: dict[str, Any] = {}
    result = sections.carbon_result
    if result is not None:
        report["carbon"] = {
            "kgCo2ePerKwh": result.total_kg_co2e_per_kwh.value, "performanceClass": result.performance_class,
            "supplierFootprintsAccepted": len(result.supplier_footprints),
            "rejected": [{"pointer": r.pointer, "code": r.code, "reason": r.reason}
                         for r in result.rejected_supplier_footprints]}
    binding = sections.lot_binding
    if binding is not None:
        report["custodyLot"] = {"lot": binding.lot, "association": binding.association,
                                "speaksFor": binding.speaks_for, "materials": len(sections.chain_of_custody or []),
                                "upstreamCredentials": len(sections.related_resource or [])}
    if compute.indices:
        report["indices"] = {"results": len(sections.index_results or []),
                             "indices": [r.get("indexName") or r.get("name") for r in sections.index_results or []]}
    return report


def _signer(engine: Engine, organisation: Organisation, settings: Any) -> Signer:
    try:
        return load_issuer_signer(engine, organisation.id, suite=SUITE, settings=settings)  # type: ignore[arg-type]
    except NotFoundError as exc:
        raise ConflictError(f"{organisation.slug} has no active issuer key: create one with `passport keys generate "
                            f"--organisation {organisation.slug} --suite {SUITE}`", code="NO_ISSUER_KEY",
                            details={"suite": SUITE, "organisation": organisation.slug}) from exc


def _prepare(engine: Engine, organisation: Organisation, issuer: str, draft: Draft, base_url: str
             ) -> tuple[PassportId, dict[str, Any], ComputedSections]:
    identifier, _ = prepare(dict(draft.data), base_url)
    with Session(engine) as session:
        check_issuer_prefix(session, organisation, identifier)
    c = draft.compute
    if c.indices and c.custody_lot is None:
        raise InputError("computing the indices needs a custody lot", code="INDICES_NEED_CUSTODY_LOT",
                         details={"pointer": "/compute/indices"})
    sections = compute_sections(engine, carbon_input=c.carbon, custody_lot=c.custody_lot,
                                passport=identifier.url(base_url), issuer=issuer, indices=c.indices,
                                use_custody_links=c.use_custody_links, index_options=c.index_options)
    return identifier, with_sections(draft.data, sections), sections


def issue_passports(engine: Engine, drafts: Sequence[Draft], *, organisation: str, base_url: str, actor: str,
                    settings: Any = None, signer: Signer | None = None, batch: bool = False,
                    within: Callable[[Session, list[Issued]], None] | None = None) -> list[Issued]:
    """Issue every draft as the organisation `organisation` (its slug), all or none.

    `signer` defaults to the organisation's active ecdsa-sd-2023 key in the store; a given signer must be
    controlled by the organisation's DID. `within` runs in the write transaction after the last version is stored
    (e.g. to keep an idempotency record with it). With `batch`, error pointers are prefixed `/passports/{i}`."""
    with Session(engine) as session:
        org = get_organisation(session, organisation)
        session.expunge(org)
    signer = signer or _signer(engine, org, settings)
    if org.did and signer.controller != org.did:
        raise ConflictError(f"the key is controlled by {signer.controller}, not by {org.slug}'s DID",
                            code="KEY_NOT_ORGANISATIONS", details={"did": org.did, "controller": signer.controller})
    prepared = []
    for index, draft in enumerate(drafts):
        with _pointed(index if batch else None):
            prepared.append(_prepare(engine, org, signer.controller, draft, base_url))
    with session_scope(engine) as session:
        out = []
        for index, (identifier, data, sections) in enumerate(prepared):
            with _pointed(index if batch else None):
                issued = issue_version(session, data, signer=signer, base_url=base_url, actor=actor,
                                       reason=drafts[index].reason,
                                       issuer_name=org.name, organisation_id=org.id,
                                       related_resource=_resolvable(sections.related_resource, base_url,
                                                                    identifier.path))
            _keep_carbon_result(session, issued, sections)
            out.append(Issued(passport=issued, computed=_report(sections, drafts[index].compute),
                              notes=sections.notes))
        if within is not None:
            within(session, out)
    if settings is not None:  # Reg. (EU) 2026/1778, when PASSPORT_REGISTRY_URL is set; a refusal is recorded
        register_on_issuance(engine, settings, [o.passport.identifier.path for o in out], actor=actor)
    return out


class _pointed:
    """Prefix the JSON pointer of an error raised for batch item `index` with `/passports/{index}`."""

    def __init__(self, index: int | None) -> None:
        self.index = index

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> bool:
        if self.index is not None and isinstance(exc, PassportError) and "pointer" in exc.details:
            prefix = f"/passports/{self.index}"
            if not str(exc.details["pointer"]).startswith(prefix + "/"):
                exc.details["pointer"] = prefix + str(exc.details["pointer"])
        return False


def _keep_carbon_result(session: Session, issued: IssuedPassport, sections: ComputedSections) -> None:
    if sections.carbon_result is None:
        return

    session.add(PassportCarbonResult(identifier=issued.stored.identifier, version=issued.stored.version,
                                     result=json.dumps(sections.carbon_result.to_json(), ensure_ascii=False)))
    session.flush()
