"""The source side of `passport backup push` and `passport backup verify`: talk to another instance of this
service over its own archive API (`/api/v1/archive/...`, an operator token), idempotently.

Push asks the back-up what it holds first and sends only what is missing or newer, in requests that stay under
the back-up's body limit; running it twice sends nothing the second time. Verify compares the two manifests and
names every version, status list, DPP record or audit entry that differs.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from passport.archive.export import (
    audit_records,
    dpp_records,
    list_digest,
    local_manifest,
    status_list_records,
    version_records,
)
from passport.archive.records import (
    AuditBatch,
    DppsBatch,
    Manifest,
    StatusListsBatch,
    VersionsBatch,
)
from passport.errors import InputError, NotFoundError, UpstreamError
from passport.lifecycle.statuslist import SignerFor, published_list
from passport.lifecycle.tables import StatusList
from passport.store.engine import session_scope

MAX_REQUEST_BYTES = 1_500_000  # well under the default 4 MB body limit
TIMEOUT_SECONDS = 60.0
PREFIX = "/api/v1/archive"


class BackupClient:
    """JSON over HTTP to a back-up instance, with its operator token."""

    def __init__(self, url: str, token: str, *, timeout: float = TIMEOUT_SECONDS) -> None:
        self.url, self.token, self.timeout = url.rstrip("/"), token, timeout

    def call(self, method: str, path: str, body: BaseModel | None = None) -> dict[str, Any]:
        data = body.model_dump_json().encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}{PREFIX}{path}", data=data, method=method, headers={
            "Authorization": f"Bearer {self.token}", "Accept": "application/json",
            **({"Content-Type": "application/json"} if data is not None else {})})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (user's URL)
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            try:
                error = json.loads(exc.read()).get("error", {})
            except (ValueError, AttributeError):
                error = {}
            raise UpstreamError(f"the back-up refused {method} {path} (HTTP {exc.code})", code="BACKUP_REFUSED",
                                details={"status": exc.code, "backupCode": error.get("code"), "url": self.url}
                                ) from exc
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            raise UpstreamError("the back-up could not be reached", code="BACKUP_UNREACHABLE",
                                details={"url": self.url}) from exc

    def manifest(self, source: str) -> Manifest:
        return Manifest.model_validate(self.call("GET", f"/manifest?source={quote(source, safe='')}"))


@dataclass
class PushReport:
    sent: dict[str, int] = field(default_factory=lambda: {"versions": 0, "statusLists": 0, "dpps": 0, "audit": 0})
    created: dict[str, int] = field(default_factory=lambda: {"versions": 0, "statusLists": 0, "dpps": 0,
                                                             "audit": 0})


def _chunks(records: Any, size_of: Any) -> Any:
    chunk, size = [], 0
    for record in records:
        n = size_of(record)
        if n > MAX_REQUEST_BYTES:
            raise InputError("a record is larger than one back-up request may be", code="RECORD_TOO_LARGE",
                             details={"field": getattr(record, "identifier", "record")})
        if chunk and (size + n > MAX_REQUEST_BYTES or len(chunk) >= 500):
            yield chunk
            chunk, size = [], 0
        chunk.append(record)
        size += n
    if chunk:
        yield chunk


def _size(record: BaseModel) -> int:
    return len(record.model_dump_json()) + 2


def sign_stale_lists(engine: Engine, signer_for: SignerFor) -> int:
    """Sign every list whose bits changed since it was last signed (lists are signed lazily, when first served):
    a back-up holds no key, so it can only serve what was signed here. Lists of issuers whose key is not held
    here are left as they are."""
    signed = 0
    with session_scope(engine) as session:
        stale = session.exec(select(StatusList).where((col(StatusList.credential).is_(None))
                                                      | (StatusList.signed_revision != StatusList.revision))).all()
        for row in stale:
            try:
                published_list(session, row.issuer_slug, row.purpose, row.number, signer_for)
            except NotFoundError:
                continue
            signed += 1
    return signed


def push(engine: Engine, client: BackupClient, source: str, signer_for: SignerFor | None = None) -> PushReport:
    """Replicate versions, status lists, DPP records and the audit chain to the back-up."""
    report = PushReport()
    if signer_for is not None:
        sign_stale_lists(engine, signer_for)
    held = client.manifest(source)
    with Session(engine) as session:
        versions = version_records(session, skip=set(held.versions))
        for chunk in _chunks(versions, _size):
            answer = client.call("POST", "/versions", VersionsBatch(versions=chunk))
            report.sent["versions"] += len(chunk)
            report.created["versions"] += answer["created"]
        lists = [r for r in status_list_records(session)
                 if held.statusLists.get(r.url) != list_digest(r.revision, r.credential)]
        for chunk in _chunks(lists, _size):
            answer = client.call("POST", "/status-lists", StatusListsBatch(statusLists=chunk))
            report.sent["statusLists"] += len(chunk)
            report.created["statusLists"] += answer["created"] + answer["updated"]
        dpps = [r for r in dpp_records(session)
                if r.dppId not in held.dpps or held.dpps[r.dppId] != (r.endedAt.isoformat() if r.endedAt else None)]
        for chunk in _chunks(dpps, _size):
            answer = client.call("POST", "/dpps", DppsBatch(dpps=chunk))
            report.sent["dpps"] += len(chunk)
            report.created["dpps"] += answer["created"] + answer["updated"]
        after = held.audit.lastSeq
        while True:
            entries = audit_records(session, after=after)
            if not entries:
                break
            answer = client.call("POST", "/audit", AuditBatch(source=source, entries=entries))
            report.sent["audit"] += len(entries)
            report.created["audit"] += answer["created"]
            after = entries[-1].seq
    return report


@dataclass(frozen=True, slots=True)
class Difference:
    code: str
    subject: str


def compare(local: Manifest, backup: Manifest) -> list[Difference]:
    """Every way the back-up falls short of the source (extra records on the back-up are not a fault)."""
    out: list[Difference] = []
    for key, etag in sorted(local.versions.items()):
        if key not in backup.versions:
            out.append(Difference("VERSION_MISSING", key))
        elif backup.versions[key] != etag:
            out.append(Difference("VERSION_DIFFERS", key))
    for url, digest in sorted(local.statusLists.items()):
        if backup.statusLists.get(url) != digest:
            out.append(Difference("STATUS_LIST_MISSING" if url not in backup.statusLists else "STATUS_LIST_DIFFERS",
                                  url))
    for dpp_id, ended in sorted(local.dpps.items()):
        if dpp_id not in backup.dpps:
            out.append(Difference("DPP_RECORD_MISSING", dpp_id))
        elif backup.dpps[dpp_id] != ended:
            out.append(Difference("DPP_RECORD_DIFFERS", dpp_id))
    if not backup.audit.verified:
        out += [Difference("BACKUP_AUDIT_BROKEN", p) for p in backup.audit.problems]
    if (backup.audit.lastSeq, backup.audit.headHash) != (local.audit.lastSeq, local.audit.headHash):
        out.append(Difference("AUDIT_CHAIN_DIFFERS", f"source {local.audit.lastSeq}:{local.audit.headHash[:12]} "
                              f"back-up {backup.audit.lastSeq}:{backup.audit.headHash[:12]}"))
    return out


def verify_backup(engine: Engine, client: BackupClient, source: str) -> tuple[Manifest, list[Difference]]:
    with Session(engine) as session:
        local = local_manifest(session)
    return local, compare(local, client.manifest(source))
