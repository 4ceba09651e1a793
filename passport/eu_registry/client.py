"""The EU DPP registry over HTTP. Only called when the user configured `PASSPORT_REGISTRY_URL` (or passed the
URL): nothing is fetched otherwise."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Protocol

from passport.errors import ConflictError, InputError, UpstreamError
from passport.eu_registry.payload import RegistrationData

MAX_BATCH = 100
TIMEOUT_SECONDS = 15.0
MAX_RESPONSE_BYTES = 1_000_000


class RegistryClient(Protocol):
    def register(self, batch: list[RegistrationData]) -> list[dict[str, Any]]:
        """One result per registration, in order: `{registrationId, proof}`."""
        ...


class HttpRegistryClient:
    """`POST {url}/registrations` with `{"registrations": [...]}` (1 to 100), all or none."""

    def __init__(self, url: str, *, timeout: float = TIMEOUT_SECONDS) -> None:
        self.url, self.timeout = url.rstrip("/"), timeout

    def register(self, batch: list[RegistrationData]) -> list[dict[str, Any]]:
        if not 1 <= len(batch) <= MAX_BATCH:
            raise InputError(f"a registration request holds 1 to {MAX_BATCH} passports", code="BATCH_TOO_LARGE",
                             details={"field": "registrations"})
        body = json.dumps({"registrations": [r.model_dump(mode="json") for r in batch]}).encode()
        request = urllib.request.Request(f"{self.url}/registrations", data=body, method="POST",
                                         headers={"Content-Type": "application/json", "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (user's URL)
                answer = json.loads(response.read(MAX_RESPONSE_BYTES))
        except urllib.error.HTTPError as exc:
            raise _refusal(exc) from exc
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            raise UpstreamError("the EU registry could not be reached", code="REGISTRY_UNREACHABLE",
                                details={"url": self.url}) from exc
        results = answer.get("results") if isinstance(answer, dict) else None
        if not isinstance(results, list) or len(results) != len(batch):
            raise UpstreamError("the EU registry answered without one result per registration",
                                code="REGISTRY_REJECTED", details={"url": self.url})
        return results


def _refusal(exc: urllib.error.HTTPError) -> Exception:
    try:
        error = json.loads(exc.read(MAX_RESPONSE_BYTES)).get("error", {})
    except (ValueError, AttributeError):
        error = {}
    code = str(error.get("code", "")) if isinstance(error, dict) else ""
    if exc.code == 409:
        return ConflictError("the EU registry already holds this product", code="REGISTRY_DUPLICATE",
                             details={"registryCode": code, "identifier": error.get("uniqueProductIdentifier")})
    return UpstreamError(f"the EU registry refused the registration (HTTP {exc.code})", code="REGISTRY_REJECTED",
                         details={"registryCode": code, "status": exc.code})
