"""A mock of the EU DPP registry (Implementing Regulation (EU) 2026/1778) for the tests: it validates each
registration with its own models (written from the Regulation's list of registration data, not from ours),
returns registration ids and HMAC-signed proofs, refuses duplicates and requests of more than 100."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

PROOF_KEY = b"mock-registry-proof-key"


class Registration(BaseModel):
    model_config = ConfigDict(extra="forbid")

    uniqueProductIdentifier: str = Field(pattern=r"^https?://[^/]+/(01/[0-9]{14}/21/.+|id/.+|iso15459/.+)$")
    digitalProductPassportId: str = Field(pattern=r"^urn:uuid:[0-9a-f-]{36}$")
    economicOperatorId: str = Field(min_length=3)
    facilityId: str | None = None
    commodityCode: str = Field(pattern=r"^8507[0-9]{4}$")
    backupProviderUrl: str | None = Field(default=None, pattern=r"^https?://")
    passportVersion: int = Field(ge=1)
    passportDigest: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")


class Request(BaseModel):
    registrations: list[Registration] = Field(min_length=1, max_length=100)


def sign(registration_id: str, registration: dict[str, Any], registered_at: str) -> str:
    message = json.dumps({"registrationId": registration_id, "registration": registration,
                          "registeredAt": registered_at}, sort_keys=True).encode()
    return hmac.new(PROOF_KEY, message, hashlib.sha256).hexdigest()


def create_registry_app() -> FastAPI:
    app = FastAPI()
    app.state.registrations = {}  # uniqueProductIdentifier -> registration dict
    app.state.requests = []  # the size of each accepted or refused request

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Any, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": {"code": "INVALID_REGISTRATION",
                                       "problems": [list(e["loc"]) for e in exc.errors()]}}, status_code=422)

    @app.post("/registrations", status_code=201)
    def register(request: Request) -> Any:
        app.state.requests.append(len(request.registrations))
        seen: set[str] = set()
        for r in request.registrations:
            if r.uniqueProductIdentifier in app.state.registrations or r.uniqueProductIdentifier in seen:
                return JSONResponse({"error": {"code": "DUPLICATE_REGISTRATION",
                                               "uniqueProductIdentifier": r.uniqueProductIdentifier}}, 409)
            seen.add(r.uniqueProductIdentifier)
        results = []
        for r in request.registrations:
            data = r.model_dump(mode="json")
            registration_id = f"EU-DPP-{len(app.state.registrations) + 1:08d}"
            at = datetime.now(UTC).isoformat()
            app.state.registrations[r.uniqueProductIdentifier] = {**data, "registrationId": registration_id}
            results.append({"registrationId": registration_id, "proof": {
                "type": "RegistrationProof", "registrationId": registration_id,
                "passportDigest": r.passportDigest, "registeredAt": at, "signature": sign(registration_id, data, at)}})
        return {"results": results}

    return app
