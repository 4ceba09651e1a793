"""battery-passport: EU battery passports as W3C Verifiable Credentials.

The public API is re-exported here; everything else is an implementation detail.
`import passport` stays light: no web framework, no CLI framework.
"""

from typing import TYPE_CHECKING, Any

from passport.errors import PassportError
from passport.version import __version__

if TYPE_CHECKING:
    from passport.credentials.result import VerificationResult
    from passport.keys import KeyPair


def canonicalize(document: Any, **options: Any) -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document; see `passport.jsonld.canonicalize` (imported lazily)."""
    from passport.jsonld import canonicalize as _canonicalize  # lazy: keeps `import passport` light

    return _canonicalize(document, **options)


def sign(credential: Any, key: Any, **options: Any) -> dict[str, Any]:
    """Add a Data Integrity proof; see `passport.credentials.sign` (imported lazily). Raises ProofError."""
    from passport.credentials import sign as _sign  # lazy: keeps `import passport` light

    return _sign(credential, key, **options)


def verify(credential: Any, **options: Any) -> "VerificationResult":
    """Verify a credential -> `VerificationResult`; see `passport.credentials.verify`. Never raises on bad input."""
    from passport.credentials import verify as _verify  # lazy: keeps `import passport` light

    return _verify(credential, **options)


def generate_key_pair(algorithm: str = "Ed25519", *, controller: str | None = None) -> "KeyPair":
    """A fresh Ed25519, P-256 or P-384 key pair (did:key unless `controller`); see `passport.keys` (lazy)."""
    from passport.keys import generate_key_pair as _generate  # lazy: keeps `import passport` light

    return _generate(algorithm, controller=controller)


def __getattr__(name: str) -> Any:
    if name == "KeyPair":  # loaded on first use: `import passport` does not import cryptography
        from passport.keys import KeyPair  # lazy: keeps `import passport` light

        return KeyPair
    if name == "VerificationResult":  # a class, loaded on first use so `import passport` stays light
        from passport.credentials.result import VerificationResult  # lazy: keeps `import passport` light

        return VerificationResult
    raise AttributeError(f"module 'passport' has no attribute {name!r}")


__all__ = sorted(["KeyPair", "PassportError", "VerificationResult", "__version__", "canonicalize",
                  "generate_key_pair", "sign", "verify"])
