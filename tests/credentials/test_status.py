"""Status through `verify(status_lists=...)`: the Bitstring Status List checker is used when lists are given."""

from __future__ import annotations

from passport.credentials import sign, verify
from passport.credentials import result as r
from passport.status import Bitstring, status_entry, status_list_credential
from tests.credentials.conftest import NOW, battery_credential

LIST = "https://issuer.example/status/1"


def _signed_pair(key, loader, revoked: bool):
    bits = Bitstring()
    if revoked:
        bits.set(42)
    status_list = sign(status_list_credential(LIST, key.controller, "revocation", bits,
                                              valid_from="2024-01-01T00:00:00Z"), key, loader=loader)
    credential = battery_credential(key.controller)
    credential["credentialStatus"] = status_entry(LIST, 42, "revocation")
    return sign(credential, key, loader=loader), status_list


def test_a_credential_whose_bit_is_clear_verifies(ed_key, loader):
    signed, status_list = _signed_pair(ed_key, loader, revoked=False)
    result = verify(signed, loader=loader, now=NOW, status_lists={LIST: status_list})
    assert result.verified, result.summary()
    assert next(c for c in result.checks if c.name == r.STATUS).passed is True


def test_a_revoked_credential_fails_on_status_only(ed_key, loader):
    signed, status_list = _signed_pair(ed_key, loader, revoked=True)
    result = verify(signed, loader=loader, now=NOW, status_lists={LIST: status_list})
    assert [(c.name, c.code) for c in result.errors] == [(r.STATUS, "CREDENTIAL_REVOKED")]


def test_without_lists_the_status_is_not_checked_and_nothing_is_verified(ed_key, loader):
    """Issue 14, point 3: a credential with credentialStatus whose status could not be checked is not
    `verified`; nothing failed either, so the outcome is `incomplete` (passport verify exits 3)."""
    signed, _ = _signed_pair(ed_key, loader, revoked=True)
    result = verify(signed, loader=loader, now=NOW)
    status = next(c for c in result.checks if c.name == r.STATUS)
    assert (status.passed, status.code) == (None, "STATUS_NOT_CHECKED")
    assert not result.verified and result.errors == [] and result.outcome == "incomplete"
    assert result.unchecked == [status]
    assert result.summary().startswith("NOT verified: the signature is valid")
