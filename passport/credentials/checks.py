"""Document-level rules of a Verifiable Credential 2.0, each a pure function returning one `Check`.

Spec: VC Data Model 2.0 §4 (envelope: `@context`, `type`, `issuer`, `credentialSubject`; §4.9 validity
period) and VC Data Integrity 1.0 §4.6 (context validation: only known contexts, no embedded ones).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from passport.credentials import result as r
from passport.credentials._time import parse_date_time_stamp
from passport.credentials.issuer import bound_party, is_presentation, issuer_id  # noqa: F401 (bound_party: re-export)
from passport.credentials.result import Check
from passport.errors import PassportError
from passport.jsonld import to_rdf
from passport.jsonld.loader import shipped_index

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"


def check_presentation_envelope(presentation: Mapping[str, Any]) -> Check:
    """VC 2.0 §4.13 shape: @context starts with credentials/v2; type has VerifiablePresentation; the embedded
    credentials are objects (each is verified on its own: this check does not vouch for them)."""
    context = presentation.get("@context")
    first = context[0] if isinstance(context, list) and context else context
    embedded = presentation.get("verifiableCredential", [])
    embedded = embedded if isinstance(embedded, list) else [embedded]
    problems = []
    if first != CREDENTIALS_V2:
        problems.append(f"the first @context entry must be {CREDENTIALS_V2}")
    if not all(isinstance(e, dict) for e in embedded):
        problems.append("every verifiableCredential must be an object")
    if problems:
        return Check(name=r.ENVELOPE, passed=False, reason="; ".join(problems), code="MALFORMED_PRESENTATION")
    return Check(name=r.ENVELOPE, passed=True, reason=f"a Verifiable Presentation of {len(embedded)} credential(s)")


def check_envelope(credential: Mapping[str, Any]) -> Check:
    """VC 2.0 shape: @context starts with credentials/v2; type has VerifiableCredential; issuer; subject."""
    if is_presentation(credential):
        return check_presentation_envelope(credential)
    context = credential.get("@context")
    first = context[0] if isinstance(context, list) and context else context
    types = credential.get("type")
    types = types if isinstance(types, list) else [types]
    problems = []
    if first != CREDENTIALS_V2:
        problems.append(f"the first @context entry must be {CREDENTIALS_V2}")
    if "VerifiableCredential" not in types:
        problems.append("type must contain VerifiableCredential")
    if issuer_id(credential) is None:
        problems.append("issuer is missing (a URL, or an object with an id)")
    subject = credential.get("credentialSubject")
    if not isinstance(subject, (dict, list)) or not subject:
        problems.append("credentialSubject is missing")
    if problems:
        return Check(name=r.ENVELOPE, passed=False, reason="; ".join(problems), code="MALFORMED_CREDENTIAL")
    return Check(name=r.ENVELOPE, passed=True, reason="a Verifiable Credential 2.0 with issuer and subject")


def _embedded_context(document: Mapping[str, Any]) -> str | None:
    """JSON pointer of the first `@context` below the top level (proofs excluded: JCS proofs carry one)."""
    skip = ("@context", "proof", "verifiableCredential") if is_presentation(document) else ("@context", "proof")
    stack: list[tuple[Any, str]] = [(v, f"/{k}") for k, v in document.items()  # embedded VCs: checked on their own
                                    if k not in skip and isinstance(v, (dict, list))]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, dict):
            if "@context" in node:
                return f"{pointer}/@context"
            stack.extend((v, f"{pointer}/{k}") for k, v in node.items() if isinstance(v, (dict, list)))
        else:
            stack.extend((v, f"{pointer}/{i}") for i, v in enumerate(node) if isinstance(v, (dict, list)))
    return None


def check_contexts(credential: Mapping[str, Any], known: Collection[str]) -> Check:
    """Every @context is the URL of a context we hold (shipped or supplied by the caller); none is inline."""
    context = credential.get("@context")
    entries = context if isinstance(context, list) else [context]
    unknown = [e for e in entries if isinstance(e, str) and e not in known]
    inline = [i for i, e in enumerate(entries) if not isinstance(e, str)]
    nested = _embedded_context(credential)
    if context is None:
        return Check(name=r.CONTEXT_ALLOWED, passed=False, reason="the document has no @context",
                     code="INVALID_CONTEXT")
    if unknown:
        return Check(name=r.CONTEXT_ALLOWED, passed=False, code="INVALID_CONTEXT",
                     reason=f"context {unknown[0]} is not in the allow-list (shipped contexts and caller's extras)")
    if inline or nested:
        where = f"/@context/{inline[0]}" if inline else nested
        return Check(name=r.CONTEXT_ALLOWED, passed=False, code="INVALID_CONTEXT",
                     reason=f"an embedded context at {where} is not allowed; use a known context URL")
    return Check(name=r.CONTEXT_ALLOWED, passed=True, reason=f"all {len(entries)} contexts are known")


def check_validity_period(credential: Mapping[str, Any], now: datetime) -> Check:
    """`validFrom` <= now <= `validUntil` when present, both valid xsd:dateTimeStamp values."""
    moments: dict[str, datetime] = {}
    for name in ("validFrom", "validUntil"):
        if name in credential:
            moment = parse_date_time_stamp(credential[name])
            if moment is None:
                return Check(name=r.VALIDITY_PERIOD, passed=False, code="MALFORMED_CREDENTIAL",
                             reason=f"{name} is not an XML Schema dateTimeStamp (with a time zone)")
            moments[name] = moment
    start, end = moments.get("validFrom"), moments.get("validUntil")
    if start and end and start > end:
        return Check(name=r.VALIDITY_PERIOD, passed=False, code="MALFORMED_CREDENTIAL",
                     reason="validFrom is after validUntil")
    if start and now < start:
        return Check(name=r.VALIDITY_PERIOD, passed=False, code="NOT_YET_VALID",
                     reason=f"not valid before {credential['validFrom']}")
    if end and now > end:
        return Check(name=r.VALIDITY_PERIOD, passed=False, code="EXPIRED",
                     reason=f"expired at {credential['validUntil']}")
    if not moments:
        return Check(name=r.VALIDITY_PERIOD, passed=True, reason="no validity period is stated")
    return Check(name=r.VALIDITY_PERIOD, passed=True, reason="within its validity period")


def known_contexts(loader: Any, allowed: Collection[str] | None) -> Collection[str]:
    """The context allow-list: what the loader serves offline, narrowed by the caller's list when given."""
    urls = getattr(loader, "urls", None)
    if urls is None:
        urls = frozenset(shipped_index())
    return urls if allowed is None else frozenset(urls) & frozenset(allowed)


def document_checks(credential: dict[str, Any], loader: Any, allowed: Collection[str] | None, now: datetime
                    ) -> list[Check]:
    """The rules on the credential itself: VC 2.0 envelope, context allow-list, validity period."""
    return [check_envelope(credential), check_contexts(credential, known_contexts(loader, allowed)),
            check_validity_period(credential, now)]


def undefined_terms_check(document: dict[str, Any], loader: Any) -> Check:
    """Expand the document once to catch terms JSON-LD would silently drop (no RDFC proof has read it)."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    try:
        to_rdf(unsecured, loader=loader)
    except PassportError as exc:
        return terms_failed(exc, None)
    return Check(name=r.UNDEFINED_TERMS, passed=True, reason="every term is defined by the contexts")


def terms_failed(exc: PassportError, proof: int | None) -> Check:
    """The undefined-terms check failed by `exc` (UNDEFINED_TERM names its pointer; anything else: not expandable)."""
    if exc.code == "UNDEFINED_TERM":
        where = exc.details.get("pointer")
        reason = (f"{where} is not defined by any context (JSON-LD would drop it)" if where
                  else f"a term is not defined by any context: {exc.message}")
        return Check(name=r.UNDEFINED_TERMS, passed=False, reason=reason, code="UNDEFINED_TERM", proof=proof)
    return Check(name=r.UNDEFINED_TERMS, passed=False, code=exc.code, proof=proof,
                 reason=f"the document cannot be expanded as JSON-LD, so its terms cannot be checked: {exc.message}")
