"""Log in with a role credential: a Verifiable Presentation signed by the holder over our challenge.

    1. the presentation answers a challenge of ours, unused and unexpired (single use)   CHALLENGE_*
    2. its proof names our domain                                                       PRESENTATION_WRONG_DOMAIN
    3. its Data Integrity `authentication` proof verifies, by a key of the holder       PRESENTATION_INVALID
       (a proof past its `expires`)                                                      PRESENTATION_EXPIRED
    4. it holds one RoleCredential about the holder                                     ROLE_CREDENTIAL_INVALID
    5. the role credential verifies under the service's verification policy             ROLE_CREDENTIAL_INVALID
       and its status is checked (ROLE_CREDENTIAL_STATUS_UNKNOWN) and not revoked/suspended  ROLE_CREDENTIAL_REVOKED
    6. its issuer is on the trust list for that role (and purposes), now                ROLE_ISSUER_UNTRUSTED

Each failure is an `AuthenticationError` (HTTP 401) with the code on the right. Spec: VC Data Model 2.0 §4.13
(presentations), VC Data Integrity 1.0 §2.1 and §4.4 (domain, challenge, proofPurpose `authentication`).
The credential verifier is injected: the API passes the store-aware one, so status lists and did:web issuers
held here are used and nothing is fetched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from passport.access.challenges import Challenge
from passport.access.roles import NAME_TEXT, READER_ROLES
from passport.access.trust import TrustedIssuer
from passport.auth.errors import AuthenticationError
from passport.auth.roles import Role
from passport.credentials import result as r
from passport.credentials.checks import issuer_id
from passport.credentials.result import VerificationResult
from passport.credentials.verify import verify

ROLE_CREDENTIAL = "RoleCredential"
CredentialVerifier = Callable[[dict[str, Any]], VerificationResult]
Reader = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class RoleLogin:
    """Who logged in: the holder, the role and organisation its credential attests, and who attested it."""

    holder: str
    role: Role
    organisation: str
    issuer: str
    credential_id: str | None
    purposes: tuple[str, ...]


def challenge_of(presentation: Any) -> object:
    """The `challenge` the presentation's proof answers (None when there is none)."""
    proof = presentation.get("proof") if isinstance(presentation, dict) else None
    return proof.get("challenge") if isinstance(proof, dict) else None


def _failed(result: VerificationResult) -> list[str]:
    return sorted({c.name for c in result.errors})


def _fail(code: str, message: str, **details: Any) -> AuthenticationError:
    return AuthenticationError(message, code=code, details=details)


def _check_presentation(presentation: dict[str, Any], challenge: Challenge, resolver: Any, now: datetime) -> str:
    """Steps 2-3; the holder's DID."""
    proof = presentation.get("proof")
    if not isinstance(proof, dict):
        raise _fail("PRESENTATION_INVALID", "the presentation needs exactly one proof", checks=[r.PROOF_PRESENT])
    if proof.get("domain") != challenge.domain:
        raise _fail("PRESENTATION_WRONG_DOMAIN", "the presentation was made for another verifier",
                    expected=challenge.domain)
    result = verify(presentation, resolver=resolver, now=now, expected_proof_purpose="authentication",
                    domain=challenge.domain, challenge=challenge.nonce)
    if not result.verified:
        expired = any(c.name == r.CREATED and c.code == "PROOF_VERIFICATION_ERROR" for c in result.errors)
        if expired:
            raise _fail("PRESENTATION_EXPIRED", "the presentation's proof has expired")
        raise _fail("PRESENTATION_INVALID", "the presentation does not verify", checks=_failed(result))
    holder = presentation.get("holder")
    return holder.get("id") if isinstance(holder, dict) else holder  # verified: the key's controller


def _same(credential: dict[str, Any]) -> dict[str, Any]:
    return credential


def _types(credential: dict[str, Any]) -> list[Any]:
    types = credential.get("type")
    return types if isinstance(types, list) else [types]


def _role_credential(presentation: dict[str, Any], holder: str, read: Reader = _same
                     ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Step 4: the one RoleCredential (as presented) and its subject, about the holder. `read` opens an
    enveloped credential (vc+jwt) to the credential it carries."""
    embedded = presentation.get("verifiableCredential")
    embedded = embedded if isinstance(embedded, list) else [embedded] if embedded is not None else []
    roles = [c for c in embedded if isinstance(c, dict) and ROLE_CREDENTIAL in _types(read(c))]
    if len(roles) != 1:
        raise _fail("ROLE_CREDENTIAL_INVALID", "the presentation must hold exactly one RoleCredential",
                    found=len(roles))
    subject = read(roles[0]).get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("id") != holder:
        raise _fail("ROLE_CREDENTIAL_INVALID", "the role credential is not about the presentation's holder",
                    pointer="/verifiableCredential/credentialSubject/id")
    return roles[0], subject


def _attested(subject: dict[str, Any]) -> tuple[Role, str, tuple[str, ...]]:
    try:
        role = Role(subject.get("role"))
    except ValueError:
        role = None
    organisation = subject.get("organisationName")
    purposes = subject.get("legitimatePurpose", [])
    purposes = purposes if isinstance(purposes, list) else [purposes]
    if role not in READER_ROLES or not isinstance(organisation, str) or not organisation.strip() \
            or not re.fullmatch(NAME_TEXT, organisation) or not all(isinstance(p, str) for p in purposes):
        raise _fail("ROLE_CREDENTIAL_INVALID", "the role credential must name a reader role and an organisation",
                    pointer="/verifiableCredential/credentialSubject")
    return role, organisation.strip()[:200], tuple(purposes)  # type: ignore[return-value]


def _check_role_credential(presented: dict[str, Any], view: dict[str, Any], verify_credential: CredentialVerifier
                           ) -> None:
    """Step 5: the one verification policy, with status required when the credential has one."""
    result = verify_credential(presented)
    status = next((c for c in result.checks if c.name == r.STATUS), None)
    if status is not None and status.passed is False:
        raise _fail("ROLE_CREDENTIAL_REVOKED", "the role credential is revoked or suspended")
    if "credentialStatus" in view and (status is None or status.passed is not True):
        raise _fail("ROLE_CREDENTIAL_STATUS_UNKNOWN", "the role credential's status list is not one this service "
                    "can read, so it cannot be told it is not revoked")
    if not result.verified:
        raise _fail("ROLE_CREDENTIAL_INVALID", "the role credential does not verify", checks=_failed(result))


def finish_login(presented: dict[str, Any], *, holder: str, verify_credential: CredentialVerifier,
                 trust: list[TrustedIssuer], now: datetime, read: Reader = _same) -> RoleLogin:
    """Steps 4-6 once the holder's proof is verified: the role credential, its verification and the trust list."""
    view = read(presented)
    role, organisation, purposes = _attested(view["credentialSubject"])
    _check_role_credential(presented, view, verify_credential)
    issuer = issuer_id(view) or ""
    if not any(entry.did == issuer and entry.trusts(role, list(purposes), now) for entry in trust):
        raise _fail("ROLE_ISSUER_UNTRUSTED", "the role credential's issuer is not trusted for this role",
                    issuer=issuer, role=role.value)
    credential_id = view.get("id")
    return RoleLogin(holder=holder, role=role, organisation=organisation, issuer=issuer,
                     credential_id=credential_id if isinstance(credential_id, str) else None, purposes=purposes)


def authenticate_presentation(presentation: Any, challenge: Challenge, *, trust: list[TrustedIssuer],
                              verify_credential: CredentialVerifier, resolver: Any = None,
                              now: datetime) -> RoleLogin:
    """Steps 2-6 for a presentation whose challenge (step 1) the caller has already consumed."""
    if not isinstance(presentation, dict):
        raise _fail("PRESENTATION_INVALID", "the presentation must be a JSON object")
    holder = _check_presentation(presentation, challenge, resolver, now)
    presented, _ = _role_credential(presentation, holder)
    return finish_login(presented, holder=holder, verify_credential=verify_credential, trust=trust, now=now)
