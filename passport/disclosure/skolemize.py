"""Skolemization: give every blank node a stable name so a selection keeps pointing at the same nodes.

Spec: VC-DI-ECDSA §3.4.9 skolemizeExpandedJsonLd, §3.4.10 skolemizeCompactJsonLd, §3.4.11 toDeskolemizedNQuads.
"""

from __future__ import annotations

import base64
import copy
import os
from typing import Any

from pyld import jsonld

from passport.errors import JsonLdError
from passport.jsonld import DocumentLoader, Quad, to_rdf

URN_SCHEME = "custom-scheme"


def _random_string() -> str:
    return base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()


def skolemize_expanded(expanded: list[Any], *, urn_scheme: str, random_string: str, counter: list[int]) -> list[Any]:
    """Spec §3.4.9: every node object without `@id` gets `urn:<scheme>:<random>_<n>`; `_:x` becomes `urn:<scheme>:x`."""
    result: list[Any] = []
    for element in expanded:
        if not isinstance(element, dict) or "@value" in element:
            result.append(copy.deepcopy(element))
            continue
        node: dict[str, Any] = {}
        for key, value in element.items():
            if isinstance(value, list):
                node[key] = skolemize_expanded(value, urn_scheme=urn_scheme, random_string=random_string, counter=counter)
            elif isinstance(value, dict):
                node[key] = skolemize_expanded([value], urn_scheme=urn_scheme, random_string=random_string, counter=counter)[0]
            else:
                node[key] = copy.deepcopy(value)
        if "@list" in node or "@set" in node:  # list and set objects are not nodes: they take no @id
            result.append(node)
            continue
        node_id = node.get("@id")
        if node_id is None:
            node["@id"] = f"urn:{urn_scheme}:{random_string}_{counter[0]}"
            counter[0] += 1
        elif isinstance(node_id, str) and node_id.startswith("_:"):
            node["@id"] = f"urn:{urn_scheme}:{node_id[2:]}"
        result.append(node)
    return result


def skolemize_compact(document: dict[str, Any], *, loader: DocumentLoader | None = None,
                      urn_scheme: str = URN_SCHEME, random_string: str | None = None) -> tuple[list[Any], dict[str, Any]]:
    """Spec §3.4.10: (skolemized expanded, skolemized compact) forms of a compact document (the spec's path)."""
    loader = loader or DocumentLoader()
    options = {"documentLoader": loader}
    try:
        expanded = jsonld.expand(document, options)
        skolemized = skolemize_expanded(expanded, urn_scheme=urn_scheme, random_string=random_string or _random_string(),
                                        counter=[0])
        compact = jsonld.compact(skolemized, document.get("@context", {}), options)
    except jsonld.JsonLdError as exc:
        raise JsonLdError(f"JSON-LD processing failed while skolemizing: {exc.type}", code="SKOLEMIZATION_FAILED") from exc
    if "@context" in document:
        compact["@context"] = copy.deepcopy(document["@context"])
    return skolemized, compact


def deskolemize(quads: list[Quad], *, urn_scheme: str = URN_SCHEME) -> list[Quad]:
    """Spec §3.4.11 step 2: `<urn:<scheme>:x>` back to the blank node `_:x`."""
    prefix = f"<urn:{urn_scheme}:"

    def term(value: str) -> str:
        return "_:" + value[len(prefix):-1] if value.startswith(prefix) else value

    return [Quad(*(term(t) for t in q)) for q in quads]


def to_deskolemized_quads(document: Any, *, loader: DocumentLoader | None = None,
                          urn_scheme: str = URN_SCHEME) -> list[Quad]:
    """Spec §3.4.11: RDF of a skolemized document with its skolem IRIs turned back into blank nodes."""
    return deskolemize(to_rdf(document, loader=loader), urn_scheme=urn_scheme)


#: Contexts whose `id` is a protected alias of `@id` in every scope (VC 2.0 and everything built on it).
_ID_ALIAS_CONTEXT = "https://www.w3.org/ns/credentials/v2"
_NOT_A_NODE = frozenset({"@value", "@list", "@set", "@json", "@graph"})


def _name_nodes(value: Any, mint: Any) -> Any:
    """A copy of compact JSON-LD with an `id` on every object that has none (every object is a node here)."""
    if isinstance(value, list):
        return [_name_nodes(item, mint) for item in value]
    if not isinstance(value, dict):
        return value
    named = {key: (item if key == "@context" else _name_nodes(item, mint)) for key, item in value.items()}
    if "id" not in named:
        named["id"] = mint()
    elif isinstance(named["id"], str) and named["id"].startswith("_:"):
        named["id"] = mint(named["id"][2:])
    return named


def _shape(quads: list[Quad], urn_prefix: str) -> list[tuple[str, ...]]:
    """The quads with every blank node and skolem IRI blotted out: equal shapes, equal statements."""
    def term(value: str) -> str:
        return "_" if value.startswith("_:") or value.startswith(urn_prefix) else value

    return sorted(tuple(term(t) for t in q) for q in quads)


def _objects_are_nodes(value: Any) -> bool:
    if isinstance(value, list):
        return all(_objects_are_nodes(item) for item in value)
    if isinstance(value, dict):
        return not (_NOT_A_NODE & value.keys()) and all(
            _objects_are_nodes(item) for key, item in value.items() if key != "@context")
    return True


def skolemize(document: dict[str, Any], *, loader: DocumentLoader | None = None, urn_scheme: str = URN_SCHEME,
              random_string: str | None = None) -> tuple[dict[str, Any], list[Quad]]:
    """(skolemized compact document, its deskolemized quads): what canonicalizeAndGroup needs.

    The spec skolemizes by expanding and re-compacting, which costs two passes of JSON-LD processing. For
    VC 2.0 documents whose objects are all node objects, naming the nodes in the compact form directly gives
    the same graph; that is checked (same statements as the document, no blank node left unnamed) and the
    spec's path is taken whenever the check does not hold.
    """
    random_string = random_string or _random_string()
    prefix = f"urn:{urn_scheme}:"
    context = document.get("@context")
    contexts = context if isinstance(context, list) else [context]
    if contexts and contexts[0] == _ID_ALIAS_CONTEXT and _objects_are_nodes(document):
        counter = [0]

        def mint(label: str | None = None) -> str:
            if label is not None:
                return prefix + label
            counter[0] += 1
            return f"{prefix}{random_string}_{counter[0] - 1}"

        compact = _name_nodes({k: v for k, v in document.items() if k != "@context"}, mint)
        compact = {"@context": copy.deepcopy(context), **compact}
        skolemized_quads = to_rdf(compact, loader=loader)
        if not any(t.startswith("_:") for q in skolemized_quads for t in q) and \
                _shape(skolemized_quads, "<" + prefix) == _shape(to_rdf(document, loader=loader), "<" + prefix):
            return compact, deskolemize(skolemized_quads, urn_scheme=urn_scheme)
    expanded, compact = skolemize_compact(document, loader=loader, urn_scheme=urn_scheme, random_string=random_string)
    return compact, to_deskolemized_quads(expanded, loader=loader, urn_scheme=urn_scheme)
