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
    """Spec §3.4.10: (skolemized expanded, skolemized compact) forms of a compact document."""
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
