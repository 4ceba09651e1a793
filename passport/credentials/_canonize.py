"""The two transformation steps Data Integrity suites use: RDF Dataset Canonicalization and JCS."""

from __future__ import annotations

from typing import Any

import rfc8785

from passport.errors import InputError
from passport.jsonld import canonicalize


def rdfc(document: dict[str, Any], *, hash_algorithm: str, loader: Any = None) -> bytes:
    """JSON-LD -> RDF -> RDFC-1.0 canonical N-Quads, UTF-8 (Spec: eddsa-rdfc-2022 §3.2.3, ecdsa-rdfc-2019 §3.2.3)."""
    return canonicalize(document, hash_algorithm=hash_algorithm, loader=loader).encode("utf-8")


def jcs(document: dict[str, Any], *, hash_algorithm: str, loader: Any = None) -> bytes:
    """RFC 8785 JSON Canonicalization Scheme (Spec: eddsa-jcs-2022 §3.3.3); no JSON-LD processing."""
    try:
        return rfc8785.dumps(document)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as exc:
        raise InputError("the document cannot be canonicalized with JCS (RFC 8785)",
                         code="JCS_CANONICALIZATION_ERROR", details={"reason": type(exc).__name__}) from exc
