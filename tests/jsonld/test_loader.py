"""The offline document loader: shipped contexts only, byte-identical, cached, never the network."""

from __future__ import annotations

import hashlib
import json
import socket
from pathlib import Path

import pytest

import schemas
from passport.errors import JsonLdError
from passport.jsonld import DocumentLoader, canonicalize, document_loader
from passport.jsonld.loader import shipped_index

CONTEXTS = Path(schemas.__file__).parent / "contexts"
CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
# The digest the VCDM 2.0 Recommendation publishes for https://www.w3.org/ns/credentials/v2.
CREDENTIALS_V2_SHA256 = "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734"

RUNTIME_CONTEXTS = {
    CREDENTIALS_V2,
    "https://www.w3.org/2018/credentials/v1",
    "https://w3id.org/security/data-integrity/v2",
    "https://w3id.org/security/data-integrity/v1",
    "https://w3id.org/security/multikey/v1",
    "https://www.w3.org/ns/did/v1",
    "https://www.w3.org/ns/credentials/status/v1",
    "https://w3id.org/security/jwk/v1",
    "https://w3id.org/security/suites/ed25519-2020/v1",
}


def test_index_lists_the_runtime_contexts_and_only_existing_files() -> None:
    index = json.loads((CONTEXTS / "index.json").read_text(encoding="utf-8"))
    assert RUNTIME_CONTEXTS <= set(index)
    for url, path in index.items():
        assert not Path(path).is_absolute() and ".." not in Path(path).parts, url
        assert (CONTEXTS / path).is_file(), f"{url} -> {path} is missing"


def test_every_index_entry_is_served() -> None:
    for url in shipped_index():
        remote = document_loader(url)
        assert remote["documentUrl"] == url
        assert isinstance(remote["document"].get("@context"), (dict, list)), url


def test_credentials_v2_is_byte_identical_to_the_published_context() -> None:
    path = CONTEXTS / shipped_index()[CREDENTIALS_V2]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == CREDENTIALS_V2_SHA256


@pytest.mark.parametrize("url", sorted(RUNTIME_CONTEXTS))
def test_shipped_contexts_match_the_w3c_copies(url: str, contexts_dir: Path) -> None:
    shipped = (CONTEXTS / shipped_index()[url]).read_bytes()
    assert shipped == (contexts_dir / shipped_index()[url]).read_bytes()


@pytest.mark.parametrize("url", [
    "https://www.w3.org/ns/credentials/examples/v2",
    "https://www.w3.org/2018/credentials/examples/v1",
    "https://w3id.org/citizenship/v4rc1",
    "https://example.com/unknown-context",
])
def test_unknown_or_test_only_url_is_refused_and_named(url: str) -> None:
    with pytest.raises(JsonLdError) as info:
        document_loader(url)
    assert info.value.code == "LOADING_DOCUMENT_FAILED"
    assert info.value.details == {"url": url}


def test_extra_documents_are_served_by_their_own_loader_only(test_loader: DocumentLoader) -> None:
    url = "https://www.w3.org/ns/credentials/examples/v2"
    assert test_loader(url)["document"]["@context"]["@vocab"] == "https://www.w3.org/ns/credentials/examples#"
    assert url in test_loader and url not in DocumentLoader()


def test_extra_may_not_replace_a_shipped_context() -> None:
    with pytest.raises(JsonLdError) as info:
        DocumentLoader(extra={CREDENTIALS_V2: {"@context": {}}})
    assert info.value.code == "INVALID_DOCUMENT_LOADER"
    assert info.value.details["url"] == CREDENTIALS_V2


def test_callers_get_private_copies_of_the_cached_document() -> None:
    first = document_loader(CREDENTIALS_V2)["document"]
    first["@context"]["@protected"] = False
    assert document_loader(CREDENTIALS_V2)["document"]["@context"]["@protected"] is True


def test_unknown_context_in_a_document_names_the_url() -> None:
    doc = {"@context": ["https://www.w3.org/ns/credentials/v2", "https://example.com/ctx/v9"],
           "type": ["VerifiableCredential"], "issuer": "did:example:1", "credentialSubject": {"id": "did:example:2"}}
    with pytest.raises(JsonLdError) as info:
        canonicalize(doc)
    assert info.value.code == "LOADING_DOCUMENT_FAILED"
    assert info.value.details["url"] == "https://example.com/ctx/v9"


def test_nothing_touches_the_network(monkeypatch: pytest.MonkeyPatch, test_loader: DocumentLoader,
                                     vectors_dir: Path) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    unsigned = json.loads((vectors_dir / "vc-di-eddsa/TestVectors/unsigned.json").read_text(encoding="utf-8"))
    fresh = DocumentLoader(extra={u: test_loader.document(u) for u in test_loader.urls - set(shipped_index())})
    assert canonicalize(unsigned, loader=fresh).count("\n") > 5
    with pytest.raises(JsonLdError):
        canonicalize({**unsigned, "@context": ["https://example.org/remote/v1"]}, loader=fresh)
