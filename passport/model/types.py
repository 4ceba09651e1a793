"""Scalar types of the passport: decimals that never become JSON floats, percentages, CAS numbers, countries.

Numbers: every measured or declared quantity is a `Decimal` and is written to JSON as a string in plain
decimal notation ("75.0", never "7.5E+1"); the JSON-LD context types those terms `xsd:decimal`, so the RDF
literal is exactly the string the issuer wrote and no processor re-formats a float before signing.
Counts are JSON integers (`xsd:integer`). Input accepts JSON numbers or strings for decimals.
Lists are never empty (an empty JSON array has no RDF triple, so it would not be signed): "none" is an
absent optional list.
"""

from __future__ import annotations

import re
from contextvars import ContextVar, Token
from decimal import Decimal
from typing import Annotated

from annotated_types import Ge, Gt, Le
from pydantic import AfterValidator, AnyUrl, PlainSerializer, StringConstraints
from pydantic_core import PydanticCustomError


def _plain(value: Decimal) -> str:
    return format(value, "f")


#: A quantity: Decimal in Python, a plain-notation string in JSON, `xsd:decimal` in RDF.
Quantity = Annotated[Decimal, PlainSerializer(_plain, return_type=str, when_used="json")]
PositiveQuantity = Annotated[Quantity, Gt(0)]
NonNegativeQuantity = Annotated[Quantity, Ge(0)]
Percent = Annotated[Quantity, Ge(0), Le(100)]
Celsius = Annotated[Quantity, Ge(Decimal("-273.15"))]

NonEmptyStr = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]
ShortStr = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]
Telephone = Annotated[str, StringConstraints(pattern=r"^\+[0-9][0-9 ]{5,20}$")]
#: A multibase digest (base58btc "z..." or base64url "u..." of a multihash), as in VC Data Integrity.
MultibaseDigest = Annotated[str, StringConstraints(pattern=r"^(z[1-9A-HJ-NP-Za-km-z]{20,100}|u[A-Za-z0-9_-]{20,100})$")]
#: Schemes that run code or smuggle content when a reader follows them: never accepted, not even as an id.
UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data", "blob", "file"})
#: The only scheme a web link (a field a page shows as a link) may use, unless `PASSPORT_HTTP_LINKS_ALLOWED` opts
#: into plain http: as well (where a rulebook or an authority requires it) for the current context.
WEB_LINK_SCHEMES = frozenset({"https"})
_HTTP_TOO = frozenset({"https", "http"})
_link_schemes: ContextVar[frozenset[str]] = ContextVar("web_link_schemes", default=WEB_LINK_SCHEMES)


def web_link_schemes() -> frozenset[str]:
    """The schemes web links may use here: https, plus http when the running service's setting allows it."""
    return _link_schemes.get()


def allow_http_links(allowed: bool) -> Token[frozenset[str]]:
    """Set for the current context (a request, a CLI run) whether http: web links are accepted and rendered."""
    return _link_schemes.set(_HTTP_TOO if allowed else WEB_LINK_SCHEMES)


def _not_unsafe(value: AnyUrl) -> AnyUrl:
    if value.scheme.lower() in UNSAFE_SCHEMES:
        raise PydanticCustomError("url_scheme", "this URL scheme is not accepted")
    return value


def _web_link(value: AnyUrl) -> AnyUrl:
    if value.scheme.lower() not in web_link_schemes():
        raise PydanticCustomError("url_scheme", "a web link must be an https: URL")
    return value


#: An identifier that is a URL (the passport's id, evidence ids, predecessor passports): any scheme but unsafe ones.
Url = Annotated[AnyUrl, AfterValidator(_not_unsafe)]
#: A link readers follow (reports, studies, collection points, documents): https only (issue 22, point 3).
WebLink = Annotated[AnyUrl, AfterValidator(_web_link)]

_CAS = re.compile(r"^(\d{2,7})-(\d{2})-(\d)$")


def _check_cas(value: str) -> str:
    """A CAS Registry Number with a valid check digit (weighted sum of the other digits mod 10)."""
    match = _CAS.match(value)
    if match is None:
        raise PydanticCustomError("cas_number_format", "a CAS number has the form NNNNNNN-NN-N")
    digits = (match.group(1) + match.group(2))[::-1]
    if sum((i + 1) * int(d) for i, d in enumerate(digits)) % 10 != int(match.group(3)):
        raise PydanticCustomError("cas_number_check_digit", "the CAS number check digit does not match")
    return value


CasNumber = Annotated[str, AfterValidator(_check_cas)]
