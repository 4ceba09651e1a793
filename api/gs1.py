"""GS1-Conformant resolution of a passport URL: GS1 link types, `?linkType=` selection and the resolver
description (GS1-Conformant Resolver Standard 1.2, GS1 Web Vocabulary link types).

    ?linkType=gs1:pip | gs1:dpp | gs1:sustainabilityInfo | gs1:certificationInfo | gs1:epcis   307 to that link
    ?linkType=all  (or linkset)                                                               the RFC 9264 linkset
    a link type the passport does not have                                                    307 to the default link

Links come only from the reader's own view: an element link is offered only when the reader's view holds that
element, and the element routes enforce the access group again. This service has no EPCIS query interface:
`gs1:epcis` points at the chain-of-custody summary the passport computed from the EPCIS events.
"""

from __future__ import annotations

from typing import Any

from passport.dpp import dpp_id_for, dpp_urn

GS1_VOC = "https://gs1.org/voc/"
DEFAULT_LINK = GS1_VOC + "defaultLink"
ALL = frozenset({"all", "linkset"})
JSON = "application/json"
HTML = "text/html"

#: GS1 link type → (the element of the passport content it points to, or None for the DPP itself, title).
ELEMENT_LINKS: dict[str, tuple[tuple[str, ...], str]] = {
    "sustainabilityInfo": (("carbonFootprint",), "Carbon footprint (Art. 7)"),
    "certificationInfo": (("labelsAndConformity",), "Labels and EU declaration of conformity"),
    "epcis": (("supplyChainDueDiligence", "chainOfCustody"), "Chain of custody from EPCIS events"),
}


def _has(subject: dict[str, Any], path: tuple[str, ...]) -> bool:
    node: Any = subject
    for token in path:
        if not isinstance(node, dict) or token not in node:
            return False
        node = node[token]
    return True


def gs1_links(anchor: str, credential: dict[str, Any], identifier: str, base_url: str) -> dict[str, Any]:
    """Linkset members with GS1 link types (full IRIs) for the reader whose credential is `credential`."""
    dpp = f"{base_url}/dpp/v1/dpps/{dpp_urn(dpp_id_for(identifier))}"
    subject = credential.get("credentialSubject") or {}
    links: dict[str, Any] = {
        DEFAULT_LINK: [{"href": anchor, "type": HTML, "title": "Battery passport"}],
        GS1_VOC + "dpp": [{"href": dpp, "type": JSON, "title": "Digital product passport (EN 18222)"}],
    }
    for link_type, (path, title) in ELEMENT_LINKS.items():
        if _has(subject, path):
            links[GS1_VOC + link_type] = [{"href": f"{dpp}/elements/{'/'.join(path)}", "type": JSON,
                                           "title": title}]
    return links


def link_target(link_type: str, linkset: dict[str, Any]) -> str:
    """Where `?linkType=` sends the reader: the link of that type (`gs1:x` or its IRI), else the default link."""
    name = GS1_VOC + link_type.removeprefix("gs1:") if link_type.startswith("gs1:") else link_type
    chosen = linkset.get(name) or linkset[DEFAULT_LINK]
    return chosen[0]["href"]


def resolver_description(base_url: str) -> dict[str, Any]:
    """The `/.well-known/gs1resolver` document (GS1 resolver description file schema 1.2.0)."""
    return {
        "name": "Battery passport resolver",
        "resolverRoot": base_url,
        "supportedPrimaryKeys": ["01"],
        "supportedLinkType": [{"namespace": GS1_VOC, "prefix": "gs1:"},
                              {"namespace": "https://w3id.org/battery-passport/vocab#", "prefix": "bp:"}],
        "linkTypeDefaultCanBeLinkset": False,
        "supportedContextValuesEnumerated": [],
    }
