"""Who is calling, as FastAPI dependencies: `CallerDep` (the authenticated caller) and `AccessLevelDep`.

No `Authorization` header: the public. A header that is not a valid, unexpired, unrevoked bearer token: 401 with
the reason's code (INVALID_TOKEN, TOKEN_EXPIRED, TOKEN_REVOKED), never a 500 and never the token itself.
Tests override `get_caller` to act at any level without tokens.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from sqlalchemy.engine import Engine
from sqlmodel import Session

from passport.auth import AuthenticationError, Caller, authenticate, token_hash_key
from passport.auth.roles import ISSUER_ROLES, Role
from passport.errors import AccessDeniedError

ANONYMOUS = Caller()

# Declares the scheme in the OpenAPI (the reference's Authorize button); the header itself is read below, so a
# wrong scheme stays a 401 instead of being taken for the public.
BEARER = HTTPBearer(auto_error=False, scheme_name="bearer",
                    description="A token from `passport tokens create` or a role-credential login "
                                "(`POST /api/v1/auth/presentations`). Without one you read as the public.")


def _token_key(request: Request) -> bytes:
    key = getattr(request.app.state, "token_hash_key", None)
    if key is None:
        key = request.app.state.token_hash_key = token_hash_key(request.app.state.settings)
    return key


def _authenticate(engine: Engine, credentials: str, key: bytes) -> Caller:
    with Session(engine) as session:
        return authenticate(session, credentials, key=key)


async def get_caller(request: Request,
                     _declared: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)] = None) -> Caller:
    """Async so that the anonymous QR scan costs no thread hop; a token is checked in the thread pool."""
    header = request.headers.get("authorization")
    if header is None:
        return ANONYMOUS
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise AuthenticationError("use `Authorization: Bearer <token>`", details={"reason": "scheme"})
    return await run_in_threadpool(_authenticate, request.app.state.engine, credentials, _token_key(request))


async def get_access_level(caller: Annotated[Caller, Depends(get_caller)]) -> str:
    return caller.access_level


async def get_issuer(caller: Annotated[Caller, Depends(get_caller)]) -> Caller:
    """The caller, who must hold an issuer role (manufacturer) — else 401 without a token, 403 with one."""
    if not caller.authenticated:
        raise AuthenticationError("this endpoint needs a bearer token", code="TOKEN_REQUIRED",
                                  details={"reason": "missing"})
    if caller.role not in ISSUER_ROLES:
        raise AccessDeniedError("this token's role may not issue passports", details={"role": str(caller.role)})
    return caller


def require_role(*roles: Role, what: str):  # type: ignore[no-untyped-def]
    """A dependency admitting callers holding one of `roles` — else 401 without a token, 403 with another role."""

    async def dependency(caller: Annotated[Caller, Depends(get_caller)]) -> Caller:
        if not caller.authenticated:
            raise AuthenticationError("this endpoint needs a bearer token", code="TOKEN_REQUIRED",
                                      details={"reason": "missing"})
        if caller.role not in roles:
            raise AccessDeniedError(f"this token's role may not {what}", details={"role": str(caller.role)})
        return caller

    return dependency


async def get_operator(caller: Annotated[Caller, Depends(get_caller)]) -> Caller:
    """The caller, who must hold an operator token (onboards organisations and custody participants)."""
    return await require_role(Role.OPERATOR, what="onboard organisations or custody participants")(caller)


CallerDep = Annotated[Caller, Depends(get_caller)]
OperatorDep = Annotated[Caller, Depends(get_operator)]
AccessLevelDep = Annotated[str, Depends(get_access_level)]
IssuerDep = Annotated[Caller, Depends(get_issuer)]
