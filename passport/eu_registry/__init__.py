"""Registration of passports in the EU DPP registry (Implementing Regulation (EU) 2026/1778).

    payload.py   the registration data of one passport version (pydantic: the one schema)
    client.py    the registry over HTTP (`POST {registry}/registrations`, 1 to 100 per request)
    service.py   register passports, keep the registration id and the proof, register on issuance

The registry's own interface specification was not available to us: the request and response shapes here are
ours, built from the data the Regulation lists (unique product identifier, DPP id, operator and facility ids,
commodity code, back-up provider link) and documented in the README. The mock registry in `tests/dpp` speaks the
same shapes from its own models.

Errors: `UpstreamError` (REGISTRY_UNREACHABLE, REGISTRY_REJECTED, REGISTRY_PROOF_MISMATCH), `ConflictError`
(ALREADY_REGISTERED, REGISTRY_DUPLICATE), `ConfigurationError` (REGISTRY_NOT_CONFIGURED).
"""

from passport.eu_registry.client import MAX_BATCH, HttpRegistryClient, RegistryClient
from passport.eu_registry.payload import RegistrationData, commodity_code, registration_data
from passport.eu_registry.service import (
    RegistrationOutcome,
    register_on_issuance,
    register_passports,
    registration_of,
)

__all__ = [
    "MAX_BATCH",
    "HttpRegistryClient",
    "RegistrationData",
    "RegistrationOutcome",
    "RegistryClient",
    "commodity_code",
    "register_on_issuance",
    "register_passports",
    "registration_data",
    "registration_of",
]
