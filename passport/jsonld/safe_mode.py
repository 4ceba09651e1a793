"""A pyld processor that refuses to drop data silently ("safe mode", as jsonld.js calls it).

JSON-LD expansion ignores properties and types its contexts do not define, and toRdf skips relative IRIs.
A signature over such a document covers less than its reader sees, so we stop with a JSON pointer to the
first offending member instead: undefined properties and types -> UNDEFINED_TERM; `id` or IRI-typed values
that stay relative -> RELATIVE_IRI. Values are checked through pyld's own term resolution, so type-scoped
and property-scoped contexts are honoured exactly as in the expansion that produces the quads.
"""

from __future__ import annotations

from typing import Any

from pyld.jsonld import KEYWORDS, JsonLdProcessor

from passport.errors import JsonLdError

_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_JS_SAFE_INTEGER = 2**53


def _is_absolute(iri: object) -> bool:
    return isinstance(iri, str) and ":" in iri and not iri.startswith("_:")


def _is_absolute_or_blank(iri: object) -> bool:
    return isinstance(iri, str) and ":" in iri


def _pointer_token(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _index_pointers(root: Any) -> dict[int, str]:
    """JSON pointer of every object in the (deep-copied) input document, keyed by identity."""
    pointers: dict[int, str] = {}
    stack: list[tuple[Any, str]] = [(root, "")]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, dict):
            pointers[id(node)] = pointer
            stack.extend((v, f"{pointer}/{_pointer_token(k)}") for k, v in node.items()
                         if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((v, f"{pointer}/{i}") for i, v in enumerate(node) if isinstance(v, (dict, list)))
    return pointers


def js_integer_lexical(value: int) -> str:
    """The xsd:integer lexical form jsonld.js writes: JSON numbers are IEEE doubles in JavaScript."""
    if -_JS_SAFE_INTEGER <= value <= _JS_SAFE_INTEGER:
        return str(value)
    mantissa, _, exponent = repr(float(value)).partition("e")
    sign = "-" if mantissa.startswith("-") else ""
    whole, _, fraction = mantissa.lstrip("-").partition(".")
    digits = (whole + fraction.rstrip("0")) if fraction.strip("0") else whole
    return sign + digits + "0" * (int(exponent or 0) - (len(digits) - len(whole)))


class SafeProcessor(JsonLdProcessor):
    """JsonLdProcessor whose expansion raises JsonLdError instead of dropping a member of the input."""

    def __init__(self) -> None:
        super().__init__()
        self._pointers: dict[int, str] | None = None
        self._where: list[str] = [""]

    def _expand(self, active_ctx, active_property, element, options, inside_list=False, inside_index=False,
                type_scoped_ctx=None):
        if self._pointers is None:  # the root call, on pyld's private deep copy of the document
            self._pointers = _index_pointers(element)
        return super()._expand(active_ctx, active_property, element, options, inside_list=inside_list,
                               inside_index=inside_index, type_scoped_ctx=type_scoped_ctx)

    def _expand_object(self, active_ctx, active_property, expanded_active_property, element, expanded_parent,
                       options, inside_list=False, type_key=None, type_scoped_ctx=None):
        assert self._pointers is not None
        where = self._pointers.get(id(element), self._where[-1])
        self._check_members(active_ctx, type_scoped_ctx or active_ctx, element, options, where)
        self._where.append(where)
        try:
            return super()._expand_object(active_ctx, active_property, expanded_active_property, element,
                                          expanded_parent, options, inside_list=inside_list, type_key=type_key,
                                          type_scoped_ctx=type_scoped_ctx)
        finally:
            self._where.pop()

    def _check_members(self, active_ctx, type_ctx, element: dict, options, where: str) -> None:
        base = options.get("base", "")
        for key, value in element.items():
            if key == "@context":
                continue
            pointer = f"{where}/{_pointer_token(key)}"
            expanded = self._expand_iri(active_ctx, key, vocab=True)
            if expanded not in KEYWORDS and not _is_absolute(expanded):
                raise JsonLdError(f"property {key!r} is not defined by the document's contexts",
                                  code="UNDEFINED_TERM", details={"pointer": pointer, "term": key})
            if expanded == "@type":
                values = value if isinstance(value, list) else [value]
                for index, item in enumerate(values):
                    if isinstance(item, str) and not _is_absolute_or_blank(
                            self._expand_iri(type_ctx, item, vocab=True, base=base)):
                        item_pointer = f"{pointer}/{index}" if isinstance(value, list) else pointer
                        raise JsonLdError(f"type {item!r} is not defined by the document's contexts",
                                          code="UNDEFINED_TERM", details={"pointer": item_pointer, "term": item})
            elif expanded == "@id" and isinstance(value, str) and not _is_absolute_or_blank(
                    self._expand_iri(active_ctx, value, base=base)):
                raise JsonLdError("`id` is a relative IRI, which RDF cannot represent", code="RELATIVE_IRI",
                                  details={"pointer": pointer})

    def _expand_value(self, active_ctx, active_property, value, options):
        expanded = super()._expand_value(active_ctx, active_property, value, options)
        if isinstance(expanded, dict) and "@id" in expanded and not _is_absolute_or_blank(expanded["@id"]):
            raise JsonLdError(f"the value of {active_property!r} is a relative IRI, which RDF cannot represent",
                              code="RELATIVE_IRI",
                              details={"pointer": f"{self._where[-1]}/{_pointer_token(str(active_property))}"})
        return expanded

    def _object_to_rdf(self, item, issuer, triples, options):
        rdf_object = super()._object_to_rdf(item, issuer, triples, options)
        value = item.get("@value") if isinstance(item, dict) else None
        if (rdf_object is not None and type(value) is int and rdf_object.get("datatype") == _XSD_INTEGER
                and abs(value) > _JS_SAFE_INTEGER):
            rdf_object["value"] = js_integer_lexical(value)
        return rdf_object
