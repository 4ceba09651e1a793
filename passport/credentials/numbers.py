"""JSON numbers a signature cannot carry faithfully across JSON-LD processors.

jsonld.js (and so every Digital Bazaar verifier) writes a non-zero number below 1e-6 with one significant digit
(`1e-7`) as the integer "0": a credential signed with 1e-7 still verifies after it is changed to 9e-7. Integers
beyond 2^53 are rounded by JavaScript's JSON parser. Issuing refuses both (verifying follows jsonld.js, to
interoperate); write such quantities as decimal strings typed xsd:decimal, as the passport model does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

MAX_SAFE_INTEGER = 2**53 - 1


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def lossy_numbers(document: Any, pointer: str = "") -> Iterator[str]:
    """JSON pointers of the numbers in `document` that would not survive signing and verification unchanged."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield from lossy_numbers(value, f"{pointer}/{_escape(str(key))}")
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from lossy_numbers(value, f"{pointer}/{index}")
    elif isinstance(document, bool):
        return
    elif isinstance(document, int):
        if abs(document) > MAX_SAFE_INTEGER:
            yield pointer
    elif isinstance(document, float):
        if document != 0 and abs(document) < 1e-6 and "." not in repr(document):
            yield pointer
