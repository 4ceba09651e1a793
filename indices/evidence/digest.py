"""Digests that results cite: a multibase (base64url, `u`) sha2-256 multihash of the JCS (RFC 8785) bytes.

The passport's `EvidenceReference.evidenceDigest` takes this form; anyone holding the disclosed document
recomputes it with any JCS library and SHA-256.

`canonical_json` is RFC 8785 for every document, fast: Python's C JSON encoder with sorted keys writes strings
exactly as JCS does; numbers are the difference, so each float is written in ECMAScript form (`es_number`) and
put in place after encoding. An ASCII document makes the whole trip in the C codec (the floats are found by
parsing its compact text back, a megabyte in tens of milliseconds); others are walked in Python. Documents
neither path can vouch for (non-ASCII keys, whose JCS order is by UTF-16 units; integers beyond ±2^53;
placeholder-like strings) go through the `rfc8785` package. A property test holds every path byte-equal.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from typing import Any

import rfc8785

_SHA2_256 = bytes([0x12, 0x20])
_SAFE_INT = 2 ** 53 - 1
_MARK = "\x00jcs-number\x00"
_PLACEHOLDER = re.compile(r'"\\u0000jcs-number\\u0000(\d+)"')
_MARK_ESCAPED = "\\u0000jcs-number"
_DIGITS = str.maketrans({chr(c): "0" if chr(c).isdigit() else " " for c in range(128)})  # digit runs, in C


class _NotFast(Exception):
    pass


def es_number(value: float) -> str:
    """ECMAScript Number::toString of a finite float (what JCS writes), from Python's shortest repr."""
    if value == 0:
        return "0"
    text = repr(abs(value))
    mantissa, _, exponent = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    shift = int(exponent or 0)
    if whole == "0":
        n = shift - (len(fraction) - len(fraction.lstrip("0")))
    else:
        n = len(whole) + shift
    digits = (whole + fraction).lstrip("0").rstrip("0") or "0"
    k = len(digits)
    sign = "-" if value < 0 else ""
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    tail = ("+" if e >= 0 else "-") + str(abs(e))
    return sign + digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + tail


def _prepare(value: Any, numbers: list[str]) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value.startswith(_MARK):
            raise _NotFast
        return value
    if isinstance(value, int):
        if abs(value) > _SAFE_INT:
            raise _NotFast
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _NotFast
        numbers.append(es_number(value))
        return f"{_MARK}{len(numbers) - 1}"
    if isinstance(value, dict):
        if not all(isinstance(k, str) and k.isascii() for k in value):
            raise _NotFast
        return {k: _prepare(v, numbers) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_prepare(v, numbers) for v in value]
    raise _NotFast


def _es_from_repr(text: str) -> str:
    """ECMAScript form of a float from its Python repr (the same shortest digits, another notation)."""
    if "e" not in text:
        return "0" if text == "-0.0" else text[:-2] if text.endswith(".0") else text
    mantissa, _, exponent = text.partition("e")
    power = int(exponent)
    if -7 < power < 0:                             # 1.5e-05 -> 0.000015 (ECMAScript writes these out)
        sign, digits = ("-", mantissa[1:]) if mantissa.startswith("-") else ("", mantissa)
        return sign + "0." + "0" * (-power - 1) + digits.replace(".", "")
    return es_number(float(text))


def canonical_json(document: Any) -> bytes:
    """RFC 8785 (JCS) bytes of a JSON document."""
    try:
        plain = json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError):                # not JSON (or not finite): the package says why
        return rfc8785.dumps(document)
    return _canonical_by_reparse(plain) or _canonical_by_walk(document)


def _safe_int(token: str) -> int:
    value = int(token)
    if abs(value) > _SAFE_INT:
        raise _NotFast
    return value


def _canonical_by_reparse(plain: str) -> bytes | None:
    """All in the C JSON codec: parse the compact text `json.dumps` wrote back with each float turned into a
    placeholder holding its ECMAScript form, write it with sorted keys, put the numbers in place. Only for ASCII
    text (so key order by code point is JCS's order by UTF-16 unit) with no integer beyond 2^53 and no
    placeholder-like string; None otherwise."""
    if not plain.isascii() or _MARK_ESCAPED in plain:
        return None
    numbers: list[str] = []

    def number(token: str) -> str:
        numbers.append(_es_from_repr(repr(float(token))))
        return f"{_MARK}{len(numbers) - 1}"

    long_digit_run = "0" * 16 in plain.translate(_DIGITS)   # only then can an integer exceed 2^53
    try:
        parsed = json.loads(plain, parse_float=number, parse_int=_safe_int if long_digit_run else int)
    except _NotFast:
        return None
    text = json.dumps(parsed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    text = _PLACEHOLDER.sub(lambda m: numbers[int(m.group(1))], text) if numbers else text
    return text.encode("ascii")


def _canonical_by_walk(document: Any) -> bytes:
    numbers: list[str] = []
    try:
        text = json.dumps(_prepare(document, numbers), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        text = _PLACEHOLDER.sub(lambda m: numbers[int(m.group(1))], text) if numbers else text
        return text.encode("utf-8")
    except (_NotFast, UnicodeEncodeError):
        return rfc8785.dumps(document)


def multibase_digest(data: bytes) -> str:
    """`u` + base64url(no padding) of the sha2-256 multihash of `data`."""
    multihash = _SHA2_256 + hashlib.sha256(data).digest()
    return "u" + base64.urlsafe_b64encode(multihash).rstrip(b"=").decode("ascii")


def json_digest(document: Any) -> str:
    """Digest of a JSON document by its canonical (JCS) bytes, so whitespace and key order do not matter."""
    return multibase_digest(canonical_json(document))
