"""`canonicalize`: a JSON-LD document, N-Quads text or quads -> RDFC-1.0 canonical N-Quads.

This is what Data Integrity proofs hash (the `-rdfc-` cryptosuites), so it is the one door every caller uses.
"""

from __future__ import annotations

from typing import Any, Literal

from passport.errors import InputError
from passport.jsonio import read_json
from passport.jsonld.nquads import parse_nquads
from passport.jsonld.quads import Quad
from passport.jsonld.rdfc10 import CanonicalResult, canonicalize_quads
from passport.jsonld.rdf import Loader, to_rdf

__all__ = ["CanonicalResult", "canonicalize", "canonicalize_quads", "dataset"]


def dataset(doc: dict[str, Any] | list[Any] | str, *, input_format: Literal["jsonld", "nquads"] = "jsonld",
            loader: Loader | None = None) -> list[Quad]:
    """The RDF dataset of `doc`: JSON-LD (object, array or JSON text), N-Quads text, or a list of quads."""
    if isinstance(doc, list) and all(isinstance(q, Quad) for q in doc) and (doc or input_format == "nquads"):
        return list(doc)
    if input_format == "nquads":
        if not isinstance(doc, str):
            raise InputError("N-Quads input must be text", code="INVALID_INPUT", details={"field": "doc"})
        return parse_nquads(doc)
    if input_format != "jsonld":
        raise InputError(f"unknown input format {input_format!r} (jsonld or nquads)", code="INVALID_INPUT",
                         details={"field": "input_format"})
    if isinstance(doc, str):
        doc = read_json(doc)
    return to_rdf(doc, loader=loader)  # type: ignore[arg-type]


def canonicalize(doc: dict[str, Any] | list[Any] | str, *, hash_algorithm: str = "sha256",
                 input_format: Literal["jsonld", "nquads"] = "jsonld", loader: Loader | None = None,
                 max_work: int | None = None) -> str:
    """RDFC-1.0 canonical N-Quads of `doc` (each line ends in "\\n"); see `dataset` for accepted inputs.

    `hash_algorithm` is "sha256" or "sha384" (ecdsa-rdfc-2019 on P-384 canonicalizes with SHA-384);
    `max_work` bounds blank-node disambiguation (CanonicalizationError MAX_WORK_EXCEEDED beyond it).
    """
    quads = dataset(doc, input_format=input_format, loader=loader)
    return canonicalize_quads(quads, hash_algorithm=hash_algorithm, max_work=max_work).nquads
