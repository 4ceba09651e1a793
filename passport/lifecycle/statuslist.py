"""Status lists of this service's issuers: random index allocation, bit flips, and the signed list credentials.

Spec: Bitstring Status List v1.0. Per issuer and purpose (revocation, suspension) the lists have `LENGTH`
(131,072, the spec's minimum for herd privacy) entries; each issued version takes one index in each, drawn at
random among the free ones (sequential indexes would tell a verifier who holds neighbouring ones and in which
order passports were issued). A list is full at 3/4 (random draws stay cheap) and the next list is opened.
A list is served at `{base_url}/status/{issuer-slug}/{purpose}/{n}`; its credential is re-signed with the issuer's
key whenever its bits change, in the transaction that changes them.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from random import Random
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from passport import sign
from passport.errors import InputError, NotFoundError
from passport.keys import Signer
from passport.lifecycle.tables import StatusAllocation, StatusList
from passport.status import MIN_LENGTH, Bitstring, status_entry, status_list_credential

LENGTH = MIN_LENGTH
MAX_FILL = LENGTH * 3 // 4
PURPOSES = ("revocation", "suspension")
TTL_MS = 60_000
SignerFor = Callable[[str], Signer]
_SUITES = {"Ed25519": "eddsa-rdfc-2022", "P-256": "ecdsa-rdfc-2019", "P-384": "ecdsa-rdfc-2019"}


def issuer_slug(issuer: str) -> str:
    """A stable, short URL segment for an issuer DID (did:key values are too long for a path segment)."""
    return hashlib.sha256(issuer.encode("utf-8")).hexdigest()[:16]


def list_url(base_url: str, slug: str, purpose: str, number: int) -> str:
    return f"{base_url.rstrip('/')}/status/{slug}/{purpose}/{number}"


def _lock(session: Session, row_id: int) -> StatusList:
    # An UPDATE first: PostgreSQL's row lock, SQLite's write lock; then read the row under it.
    session.execute(text("UPDATE status_list SET revision = revision WHERE id = :id"), {"id": row_id})
    row = session.get(StatusList, row_id, populate_existing=True)
    assert row is not None
    return row


def _current(session: Session, issuer: str, purpose: str, base_url: str) -> StatusList:
    newest = session.exec(select(StatusList).where(StatusList.issuer == issuer, StatusList.purpose == purpose)
                          .order_by(col(StatusList.number).desc()).limit(1)).first()
    if newest is not None:
        newest = _lock(session, newest.id)  # type: ignore[arg-type]
        if newest.allocated < MAX_FILL:
            return newest
    number = newest.number + 1 if newest else 1
    slug = issuer_slug(issuer)
    row = StatusList(issuer=issuer, issuer_slug=slug, purpose=purpose, number=number,
                     url=list_url(base_url, slug, purpose, number), length=LENGTH, allocated=0,
                     bits=bytes(LENGTH // 8), updated_at=datetime.now(UTC))
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        # Another process (server) opened this list first (uq_status_list_slug_purpose_n): take it, under its lock.
        return _current(session, issuer, purpose, base_url)
    return row


def _free_index(session: Session, row: StatusList, rng: Random) -> int:
    while True:  # at most 3/4 full, so a draw is free with probability >= 1/4
        index = rng.randrange(row.length)
        taken = session.exec(select(StatusAllocation.id).where(StatusAllocation.list_id == row.id,
                                                               StatusAllocation.index == index)).first()
        if taken is None:
            return index


def allocate_status_entries(session: Session, issuer_did: str, base_url: str, *,
                            rng: Random | None = None) -> list[dict[str, Any]]:
    """One random free index in the issuer's current revocation list and one in its suspension list, as the
    `credentialStatus` entries to put in the version about to be signed (call it in the storing transaction)."""
    rng = rng or secrets.SystemRandom()
    entries = []
    for purpose in PURPOSES:
        row = _current(session, issuer_did, purpose, base_url)
        index = _free_index(session, row, rng)
        session.add(StatusAllocation(list_id=row.id, index=index))
        row.allocated += 1
        session.add(row)
        session.flush()
        entries.append(status_entry(row.url, index, purpose))  # type: ignore[arg-type]
    return entries


def _suite_for(signer: Signer) -> str:
    return _SUITES.get(signer.algorithm, "eddsa-rdfc-2022")


def sign_list(row: StatusList, signer: Signer, now: datetime | None = None) -> str:
    """Sign the list's current bits as a BitstringStatusListCredential; returns the stored JSON text."""
    if signer.controller != row.issuer:
        raise InputError("the status list must be signed by its issuer", code="STATUS_LIST_WRONG_SIGNER",
                         details={"list": row.url})
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    # validFrom: when the bits last changed (not the signing instant, which a verifier's clock may precede)
    changed = row.updated_at if row.updated_at.tzinfo else row.updated_at.replace(tzinfo=UTC)
    valid_from = min(now, changed.astimezone(UTC).replace(microsecond=0))
    unsigned = status_list_credential(row.url, row.issuer, row.purpose,  # type: ignore[arg-type]
                                      Bitstring(row.length, data=row.bits),
                                      valid_from=valid_from.strftime("%Y-%m-%dT%H:%M:%SZ"), ttl_ms=TTL_MS)
    signed = sign(unsigned, signer, suite=_suite_for(signer), created=now)
    return json.dumps(signed, ensure_ascii=False, separators=(",", ":"))


def _parse_entry(entry: dict[str, Any]) -> tuple[str, str, int]:
    try:
        return entry["statusListCredential"], entry["statusPurpose"], int(entry["statusListIndex"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError("not a BitstringStatusListEntry", code="STATUS_LIST_ERROR",
                         details={"entry": str(entry.get("id", ""))[:200]}) from exc


def _with_bits(data: bytes, length: int, indexes: list[int], value: bool) -> bytes:
    bits = Bitstring(length, data=data)  # validates each index
    for index in indexes:
        bits.set(index, value)
    raw = bytearray(data)
    for index in indexes:  # the spec's order: index 0 is the left-most bit of the first byte
        mask = 1 << (7 - index % 8)
        raw[index // 8] = raw[index // 8] | mask if value else raw[index // 8] & ~mask & 0xFF
    assert all(bits.get(i) == value for i in indexes)
    return bytes(raw)


def set_bits(session: Session, entries: list[dict[str, Any]], value: bool, signer_for: SignerFor, *,
             now: datetime | None = None) -> list[str]:
    """Set (or clear) the bits behind `entries` and re-sign every list touched; returns the lists' URLs.
    Entries of lists this service does not hold raise NotFoundError (nothing is written then)."""
    by_url: dict[str, list[int]] = {}
    for entry in entries:
        url, _, index = _parse_entry(entry)
        by_url.setdefault(url, []).append(index)
    for url in sorted(by_url):
        found = session.exec(select(StatusList.id).where(StatusList.url == url)).first()
        if found is None:
            raise NotFoundError("this service does not publish the status list", code="STATUS_LIST_NOT_FOUND",
                                details={"list": url})
        row = _lock(session, found)
        row.bits, row.revision = _with_bits(row.bits, row.length, by_url[url], value), row.revision + 1
        row.updated_at = now or datetime.now(UTC)
        row.credential, row.signed_revision = sign_list(row, signer_for(row.issuer), now), row.revision
        session.add(row)
    session.flush()
    return sorted(by_url)


def bit_values(session: Session, entries: list[dict[str, Any]]) -> dict[str, bool]:
    """{entry id: bit set?} for entries of lists held here (others are left out)."""
    values: dict[str, bool] = {}
    for entry in entries:
        url, _, index = _parse_entry(entry)
        row = session.exec(select(StatusList).where(StatusList.url == url)).first()
        if row is not None:
            values[str(entry.get("id"))] = Bitstring(row.length, data=row.bits).get(index)
    return values


@dataclass(frozen=True, slots=True)
class PublishedList:
    url: str
    credential: str
    etag: str
    updated_at: datetime


def published_list(session: Session, slug: str, purpose: str, number: int, signer_for: SignerFor
                   ) -> PublishedList:
    """The signed list credential as served; a list never signed yet (no bit changed) is signed now."""
    found = session.exec(select(StatusList.id).where(StatusList.issuer_slug == slug, StatusList.purpose == purpose,
                                                     StatusList.number == number)).first()
    if found is None:
        raise NotFoundError("no such status list", code="STATUS_LIST_NOT_FOUND",
                            details={"slug": slug, "purpose": purpose, "number": number})
    row = session.get(StatusList, found)
    assert row is not None
    if row.credential is None or row.signed_revision != row.revision:
        row = _lock(session, found)
        if row.credential is None or row.signed_revision != row.revision:
            row.credential, row.signed_revision = sign_list(row, signer_for(row.issuer)), row.revision
            session.add(row)
            session.flush()
    text_ = row.credential or ""
    updated = (row.updated_at if row.updated_at.tzinfo else row.updated_at.replace(tzinfo=UTC)
               ).astimezone(UTC)
    return PublishedList(url=row.url, credential=text_, etag=hashlib.sha256(text_.encode()).hexdigest(),
                         updated_at=updated)


def parse_list_url(url: str, base_url: str) -> tuple[str, str, int] | None:
    """(slug, purpose, number) of a list URL this service publishes under `base_url`, else None."""
    prefix = base_url.rstrip("/") + "/status/"
    if not url.startswith(prefix):
        return None
    parts = url[len(prefix):].split("/")
    if len(parts) != 3 or parts[1] not in PURPOSES or not parts[2].isdigit():
        return None
    return parts[0], parts[1], int(parts[2])
