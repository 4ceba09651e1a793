"""battery-passport: EU battery passports as W3C Verifiable Credentials.

The public API is re-exported here; everything else is an implementation detail.
`import passport` stays light: no web framework, no CLI framework.
"""

from passport.errors import PassportError
from passport.version import __version__

__all__ = sorted(["PassportError", "__version__"])
