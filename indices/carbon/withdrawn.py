"""Supplier footprints a carbon result relied on that are revoked or suspended now (issue 14, point 4):
`passport carbon recompute --input` re-checks the status of each accepted one under the verifier it is given
(the one verification policy with the store's sources), by the credential's digest."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from indices.carbon.result import CarbonResult
from indices.carbon.supplier import Verifier, credential_digest
from passport.credentials.status import STATUS_NOT_CHECKED, withdrawn

WITHDRAWN_CODES = ("CREDENTIAL_REVOKED", "CREDENTIAL_SUSPENDED")
EVIDENCE_WITHDRAWN_SINCE = "EVIDENCE_WITHDRAWN_SINCE"
EVIDENCE_NOT_SUPPLIED = "EVIDENCE_NOT_SUPPLIED"
EVIDENCE_STATUS_NOT_CHECKED = "EVIDENCE_STATUS_NOT_CHECKED"
NOT_RUN = (EVIDENCE_NOT_SUPPLIED, EVIDENCE_STATUS_NOT_CHECKED)
"""Findings that say a check could not run (exit 3), not that one failed."""


@dataclass(frozen=True)
class EvidenceFinding:
    """EVIDENCE_WITHDRAWN_SINCE (`status` says revoked or suspended); EVIDENCE_NOT_SUPPLIED (the credential
    behind `digest_sri` was not among those given) or EVIDENCE_STATUS_NOT_CHECKED (no status list to check it
    with): its status could not be re-checked."""

    code: str
    digest_sri: str
    status: str | None
    reason: str


def _by_digest(credentials: Iterable[Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for credential in credentials:
        try:
            out[credential_digest(credential)] = credential
        except Exception:  # not canonical JSON: it cannot be the credential a result cites  # noqa: S112
            continue
    return out


def withdrawn_since(result: CarbonResult, credentials: Iterable[Any], verifier: Verifier) -> list[EvidenceFinding]:
    """One finding per supplier footprint `result` counted that is revoked or suspended now, or is not among
    `credentials`; an empty list: every one the result relied on still stands."""
    given = _by_digest(credentials)
    findings: list[EvidenceFinding] = []
    for used in result.supplier_footprints:
        credential = given.get(used.digest_sri)
        if credential is None:
            findings.append(EvidenceFinding(EVIDENCE_NOT_SUPPLIED, used.digest_sri, None,
                                            "the credential is not in the input, so its status was not checked"))
            continue
        try:
            status = withdrawn(verifier(credential))
        except Exception as exc:  # a verifier must not raise; a faulty one is a check that could not run
            findings.append(EvidenceFinding(EVIDENCE_STATUS_NOT_CHECKED, used.digest_sri, None,
                                            f"verification failed: {exc.__class__.__name__}"))
            continue
        if status == STATUS_NOT_CHECKED:
            findings.append(EvidenceFinding(EVIDENCE_STATUS_NOT_CHECKED, used.digest_sri, status,
                                            "no status list was available to re-check its status"))
        elif status in WITHDRAWN_CODES:
            findings.append(EvidenceFinding(EVIDENCE_WITHDRAWN_SINCE, used.digest_sri, status,
                                            "the result relied on this supplier footprint; its issuer has "
                                            f"{'revoked' if status == 'CREDENTIAL_REVOKED' else 'suspended'} it"))
    return findings
