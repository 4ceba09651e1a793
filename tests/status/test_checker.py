"""Revocation and suspension seen by the verifier: signed lists, set bits, and every way a list can be wrong."""

from __future__ import annotations

import copy
from datetime import datetime, timezone

import pytest

from passport.credentials.sign import sign
from passport.credentials.status_list import BitstringStatusChecker
from passport.credentials.verify import list_verifier, verify
from passport.keys import generate_key_pair
from passport.status import Bitstring, status_entry, status_list_credential

NOW = datetime(2026, 11, 25, tzinfo=timezone.utc)
LIST_URL = "https://passports.example.com/status/1"


@pytest.fixture(scope="module")
def issuer():
    return generate_key_pair("Ed25519")


def _credential(issuer, index: int, purpose: str = "revocation") -> dict:
    unsigned = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:6f1f7a0e-2f7e-4bd2-9d7c-0c6d1b6c1a01",
        "type": ["VerifiableCredential"],
        "issuer": issuer.controller,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialStatus": status_entry(LIST_URL, index, purpose),
        "credentialSubject": {"id": "urn:uuid:0d4c8f0e-8a3b-4c8e-b1c2-7f3e2a1b9c00"},
    }
    return sign(unsigned, issuer)


def _list(issuer, set_bits=(), purpose: str = "revocation") -> dict:
    bits = Bitstring()
    for i in set_bits:
        bits.set(i)
    return sign(status_list_credential(LIST_URL, issuer.controller, purpose, bits, valid_from="2026-01-01T00:00:00Z"),
                issuer)


def _verify(credential, lists):
    return verify(credential, now=NOW, status_checker=BitstringStatusChecker(lists, verify_list=list_verifier()))


def _status(result):
    return next(c for c in result.checks if c.name == "status")


def test_clear_bit_passes(issuer):
    result = _verify(_credential(issuer, 94567), {LIST_URL: _list(issuer, {12})})
    assert result.verified, result.errors
    assert _status(result).passed is True


def test_revoked_credential_fails(issuer):
    result = _verify(_credential(issuer, 94567), {LIST_URL: _list(issuer, {94567})})
    assert not result.verified
    assert _status(result).code == "CREDENTIAL_REVOKED"


def test_suspended_credential_fails_and_reinstated_passes(issuer):
    credential = _credential(issuer, 5, "suspension")
    suspended = _verify(credential, {LIST_URL: _list(issuer, {5}, "suspension")})
    assert _status(suspended).code == "CREDENTIAL_SUSPENDED"
    assert _verify(credential, {LIST_URL: _list(issuer, set(), "suspension")}).verified


def test_missing_list_is_not_presumed_valid(issuer):
    result = _verify(_credential(issuer, 1), {})
    assert not result.verified and result.outcome == "incomplete"
    assert (_status(result).passed, _status(result).code) == (None, "STATUS_NOT_CHECKED")


def test_a_missing_list_does_not_hide_a_set_bit_in_another(issuer):
    """Revocation list missing, suspension list present with the bit set: suspended (a failure beats unchecked)."""
    unsigned = {key: value for key, value in _credential(issuer, 5, "suspension").items() if key != "proof"}
    unsigned["credentialStatus"] = [status_entry(LIST_URL + "-revocation", 5, "revocation"),
                                    status_entry(LIST_URL, 5, "suspension")]
    result = _verify(sign(unsigned, issuer), {LIST_URL: _list(issuer, {5}, "suspension")})
    assert result.outcome == "failed" and _status(result).code == "CREDENTIAL_SUSPENDED"


def test_tampered_list_is_not_believed(issuer):
    status_list = _list(issuer, {1})
    status_list["credentialSubject"]["encodedList"] = Bitstring().encode()  # someone clears the bit
    result = _verify(_credential(issuer, 1), {LIST_URL: status_list})
    assert not result.verified and _status(result).code == "STATUS_VERIFICATION_ERROR"


def test_list_from_another_issuer_is_refused(issuer):
    result = _verify(_credential(issuer, 1), {LIST_URL: _list(generate_key_pair("Ed25519"))})
    assert not result.verified and "someone else" in _status(result).reason


def test_list_with_another_purpose_is_refused(issuer):
    result = _verify(_credential(issuer, 1, "revocation"), {LIST_URL: _list(issuer, set(), "suspension")})
    assert not result.verified and _status(result).code == "STATUS_VERIFICATION_ERROR"


def test_index_beyond_the_list_is_an_error(issuer):
    small = sign(status_list_credential(LIST_URL, issuer.controller, "revocation", Bitstring(1024),
                                        valid_from="2026-01-01T00:00:00Z"), issuer)
    result = _verify(_credential(issuer, 5000), {LIST_URL: small})
    assert _status(result).code == "STATUS_LIST_LENGTH_ERROR"


def test_malformed_entry_is_refused(issuer):
    credential = _credential(issuer, 1)
    broken = copy.deepcopy(credential)
    broken["credentialStatus"]["statusListIndex"] = 1  # a number, not a string
    checker = BitstringStatusChecker({LIST_URL: _list(issuer)}, verify_list=list_verifier())
    check = checker(broken, now=NOW)
    assert check.passed is False and check.code == "STATUS_VERIFICATION_ERROR"


def test_lists_can_come_from_a_callable(issuer):
    lists = {LIST_URL: _list(issuer, {2})}
    result = _verify(_credential(issuer, 2), lists.get)
    assert _status(result).code == "CREDENTIAL_REVOKED"
