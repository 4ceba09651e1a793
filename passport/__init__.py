"""battery-passport: EU battery passports as W3C Verifiable Credentials.

The public API is re-exported here; everything else is an implementation detail.
`import passport` stays light: no web framework, no CLI framework.
"""

from typing import Any

from passport.errors import PassportError
from passport.version import __version__


def canonicalize(document: Any, **options: Any) -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document; see `passport.jsonld.canonicalize` (imported lazily)."""
    from passport.jsonld import canonicalize as _canonicalize

    return _canonicalize(document, **options)


__all__ = sorted(["PassportError", "__version__", "canonicalize"])
