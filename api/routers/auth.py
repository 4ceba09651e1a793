"""Readers prove who they are with a role credential, and get a short-lived access token.

    GET    /api/v1/auth/challenge               a nonce and our domain (5 minutes, single use)
    POST   /api/v1/auth/presentations           a Verifiable Presentation answering it (JSON with a Data Integrity
                                                proof, or application/vp+jwt) -> an access token
    GET    /api/v1/auth/trusted-issuers         the trust list (file and store), public
    PUT    /api/v1/auth/trusted-issuers/{did}   add or replace a stored entry (operator)
    DELETE /api/v1/auth/trusted-issuers/{did}   remove a stored entry at once (operator)

Every refused presentation is a 401 whose `code` says which rule failed (see `passport.access.presentations`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel
from starlette.concurrency import run_in_threadpool
from sqlmodel import Session

from api.access import CallerDep, _token_key
from api.verification import verify_presented
from passport.access.challenges import consume, issue_challenge, service_domain
from passport.access.jwt_presentations import (
    MEDIA_TYPE,
    authenticate_jwt_presentation,
    is_jwt_presentation,
    jwt_challenge_of,
)
from passport.access.presentations import authenticate_presentation, challenge_of
from passport.access.tokens import ACCESS_TOKEN_TTL, issue_access_token
from passport.access.trust import TrustedIssuer, put_issuer, remove_issuer, trusted_issuers
from passport.auth import Caller
from passport.auth.errors import AuthenticationError
from passport.dids import resolve_verification_method
from passport.errors import AccessDeniedError, InputError
from passport.jsonio import read_json
from passport.audit import append_audit
from passport.store.engine import session_scope

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
_401 = {401: {"description": "Refused; `error.code` names the rule (CHALLENGE_REPLAYED, PRESENTATION_WRONG_DOMAIN, "
              "ROLE_ISSUER_UNTRUSTED, ROLE_CREDENTIAL_REVOKED, PRESENTATION_EXPIRED, ...)"}}
OPERATOR = "operator"


class _Out(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True)


class ChallengeOut(_Out):
    challenge: str = Field(description="The nonce to put in the presentation proof's `challenge`.")
    domain: str = Field(description="The value the proof's `domain` must have.")
    expires_at: datetime = Field(description="After this the challenge is refused (CHALLENGE_EXPIRED).")


class AccessTokenOut(_Out):
    access_token: str = Field(description="Use as `Authorization: Bearer <token>`; shown once.")
    token_type: str = Field(default="Bearer")
    expires_in: int = Field(description="Seconds until the token expires.")
    role: str = Field(description="The role the credential attests.")
    organisation: str = Field(description="The organisation the credential names.")
    access_level: str = Field(description="The Annex XIII access group this token reads at.")


class TrustListOut(BaseModel):
    issuers: list[TrustedIssuer]


@router.get("/challenge", response_model=ChallengeOut, summary="A login challenge (nonce + domain), single use")
def get_challenge(request: Request) -> JSONResponse:
    """Sign a Verifiable Presentation of your role credential with `proofPurpose: authentication`, this
    `challenge` and this `domain`, and POST it to `/api/v1/auth/presentations` before `expiresAt`."""
    settings = request.app.state.settings
    with session_scope(request.app.state.engine) as session:
        challenge = issue_challenge(session, service_domain(settings.base_url))
    body = ChallengeOut(challenge=challenge.nonce, domain=challenge.domain, expires_at=challenge.expires_at)
    return JSONResponse(body.model_dump(mode="json"), headers={"Cache-Control": "no-store"})


def _login(request: Request, presentation: Any) -> AccessTokenOut:
    engine, settings = request.app.state.engine, request.app.state.settings
    now = datetime.now(UTC)
    jwt = is_jwt_presentation(presentation)
    with session_scope(engine) as session:  # spent even if what follows fails: a nonce is tried once
        challenge = consume(session, jwt_challenge_of(presentation) if jwt else challenge_of(presentation), now=now)
    with Session(engine) as session:
        trust = trusted_issuers(session, settings.trust_list_file)
    common = dict(trust=trust, now=now, resolver=partial(resolve_verification_method, store=engine),
                  verify_credential=lambda credential: verify_presented(credential, engine, settings))
    login = (authenticate_jwt_presentation(presentation, challenge, **common) if jwt  # type: ignore[arg-type]
             else authenticate_presentation(presentation, challenge, **common))  # type: ignore[arg-type]
    with session_scope(engine) as session:
        issued = issue_access_token(session, login, key=_token_key(request), now=now)
    return AccessTokenOut(access_token=issued.token, expires_in=int(ACCESS_TOKEN_TTL.total_seconds()),
                          role=login.role.value, organisation=login.organisation,
                          access_level=issued.info.access_level)


_PRESENTATION_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"type": "object", "description": "A VerifiablePresentation: `holder`, one "
                                    "RoleCredential in `verifiableCredential`, and a Data Integrity proof by the "
                                    "holder with proofPurpose `authentication`, our challenge and domain."}},
    MEDIA_TYPE: {"schema": {"type": "string", "description": "The presentation as a vp+jwt signed by the holder "
                            "(`kid`), with `nonce` = our challenge and `aud` = our domain."}}}}}


@router.post("/presentations", response_model=AccessTokenOut, responses=_401, openapi_extra=_PRESENTATION_BODY,
             summary="Log in with a Verifiable Presentation of a role credential")
async def post_presentation(request: Request) -> JSONResponse:
    """Checks, in order: the challenge (ours, unused, unexpired), the domain, the holder's signature, the role
    credential under the service's verification policy (status included), and the trust list."""
    raw = await request.body()
    if request.headers.get("content-type", "").split(";")[0].strip().lower() == MEDIA_TYPE:
        try:
            presentation: Any = raw.decode("ascii").strip()
        except UnicodeDecodeError as exc:
            raise InputError("a vp+jwt is ASCII text", code="INVALID_JWT", details={"pointer": ""}) from exc
    else:
        presentation = read_json(raw)
    body = await run_in_threadpool(_login, request, presentation)
    return JSONResponse(body.model_dump(mode="json"), headers={"Cache-Control": "no-store"})


@router.get("/trusted-issuers", response_model=TrustListOut, summary="The trust list of role issuers")
def get_trusted_issuers(request: Request) -> TrustListOut:
    """Which DIDs this service trusts to attest which reader roles, and until when (file entries first)."""
    with Session(request.app.state.engine) as session:
        return TrustListOut(issuers=trusted_issuers(session, request.app.state.settings.trust_list_file))


def _operator(caller: Caller) -> None:
    if not caller.authenticated:
        raise AuthenticationError("this endpoint needs a bearer token", code="TOKEN_REQUIRED",
                                  details={"reason": "missing"})
    if caller.role != OPERATOR:
        raise AccessDeniedError("only the service operator manages the trust list", details={"role": str(caller.role)})


@router.put("/trusted-issuers/{did:path}", response_model=TrustedIssuer, responses=_401,
            summary="Trust a DID to attest reader roles (operator)")
def put_trusted_issuer(did: str, entry: TrustedIssuer, request: Request, caller: CallerDep) -> TrustedIssuer:
    _operator(caller)
    if entry.did != did:
        raise InputError("the body's did differs from the path's", details={"pointer": "/did"})
    with session_scope(request.app.state.engine) as session:
        put_issuer(session, entry)
        append_audit(session, caller.audit_actor, "trust-list", did,
                     {"op": "put", **entry.model_dump(mode="json")})
    return entry


@router.delete("/trusted-issuers/{did:path}", status_code=204, responses=_401,
               summary="Stop trusting a DID at once (operator)")
def delete_trusted_issuer(did: str, request: Request, caller: CallerDep) -> None:
    _operator(caller)
    with session_scope(request.app.state.engine) as session:
        remove_issuer(session, did)
        append_audit(session, caller.audit_actor, "trust-list", did, {"op": "delete"})
