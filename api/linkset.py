"""RFC 9264 linksets for a passport URL, built only from what the reader's own credential view contains.

Link relation types: GS1 Web Vocabulary `gs1:pip` for the human page (the type GS1 resolvers use), IANA
`describedby` for the credential, RFC 5829 `latest-version` / `predecessor-version`, and our vocabulary's terms
for each version, the issuer's DID document, the status list and evidence (no IANA type fits those).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from api.negotiation import HTML, LINKSET, VC_LD
from passport.credentials.issuer import issuer_id

GS1_PIP = "https://gs1.org/voc/pip"
VOCAB = "https://w3id.org/battery-passport/vocab#"
REL_VERSION = VOCAB + "passportVersion"
REL_ISSUER = VOCAB + "issuerDidDocument"
REL_STATUS = VOCAB + "statusList"
REL_EVIDENCE = VOCAB + "evidence"
REL_QR = VOCAB + "qrCode"


def _evidence_ids(node: Any, found: list[str]) -> list[str]:
    """`evidenceId` values and credential `evidence[].id` anywhere in the reader's document, in order."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "evidenceId" and isinstance(value, str):
                found.append(value)
            elif key == "evidence" and isinstance(value, list):
                found += [e["id"] for e in value if isinstance(e, dict) and isinstance(e.get("id"), str)]
            _evidence_ids(value, found)
    elif isinstance(node, list):
        for item in node:
            _evidence_ids(item, found)
    return found


def _status_lists(credential: dict[str, Any]) -> list[str]:
    status = credential.get("credentialStatus")
    entries = status if isinstance(status, list) else [status] if isinstance(status, dict) else []
    return [e["statusListCredential"] for e in entries if isinstance(e.get("statusListCredential"), str)]


def did_document_url(did: str, base_url: str) -> str | None:
    """The https URL of a did:web document (DID Web method §3.2); None for methods without one (did:key)."""
    if not did.startswith("did:web:"):
        return None
    parts = [p.replace("%3A", ":") for p in did[len("did:web:"):].split(":")]
    host, path = parts[0], parts[1:]
    scheme = "http" if base_url.startswith("http://") and host in base_url else "https"
    return f"{scheme}://{host}/" + ("/".join(path) + "/did.json" if path else ".well-known/did.json")


def build_linkset(anchor: str, credential: dict[str, Any], versions: list[tuple[int, datetime]], *,
                  current: int, base_url: str, languages: list[str]) -> dict[str, Any]:
    """The linkset document (`application/linkset+json`) for the passport at `anchor`."""
    links: dict[str, Any] = {"anchor": anchor}
    links[GS1_PIP] = [{"href": anchor, "type": HTML, "title": "Battery passport", "hreflang": languages}]
    links["describedby"] = [{"href": anchor, "type": VC_LD, "title": "Signed passport credential"}]
    links[REL_QR] = [{"href": f"{anchor}/qr.svg", "type": "image/svg+xml"}, {"href": f"{anchor}/qr.png",
                                                                             "type": "image/png"}]
    if versions:  # the versions this reader may know of (`passport.registry.history.visible_versions`)
        links[REL_VERSION] = [{"href": f"{anchor}/versions/{n}", "title": f"version {n}",
                               "type": VC_LD} for n, _ in versions]
        links["latest-version"] = [{"href": f"{anchor}/versions/{versions[-1][0]}"}]
        earlier = [n for n, _ in versions if n < current]
        if earlier:
            links["predecessor-version"] = [{"href": f"{anchor}/versions/{earlier[-1]}"}]
    did = issuer_id(credential)
    if did is not None:
        document = did_document_url(did, base_url)
        links[REL_ISSUER] = [{"href": document or did, "type": "application/did+ld+json"}]
    statuses = _status_lists(credential)
    if statuses:
        links[REL_STATUS] = [{"href": s, "type": VC_LD} for s in statuses]
    evidence = list(dict.fromkeys(_evidence_ids(credential.get("credentialSubject"), []) +
                                  _evidence_ids({"evidence": credential.get("evidence")}, [])))
    if evidence:
        links[REL_EVIDENCE] = [{"href": e} for e in evidence]
    return {"linkset": [links]}


def link_header(anchor: str) -> str:
    """The `Link` header every representation carries (RFC 9264 §6, RFC 8288)."""
    return (f'<{anchor}>; rel="linkset"; type="{LINKSET}", <{anchor}>; rel="{GS1_PIP}"; type="{HTML}", '
            f'<{anchor}>; rel="describedby"; type="{VC_LD}"')
