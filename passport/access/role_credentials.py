"""Role credentials: an authority attests a reader's role (and organisation) to the reader's DID.

`passport roles issue` uses this so a small authority, or a test, can issue them with its own key: a key file
(no status entry; keep such credentials short-lived) or the authority's key in this service's store, in which
case the credential gets Bitstring Status List entries here and `revoke_role_credential` revokes it at once.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from passport.access.roles import READER_ROLES
from passport.auth import revoke_token
from passport.auth.roles import Role
from passport.credentials import sign
from passport.credentials._time import format_date_time_stamp
from passport.errors import InputError, NotFoundError
from passport.audit import append_audit
from passport.audit.tables import AuditEntry
from passport.keys import Signer
from passport.keys.keystore import load_issuer_signer
from passport.lifecycle import allocate_status_entries, signer_for_issuer
from passport.lifecycle.statuslist import set_bits
from passport.settings import Settings
from passport.store.engine import session_scope

ACCESS_CONTEXT = "https://w3id.org/battery-passport/access/v1"
_SUITE_FOR = {"Ed25519": "eddsa-rdfc-2022", "P-256": "ecdsa-rdfc-2019", "P-384": "ecdsa-rdfc-2019"}


def role_credential(issuer: str, *, holder: str, role: Role | str, organisation: str,
                    purposes: Sequence[str] = (), jurisdiction: str | None = None, valid_from: datetime,
                    valid_until: datetime, status: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The unsigned RoleCredential; InputError naming the field for a role that is not a reader's."""
    try:
        role = Role(role)
    except ValueError:
        role = None  # type: ignore[assignment]
    if role not in READER_ROLES:
        raise InputError(f"a role credential attests one of: {', '.join(sorted(r.value for r in READER_ROLES))}",
                         details={"field": "role"})
    if not holder.startswith("did:"):
        raise InputError("the holder must be a DID", details={"field": "holder"})
    if not organisation.strip():
        raise InputError("the organisation name is empty", details={"field": "organisation"})
    subject: dict[str, Any] = {"id": holder, "role": role.value, "organisationName": organisation.strip()}
    if purposes:
        subject["legitimatePurpose"] = list(purposes)
    if jurisdiction:
        subject["jurisdiction"] = jurisdiction
    credential: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2", ACCESS_CONTEXT],
        "id": f"urn:uuid:{uuid.uuid4()}", "type": ["VerifiableCredential", "RoleCredential"], "issuer": issuer,
        "validFrom": format_date_time_stamp(valid_from), "validUntil": format_date_time_stamp(valid_until),
        "credentialSubject": subject,
    }
    if status:
        credential["credentialStatus"] = status
    return credential


def issue_role_credential(signer: Signer, *, holder: str, role: Role | str, organisation: str,
                          purposes: Sequence[str] = (), jurisdiction: str | None = None, valid_days: int = 365,
                          status: list[dict[str, Any]] | None = None, now: datetime | None = None
                          ) -> dict[str, Any]:
    """A signed RoleCredential by `signer` (eddsa-rdfc-2022 or ecdsa-rdfc-2019 by its curve)."""
    if not 1 <= valid_days <= 3650:
        raise InputError("a role credential is valid for 1 to 3650 days", details={"field": "valid_days"})
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    unsigned = role_credential(signer.controller, holder=holder, role=role, organisation=organisation,
                               purposes=purposes, jurisdiction=jurisdiction, valid_from=now,
                               valid_until=now + timedelta(days=valid_days), status=status)
    return sign(unsigned, signer, suite=_SUITE_FOR[signer.algorithm], created=now)


def store_signer(engine: Engine, organisation_id: int, settings: Settings) -> Signer:
    """The organisation's active eddsa-rdfc-2022 or ecdsa-rdfc-2019 key from the store."""
    for suite in ("eddsa-rdfc-2022", "ecdsa-rdfc-2019"):
        try:
            return load_issuer_signer(engine, organisation_id, suite=suite, settings=settings)
        except NotFoundError:
            continue
    raise NotFoundError("the organisation has no active eddsa-rdfc-2022 or ecdsa-rdfc-2019 key: create one with "
                        "`passport keys rotate`", code="NO_ACTIVE_KEY", details={"organisation_id": organisation_id})


def issue_from_store(engine: Engine, settings: Settings, organisation_id: int, **fields: Any) -> dict[str, Any]:
    """`issue_role_credential` with the organisation's stored key and status entries in its lists here."""
    signer = store_signer(engine, organisation_id, settings)
    with session_scope(engine) as session:
        status = allocate_status_entries(session, signer.controller, settings.base_url)
        credential = issue_role_credential(signer, status=status, **fields)
        append_audit(session, signer.controller, "role-issue", credential["id"],
                     {"role": credential["credentialSubject"]["role"], "holder": fields.get("holder")})
    return credential


def revoke_role_credential(engine: Engine, settings: Settings, credential: dict[str, Any]) -> list[str]:
    """Set the revocation bit of a role credential issued here; the lists' URLs. NotFoundError if not ours."""
    status = credential.get("credentialStatus")
    entries = [e for e in (status if isinstance(status, list) else [status]) if isinstance(e, dict)
               and e.get("statusPurpose") == "revocation"]
    if not entries:
        raise InputError("the role credential has no revocation entry", code="NOT_REVOCABLE",
                         details={"pointer": "/credentialStatus"})
    with session_scope(engine) as session:
        urls = set_bits(session, entries, True, signer_for_issuer(engine, settings))
        tokens = _revoke_login_tokens(session, credential.get("id"))
        append_audit(session, str(credential.get("issuer")), "role-revoke", str(credential.get("id")),
                     {"lists": urls, "tokens": tokens})
    return urls


def _revoke_login_tokens(session: Session, credential_id: Any) -> list[str]:
    """Emergency revocation: the access tokens its logins were answered with stop working at once too."""
    if not isinstance(credential_id, str):
        return []
    logins = session.exec(select(AuditEntry).where(AuditEntry.action == "role-login")).all()
    token_ids = sorted(row.subject for row in logins if json.loads(row.payload).get("credential") == credential_id)
    for token_id in token_ids:
        revoke_token(session, token_id)
    return token_ids
