"""Second life (Art. 77(7)): responsibility for a battery passes to the operator that repurposed, re-used or
remanufactured it, under a new passport linked to the original.

The transfer is two credentials, because a Data Integrity proof binds its key to the credential's issuer:
a `ResponsibilityTransferCredential` issued and signed by the outgoing operator (subject: the predecessor
passport, the successor passport, the new status, both operators) and a `ResponsibilityAcceptanceCredential`
issued and signed by the incoming operator, naming the transfer credential by id and SHA-256 digest. The
successor passport lists the predecessor in `predecessorPassports`; the predecessor gets a new version with the
new battery status; the store links both ways (the linkset shows `predecessorPassport` / `successorPassport`).
The predecessor's earlier versions are untouched and stay verifiable.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from passport import sign, verify
from passport.audit.chain import append_audit, canonical_json
from passport.citation import json_digest_sri
from passport.errors import ConflictError, InputError, NotFoundError
from passport.identifiers import parse_identifier
from passport.keys import Signer
from passport.lifecycle.service import _status_of, change_battery_status, issue_version
from passport.lifecycle.tables import ResponsibilityTransfer
from passport.lifecycle.transitions import SECOND_LIFE, check_transition
from passport.model import BatteryStatus
from passport.registry import latest
from passport.registry.issue import IssuedPassport

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
LIFECYCLE_CONTEXT = "https://w3id.org/battery-passport/lifecycle/v1"
LEGAL_BASIS = "Regulation (EU) 2023/1542, Article 77(7)"
SUITES = {"Ed25519": "eddsa-rdfc-2022", "P-256": "ecdsa-rdfc-2019", "P-384": "ecdsa-rdfc-2019"}


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def transfer_credential(predecessor_url: str, successor_url: str, new_status: str, outgoing: str, incoming: str,
                        now: datetime) -> dict[str, Any]:
    """The unsigned transfer credential the outgoing operator signs."""
    return {"@context": [CREDENTIALS_V2, LIFECYCLE_CONTEXT], "id": f"urn:uuid:{uuid.uuid4()}",
            "type": ["VerifiableCredential", "ResponsibilityTransferCredential"], "issuer": outgoing,
            "validFrom": _stamp(now),
            "credentialSubject": {"id": predecessor_url, "type": "ResponsibilityTransfer",
                                  "successorPassport": successor_url, "newBatteryStatus": new_status,
                                  "outgoingOperator": outgoing, "incomingOperator": incoming,
                                  "legalBasis": LEGAL_BASIS, "transferDate": _stamp(now)}}


def digest(credential: dict[str, Any]) -> str:
    """How an acceptance cites the transfer credential: `digestSRI` over its JCS bytes (`passport.citation`)."""
    return json_digest_sri(credential)


def cites(cited: Any, credential: dict[str, Any]) -> bool:
    """Whether `cited` (an acceptance's `transferDigest`) is this credential's digest. Acceptances signed before
    the one citation form wrote `sha256:` + hex over sorted-keys JSON; they still verify."""
    if isinstance(cited, str) and cited.startswith("sha256:"):
        return cited == "sha256:" + hashlib.sha256(canonical_json(credential).encode("utf-8")).hexdigest()
    return cited == digest(credential)


def acceptance_credential(transfer: dict[str, Any], incoming: str, now: datetime) -> dict[str, Any]:
    """The unsigned acceptance the incoming operator signs: it names the signed transfer by id and digest."""
    return {"@context": [CREDENTIALS_V2, LIFECYCLE_CONTEXT], "id": f"urn:uuid:{uuid.uuid4()}",
            "type": ["VerifiableCredential", "ResponsibilityAcceptanceCredential"], "issuer": incoming,
            "validFrom": _stamp(now),
            "credentialSubject": {"id": transfer["credentialSubject"]["successorPassport"],
                                  "type": "ResponsibilityAcceptance", "transferCredential": transfer["id"],
                                  "transferDigest": digest(transfer),
                                  "predecessorPassport": transfer["credentialSubject"]["id"]}}


def _sign(credential: dict[str, Any], signer: Signer, now: datetime) -> dict[str, Any]:
    return sign(credential, signer, suite=SUITES.get(signer.algorithm, "eddsa-rdfc-2022"), created=now)


@dataclass(frozen=True, slots=True)
class TransferVerification:
    verified: bool
    problems: list[str]


def verify_transfer(record: dict[str, Any], *, resolver: Any = None) -> TransferVerification:
    """Both credentials verify, the acceptance binds this exact transfer, and each is issued by its operator."""
    problems: list[str] = []
    transfer, acceptance = record.get("transfer"), record.get("acceptance")
    if not isinstance(transfer, dict) or not isinstance(acceptance, dict):
        return TransferVerification(False, ["the record needs a transfer and an acceptance credential"])
    for name, credential in (("transfer", transfer), ("acceptance", acceptance)):
        result = verify(credential, resolver=resolver)
        if not result.verified:
            problems.append(f"the {name} credential does not verify: "
                            + "; ".join(c.reason for c in result.errors))
    subject, accepted = transfer.get("credentialSubject") or {}, acceptance.get("credentialSubject") or {}
    unsigned = {k: v for k, v in transfer.items()}
    if accepted.get("transferCredential") != transfer.get("id") or not cites(accepted.get("transferDigest"), unsigned):
        problems.append("the acceptance does not name this transfer credential (id or digest differ)")
    if transfer.get("issuer") != subject.get("outgoingOperator"):
        problems.append("the transfer is not issued by the outgoing operator")
    if acceptance.get("issuer") != subject.get("incomingOperator"):
        problems.append("the acceptance is not issued by the incoming operator")
    return TransferVerification(not problems, problems)


@dataclass(frozen=True, slots=True)
class TransferResult:
    predecessor: IssuedPassport
    successor: IssuedPassport
    record: dict[str, Any]


def transfer_responsibility(session: Session, predecessor: str, successor_data: dict[str, Any], *,
                            new_status: str, outgoing: Signer, incoming: Signer, base_url: str, actor: str,
                            evidence: dict[str, Any], incoming_name: str | None = None,
                            incoming_organisation_id: int | None = None, now: datetime | None = None
                            ) -> TransferResult:
    """Art. 77(7) in one transaction: the signed transfer and acceptance, the successor passport (version 1,
    signed by the incoming operator, `predecessorPassports` naming the original), the predecessor's next
    version with the new status (signed by the outgoing operator), the link rows and the audit entries."""
    now = now or datetime.now(UTC)
    if BatteryStatus(new_status) not in SECOND_LIFE:
        raise InputError("a responsibility transfer is for repurposed, re-used or remanufactured batteries",
                         code="NOT_A_SECOND_LIFE_STATUS", details={"to": new_status})
    original = latest(session, predecessor)
    if original.issuer != outgoing.controller:
        raise ConflictError("only the predecessor passport's issuer can transfer responsibility for it",
                            code="NOT_PASSPORT_ISSUER", details={"identifier": predecessor})
    old_status = _status_of(original.document["credentialSubject"])
    check_transition(old_status or "original", new_status)
    general = dict(successor_data.get("generalProductInformation") or {})
    if general.get("batteryStatus") != new_status:
        raise InputError("the successor passport's battery status must be the new status", code="INVALID_PASSPORT",
                         details={"pointer": "/generalProductInformation/batteryStatus", "expected": new_status})
    successor_id = parse_identifier(str(general.get("uniqueIdentifier", "")), base_url)
    if successor_id.path == predecessor:
        raise InputError("the successor passport needs its own identifier", code="INVALID_PASSPORT",
                         details={"pointer": "/generalProductInformation/uniqueIdentifier"})
    try:
        latest(session, successor_id.path)
        raise ConflictError("the successor passport already exists", code="SUCCESSOR_EXISTS",
                            details={"identifier": successor_id.path})
    except NotFoundError:
        pass
    predecessor_url = base_url.rstrip("/") + predecessor
    links = list(general.get("predecessorPassports") or [])
    general["predecessorPassports"] = links + ([predecessor_url] if predecessor_url not in links else [])
    data = {**successor_data, "generalProductInformation": general}
    transfer = _sign(transfer_credential(predecessor_url, successor_id.url(base_url), new_status,
                                         outgoing.controller, incoming.controller, now), outgoing, now)
    acceptance = _sign(acceptance_credential(transfer, incoming.controller, now), incoming, now)
    record = {"transfer": transfer, "acceptance": acceptance}
    successor = issue_version(session, data, signer=incoming, base_url=base_url, actor=actor, evidence=evidence,
                              issuer_name=incoming_name, organisation_id=incoming_organisation_id, now=now)
    updated = change_battery_status(session, predecessor, new_status, signer=outgoing, base_url=base_url,
                                    actor=actor, evidence={**evidence, "transferCredential": transfer["id"]},
                                    issuer_name=_issuer_name(original.document), now=now)
    session.add(ResponsibilityTransfer(predecessor=predecessor, successor=successor_id.path, new_status=new_status,
                                       outgoing=outgoing.controller, incoming=incoming.controller,
                                       credential=json.dumps(record, ensure_ascii=False, separators=(",", ":")),
                                       at=now))
    append_audit(session, actor, "transfer", predecessor,
                 {"successor": successor_id.path, "newStatus": new_status, "transfer": transfer["id"],
                  "acceptance": acceptance["id"], "outgoing": outgoing.controller, "incoming": incoming.controller},
                 now=now)
    session.flush()
    return TransferResult(predecessor=updated, successor=successor, record=record)


def _issuer_name(document: dict[str, Any]) -> str | None:
    issuer = document.get("issuer")
    return issuer.get("name") if isinstance(issuer, dict) else None


def public_transfer(record: dict[str, Any]) -> dict[str, Any]:
    """What the public may see of a transfer record: the linked passports, the operators and the date; not the
    signed credentials, which state the new battery status (a legitimate-interest attribute, Annex XIII)."""
    transfer = record.get("transfer") if isinstance(record.get("transfer"), dict) else {}
    subject = transfer.get("credentialSubject") if isinstance(transfer.get("credentialSubject"), dict) else {}
    return {"predecessorPassport": subject.get("id"), "successorPassport": subject.get("successorPassport"),
            "outgoingOperator": subject.get("outgoingOperator"), "incomingOperator": subject.get("incomingOperator"),
            "transferDate": subject.get("transferDate"), "legalBasis": subject.get("legalBasis")}


def transfers_of(session: Session, identifier: str) -> list[dict[str, Any]]:
    """The stored transfer records where `identifier` is the predecessor or the successor."""
    rows = session.exec(select(ResponsibilityTransfer).where(
        (ResponsibilityTransfer.predecessor == identifier) | (ResponsibilityTransfer.successor == identifier))
        .order_by(col(ResponsibilityTransfer.id))).all()
    return [json.loads(r.credential) for r in rows]
