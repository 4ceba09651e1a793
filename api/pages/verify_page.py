"""The verification page's rows: each check of a `VerificationResult` named in plain words, in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from passport.trust.bindings import DIGEST_BINDINGS
from passport.credentials import result as r
from passport.credentials.result import VerificationResult

# Check name (stable, from `passport.credentials.result`) -> i18n key of its plain-words label.
LABELS: dict[str, str] = {
    r.ENVELOPE: "verify.check.envelope",
    r.CONTEXT_ALLOWED: "verify.check.context",
    r.UNDEFINED_TERMS: "verify.check.terms",
    r.VALIDITY_PERIOD: "verify.check.validity",
    r.STATUS: "verify.check.status",
    r.PROOF_PRESENT: "verify.check.proof_present",
    r.PROOF_FIELDS: "verify.check.proof_fields",
    r.CRYPTOSUITE: "verify.check.cryptosuite",
    r.PREVIOUS_PROOF: "verify.check.previous_proof",
    r.CREATED: "verify.check.created",
    r.VERIFICATION_METHOD: "verify.check.method",
    r.ISSUER_BINDING: "verify.check.issuer",
    r.PROOF_PURPOSE: "verify.check.purpose",
    r.DOMAIN: "verify.check.domain",
    r.CHALLENGE: "verify.check.challenge",
    r.PROOF_VALUE: "verify.check.proof_value",
    r.SIGNATURE: "verify.check.signature",
    r.JOSE_HEADER: "verify.check.jose",
    DIGEST_BINDINGS: "verify.check.digests",
}

OUTCOMES = {True: ("pass", "verify.pass"), False: ("fail", "verify.fail"), None: ("unchecked", "verify.unchecked")}


@dataclass(frozen=True)
class Row:
    label: str
    outcome: str  # "pass" | "fail" | "unchecked": the CSS class
    outcome_text: str
    reason: str
    name: str


# What a reader needs first on a phone: what failed, then what could not be checked, then what passed.
ORDER = {"fail": 0, "unchecked": 1, "pass": 2}


def rows(result: VerificationResult, t: Callable[..., str]) -> list[Row]:
    """One row per check, failures first (within each outcome: document checks, then each proof's, marked with
    the proof's number)."""
    out = []
    for check in result.checks:
        label = t(LABELS[check.name]) if check.name in LABELS else check.name
        if check.proof is not None and len(result.proofs) > 1:
            label = f"{label} ({t('verify.proof', n=check.proof + 1)})"
        css, key = OUTCOMES[check.passed]
        out.append(Row(label=label, outcome=css, outcome_text=t(key), reason=check.reason, name=check.name))
    return sorted(out, key=lambda row: ORDER[row.outcome])  # stable: the check order holds within an outcome
