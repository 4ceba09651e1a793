"""RDF Dataset Canonicalization, RDFC-1.0 (W3C Recommendation, 21 May 2024), with a bounded amount of work.

Spec: https://www.w3.org/TR/rdf-canon/ §4.4–4.9. Step comments below follow the spec's numbering.
Quads are `Quad` tuples of canonical N-Quads terms, so serializing a quad with substituted blank node
labels is string concatenation; first-degree hashes are computed once and reused by §4.7.

Blank nodes whose first-degree hashes collide need Hash N-Degree Quads (§4.8), which explores permutations
and can take exponential time on crafted input ("poison graphs", rdf-canon test074). Every call to §4.8 and
every permutation it tries costs one unit of work; past `max_work` units canonicalization stops with
CanonicalizationError(code="MAX_WORK_EXCEEDED") instead of hanging a verifier on untrusted input.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import permutations

from passport.errors import CanonicalizationError
from passport.jsonld.quads import Quad

# Units of work (calls to Hash N-Degree Quads plus permutations tried) before giving up. The hardest W3C
# suite tests (044-046) need 3,348 units; credentials usually need 0 (their blank nodes hash apart at §4.6).
DEFAULT_MAX_WORK = 20_000

HASH_ALGORITHMS: dict[str, Callable[[bytes], "hashlib._Hash"]] = {
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
}


@dataclass(frozen=True, slots=True)
class CanonicalResult:
    """The canonical form: N-Quads text, the relabelled quads in order, and the issued identifiers map."""

    nquads: str
    quads: list[Quad]
    issued: dict[str, str]  # input blank node label -> canonical label (c14nN), in issuance order


class IdentifierIssuer:
    """§4.5 Issue Identifier: hands out `prefix + counter` labels, remembering the order of issuance."""

    __slots__ = ("prefix", "counter", "issued")

    def __init__(self, prefix: str, counter: int = 0, issued: dict[str, str] | None = None):
        self.prefix = prefix
        self.counter = counter
        self.issued: dict[str, str] = {} if issued is None else issued

    def issue(self, existing: str) -> str:
        # 1) If there is a map entry for existing identifier in issued identifiers map, return it.
        found = self.issued.get(existing)
        if found is not None:
            return found
        # 2) Generate issued identifier by concatenating identifier prefix with identifier counter.
        issued = f"{self.prefix}{self.counter}"
        # 3) Add an entry mapping existing identifier to issued identifier.  4) Increment the counter.
        self.issued[existing] = issued
        self.counter += 1
        return issued

    def copy(self) -> IdentifierIssuer:
        return IdentifierIssuer(self.prefix, self.counter, dict(self.issued))


@dataclass(slots=True)
class _State:
    """§4.2 canonicalization state, plus caches of values that never change during one run."""

    hash_hex: Callable[[str], str]
    max_work: int
    blank_node_to_quads: dict[str, list[Quad]] = field(default_factory=dict)
    canonical_issuer: IdentifierIssuer = field(default_factory=lambda: IdentifierIssuer("c14n"))
    first_degree: dict[str, str] = field(default_factory=dict)
    related_cache: dict[tuple[str, str, str], str] = field(default_factory=dict)
    work: int = 0

    def spend(self, units: int = 1) -> None:
        self.work += units
        if self.work > self.max_work:
            raise CanonicalizationError(
                "RDFC-1.0 gave up: the dataset needs more work than allowed (possible poison graph)",
                code="MAX_WORK_EXCEEDED", details={"max_work": self.max_work})


def _hasher(hash_algorithm: str) -> Callable[[str], str]:
    try:
        constructor = HASH_ALGORITHMS[hash_algorithm.lower().replace("-", "")]
    except KeyError:
        raise CanonicalizationError(f"unsupported hash algorithm {hash_algorithm!r}", code="UNSUPPORTED_HASH",
                                    details={"field": "hash_algorithm"}) from None
    return lambda text: constructor(text.encode("utf-8")).hexdigest()


def _hash_first_degree(state: _State, reference: str) -> str:
    """§4.6 Hash First Degree Quads."""
    cached = state.first_degree.get(reference)
    if cached is not None:
        return cached
    ref = "_:" + reference
    # 1) nquads list.  2) quads mentioning the reference blank node.
    nquads = []
    # 3) Serialize each quad, writing the reference blank node as _:a and every other one as _:z (3.1.1.1).
    for s, p, o, g in state.blank_node_to_quads[reference]:
        if s[0] == "_":
            s = "_:a" if s == ref else "_:z"
        if o[0] == "_":
            o = "_:a" if o == ref else "_:z"
        if g:
            if g[0] == "_":
                g = "_:a" if g == ref else "_:z"
            nquads.append(f"{s} {p} {o} {g} .\n")
        else:
            nquads.append(f"{s} {p} {o} .\n")
    # 4) Sort in code point order.  5) Hash the concatenation.
    nquads.sort()
    result = state.hash_hex("".join(nquads))
    state.first_degree[reference] = result
    return result


def _hash_related_blank_node(state: _State, related: str, predicate: str, issuer: IdentifierIssuer,
                             position: str) -> str:
    """§4.7 Hash Related Blank Node."""
    # 3) A canonical identifier, or one issued by issuer, if there is one.
    identifier = state.canonical_issuer.issued.get(related) or issuer.issued.get(related)
    if identifier is None:
        key = (position, predicate, related)
        cached = state.related_cache.get(key)
        if cached is None:
            # 1) position, 2) <predicate> unless position is g, 4) the first-degree hash of related.  5) hash.
            prefix = position if position == "g" else position + predicate
            cached = state.hash_hex(prefix + _hash_first_degree(state, related))
            state.related_cache[key] = cached
        return cached
    # 1)–3), 5)
    prefix = position if position == "g" else position + predicate
    return state.hash_hex(f"{prefix}_:{identifier}")


def _hash_n_degree(state: _State, identifier: str, issuer: IdentifierIssuer) -> tuple[str, IdentifierIssuer]:
    """§4.8 Hash N-Degree Quads: returns the hash and the (possibly replaced) path identifier issuer."""
    state.spend()
    ref = "_:" + identifier
    # 1) Hn: related hash -> related blank node identifiers.
    hn: dict[str, list[str]] = {}
    # 2) quads mentioning identifier.  3) For each blank node component other than identifier ...
    for quad in state.blank_node_to_quads[identifier]:
        for position, component in (("s", quad.subject), ("o", quad.object), ("g", quad.graph)):
            if component and component[0] == "_" and component != ref:
                related = component[2:]
                # 3.1.1) hash the related blank node.  3.1.2) add it to Hn.
                related_hash = _hash_related_blank_node(state, related, quad.predicate, issuer, position)
                hn.setdefault(related_hash, []).append(related)
    # 4) data to hash.
    data_to_hash: list[str] = []
    canonical = state.canonical_issuer.issued
    # 5) For each related hash, in code point order ...
    for related_hash in sorted(hn):
        blank_node_list = hn[related_hash]
        # 5.1) Append the related hash.  5.2) chosen path.  5.3) chosen issuer.
        data_to_hash.append(related_hash)
        chosen_path = ""
        chosen_issuer: IdentifierIssuer | None = None
        # 5.4) For each permutation of the blank node list ...
        for permutation in permutations(blank_node_list):
            state.spend()
            # 5.4.1) issuer copy.  5.4.2) path.  5.4.3) recursion list.
            issuer_copy = issuer.copy()
            path = ""
            recursion_list: list[str] = []
            skip = False
            # 5.4.4) For each related in the permutation ...
            for related in permutation:
                found = canonical.get(related)
                if found is not None:
                    # 5.4.4.1) its canonical identifier.
                    path += "_:" + found
                else:
                    # 5.4.4.2.1) recurse later if issuer copy has not labelled it yet.  5.4.4.2.2) label it.
                    if related not in issuer_copy.issued:
                        recursion_list.append(related)
                    path += "_:" + issuer_copy.issue(related)
                # 5.4.4.3) Skip this permutation once its path cannot beat the chosen one.
                if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                    skip = True
                    break
            if skip:
                continue
            # 5.4.5) For each related in the recursion list ...
            for related in recursion_list:
                # 5.4.5.1) recurse.
                result_hash, result_issuer = _hash_n_degree(state, related, issuer_copy)
                # 5.4.5.2) label it with issuer copy.  5.4.5.3) <hash>.  5.4.5.4) adopt the result's issuer.
                path += "_:" + issuer_copy.issue(related) + "<" + result_hash + ">"
                issuer_copy = result_issuer
                # 5.4.5.5) Skip this permutation once its path cannot beat the chosen one.
                if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                    skip = True
                    break
            if skip:
                continue
            # 5.4.6) Keep the smallest path and its issuer.
            if not chosen_path or path < chosen_path:
                chosen_path = path
                chosen_issuer = issuer_copy
        # 5.5) Append the chosen path.  5.6) Replace issuer with the chosen issuer.
        data_to_hash.append(chosen_path)
        if chosen_issuer is not None:
            issuer = chosen_issuer
    # 6) Return the hash of data to hash and issuer.
    return state.hash_hex("".join(data_to_hash)), issuer


def canonicalize_quads(quads: Iterable[Quad], *, hash_algorithm: str = "sha256",
                       max_work: int | None = None) -> CanonicalResult:
    """§4.4 Canonicalization Algorithm: relabel blank nodes canonically and sort the quads.

    `hash_algorithm` is "sha256" (the default of RDFC-1.0) or "sha384". `max_work` bounds the work spent on
    blank nodes that first-degree hashing cannot tell apart (default DEFAULT_MAX_WORK).
    """
    state = _State(hash_hex=_hasher(hash_algorithm),
                   max_work=DEFAULT_MAX_WORK if max_work is None else max_work)
    dataset = list(dict.fromkeys(quads))  # an RDF dataset is a set
    # 1) The canonicalization state is `state`.  2) Map every blank node to the quads that mention it.
    bn_to_quads = state.blank_node_to_quads
    for quad in dataset:
        s, _, o, g = quad
        if s[0] == "_":
            bn_to_quads.setdefault(s[2:], []).append(quad)
        if o[0] == "_" and o != s:
            bn_to_quads.setdefault(o[2:], []).append(quad)
        if g and g[0] == "_" and g != s and g != o:
            bn_to_quads.setdefault(g[2:], []).append(quad)
    # 3) First-degree hash of every blank node, grouped by hash.
    hash_to_blank_nodes: dict[str, list[str]] = {}
    for n in bn_to_quads:
        hash_to_blank_nodes.setdefault(_hash_first_degree(state, n), []).append(n)
    # 4) In hash order, issue canonical identifiers to blank nodes whose hash is unique, and forget them.
    for hash_ in sorted(hash_to_blank_nodes):
        identifier_list = hash_to_blank_nodes[hash_]
        if len(identifier_list) > 1:
            continue  # 4.1
        state.canonical_issuer.issue(identifier_list[0])  # 4.2
        del hash_to_blank_nodes[hash_]  # 4.3
    # 5) The remaining groups, in hash order, are told apart by Hash N-Degree Quads.
    for hash_ in sorted(hash_to_blank_nodes):
        hash_path_list: list[tuple[str, IdentifierIssuer]] = []  # 5.1
        for n in hash_to_blank_nodes[hash_]:  # 5.2
            if n in state.canonical_issuer.issued:
                continue  # 5.2.1
            temporary_issuer = IdentifierIssuer("b")  # 5.2.2
            temporary_issuer.issue(n)  # 5.2.3
            hash_path_list.append(_hash_n_degree(state, n, temporary_issuer))  # 5.2.4
        for _, issuer in sorted(hash_path_list, key=lambda result: result[0]):  # 5.3
            for existing in issuer.issued:  # 5.3.1
                state.canonical_issuer.issue(existing)
    # 6) The issued identifiers map.  7) The relabelled dataset, serialized and sorted in code point order.
    issued = state.canonical_issuer.issued
    relabelled = _relabel(dataset, issued)
    lines = [f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n" for s, p, o, g in relabelled]
    order = sorted(range(len(lines)), key=lines.__getitem__)
    return CanonicalResult(nquads="".join([lines[i] for i in order]), quads=[relabelled[i] for i in order],
                           issued=dict(issued))


_new_quad = tuple.__new__  # Quad(...) without the NamedTuple's Python-level __new__: this loop is hot


def _relabel(dataset: Sequence[Quad], issued: dict[str, str]) -> list[Quad]:
    """The dataset with every blank node written with its canonical label (quads without one are reused)."""
    labels = {f"_:{label}": f"_:{canonical}" for label, canonical in issued.items()}
    out = []
    for quad in dataset:
        s, p, o, g = quad
        if s[0] == "_" or o[0] == "_" or (g and g[0] == "_"):
            quad = _new_quad(Quad, (labels.get(s, s), p, labels.get(o, o), labels.get(g, g)))
        out.append(quad)
    return out
