"""did:web: DIDs from URLs and back, issuer documents with active and retired keys, resolution that never
touches the network (a local cache or the store only)."""

from __future__ import annotations

import socket
from dataclasses import dataclass

import pytest

from passport.dids import (
    DidResolutionError,
    did_web_document,
    did_web_from_url,
    did_web_url,
    resolve_did,
    resolve_verification_method,
)
from passport.errors import InputError
from passport.keys import generate_key_pair, multikey
from passport.keys.keystore import create_issuer_key, load_issuer_signer, rotate_issuer_key
from passport.store.engine import session_scope
from passport.store.tables import Organisation

DID = "did:web:maker.example"


@pytest.mark.parametrize("url, did", [
    ("https://maker.example", "did:web:maker.example"),
    ("https://Maker.Example/", "did:web:maker.example"),
    ("https://maker.example/.well-known/did.json", "did:web:maker.example"),
    ("http://127.0.0.1:8000", "did:web:127.0.0.1%3A8000"),
    ("https://localhost:8443/issuers/maker-a", "did:web:localhost%3A8443:issuers:maker-a"),
    ("https://w3c-ccg.github.io/user/alice/did.json", "did:web:w3c-ccg.github.io:user:alice"),
    ("https://example.com/a%20b/~c", "did:web:example.com:a%20b:%7Ec"),
    ("https://bücher.example", "did:web:xn--bcher-kva.example"),
])
def test_did_from_url(url, did):
    assert did_web_from_url(url) == did


@pytest.mark.parametrize("did, url", [
    ("did:web:w3c-ccg.github.io", "https://w3c-ccg.github.io/.well-known/did.json"),
    ("did:web:w3c-ccg.github.io:user:alice", "https://w3c-ccg.github.io/user/alice/did.json"),
    ("did:web:example.com%3A3000:user:alice", "https://example.com:3000/user/alice/did.json"),
    ("did:web:127.0.0.1%3A8000", "https://127.0.0.1:8000/.well-known/did.json"),
])
def test_url_of_a_did(did, url):
    """The did:web spec's own examples (§3.2)."""
    assert did_web_url(did) == url


@pytest.mark.parametrize("url", ["ftp://example.com", "https://", "https://example.com/a/../b", "https://e.com/?q=1"])
def test_bad_urls_are_refused(url):
    with pytest.raises(InputError) as info:
        did_web_from_url(url)
    assert info.value.code == "INVALID_DID_WEB_URL"


@pytest.mark.parametrize("did", ["did:web:example.com:..:etc", "did:web:example.com%2Fevil", "did:key:z6Mk"])
def test_bad_did_web_is_refused(did):
    with pytest.raises(DidResolutionError) as info:
        did_web_url(did)
    assert info.value.code == "INVALID_DID"


@dataclass
class Published:
    verification_method: str
    public_key_multibase: str
    status: str


def _document_with_rotation():
    old, new = generate_key_pair("Ed25519", controller=DID), generate_key_pair("P-256", controller=DID)
    keys = [Published(old.id, old.public_key_multibase, "retired"), Published(new.id, new.public_key_multibase, "active")]
    return old, new, did_web_document(DID, keys)


def test_issuer_document_lists_active_and_retired_keys():
    old, new, document = _document_with_rotation()
    assert document["@context"] == ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
    assert document["id"] == DID
    assert [m["id"] for m in document["verificationMethod"]] == [old.id, new.id]
    assert all(m["type"] == "Multikey" and m["controller"] == DID for m in document["verificationMethod"])
    assert document["assertionMethod"] == [old.id, new.id]
    for relationship in ("authentication", "capabilityInvocation", "capabilityDelegation"):
        assert document[relationship] == [new.id]
    assert "keyAgreement" not in document


def test_resolution_from_a_cache_reports_relationships():
    old, new, document = _document_with_rotation()
    cache = {DID: document}
    assert resolve_did(DID, cache=cache) == document
    retired = resolve_verification_method(old.id, cache=cache)
    assert retired.authorises("assertionMethod") and not retired.authorises("authentication")
    assert multikey.verify_with(retired.public_key, b"old", old.sign(b"old"))
    active = resolve_verification_method(new.id, cache=cache)
    assert active.relationships == {"authentication", "assertionMethod", "capabilityInvocation",
                                    "capabilityDelegation"}
    resolve_did(DID, cache=cache)["id"] = "changed"
    assert cache[DID]["id"] == DID  # callers get a copy


def test_a_key_of_another_did_cannot_be_published():
    stranger = generate_key_pair(controller="did:web:other.example")
    with pytest.raises(InputError) as info:
        did_web_document(DID, [Published(stranger.id, stranger.public_key_multibase, "active")])
    assert info.value.code == "KEY_CONTROLLER_MISMATCH"


def test_did_web_is_never_fetched(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    with pytest.raises(DidResolutionError) as info:
        resolve_did("did:web:w3c-ccg.github.io")
    assert info.value.code == "DID_NOT_FOUND"
    with pytest.raises(DidResolutionError) as info:
        resolve_verification_method("did:web:w3c-ccg.github.io#key-1", cache={})
    assert info.value.code == "DID_NOT_FOUND"


def test_relative_ids_and_embedded_methods_in_cached_documents():
    key = generate_key_pair(controller=DID)
    document = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": DID,
        "assertionMethod": [{"id": "#key-1", "type": "Multikey", "controller": DID,
                             "publicKeyMultibase": key.public_key_multibase}],
    }
    method = resolve_verification_method(f"{DID}#key-1", cache={DID: document})
    assert method.public_key_multibase == key.public_key_multibase and method.relationships == {"assertionMethod"}


def test_unusable_cached_documents_and_methods():
    key = generate_key_pair(controller=DID)
    jwk_method = {"id": f"{DID}#jwk", "type": "JsonWebKey2020", "controller": DID, "publicKeyJwk": {"kty": "OKP"}}
    foreign = {"id": f"{DID}#foreign", "type": "Multikey", "controller": "did:web:other.example",
               "publicKeyMultibase": key.public_key_multibase}
    broken = {"id": f"{DID}#broken", "type": "Multikey", "controller": DID, "publicKeyMultibase": "zzz"}
    document = {"id": DID, "verificationMethod": [jwk_method, foreign, broken], "assertionMethod": [f"{DID}#jwk"]}
    cache = {DID: document}
    for fragment, code in (("jwk", "INVALID_VERIFICATION_METHOD"), ("foreign", "INVALID_VERIFICATION_METHOD"),
                           ("broken", "INVALID_PUBLIC_KEY"), ("absent", "VERIFICATION_METHOD_NOT_FOUND")):
        with pytest.raises(DidResolutionError) as info:
            resolve_verification_method(f"{DID}#{fragment}", cache=cache)
        assert info.value.code == code, fragment
    with pytest.raises(DidResolutionError) as info:
        resolve_did(DID, cache={DID: {"id": "did:web:someone.else"}})
    assert info.value.code == "INVALID_DID_DOCUMENT"


def test_store_backed_documents_survive_rotation(engine):
    with session_scope(engine) as session:
        org = Organisation(name="Maker A", role="manufacturer", did=DID)
        session.add(org)
        session.flush()
        org_id = org.id
    first = create_issuer_key(engine, org_id, suite="eddsa-rdfc-2022", passphrase="p")
    old_signature = load_issuer_signer(engine, org_id, suite="eddsa-rdfc-2022", passphrase="p").sign(b"v1")
    second = rotate_issuer_key(engine, org_id, suite="eddsa-rdfc-2022", passphrase="p")
    document = resolve_did(DID, store=engine)
    assert [m["id"] for m in document["verificationMethod"]] == [first.verification_method,
                                                                second.verification_method]
    old = resolve_verification_method(first.verification_method, store=engine)
    assert old.authorises("assertionMethod") and not old.authorises("authentication")
    assert multikey.verify_with(old.public_key, b"v1", old_signature)
    assert resolve_verification_method(second.verification_method, store=engine).authorises("authentication")
    with pytest.raises(DidResolutionError) as info:
        resolve_did("did:web:unknown.example", store=engine)
    assert info.value.code == "DID_NOT_FOUND"
    from passport.dids.store import StoreDidDocuments

    assert list(StoreDidDocuments(engine)) == [DID] and len(StoreDidDocuments(engine)) == 1
