"""Garbage in, a reasoned `verified: False` out: random JSON in the proof and the credential never reaches the
verifier's last-resort handler (which would mean an unanticipated exception)."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passport.credentials import CRYPTOSUITES, DataIntegrityProof, sign, verify
from tests.credentials.conftest import NOW, battery_credential

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=8,
)
PROOF_FIELDS = ["type", "cryptosuite", "created", "verificationMethod", "proofPurpose", "proofValue", "previousProof",
                "@context", "expires", "domain", "challenge"]
DOCUMENT_FIELDS = ["@context", "type", "issuer", "validFrom", "validUntil", "credentialSubject", "proof",
                   "credentialStatus"]


def _signed_statements(document, loader) -> tuple[bytes, bytes]:
    """What the proof's signature covers: canonical proof configuration and canonical document."""
    machine = DataIntegrityProof(document, loader=loader)
    suite = CRYPTOSUITES["eddsa-rdfc-2022"]
    return machine.proof_config(suite, document["proof"], "Ed25519")[0], machine.document(suite, {}, "Ed25519")[0]


def _unexpected(result) -> list[str]:
    return [c.reason for c in result.checks if "could not be completed" in c.reason]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(PROOF_FIELDS), value=json_values)
def test_random_proof_values(ed_key, loader, field, value):
    original = sign(battery_credential(ed_key.controller), ed_key, created="2024-02-01T00:00:00Z", loader=loader)
    mutated = copy.deepcopy(original)
    mutated["proof"][field] = copy.deepcopy(value)
    result = verify(mutated, loader=loader, now=NOW)
    assert not _unexpected(result)
    if result.verified:  # then the change is one JSON-LD does not see (null, [], [null], an RDFC proof's @context)
        assert _signed_statements(mutated, loader) == _signed_statements(original, loader), (field, value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(DOCUMENT_FIELDS), value=json_values)
def test_random_document_values(ed_key, loader, field, value):
    original = sign(battery_credential(ed_key.controller), ed_key, created="2024-02-01T00:00:00Z", loader=loader)
    mutated = copy.deepcopy(original)
    mutated[field] = copy.deepcopy(value)
    result = verify(mutated, loader=loader, now=NOW)
    assert not _unexpected(result)
    if result.verified:  # then the change is one JSON-LD does not see (an empty credentialStatus)
        assert field == "credentialStatus"
        assert _signed_statements(mutated, loader) == _signed_statements(original, loader), (field, value)
