"""The VC 2.0 shape of a passport: envelope, numbers as typed strings, and round trips."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings

from passport.errors import InputError
from passport.model import CONTEXT_URL, from_credential, to_credential

from tests.model.strategies import passports

ISSUER = "did:example:maker"
NOW = datetime(2026, 11, 25, 14, 30, 5, 123456, tzinfo=UTC)


def credential_of(passport, **kwargs):
    return to_credential(passport, issuer=ISSUER, id="urn:uuid:7c9e6679-7425-40de-944b-e07fc1f90ae7",
                         valid_from=NOW, **kwargs)


def test_envelope_follows_vc_2_0(example_passport):
    credential = credential_of(example_passport, valid_until=NOW + timedelta(days=3650))
    assert credential["@context"] == ["https://www.w3.org/ns/credentials/v2", CONTEXT_URL]
    assert credential["type"] == ["VerifiableCredential", "BatteryPassportCredential"]
    assert (credential["issuer"], credential["validFrom"], credential["validUntil"]) == (
        ISSUER, "2026-11-25T14:30:05Z", "2036-11-22T14:30:05Z")
    subject = credential["credentialSubject"]
    assert list(subject)[:3] == ["id", "type", "generalProductInformation"]
    assert subject["id"] == str(example_passport.id) and subject["type"] == "BatteryPassport"


def test_no_json_float_appears_anywhere_in_a_credential(example_passport):
    def floats(node):
        if isinstance(node, float):
            yield node
        elif isinstance(node, dict):
            for value in node.values():
                yield from floats(value)
        elif isinstance(node, list):
            for value in node:
                yield from floats(value)
    credential = credential_of(example_passport)
    assert list(floats(credential)) == []
    assert credential["credentialSubject"]["performanceAndDurability"]["expectedLifetimeCycles"] in (2000, 6000)


def test_round_trip_through_json_text(example_passport):
    credential = json.loads(json.dumps(credential_of(example_passport)))
    assert from_credential(credential) == example_passport


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(passports)
def test_round_trip_of_random_passports(passport):
    assert from_credential(json.loads(json.dumps(credential_of(passport)))) == passport


def test_valid_from_is_converted_to_utc_and_naive_times_are_refused(example_passport):
    cet = timezone(timedelta(hours=1))
    credential = to_credential(example_passport, issuer=ISSUER, id="urn:x", valid_from=datetime(2026, 1, 1, 12, tzinfo=cet))
    assert credential["validFrom"] == "2026-01-01T11:00:00Z"
    with pytest.raises(InputError):
        to_credential(example_passport, issuer=ISSUER, id="urn:x", valid_from=datetime(2026, 1, 1))


@pytest.mark.parametrize(("mutate", "pointer"), [
    (lambda c: c.update({"@context": ["https://www.w3.org/ns/credentials/v2"]}), "/@context"),
    (lambda c: c.update(type=["VerifiableCredential"]), "/type"),
    (lambda c: c["credentialSubject"].update(type="Battery"), "/credentialSubject/type"),
    (lambda c: c.update(credentialSubject=[{}]), "/credentialSubject"),
])
def test_a_credential_of_another_shape_is_refused(ev_passport, mutate, pointer):
    credential = credential_of(ev_passport)
    mutate(credential)
    with pytest.raises(InputError) as caught:
        from_credential(credential)
    assert (caught.value.code, caught.value.details) == ("INVALID_CREDENTIAL", {"pointer": pointer})


def test_an_invalid_subject_is_reported_under_credential_subject(ev_passport):
    credential = copy.deepcopy(credential_of(ev_passport))
    credential["credentialSubject"]["generalProductInformation"]["weightKg"] = "-3"
    with pytest.raises(InputError) as caught:
        from_credential(credential)
    assert caught.value.code == "INVALID_PASSPORT"
    assert caught.value.details["pointer"] == "/credentialSubject/generalProductInformation/weightKg"
