"""Canonicalize once, then sort the canonical N-Quads into groups named by JSON pointers.

Spec: VC-DI-ECDSA §3.4.1 labelReplacementCanonicalizeNQuads, §3.4.3 createHmacIdLabelMapFunction,
§3.4.17 relabelBlankNodes, §3.4.18 selectCanonicalNQuads, §3.4.19 canonicalizeAndGroup.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from passport.disclosure.select import select_json_ld
from passport.errors import InputError
from passport.disclosure.skolemize import skolemize, to_deskolemized_quads
from passport.jsonld import DocumentLoader, Quad, canonicalize_quads

#: canonical id map (input blank node label -> canonical label, both without `_:`) -> label map (input -> new label)
LabelMapFactory = Callable[[Mapping[str, str]], dict[str, str]]


def _bare(label: str) -> str:
    return label[2:] if label.startswith("_:") else label


def hmac_label_map_factory(hmac_key: bytes) -> LabelMapFactory:
    """Spec §3.4.3: new label = 'u' + base64url(HMAC-SHA-256(key, canonical label)), hiding the graph's shape."""

    def factory(canonical_id_map: Mapping[str, str]) -> dict[str, str]:
        return {
            _bare(inp): "u" + base64.urlsafe_b64encode(
                hmac.new(hmac_key, _bare(c14n).encode(), hashlib.sha256).digest()).rstrip(b"=").decode()
            for inp, c14n in canonical_id_map.items()
        }

    return factory


def custom_label_map_factory(c14n_to_label: Mapping[str, str]) -> LabelMapFactory:
    """Spec §3.4.2 (createLabelMapFunction): the verifier's map from canonical labels to the issuer's labels."""

    def factory(canonical_id_map: Mapping[str, str]) -> dict[str, str]:
        return {_bare(inp): c14n_to_label[_bare(c14n)] for inp, c14n in canonical_id_map.items()}

    return factory


def relabel(quads: list[Quad], label_map: Mapping[str, str]) -> list[Quad]:
    """Spec §3.4.17: replace each blank node label by its mapped label."""

    def term(value: str) -> str:
        if not value.startswith("_:"):
            return value
        try:
            return "_:" + label_map[value[2:]]
        except KeyError:
            raise InputError("a selected node has no name the issuer's labels cover: the document's contexts must "
                             "alias `id` to `@id` (as VC 2.0 does) for selective disclosure",
                             code="UNLABELLED_BLANK_NODE") from None

    return [Quad(term(q.subject), q.predicate, term(q.object), term(q.graph)) for q in quads]


def label_replacement_canonicalize(quads: list[Quad], factory: LabelMapFactory) -> tuple[dict[str, str], list[str]]:
    """Spec §3.4.1: RDFC-1.0, then the factory's labels instead of c14nN; returns (label map, sorted N-Quads)."""
    result = canonicalize_quads(quads)
    canonical_id_map = {_bare(k): _bare(v) for k, v in result.issued.items()}
    label_map = factory(canonical_id_map)
    lines = sorted(q.to_nquad() for q in relabel(quads, label_map))
    return label_map, lines


@dataclass(frozen=True)
class Group:
    """Canonical N-Quads split by whether a group's pointers selected them (index -> N-Quad)."""

    matching: dict[int, str]
    non_matching: dict[int, str]
    deskolemized_quads: list[Quad]


@dataclass(frozen=True)
class CanonicalGroups:
    groups: dict[str, Group]
    label_map: dict[str, str]
    nquads: list[str]


def select_canonical_nquads(pointers: list[str], skolemized_compact: dict[str, Any], label_map: Mapping[str, str],
                            *, loader: DocumentLoader | None = None) -> tuple[list[Quad], list[str]]:
    """Spec §3.4.18: the selection's deskolemized quads and its N-Quads under the issuer's labels."""
    selection = select_json_ld(pointers, skolemized_compact)
    if selection is None:
        return [], []
    deskolemized = to_deskolemized_quads(selection, loader=loader)
    return deskolemized, [q.to_nquad() for q in relabel(deskolemized, label_map)]


def canonicalize_and_group(document: dict[str, Any], factory: LabelMapFactory, group_definitions: Mapping[str, list[str]],
                           *, loader: DocumentLoader | None = None) -> CanonicalGroups:
    """Spec §3.4.19."""
    compact, deskolemized = skolemize(document, loader=loader)
    label_map, nquads = label_replacement_canonicalize(deskolemized, factory)
    groups: dict[str, Group] = {}
    for name, pointers in group_definitions.items():
        selected_quads, selected = select_canonical_nquads(pointers, compact, label_map, loader=loader)
        chosen = set(selected)
        matching = {i: nq for i, nq in enumerate(nquads) if nq in chosen}
        non_matching = {i: nq for i, nq in enumerate(nquads) if nq not in chosen}
        groups[name] = Group(matching, non_matching, selected_quads)
    return CanonicalGroups(groups, label_map, nquads)
