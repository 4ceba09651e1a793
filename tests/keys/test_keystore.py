"""Issuer keys in the store: sealed, one active per suite, rotation that keeps retired keys for old proofs."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from passport.errors import ConflictError, InputError, KeyMaterialError, NotFoundError
from passport.keys import generate_key_pair, multikey
from passport.keys.keystore import create_issuer_key, list_issuer_keys, load_issuer_signer, rotate_issuer_key
from passport.keys.tables import IssuerKey
from passport.store.engine import session_scope
from passport.store.tables import Organisation

PASS = "store passphrase"
DID = "did:web:maker.example"
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.fixture
def organisation_id(engine) -> int:
    with session_scope(engine) as session:
        org = Organisation(name="Maker A", role="manufacturer", did=DID)
        session.add(org)
        session.flush()
        return org.id  # type: ignore[return-value]


def test_created_key_is_sealed_and_opens_to_sign(engine, organisation_id):
    record = create_issuer_key(engine, organisation_id, suite="eddsa-rdfc-2022", passphrase=PASS, now=T0)
    assert record.status == "active" and record.algorithm == "Ed25519" and record.controller == DID
    assert record.verification_method == f"{DID}#{record.public_key_multibase}"
    assert record.created_at == T0
    signer = load_issuer_signer(engine, organisation_id, suite="eddsa-rdfc-2022", passphrase=PASS)
    assert signer.id == record.verification_method and signer.controller == DID
    with session_scope(engine) as session:
        sealed = session.exec(select(IssuerKey)).one().sealed_secret
    secret = signer.secret_key_multibase()
    assert secret not in sealed and secret[1:] not in sealed
    assert "sealed_secret" not in record.model_dump()


def test_wrong_passphrase_is_refused(engine, organisation_id):
    create_issuer_key(engine, organisation_id, suite="ecdsa-rdfc-2019", passphrase=PASS)
    with pytest.raises(KeyMaterialError) as info:
        load_issuer_signer(engine, organisation_id, suite="ecdsa-rdfc-2019", passphrase="nope")
    assert info.value.code == "KEY_DECRYPTION_FAILED"


def test_a_second_active_key_is_a_conflict(engine, organisation_id):
    create_issuer_key(engine, organisation_id, suite="eddsa-rdfc-2022", passphrase=PASS)
    with pytest.raises(ConflictError) as info:
        create_issuer_key(engine, organisation_id, suite="eddsa-rdfc-2022", passphrase=PASS)
    assert info.value.code == "ACTIVE_KEY_EXISTS"
    create_issuer_key(engine, organisation_id, suite="ecdsa-sd-2023", passphrase=PASS)  # another suite is fine
    assert len(list_issuer_keys(engine, organisation_id=organisation_id, status="active")) == 2


def test_the_database_itself_allows_one_active_key_per_suite(engine, organisation_id):
    """The partial unique index holds even against writes that bypass the key store."""
    create_issuer_key(engine, organisation_id, suite="eddsa-rdfc-2022", passphrase=PASS)
    with pytest.raises(IntegrityError):
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO issuer_key (verification_method, controller, organisation_id, algorithm, suite, "
                "public_key_multibase, status, created_at, sealed_secret) VALUES "
                "('did:web:maker.example#x', 'did:web:maker.example', :org, 'Ed25519', 'eddsa-rdfc-2022', 'z', "
                "'active', CURRENT_TIMESTAMP, '{}')"), {"org": organisation_id})


def test_rotation_retires_the_old_key_and_keeps_it(engine, organisation_id):
    first = create_issuer_key(engine, organisation_id, suite="eddsa-rdfc-2022", passphrase=PASS, now=T0)
    old_signer = load_issuer_signer(engine, organisation_id, suite="eddsa-rdfc-2022", passphrase=PASS)
    old_signature = old_signer.sign(b"passport v1")
    later = T0 + timedelta(days=90)
    second = rotate_issuer_key(engine, organisation_id, suite="eddsa-rdfc-2022", passphrase=PASS, now=later)
    assert second.verification_method != first.verification_method and second.status == "active"
    keys = list_issuer_keys(engine, organisation_id=organisation_id)
    assert [(k.verification_method, k.status) for k in keys] == [
        (first.verification_method, "retired"), (second.verification_method, "active")]
    assert keys[0].retired_at == later
    new_signer = load_issuer_signer(engine, organisation_id, suite="eddsa-rdfc-2022", passphrase=PASS)
    assert new_signer.id == second.verification_method
    assert not new_signer.verify(b"passport v1", old_signature)
    assert multikey.verify_signature(keys[0].public_key_multibase, b"passport v1", old_signature)


def test_rotation_without_an_active_key_creates_one(engine, organisation_id):
    record = rotate_issuer_key(engine, organisation_id, suite="ecdsa-rdfc-2019", algorithm="P-384", passphrase=PASS)
    assert record.algorithm == "P-384" and record.status == "active"


def test_an_imported_key_takes_the_organisation_did(engine, organisation_id):
    key = generate_key_pair("P-256")
    record = create_issuer_key(engine, organisation_id, suite="ecdsa-sd-2023", key=key, passphrase=PASS)
    assert record.public_key_multibase == key.public_key_multibase and record.controller == DID
    signer = load_issuer_signer(engine, organisation_id, suite="ecdsa-sd-2023", passphrase=PASS)
    assert signer.verify(b"x", key.sign(b"x"))


def test_missing_organisation_did_and_key(engine, organisation_id):
    with pytest.raises(NotFoundError) as info:
        create_issuer_key(engine, 999_999, suite="eddsa-rdfc-2022", passphrase=PASS)
    assert info.value.code == "ORGANISATION_NOT_FOUND"
    with session_scope(engine) as session:
        org = Organisation(name="No DID", role="manufacturer")
        session.add(org)
        session.flush()
        no_did = org.id
    with pytest.raises(InputError) as info:
        create_issuer_key(engine, no_did, suite="eddsa-rdfc-2022", passphrase=PASS)  # type: ignore[arg-type]
    assert info.value.code == "ORGANISATION_HAS_NO_DID" and "passport orgs set no-did --did-web" in info.value.message
    with pytest.raises(NotFoundError) as info:
        load_issuer_signer(engine, organisation_id, suite="eddsa-rdfc-2022", passphrase=PASS)
    assert info.value.code == "NO_ACTIVE_KEY"
    assert list_issuer_keys(engine) == []
