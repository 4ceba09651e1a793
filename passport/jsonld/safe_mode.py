"""A pyld processor that refuses to drop data silently ("safe mode", as jsonld.js calls it).

JSON-LD expansion ignores properties and types its contexts do not define, and toRdf skips relative IRIs.
A signature over such a document covers less than its reader sees, so we stop with a JSON pointer to the
first offending member instead: undefined properties and types -> UNDEFINED_TERM; `id` or IRI-typed values
that stay relative -> RELATIVE_IRI. Values are checked through pyld's own term resolution, so type-scoped
and property-scoped contexts are honoured exactly as in the expansion that produces the quads.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from pyld.jsonld import KEYWORDS, JsonLdProcessor

from passport.errors import JsonLdError
from passport.jsonld.quads import is_valid_iri, is_valid_language_tag

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"
_FIFTEEN_PLACES = Decimal("1.000000000000000")


def _is_absolute(iri: object) -> bool:
    return isinstance(iri, str) and ":" in iri and not iri.startswith("_:")


def _is_absolute_or_blank(iri: object) -> bool:
    return isinstance(iri, str) and ":" in iri


def _check_iri(iri: object, pointer: str) -> None:
    if isinstance(iri, str) and not iri.startswith("@") and not is_valid_iri(iri):
        raise JsonLdError("an IRI contains a character RDF does not allow (space, <, >, quote, braces, controls...)",
                          code="INVALID_IRI", details={"pointer": pointer})


def _check_language(tag: str, pointer: str) -> None:
    if not is_valid_language_tag(tag):
        raise JsonLdError("a language tag is not well-formed (BCP 47)", code="INVALID_LANGUAGE_TAG",
                          details={"pointer": pointer})


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


def _js_is_double(number: float) -> bool:
    """jsonld.js `isDouble`: String(v) contains "." or |v| >= 1e21. JavaScript writes |v| < 1e-6 in
    exponent form, which has no "." when one significant digit suffices (String(1e-7) == "1e-7")."""
    if abs(number) >= 1e21:
        return True
    if number.is_integer():
        return False
    if abs(number) >= 1e-6:
        return True
    mantissa = repr(number).lstrip("-").partition("e")[0]
    return len(mantissa.replace(".", "").strip("0")) > 1


def _js_to_exponential(number: float) -> str:
    """`v.toExponential(15).replace(/(\\d)0*e\\+?/, "$1E")`, the canonical xsd:double form jsonld.js writes.

    Python's formatting is correctly rounded like ECMAScript's, except on an exact tie, which ECMAScript
    rounds to the larger magnitude and Python to even: ties are detected on the exact binary value.
    """
    if number == 0:
        return "0.0E0"  # JavaScript has no "-0.0E0"
    exact = Decimal(number).as_tuple().digits
    if len(exact) > 16 and exact[16] == 5 and not any(exact[17:]):
        with localcontext() as context:
            context.prec = 1100  # enough for the exact decimal expansion of any double
            magnitude = Decimal(abs(number))
            exponent = magnitude.adjusted()
            digits = magnitude.scaleb(-exponent).quantize(_FIFTEEN_PLACES, rounding=ROUND_HALF_UP)
            if digits >= 10:
                exponent, digits = exponent + 1, Decimal("1.000000000000000")
            text = f"{'-' if number < 0 else ''}{digits}e{exponent}"
    else:
        text = f"{number:.15e}"
    mantissa, _, exponent_text = text.partition("e")
    mantissa = mantissa.rstrip("0")
    return f"{mantissa}0E{int(exponent_text)}" if mantissa.endswith(".") else f"{mantissa}E{int(exponent_text)}"


def _js_to_fixed_0(number: float) -> str:
    """`v.toFixed(0)` for the values jsonld.js writes as integers: integral ones, and |v| < 1e-6 with one digit."""
    if number.is_integer():
        return str(int(number))  # the exact value of the double, as JavaScript prints it; -0 -> "0"
    return "-0" if number < 0 else "0"


def js_number_literal(value: int | float, datatype: str | None) -> tuple[str, str]:
    """(lexical form, datatype) of a JSON number as jsonld.js writes it (JSON-LD 1.1 toRdf, JavaScript numbers).

    JavaScript parses every JSON number to an IEEE double, so 5.0 is the integer 5 and integers beyond 2**53
    lose precision; we reproduce that so our canonical form (and signature) matches the reference's.
    """
    try:
        number = float(value)
    except OverflowError as exc:
        raise JsonLdError("a number is too large for a JSON-LD processor", code="INVALID_NUMBER") from exc
    if not math.isfinite(number):
        raise JsonLdError("a number is not finite", code="INVALID_NUMBER")
    if _js_is_double(number) or datatype == XSD_DOUBLE:
        return _js_to_exponential(number), datatype or XSD_DOUBLE
    return _js_to_fixed_0(number), datatype or XSD_INTEGER


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

    def _resolves(self, active_ctx, value: str, *, vocab: bool) -> bool:
        """Whether `value` expands to an absolute IRI (or blank node) without a document base.

        Our documents have no URL, so a reference could only become absolute against pyld's stand-in base
        (http://example.org/base/), which jsonld.js does not use: such a reference must be refused instead.
        An `@base` declared in the document's own context is honoured.
        """
        base = "" if "@base" in active_ctx else None
        return _is_absolute_or_blank(self._expand_iri(active_ctx, value, vocab=vocab, base=base))

    def _check_members(self, active_ctx, type_ctx, element: dict, options, where: str) -> None:
        base = "" if "@base" in active_ctx else None
        for key, value in element.items():
            if key == "@context":
                continue
            pointer = f"{where}/{_pointer_token(key)}"
            expanded = self._expand_iri(active_ctx, key, vocab=True)
            if expanded not in KEYWORDS and not _is_absolute(expanded):
                raise JsonLdError(f"property {key!r} is not defined by the document's contexts",
                                  code="UNDEFINED_TERM", details={"pointer": pointer, "term": key})
            _check_iri(expanded, pointer)
            if expanded == "@type":
                values = value if isinstance(value, list) else [value]
                for index, item in enumerate(values):
                    if not isinstance(item, str):
                        continue
                    item_pointer = f"{pointer}/{index}" if isinstance(value, list) else pointer
                    if not self._resolves(type_ctx, item, vocab=True):
                        raise JsonLdError(f"type {item!r} is not defined by the document's contexts",
                                          code="UNDEFINED_TERM", details={"pointer": item_pointer, "term": item})
                    _check_iri(self._expand_iri(type_ctx, item, vocab=True, base=base), item_pointer)
            elif expanded == "@id" and isinstance(value, str):
                if not self._resolves(active_ctx, value, vocab=False):
                    raise JsonLdError("`id` is a relative IRI, which RDF cannot represent", code="RELATIVE_IRI",
                                      details={"pointer": pointer})
                _check_iri(self._expand_iri(active_ctx, value, base=base), pointer)
            elif expanded == "@language" and isinstance(value, str):
                _check_language(value, pointer)

    def _expand_value(self, active_ctx, active_property, value, options):
        pointer = f"{self._where[-1]}/{_pointer_token(str(active_property))}"
        if isinstance(value, float) and not math.isfinite(value):
            raise JsonLdError(f"the value of {active_property!r} is not a finite number", code="INVALID_NUMBER",
                              details={"pointer": pointer})
        expanded = super()._expand_value(active_ctx, active_property, value, options)
        if not isinstance(expanded, dict):
            return expanded
        if "@id" in expanded and isinstance(value, str):
            if not self._resolves(active_ctx, value,
                                  vocab=self.get_context_value(active_ctx, active_property, "@type") == "@vocab"):
                raise JsonLdError(f"the value of {active_property!r} is a relative IRI, which RDF cannot represent",
                                  code="RELATIVE_IRI", details={"pointer": pointer})
            _check_iri(expanded["@id"], pointer)
        if isinstance(expanded.get("@type"), str):
            _check_iri(expanded["@type"], pointer)
        if isinstance(expanded.get("@language"), str):
            _check_language(expanded["@language"], pointer)
        return expanded

    def _object_to_rdf(self, item, issuer, triples, options):
        value = item.get("@value") if isinstance(item, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            lexical, datatype = js_number_literal(value, item.get("@type"))
            return {"type": "literal", "value": lexical, "datatype": datatype}
        return super()._object_to_rdf(item, issuer, triples, options)
