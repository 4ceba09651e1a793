"""What a verifier returns: a verdict, one result per proof, and every check it ran with a reason in plain words.

Verifying never raises on bad input (VC Data Integrity 1.0 §4.4: "an error MUST be raised" means a result with
`verified` false and a non-empty error list). Each check ends one of three ways:

    passed True                  the rule holds
    passed False, code           the rule is violated (`errors`)
    passed None, code            the rule applies but could not be checked (`unchecked`), e.g. a credential with
                                 `credentialStatus` whose status list was not available (STATUS_NOT_CHECKED)
    passed None, no code         the rule does not apply (e.g. no `credentialStatus` at all)

`verified` is true only when every applicable check ran and passed: nothing failed and nothing required was left
unchecked. `outcome` says which: `verified`, `failed` (a check failed) or `incomplete` (nothing failed, but a
required check could not run); `passport verify` exits 0, 1 or 3 on them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

# Names of the checks, stable: callers and the API match on them.
ENVELOPE = "envelope"
CONTEXT_ALLOWED = "context allowed"
UNDEFINED_TERMS = "undefined terms"
VALIDITY_PERIOD = "validFrom/validUntil"
STATUS = "status"
PROOF_PRESENT = "proof present"
PROOF_FIELDS = "proof fields"
CRYPTOSUITE = "cryptosuite"
PREVIOUS_PROOF = "previousProof"
CREATED = "created/expires"
VERIFICATION_METHOD = "verification method"
ISSUER_BINDING = "verification method bound to issuer"
PROOF_PURPOSE = "proof purpose"
DOMAIN = "domain"
CHALLENGE = "challenge"
PROOF_VALUE = "proofValue"
SIGNATURE = "signature"
JOSE_HEADER = "JOSE header"


class Check(BaseModel):
    """One rule applied to the credential or to one of its proofs."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(description="Stable name of the check, e.g. `signature` or `validFrom/validUntil`.")
    passed: bool | None = Field(description="True: satisfied; False: violated; None: not checked.")
    reason: str = Field(description="Why, in plain words.")
    code: str | None = Field(default=None, description="Stable code when the check failed (a spec error type where "
                             "one exists, e.g. PROOF_VERIFICATION_ERROR, CREDENTIAL_REVOKED, "
                             "ECDSA_SD_DERIVED_STATEMENT_SIGNATURE) or could not run (e.g. STATUS_NOT_CHECKED); "
                             "None when it passed or does not apply.")
    proof: int | None = Field(default=None, description="Index of the proof the check is about; None: the document.")


class ProofResult(BaseModel):
    """The outcome of one proof of a proof set or chain."""

    model_config = ConfigDict(frozen=True)

    index: int = Field(description="Position of the proof in the document's `proof` value.")
    id: str | None = Field(default=None, description="The proof's `id`, when it has one.")
    type: str | None = Field(default=None, description="The proof's `type`, e.g. DataIntegrityProof.")
    cryptosuite: str | None = Field(default=None, description="The proof's `cryptosuite`.")
    verification_method: str | None = Field(default=None, description="The proof's `verificationMethod`.")
    proof_purpose: str | None = Field(default=None, description="The proof's `proofPurpose`.")
    verified: bool = Field(description="True when every check of this proof passed.")
    checks: list[Check] = Field(default_factory=list, description="The checks of this proof, in order.")


class VerificationResult(BaseModel):
    """The verdict on a credential: `verified` plus every check, so a failure says which rule and why."""

    model_config = ConfigDict(frozen=True)

    verified: bool = Field(description="True only when every applicable check ran and passed.")
    checks: list[Check] = Field(default_factory=list, description="Every check run, document-level and per proof.")
    proofs: list[ProofResult] = Field(default_factory=list, description="One result per proof.")
    format: str = Field(default="data-integrity", description="`data-integrity` or `vc+jwt`.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def errors(self) -> list[Check]:
        """The failed checks (empty when verified)."""
        return [check for check in self.checks if check.passed is False]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def unchecked(self) -> list[Check]:
        """Checks that apply but could not run (passed None with a code): they keep `verified` false."""
        return [check for check in self.checks if check.passed is None and check.code is not None]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def outcome(self) -> Literal["verified", "failed", "incomplete"]:
        """`verified`; `failed` when a check or proof failed; `incomplete` when nothing failed but a required
        check could not run."""
        if self.verified:
            return "verified"
        failed = self.errors or not self.proofs or any(not p.verified for p in self.proofs)
        return "failed" if failed or not self.unchecked else "incomplete"

    @classmethod
    def from_checks(cls, checks: list[Check], proofs: list[ProofResult], *, format: str = "data-integrity"
                    ) -> VerificationResult:
        """Assemble the verdict: verified iff at least one proof verified, nothing failed and nothing required was
        left unchecked."""
        verified = bool(proofs) and all(p.verified for p in proofs) and all(
            c.passed is True or (c.passed is None and c.code is None) for c in checks)
        return cls(verified=verified, checks=checks, proofs=proofs, format=format)

    def summary(self) -> str:
        """'verified', or why not: one line per failed check, then one per check that could not run."""
        proofs = "; ".join(f"{p.cryptosuite} proof by {p.verification_method}" for p in self.proofs)
        if self.verified:
            return "verified: " + proofs
        unchecked = [f"{c.name} NOT checked: {c.reason}" for c in self.unchecked]
        if self.outcome == "incomplete":
            return "\n".join([f"NOT verified: the signature is valid ({proofs}), but not every required check "
                              "could run", *unchecked])
        lines = [f"{c.name}{'' if c.proof is None else f' (proof {c.proof})'}: {c.reason}" for c in self.errors]
        return "\n".join(["not verified", *lines, *unchecked])
