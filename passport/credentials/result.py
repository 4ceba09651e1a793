"""What a verifier returns: a verdict, one result per proof, and every check it ran with a reason in plain words.

Verifying never raises on bad input (VC Data Integrity 1.0 §4.4: "an error MUST be raised" means a result with
`verified` false and a non-empty error list). `verified` is true only when no check failed; a check that was
not run (`passed` is None, e.g. status before the lifecycle work plugs a status list in) does not fail it.
"""

from __future__ import annotations

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
    code: str | None = Field(default=None, description="Spec error type when the check failed, "
                             "e.g. PROOF_VERIFICATION_ERROR or MALFORMED_PROOF_ERROR.")
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

    verified: bool = Field(description="True only when every check passed or was not applicable.")
    checks: list[Check] = Field(default_factory=list, description="Every check run, document-level and per proof.")
    proofs: list[ProofResult] = Field(default_factory=list, description="One result per proof.")
    format: str = Field(default="data-integrity", description="`data-integrity` or `vc+jwt`.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def errors(self) -> list[Check]:
        """The failed checks (empty when verified)."""
        return [check for check in self.checks if check.passed is False]

    @classmethod
    def from_checks(cls, checks: list[Check], proofs: list[ProofResult], *, format: str = "data-integrity"
                    ) -> VerificationResult:
        """Assemble the verdict: verified iff nothing failed and at least one proof verified."""
        verified = bool(proofs) and all(p.verified for p in proofs) and all(c.passed is not False for c in checks)
        return cls(verified=verified, checks=checks, proofs=proofs, format=format)

    def summary(self) -> str:
        """One line per failed check (or 'verified'), for people reading a terminal."""
        if self.verified:
            return "verified: " + "; ".join(f"{p.cryptosuite} proof by {p.verification_method}" for p in self.proofs)
        lines = [f"{c.name}{'' if c.proof is None else f' (proof {c.proof})'}: {c.reason}" for c in self.errors]
        return "not verified\n" + "\n".join(lines) if lines else "not verified"
