"""The one error of authentication: a presented credential that is not (or no longer) valid -> HTTP 401."""

from __future__ import annotations

from passport.errors import PassportError


class AuthenticationError(PassportError):
    """Codes: INVALID_TOKEN (malformed or unknown), TOKEN_EXPIRED, TOKEN_REVOKED. Never carries the token."""

    code = "INVALID_TOKEN"
