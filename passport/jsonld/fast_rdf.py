"""A direct JSON-LD -> RDF path for the common shape of credentials, about five times faster than pyld's.

pyld expands the whole document into a new tree, builds a node map, then writes triples, through generic
code paid for on every credential. Here one walk over the compact document writes the triples, mirroring
pyld's expansion (JSON-LD 1.1 API §5.1.2, "Expansion Algorithm") step for step for the features credentials
use: terms and compact IRIs, `@id`/`@vocab`/datatype coercion, default and term languages, value objects,
`@list` and `@set`, `@graph` containers (Data Integrity `proof`), embedded, type-scoped and property-scoped
contexts. Contexts are still processed by pyld (identical term definitions, protection and errors); we only
remember, per loader, the results of context processing and IRI expansion (contexts are immutable).

Anything else — maps (`@language`, `@index`, `@id`, `@type` containers), `@reverse`, `@nest`, `@included`,
`@json`, named graphs, invalid or undefined input — raises `Fallback`, and the caller runs pyld's safe-mode
path, which produces the same dataset or the precise error. Tests compare both paths on every vector.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from pyld.jsonld import JsonLdProcessor

from passport.jsonld.quads import Quad, is_valid_language_tag, literal
from passport.jsonld.quads import iri as make_iri
from passport.jsonld.safe_mode import SafeProcessor, js_number_literal

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE, RDF_FIRST, RDF_REST, RDF_NIL = f"<{RDF}type>", f"<{RDF}first>", f"<{RDF}rest>", f"<{RDF}nil>"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"
I18N = "https://www.w3.org/ns/i18n#"
_MAP_CONTAINERS = frozenset({"@language", "@index", "@id", "@type"})
_VALUE_KEYS = frozenset({"@value", "@type", "@language", "@direction", "@index"})
_NODE_KEYWORDS = frozenset({"@id", "@type", "@index"})
get_context_value = JsonLdProcessor.get_context_value


_MISSING = object()
_new_quad = tuple.__new__  # Quad(...) without the NamedTuple's Python-level __new__: emitting is hot


def _directional(value: str, language: str | None, direction: str) -> str:
    """A string with a base direction, as the -rdfc- cryptosuites write it (rdfDirection "i18n-datatype")."""
    if direction not in ("ltr", "rtl") or (language is not None and not is_valid_language_tag(language)):
        raise Fallback
    return literal(value, f"{I18N}{language or ''}_{direction}")


_HANDLED_KEYWORDS = frozenset({"@id", "@type", "@value", "@language", "@direction", "@index", "@list", "@set",
                               "@graph"})


def _check_keywords(element: dict[str, Any], keys: dict[str, str]) -> None:
    """The validity checks of expansion (JSON-LD 1.1 API §5.1.2 step 13) on keyword entries: anything pyld
    would reject, or treat specially, goes to pyld."""
    seen: set[str] = set()
    for key, expanded in keys.items():
        if expanded[0] != "@":
            continue
        value = element[key]
        if expanded not in _HANDLED_KEYWORDS or (expanded in seen and expanded != "@type"):
            raise Fallback
        seen.add(expanded)
        if expanded == "@type":
            valid = isinstance(value, str) or (isinstance(value, list) and all(isinstance(t, str) for t in value))
        elif expanded == "@value":
            valid = not isinstance(value, (dict, list))
        elif expanded == "@direction":
            valid = value in ("ltr", "rtl")
        elif expanded == "@graph":
            valid = isinstance(value, (dict, list))
        elif expanded in ("@list", "@set"):
            valid = value is not None  # {"@list": null} expands to an empty node object, not a list
        else:  # @id, @index, @language
            valid = isinstance(value, str)
        if not valid:
            raise Fallback


class Fallback(Exception):
    """The document uses something this path does not handle: run pyld's full algorithm instead."""


class TermInfo(NamedTuple):
    """What expansion needs to know about a key in one active context, looked up once per context."""

    expanded: Any  # the expanded IRI or keyword (None for a term mapped to null)
    container: frozenset[str]
    scoped_context: Any  # the term's @context, or None
    coercion: Any  # the term's @type (or None)
    language: Any  # the term's or the default language (or None)
    direction: Any  # the term's or the default base direction (or None)
    reverse: bool


class Caches:
    """What a loader remembers between documents: processed contexts and expanded IRIs, keyed by the
    processed active context's `_uuid` (pyld gives every processed context a fresh one). Plain dicts,
    emptied when full: lookups are the hot path and the working set of a service is small."""

    def __init__(self, size: int = 4096):
        self.size = size
        self.contexts: dict[tuple[Any, ...], tuple[Any, dict[str, Any]]] = {}
        self.iris: dict[tuple[str, str, bool], Any] = {}
        self.terms: dict[tuple[str, str], TermInfo] = {}

    def trim(self) -> None:
        if len(self.contexts) > self.size:
            self.contexts.clear()
        if len(self.iris) > self.size * 8:
            self.iris.clear()
        if len(self.terms) > self.size * 8:
            self.terms.clear()


class FastToRdf:
    """One document's conversion; `convert` returns its quads or raises Fallback."""

    def __init__(self, processor: SafeProcessor, options: dict[str, Any], caches: Caches):
        self.processor = processor
        self.options = options
        self.caches = caches
        self.quads: list[Quad] = []
        self.blank_nodes: dict[str, str] = {}
        self.counter = 0

    # -- helpers over pyld's context machinery, memoized -------------------------------------------------

    def iri(self, ctx: dict[str, Any], value: str, vocab: bool) -> Any:
        """pyld's IRI expansion; document-relative forms are never resolved (we have no document URL)."""
        key = (ctx["_uuid"], value, vocab)
        found = self.caches.iris.get(key, _MISSING)
        if found is _MISSING:
            base = "" if "@base" in ctx else None
            found = self.processor._expand_iri(ctx, value, vocab=vocab, base=base)
            self.caches.iris[key] = found
        return found

    def info(self, ctx: dict[str, Any], key: str) -> TermInfo:
        found = self.caches.terms.get((ctx["_uuid"], key))
        if found is None:
            mapping = ctx["mappings"].get(key)
            found = TermInfo(expanded=self.iri(ctx, key, True),
                             container=frozenset(get_context_value(ctx, key, "@container") or ()),
                             scoped_context=get_context_value(ctx, key, "@context"),
                             coercion=get_context_value(ctx, key, "@type"),
                             language=get_context_value(ctx, key, "@language"),
                             direction=get_context_value(ctx, key, "@direction"),
                             reverse=bool(mapping and mapping.get("reverse")))
            self.caches.terms[(ctx["_uuid"], key)] = found
        return found

    def process(self, ctx: dict[str, Any], local: Any, *, override_protected: bool = False,
                propagate: bool = True, stable: bool = True) -> dict[str, Any]:
        """pyld's context processing, remembered for URLs and for `stable` (term-definition) context objects."""
        if isinstance(local, list) and not local:
            return ctx  # an empty array of contexts changes nothing (JSON-LD 1.1 API §4.1.2 step 5)
        if isinstance(local, list) and all(isinstance(c, str) for c in local):
            identity: Any = tuple(local)
        elif isinstance(local, str):
            identity = local
        elif stable:
            identity = id(local)
        else:
            return self.processor._process_context(ctx, local, self.options)
        key = (ctx["_uuid"], identity, override_protected, propagate)
        found = self.caches.contexts.get(key)
        if found is not None and (found[0] is local or not isinstance(identity, int)):
            return found[1]
        result = self.processor._process_context(ctx, local, self.options, override_protected=override_protected,
                                                 propagate=propagate)
        if "_uuid" not in result:
            raise Fallback  # a context pyld returns without its identity cannot be memoized: pyld's path
        self.caches.contexts[key] = (local, result)  # holding `local` keeps its id from being reused
        return result

    def new_blank(self) -> str:
        label = f"_:b{self.counter}"
        self.counter += 1
        return label

    def term(self, iri: Any) -> str:
        """An RDF term for an expanded IRI or blank node identifier; relative or keyword -> Fallback."""
        if not isinstance(iri, str) or ":" not in iri:
            raise Fallback
        if iri.startswith("_:"):
            found = self.blank_nodes.get(iri)
            if found is None:
                found = self.blank_nodes[iri] = self.new_blank()
            return found
        return make_iri(iri)

    # -- the algorithm -----------------------------------------------------------------------------------

    def convert(self, document: Any) -> list[Quad]:
        self.caches.trim()
        ctx = self.processor._get_initial_context(self.options)
        self.expand(ctx, None, document, "", inside_list=False)
        return list(dict.fromkeys(self.quads))

    def expand(self, ctx: dict[str, Any], active_property: str | None, element: Any, graph: str,
               inside_list: bool, type_scoped_ctx: dict[str, Any] | None = None) -> list[str]:
        """RDF objects for `element` as the value of `active_property`; triples of nested nodes are emitted."""
        if element is None:
            return []
        if isinstance(element, list):
            inside_list = inside_list or (active_property is not None and
                                          "@list" in self.info(ctx, active_property).container)
            out: list[str] = []
            for item in element:
                if inside_list and isinstance(item, list):
                    raise Fallback  # list of lists
                out.extend(self.expand(ctx, active_property, item, graph, inside_list, type_scoped_ctx))
            return out
        if not isinstance(element, dict):
            if not inside_list and (active_property is None or self.info(ctx, active_property).expanded == "@graph"):
                return []  # free-floating scalar
            return [self.scalar(ctx, active_property, element)]
        return self.expand_object(ctx, active_property, element, graph, inside_list, type_scoped_ctx)

    def expand_object(self, ctx: dict[str, Any], active_property: str | None, element: dict[str, Any], graph: str,
                      inside_list: bool, type_scoped_ctx: dict[str, Any] | None) -> list[str]:
        if active_property is not None:
            active_info = self.info(ctx, active_property)
            expanded_active_property, property_scoped_ctx = active_info.expanded, active_info.scoped_context
        else:
            expanded_active_property = property_scoped_ctx = None
        # Revert a type-scoped context, unless element is a value object or a subject reference.
        if not type_scoped_ctx and ctx.get("previousContext"):
            type_scoped_ctx = ctx
        must_revert = True
        if type_scoped_ctx and len(element) <= 2 and "@context" not in element:
            for key in sorted(element):
                expanded = self.iri(type_scoped_ctx, key, True)
                if expanded == "@value":
                    must_revert, ctx = False, type_scoped_ctx
                    break
                if expanded == "@id" and len(element) == 1:
                    must_revert = False
                    break
        if must_revert and "previousContext" in ctx:
            ctx = ctx["previousContext"]
        if property_scoped_ctx is not None:
            ctx = self.process(ctx, property_scoped_ctx, override_protected=True)
        # Embedded context, then type-scoped contexts (types looked up in the context before them).
        if "@context" in element:
            ctx = self.process(ctx, element["@context"], stable=False)  # the document's own objects change
        type_scoped_ctx = ctx
        keys = self.expand_keys(ctx, element)
        for key, expanded in keys.items():
            if expanded == "@type":
                types = element[key] if isinstance(element[key], list) else [element[key]]
                for type_ in sorted(t for t in types if isinstance(t, str)):
                    scoped = get_context_value(type_scoped_ctx, type_, "@context")
                    if scoped is not None and scoped is not False:
                        ctx = self.process(ctx, scoped, propagate=False)
        if ctx is not type_scoped_ctx:
            keys = self.expand_keys(ctx, element)  # the type-scoped contexts may define the other keys
        _check_keywords(element, keys)
        top_level = not inside_list and (active_property is None or expanded_active_property == "@graph")
        kinds = set(keys.values())
        if "@value" in kinds:
            if top_level:
                raise Fallback  # a free-floating value: pyld drops it after validating it
            return self.value_object(type_scoped_ctx, element, keys)
        if "@list" in kinds or "@set" in kinds:
            if len(keys) != 1 + ("@index" in kinds):
                raise Fallback
            key = next(k for k, e in keys.items() if e in ("@list", "@set"))
            is_list = keys[key] == "@list"
            if is_list and top_level:
                raise Fallback  # a free-floating list: pyld drops it after validating it
            next_property = None if is_list and expanded_active_property == "@graph" else active_property
            items = self.expand(ctx, next_property, element[key], graph, is_list)
            return [self.rdf_list(items, graph)] if is_list else items
        if "@graph" in kinds:
            if active_property is not None or kinds - {"@graph"}:
                raise Fallback  # named graphs and graph objects: pyld
            key = next(iter(keys))
            values = element[key] if isinstance(element[key], list) else [element[key]]
            for item in values:
                self.expand(ctx, key, item, graph, False)
            return []
        return [self.node(ctx, type_scoped_ctx, element, keys, graph)]

    def expand_keys(self, ctx: dict[str, Any], element: dict[str, Any]) -> dict[str, str]:
        """Each key of element (but @context) expanded, in sorted order; undefined -> Fallback."""
        keys: dict[str, str] = {}
        for key in sorted(element):
            if key == "@context":
                continue
            expanded = self.iri(ctx, key, True)
            if expanded is None:
                raise Fallback  # a term mapped to null, or a keyword-like key: pyld's safe mode names it
            keys[key] = expanded
        return keys

    def node(self, ctx: dict[str, Any], type_ctx: dict[str, Any], element: dict[str, Any], keys: dict[str, str],
             graph: str) -> str:
        """A node object: its triples are emitted in `graph`; returns its subject term."""
        subject = None
        for key, expanded in keys.items():
            if expanded == "@id":
                value = element[key]
                if not isinstance(value, str) or subject is not None:
                    raise Fallback
                subject = self.term(self.iri(ctx, value, False))
        if subject is None:
            subject = self.new_blank()
        emit = self.quads.append
        for key, expanded in keys.items():
            value = element[key]
            if expanded in _NODE_KEYWORDS:
                if expanded == "@type":
                    for type_ in value if isinstance(value, list) else [value]:
                        if not isinstance(type_, str):
                            raise Fallback
                        emit(_new_quad(Quad, (subject, RDF_TYPE, self.term(self.iri(type_ctx, type_, True)), graph)))
                continue
            if expanded[0] == "@" or expanded.startswith("_:") or ":" not in expanded:
                raise Fallback  # other keywords, blank-node or relative properties
            if value is None:
                continue
            info = self.info(ctx, key)
            term_ctx = ctx
            if info.scoped_context is not None:
                term_ctx = self.process(ctx, info.scoped_context, override_protected=True)
                mapping = term_ctx["mappings"].get(key)
                if mapping is not None and mapping.get("reverse"):
                    raise Fallback
            elif info.reverse:
                raise Fallback
            container = info.container
            if info.coercion == "@json" or (isinstance(value, dict) and not _MAP_CONTAINERS.isdisjoint(container)):
                raise Fallback
            predicate = make_iri(expanded)
            if "@graph" in container:
                if "@id" in container or "@index" in container:
                    raise Fallback
                for item in value if isinstance(value, list) else [value]:
                    if not isinstance(item, dict):
                        raise Fallback
                    named = self.new_blank()
                    if len(self.expand(term_ctx, key, item, named, False)) != 1:
                        raise Fallback
                    emit(_new_quad(Quad, (subject, predicate, named, graph)))
                continue
            if "@list" in container:
                if isinstance(value, dict) and any(self.iri(term_ctx, k, True) == "@list" for k in value):
                    raise Fallback
                if isinstance(value, list):
                    objects = [self.rdf_list(self.expand(term_ctx, key, value, graph, True), graph)]
                else:
                    objects = [self.rdf_list(self.expand(term_ctx, key, value, graph, False), graph)]
            elif isinstance(value, (str, int, float)):  # bool is an int: a plain value, the common case
                objects = [self.scalar(term_ctx, key, value)]
            else:
                objects = self.expand(term_ctx, key, value, graph, False)
            for obj in objects:
                emit(_new_quad(Quad, (subject, predicate, obj, graph)))
        return subject

    def value_object(self, type_ctx: dict[str, Any], element: dict[str, Any], keys: dict[str, str]) -> list[str]:
        if not _VALUE_KEYS.issuperset(keys.values()):
            raise Fallback
        by_keyword = {expanded: element[key] for key, expanded in keys.items()}
        value = by_keyword["@value"]
        datatype = by_keyword.get("@type")
        language = by_keyword.get("@language")
        direction = by_keyword.get("@direction")
        if value is None:
            return []
        if isinstance(value, (dict, list)) or (datatype is not None and (language, direction) != (None, None)) \
                or (direction is not None and direction not in ("ltr", "rtl")):
            raise Fallback
        if direction is not None:
            if not isinstance(value, str) or not (language is None or isinstance(language, str)):
                raise Fallback
            return [_directional(value, None if language is None else language.lower(), direction)]
        if datatype is not None:
            if not isinstance(datatype, str):
                raise Fallback
            datatype_term = self.term(self.iri(type_ctx, datatype, True))
            if datatype_term.startswith("_:") or datatype_term == "<@json>":
                raise Fallback
            return [self.literal(value, datatype_term[1:-1])]
        if language is not None:
            if not isinstance(language, str) or not isinstance(value, str) or not is_valid_language_tag(language):
                raise Fallback
            return [literal(value, language=language.lower())]
        return [self.literal(value, None)]

    def scalar(self, ctx: dict[str, Any], active_property: str | None, value: Any) -> str:
        """§5.3 Value Expansion of a scalar, then its RDF term."""
        if active_property is None:
            raise Fallback
        info = self.info(ctx, active_property)
        expanded_property, type_ = info.expanded, info.coercion
        if expanded_property in ("@id", "@type") or expanded_property is None:
            raise Fallback
        if (type_ == "@id" or expanded_property == "@graph") and isinstance(value, str):
            return self.term(self.iri(ctx, value, False))
        if type_ == "@vocab" and isinstance(value, str):
            return self.term(self.iri(ctx, value, True))
        if expanded_property[0] == "@" or type_ == "@json":
            raise Fallback
        if type_ is not None and type_ not in ("@id", "@vocab", "@none"):
            return self.literal(value, type_)
        if isinstance(value, str):
            if info.direction is not None:
                return _directional(value, info.language, info.direction)
            if info.language is not None:
                return literal(value, language=info.language)
        return self.literal(value, None)

    @staticmethod
    def literal(value: Any, datatype: str | None) -> str:
        """JSON-LD 1.1 API §6.8 Object to RDF Conversion for a native value (numbers as jsonld.js writes them)."""
        if isinstance(value, bool):
            return literal("true" if value else "false", datatype or XSD_BOOLEAN)
        if isinstance(value, (int, float)):
            lexical, number_type = js_number_literal(value, datatype)
            return literal(lexical, number_type)
        if isinstance(value, str) and datatype != XSD_DOUBLE:
            return literal(value, datatype)
        raise Fallback  # strings typed xsd:double are re-formatted as numbers: pyld's path

    def rdf_list(self, items: list[str], graph: str) -> str:
        """§6.7 List Conversion: an rdf:first/rdf:rest chain; returns its head (rdf:nil when empty)."""
        if not items:
            return RDF_NIL
        head = node = self.new_blank()
        for index, item in enumerate(items):
            self.quads.append(Quad(node, RDF_FIRST, item, graph))
            rest = self.new_blank() if index + 1 < len(items) else RDF_NIL
            self.quads.append(Quad(node, RDF_REST, rest, graph))
            node = rest
        return head
