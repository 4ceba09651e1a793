"""Organisations from zero: create, show, list and change them by slug (never by an internal id).

Every write lands with its audit entry. An organisation's DID is a did:web (given as HOST[:PORT][/PATH], or by
default the service's own `PASSPORT_BASE_URL/orgs/{slug}`) or the did:key of its issuer key (set when the key is
made, see `passport.keys.keystore`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, select

from passport.audit.chain import append_audit
from passport.dids import did_web_from_url
from passport.dids.did_web import did_web_url
from passport.errors import ConflictError, InputError, NotFoundError
from passport.keys.tables import IssuerKey
from passport.organisations.models import OrganisationCreate, OrganisationPublic, OrganisationUpdate
from passport.organisations.prefixes import (
    GS1,
    ISO15459,
    bind_prefixes,
    normalize_prefix,
    prefixes_of,
    unbind_prefixes,
)
from passport.store.tables import Organisation

WEB, KEY = "web", "key"


def did_web_of(value: str, *, field: str = "did_web") -> str:
    """did:web of HOST[:PORT][/PATH]."""
    text = value.strip()
    if "://" in text:
        raise InputError("give the did:web as HOST[:PORT][/PATH], without a scheme", code="INVALID_DID_WEB",
                         details={"field": field})
    try:
        return did_web_from_url("https://" + text)
    except InputError as exc:
        raise InputError(exc.message, code="INVALID_DID_WEB", details={"field": field}) from exc


def get_organisation(session: Session, slug: str) -> Organisation:
    """The organisation with this slug; NotFoundError whose message names the command that creates it."""
    row = session.exec(select(Organisation).where(Organisation.slug == slug)).first()
    if row is None:
        raise NotFoundError(f"no organisation {slug!r}: create it with `passport orgs create --slug {slug} "
                            "--legal-name NAME` (or POST /api/v1/organisations)", code="ORGANISATION_NOT_FOUND",
                            details={"organisation": slug})
    return row


def public_view(session: Session, row: Organisation) -> OrganisationPublic:
    held = prefixes_of(session, row.id)  # type: ignore[arg-type]
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    url = did_web_url(row.did) if row.did and row.did.startswith("did:web:") else None
    return OrganisationPublic(slug=row.slug or "", legal_name=row.name, role=row.role, did=row.did,
                              did_method=row.did_method, did_document_url=url, gs1_company_prefixes=held[GS1],
                              iso15459_prefixes=held[ISO15459], created_at=created)


def _prefixes(scheme: str, values: list[str], field: str) -> list[str]:
    return [normalize_prefix(scheme, v, field=f"{field}/{i}") for i, v in enumerate(values)]


def create_organisation(session: Session, request: OrganisationCreate, *, base_url: str, actor: str,
                        now: datetime | None = None) -> OrganisationPublic:
    """A new organisation with its DID and prefixes; ConflictError if the slug or the DID is taken."""
    if session.exec(select(Organisation).where(Organisation.slug == request.slug)).first() is not None:
        raise ConflictError("an organisation with this slug exists: change it with `passport orgs set "
                            f"{request.slug} ...`", code="ORGANISATION_EXISTS", details={"field": "slug"})
    gs1 = _prefixes(GS1, request.gs1_company_prefixes, "gs1CompanyPrefixes")
    iso = _prefixes(ISO15459, request.iso15459_prefixes, "iso15459Prefixes")
    if request.did_key:
        did, method = None, KEY
    else:
        did = (did_web_of(request.did_web) if request.did_web
               else did_web_from_url(f"{base_url.rstrip('/')}/orgs/{request.slug}"))
        method = WEB
        _check_did_free(session, did, None)
    row = Organisation(slug=request.slug, name=request.legal_name.strip(), role=request.role, did=did,
                       did_method=method, created_at=now or datetime.now(UTC))
    session.add(row)
    session.flush()
    bind_prefixes(session, row, GS1, gs1)
    bind_prefixes(session, row, ISO15459, iso)
    view = public_view(session, row)
    append_audit(session, actor, "organisation-create", f"organisation {row.slug}",
                 view.model_dump(mode="json", exclude={"created_at"}), now=now)
    return view


def _check_did_free(session: Session, did: str, own_id: int | None) -> None:
    other = session.exec(select(Organisation).where(Organisation.did == did)).first()
    if other is not None and other.id != own_id:
        raise ConflictError("another organisation has this DID", code="DID_TAKEN", details={"field": "did_web"})


def update_organisation(session: Session, slug: str, request: OrganisationUpdate, *, actor: str,
                        now: datetime | None = None) -> OrganisationPublic:
    """Change what `request` gives. A did:web of an organisation whose keys are stored cannot change (its keys
    are bound to the old DID): rotate to a new organisation instead."""
    row = get_organisation(session, slug)
    if request.legal_name is not None:
        row.name = request.legal_name.strip()
    if request.did_web is not None:
        did = did_web_of(request.did_web)
        if did != row.did:
            _check_no_keys(session, row)
            _check_did_free(session, did, row.id)
            row.did, row.did_method = did, WEB
    session.add(row)
    session.flush()
    unbind_prefixes(session, row, GS1, _prefixes(GS1, request.remove_gs1_company_prefixes,
                                                 "removeGs1CompanyPrefixes"))
    unbind_prefixes(session, row, ISO15459, _prefixes(ISO15459, request.remove_iso15459_prefixes,
                                                      "removeIso15459Prefixes"))
    bind_prefixes(session, row, GS1, _prefixes(GS1, request.add_gs1_company_prefixes, "addGs1CompanyPrefixes"))
    bind_prefixes(session, row, ISO15459, _prefixes(ISO15459, request.add_iso15459_prefixes,
                                                    "addIso15459Prefixes"))
    view = public_view(session, row)
    append_audit(session, actor, "organisation-update", f"organisation {row.slug}",
                 request.model_dump(mode="json", exclude_defaults=True), now=now)
    return view


def _check_no_keys(session: Session, row: Organisation) -> None:
    if session.exec(select(IssuerKey).where(IssuerKey.organisation_id == row.id)).first() is not None:
        raise ConflictError("the organisation's keys are bound to its DID, which therefore cannot change",
                            code="DID_IN_USE", details={"field": "did_web"})


def list_organisations(session: Session) -> list[OrganisationPublic]:
    rows = session.exec(select(Organisation).order_by(col(Organisation.slug))).all()
    return [public_view(session, r) for r in rows]
