"""RDF quads as small immutable tuples of terms written in canonical N-Quads form.

Each term is the string N-Quads uses for it: `<iri>`, `_:label`, or a literal `"escaped"`, `"v"@lang`,
`"v"^^<datatype>` (xsd:string is implicit), escaped as RDFC-1.0 requires. The graph is `""` for the
default graph. Canonical text forms are unique, so equal terms are equal strings: quads hash, sort and
serialize without a separate term model, and canonicalization relabels blank nodes by string work alone.
"""

from __future__ import annotations

import re
from typing import NamedTuple

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
DEFAULT_GRAPH = ""

# RDFC-1.0 canonical N-Quads: ECHAR for \b \t \n \f \r " \\, UCHAR (upper-case hex) for other C0 controls and DEL.
_ECHAR = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
_ESCAPES = {c: _ECHAR.get(c, f"\\u{c:04X}") for c in [*range(0x20), 0x22, 0x5C, 0x7F]}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')


def escape_literal(value: str) -> str:
    """The lexical form escaped for canonical N-Quads (RDFC-1.0 §4.3, canonical N-Quads)."""
    if _NEEDS_ESCAPE.search(value) is None:
        return value
    return value.translate(_ESCAPES)


def iri(value: str) -> str:
    """An IRI term (IRIs are written as is: they cannot contain characters that need escaping)."""
    return f"<{value}>"


def blank(label: str) -> str:
    """A blank node term; `label` is without the `_:` prefix."""
    return f"_:{label}"


def literal(value: str, datatype: str | None = None, language: str | None = None) -> str:
    """A literal term: language-tagged when `language` is given, else typed (xsd:string left implicit)."""
    escaped = escape_literal(value)
    if language:
        return f'"{escaped}"@{language}'
    if datatype is None or datatype == XSD_STRING:
        return f'"{escaped}"'
    return f'"{escaped}"^^<{datatype}>'


def is_blank(term: str) -> bool:
    return term.startswith("_:")


def is_iri(term: str) -> bool:
    return term.startswith("<")


def is_literal(term: str) -> bool:
    return term.startswith('"')


class Quad(NamedTuple):
    """One RDF quad; each position holds a canonical N-Quads term, `graph` is "" for the default graph."""

    subject: str
    predicate: str
    object: str
    graph: str = DEFAULT_GRAPH

    def to_nquad(self) -> str:
        """The quad as one canonical N-Quads line, ending in "\\n"."""
        if self.graph:
            return f"{self.subject} {self.predicate} {self.object} {self.graph} .\n"
        return f"{self.subject} {self.predicate} {self.object} .\n"

    def blank_nodes(self) -> tuple[str, ...]:
        """Labels (without `_:`) of the blank nodes in subject, object and graph position."""
        return tuple(t[2:] for t in (self.subject, self.object, self.graph) if t.startswith("_:"))


def serialize_nquads(quads: list[Quad] | tuple[Quad, ...]) -> str:
    """The quads as N-Quads text, in the given order, one line each."""
    return "".join(q.to_nquad() for q in quads)
