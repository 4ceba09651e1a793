"""The one error tree of the library, with stable codes that callers and the API match on.

    PassportError(code, message, details)
    ├── ConfigurationError        a setting is missing or malformed
    ├── StoreError                the database refused or is unreachable
    │   └── MigrationError        the schema is behind or ahead of the code
    ├── InputError                bad user data: names the file, row, field or JSON pointer
    │   └── DataImportError   a data import failed as a whole (nothing was written)
    ├── NotFoundError             an id that is not in the store
    ├── ConflictError             a write that contradicts what is stored
    ├── AccessDeniedError         a caller asked for more than its access level allows
    ├── JsonLdError               JSON-LD processing failed (codes from the JSON-LD API spec)
    ├── CanonicalizationError     RDFC-1.0 failed or exceeded its work limit
    ├── ProofError                creating a proof failed (issuing raises; verifying returns)
    ├── KeyMaterialError          key material failed: generation, decoding, sealing or unsealing
    └── UpstreamError             another service (the EU registry, a back-up instance) refused or is unreachable

Messages never contain private keys or fields above the caller's access level:
`details` holds locations (file, row, field, pointer), never values of restricted data.
"""

from __future__ import annotations

from typing import Any


class PassportError(Exception):
    """Base of every error the library raises on purpose."""

    code: str = "PASSPORT_ERROR"

    def __init__(self, message: str, *, code: str | None = None, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details: dict[str, Any] = dict(details or {})

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}

    def __str__(self) -> str:
        where = ", ".join(f"{k}={v}" for k, v in self.details.items() if k in _LOCATION_KEYS)
        return f"{self.message} ({where})" if where else self.message


_LOCATION_KEYS = ("file", "row", "field", "pointer", "url", "setting")


class ConfigurationError(PassportError):
    code = "CONFIGURATION_ERROR"


class StoreError(PassportError):
    code = "STORE_ERROR"


class MigrationError(StoreError):
    code = "MIGRATION_REQUIRED"


class InputError(PassportError):
    code = "INVALID_INPUT"


class DataImportError(InputError):
    code = "IMPORT_FAILED"


class NotFoundError(PassportError):
    code = "NOT_FOUND"


class ConflictError(PassportError):
    code = "CONFLICT"


class AccessDeniedError(PassportError):
    code = "ACCESS_DENIED"


class JsonLdError(PassportError):
    code = "JSONLD_ERROR"


class CanonicalizationError(PassportError):
    code = "CANONICALIZATION_ERROR"


class ProofError(PassportError):
    code = "PROOF_GENERATION_ERROR"


class KeyMaterialError(PassportError):
    code = "KEY_ERROR"


class UpstreamError(PassportError):
    code = "UPSTREAM_ERROR"
