"""Passport identifiers and their resolvable URLs: GS1 Digital Link, or a registered scheme for batteries without a GTIN.

Art. 77(3) of Regulation (EU) 2023/1542 asks for a unique identifier whose QR code gives a web link to the passport.
Two forms are accepted, both as a path below `PASSPORT_BASE_URL`:

- GS1 Digital Link (GS1 DL URI syntax 1.4): `/01/{GTIN-14}/21/{serial}`. GTIN-8/12/13 are left-padded with zeros
  to 14 digits; the check digit is validated (GS1 General Specifications §7.9.1). The serial is AI 21: 1 to 20
  characters of GS1 AI encodable character set 82, percent-encoded in the URL.
- `/{scheme}/{id}` for batteries without a GTIN, from `SCHEMES`: `id` (a UUID, RFC 9562) or `iso15459`
  (an ISO/IEC 15459 unique item identifier: upper-case letters, digits, `-`, `.`, `/`).

The canonical form of an identifier is its path (`PassportId.path`): that is what the store keys on.
Errors are `InputError(code="INVALID_IDENTIFIER")` whose `details["segment"]` names the offending segment.
"""

from __future__ import annotations

import re
import string
import uuid
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from passport.errors import InputError

GS1_SCHEME = "gs1"

#: GS1 AI encodable character set 82 (GS1 General Specifications, figure 7.11-1).
CSET_82 = frozenset("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
SERIAL_MAX_LENGTH = 20
GTIN_LENGTHS = (8, 12, 13, 14)
ISO15459_PATTERN = re.compile(r"[A-Z0-9][A-Z0-9./-]{1,49}")

#: Registered non-GTIN schemes: path segment -> what it holds.
SCHEMES: dict[str, str] = {
    "id": "UUID (RFC 9562), lower-case hexadecimal with hyphens",
    "iso15459": "ISO/IEC 15459 unique item identifier: A-Z, 0-9, '-', '.', '/', 2 to 50 characters",
}


def _invalid(message: str, segment: str, **details: object) -> InputError:
    return InputError(message, code="INVALID_IDENTIFIER", details={"segment": segment, **details})


def gtin_check_digit(body: str) -> int:
    """The GS1 mod-10 check digit of `body` (all digits but the last): weights 3,1,3,1... from the right."""
    if not body.isdigit() or not body.isascii():
        raise _invalid("a GTIN has digits only", "01")
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def normalize_gtin(gtin: str) -> str:
    """GTIN-8/12/13/14 as 14 digits, after checking its length and check digit."""
    if not (gtin.isascii() and gtin.isdigit()):
        raise _invalid("the GTIN must contain digits only", "01")
    if len(gtin) not in GTIN_LENGTHS:
        raise _invalid(f"a GTIN has 8, 12, 13 or 14 digits, not {len(gtin)}", "01", length=len(gtin))
    expected = gtin_check_digit(gtin[:-1])
    if int(gtin[-1]) != expected:
        raise _invalid(f"the GTIN check digit is wrong: expected {expected}", "01", expected=expected)
    return gtin.zfill(14)


def validate_serial(serial: str) -> str:
    """AI 21 serial: 1-20 characters, all from character set 82."""
    if not serial:
        raise _invalid("the serial number (AI 21) is empty", "21")
    if len(serial) > SERIAL_MAX_LENGTH:
        raise _invalid(f"the serial number (AI 21) has at most {SERIAL_MAX_LENGTH} characters", "21",
                       length=len(serial))
    bad = sorted({c for c in serial if c not in CSET_82})
    if bad:
        raise _invalid("the serial number (AI 21) has characters outside GS1 character set 82", "21",
                       characters=[f"U+{ord(c):04X}" for c in bad])
    return serial


def _validate_scheme_value(scheme: str, value: str) -> str:
    if scheme == "id":
        try:
            parsed = uuid.UUID(value)
        except ValueError as exc:
            raise _invalid("an /id/ identifier must be a UUID", "id") from exc
        canonical = str(parsed)
        if value.lower() != canonical:
            raise _invalid("an /id/ identifier must be a UUID in the 8-4-4-4-12 form", "id")
        return canonical
    if scheme == "iso15459":
        if not ISO15459_PATTERN.fullmatch(value):
            raise _invalid("an ISO/IEC 15459 identifier has 2-50 characters of A-Z, 0-9, '-', '.', '/'",
                           "iso15459")
        return value
    raise _invalid(f"unknown identifier scheme; use /01/ (GTIN) or one of: {', '.join(sorted(SCHEMES))}",
                   scheme if scheme in SCHEMES else "scheme", known=sorted(["01", *SCHEMES]))


@dataclass(frozen=True, slots=True)
class PassportId:
    """A validated passport identifier. `scheme` is "gs1" (with `gtin` and `serial`) or a key of `SCHEMES`."""

    scheme: str
    value: str
    gtin: str | None = None
    serial: str | None = None

    @classmethod
    def gs1(cls, gtin: str, serial: str) -> PassportId:
        gtin14 = normalize_gtin(gtin)
        return cls(scheme=GS1_SCHEME, value=f"{gtin14}/{validate_serial(serial)}", gtin=gtin14, serial=serial)

    @classmethod
    def other(cls, scheme: str, value: str) -> PassportId:
        return cls(scheme=scheme, value=_validate_scheme_value(scheme, value))

    @property
    def path(self) -> str:
        """The canonical path: `/01/{gtin}/21/{serial}` (serial percent-encoded) or `/{scheme}/{value}`."""
        if self.scheme == GS1_SCHEME:
            return f"/01/{self.gtin}/21/{quote(self.serial or '', safe='')}"
        return f"/{self.scheme}/{quote(self.value, safe='/' if self.scheme == 'iso15459' else '')}"

    def url(self, base_url: str) -> str:
        """The resolvable URL (what the QR code encodes)."""
        return base_url.rstrip("/") + self.path

    def __str__(self) -> str:
        return self.path


def parse_path(path: str) -> PassportId:
    """Parse a Digital Link or scheme path (`/01/.../21/...`, `/id/...`); percent-escapes are decoded per segment."""
    raw = path.split("?", 1)[0].split("#", 1)[0]
    segments = [s for s in raw.strip("/").split("/")]
    if not segments or segments == [""]:
        raise _invalid("empty identifier path", "path")
    head = segments[0]
    if head == "01":
        if len(segments) != 4 or segments[2] != "21":
            raise _invalid("a GS1 Digital Link passport path is /01/{GTIN}/21/{serial}", "21" if len(segments) > 2
                           else "path")
        return PassportId.gs1(segments[1], _unquote_strict(segments[3], "21"))
    if head in SCHEMES:
        if len(segments) < 2:
            raise _invalid(f"/{head}/ needs an identifier after it", head)
        if head != "iso15459" and len(segments) != 2:
            raise _invalid(f"/{head}/ takes one segment", head)
        return PassportId.other(head, _unquote_strict("/".join(segments[1:]), head))
    return PassportId.other(head, "/".join(segments[1:]))


def _unquote_strict(segment: str, name: str) -> str:
    if re.search(r"%(?![0-9A-Fa-f]{2})", segment):
        raise _invalid("malformed percent-escape", name)
    try:
        return unquote(segment, errors="strict")
    except UnicodeDecodeError as exc:
        raise _invalid("percent-escapes do not decode as UTF-8", name) from exc


def parse_url(url: str, base_url: str | None = None) -> PassportId:
    """Parse a full passport URL; when `base_url` is given the URL must sit below it."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        raise _invalid("not an absolute URL", "url")
    path = parts.path
    if base_url is not None:
        base = urlsplit(base_url.rstrip("/"))
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not path.startswith(base.path + "/"):
            raise _invalid("the URL is not below the service's base URL", "url")
        path = path[len(base.path):]
    return parse_path(path)


def parse_identifier(text: str, base_url: str | None = None) -> PassportId:
    """Accept what a person types: a URL, a path, or a bare UUID."""
    text = text.strip()
    if text.startswith(("http://", "https://")):
        return parse_url(text, base_url)
    if text.startswith("/"):
        return parse_path(text)
    if len(text) == 36 and set(text.lower()) <= set(string.hexdigits.lower() + "-"):
        return PassportId.other("id", text)
    raise _invalid("give a passport URL, a path such as /01/{GTIN}/21/{serial}, or a UUID", "path")


def new_uuid_id() -> PassportId:
    """A fresh `/id/{uuid}` identifier for a battery without a GTIN."""
    return PassportId.other("id", str(uuid.uuid4()))
