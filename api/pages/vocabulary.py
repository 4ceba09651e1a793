"""The vocabulary page's rows: every term of our JSON-LD context with its IRI, type, meaning and access group.

The context is generated from the model (`passport.model.context`), so the model's field metadata is the one
source of each term's description and of the access group a reader needs to see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from passport.jsonld.loader import shipped_context
from passport.model import AccessGroup
from passport.model.context import CONTEXT_URL
from passport.model.passport import Passport
from passport.model.tree import walk

XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Term:
    name: str
    iri: str
    type: str | None  # "xsd:decimal", "@id" (a link), None (plain text or a nested object)
    description: str | None
    groups: tuple[str, ...]  # the access groups that can see it, lowest first (several when it appears twice)
    annex: tuple[str, ...]
    unit: str | None


def _type(definition: object) -> str | None:
    raw = definition.get("@type") if isinstance(definition, dict) else None
    return raw.replace(XSD, "xsd:") if isinstance(raw, str) else None


@cache
def terms() -> tuple[Term, ...]:
    """Every term of the shipped passport context, sorted, joined to the model fields that carry it."""
    context = shipped_context(CONTEXT_URL)["@context"]
    fields: dict[str, list] = {}
    for node in walk(Passport):
        fields.setdefault(node.spec.alias, []).append(node)
    out = []
    for name, definition in sorted(context.items()):
        if name.startswith("@"):
            continue
        iri = definition["@id"] if isinstance(definition, dict) else str(definition)
        nodes = fields.get(name, [])
        info = nodes[0].spec.model.model_fields[nodes[0].spec.name] if nodes else None
        groups = sorted({n.effective_group for n in nodes}, key=lambda g: g.rank)
        annex = sorted({a for n in nodes for a in n.spec.annex})
        out.append(Term(name=name, iri=iri, type=_type(definition), description=info.description if info else None,
                        groups=tuple(AccessGroup(g).value for g in groups), annex=tuple(annex),
                        unit=nodes[0].spec.unit_text or nodes[0].spec.unit if nodes else None))
    return tuple(out)
