"""Who is calling: bearer tokens scoped to an organisation and a role, and the access level the role grants.

Tokens are random (256 bits), shown once at creation, stored only as an HMAC-SHA256 under a server key, compared
in constant time, revocable and always expiring. Nothing here logs a token or its hash.
"""

from passport.auth.errors import AuthenticationError
from passport.auth.roles import ACCESS_LEVELS, Role, access_level_of
from passport.auth.tokens import (
    Caller,
    IssuedToken,
    TokenInfo,
    authenticate,
    create_token,
    list_tokens,
    revoke_token,
    token_hash_key,
)

__all__ = [
    "ACCESS_LEVELS",
    "AuthenticationError",
    "Caller",
    "IssuedToken",
    "Role",
    "TokenInfo",
    "access_level_of",
    "authenticate",
    "create_token",
    "list_tokens",
    "revoke_token",
    "token_hash_key",
]
