"""Offline JSON-LD and RDF Dataset Canonicalization (RDFC-1.0).

    document_loader / DocumentLoader   serve the shipped contexts (schemas/contexts/index.json), never the network
    to_rdf                             JSON-LD -> RDF quads, refusing terms that expansion would drop
    canonicalize / canonicalize_quads  RDFC-1.0 canonical N-Quads (SHA-256 or SHA-384), with a work limit
    parse_nquads / serialize_nquads    N-Quads text <-> `Quad`

Error codes (`PassportError.code`; `details` names the URL, JSON pointer or line, never a value):
    JsonLdError            LOADING_DOCUMENT_FAILED (url), UNDEFINED_TERM (pointer, term), RELATIVE_IRI,
                           INVALID_IRI, INVALID_LANGUAGE_TAG, INVALID_NUMBER (pointer), INVALID_DOCUMENT_LOADER,
                           and the JSON-LD API's own codes for other invalid input (PROTECTED_TERM_REDEFINITION...)
    CanonicalizationError  MAX_WORK_EXCEEDED (max_work), UNSUPPORTED_HASH
    InputError             INVALID_NQUADS (line), INVALID_JSON (row), INVALID_INPUT
"""

from passport.jsonld.canonical import canonicalize, canonicalize_quads
from passport.jsonld.loader import DocumentLoader, document_loader
from passport.jsonld.nquads import parse_nquads, serialize_nquads
from passport.jsonld.quads import Quad
from passport.jsonld.rdfc10 import CanonicalResult
from passport.jsonld.rdf import to_rdf

__all__ = sorted([
    "CanonicalResult",
    "DocumentLoader",
    "Quad",
    "canonicalize",
    "canonicalize_quads",
    "document_loader",
    "parse_nquads",
    "serialize_nquads",
    "to_rdf",
])
