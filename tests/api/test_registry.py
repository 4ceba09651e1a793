"""Stored passports: immutable versions numbered per identifier, exact bytes kept, ETags, pagination."""

from __future__ import annotations

import json

import pytest

from passport.errors import InputError, NotFoundError
from passport.identifiers import PassportId
from passport.registry import add_version, by_version, etag_of, latest, list_passports, list_versions, view
from passport.store.engine import session_scope

ID_A = PassportId.gs1("9506000134352", "A-1")
ID_B = PassportId.other("id", "0f8fad5b-d9cb-469f-a165-70867728950e")


def _credential(n: int) -> str:
    # Key order and spacing are kept byte for byte: the stored text is what was signed.
    return '{"issuer": "did:key:z6Mk", "n": %d,  "@context": ["https://www.w3.org/ns/credentials/v2"]}' % n


def test_versions_are_numbered_and_kept_byte_for_byte(engine):
    with session_scope(engine) as s:
        v1 = add_version(s, ID_A, _credential(1), {"public": '{"v": 1}'})
        v2 = add_version(s, ID_A, _credential(2), {"public": '{"v": 2}'})
    assert (v1.version, v2.version) == (1, 2)
    with session_scope(engine) as s:
        assert latest(s, ID_A.path).credential == _credential(2)
        old = by_version(s, ID_A.path, 1)
        assert old.credential == _credential(1)
        assert old.etag == etag_of(_credential(1))
        assert old.issuer == "did:key:z6Mk"
        assert [v for v, _ in list_versions(s, ID_A.path)] == [1, 2]
        assert view(s, old.id, "public").credential == '{"v": 1}'
        assert old.created_at.tzinfo is not None


def test_unknown_identifier_version_and_view_are_not_found(engine):
    with session_scope(engine) as s:
        stored = add_version(s, ID_A, _credential(1), {"public": "{}"})
    with session_scope(engine) as s:
        with pytest.raises(NotFoundError):
            latest(s, ID_B.path)
        with pytest.raises(NotFoundError):
            by_version(s, ID_A.path, 2)
        with pytest.raises(NotFoundError) as info:
            view(s, stored.id, "authority")
        assert info.value.details["access_group"] == "authority"


def test_a_credential_without_issuer_is_refused(engine):
    with pytest.raises(InputError) as info:
        with session_scope(engine) as s:
            add_version(s, ID_A, json.dumps({"n": 1}), {})
    assert info.value.details["pointer"] == "/issuer"


def test_listing_pages_through_the_latest_versions(engine):
    ids = [PassportId.gs1("9506000134352", f"S{i}") for i in range(5)]
    with session_scope(engine) as s:
        for pid in ids:
            add_version(s, pid, _credential(1), {})
        add_version(s, ids[0], _credential(2), {})
    with session_scope(engine) as s:
        first = list_passports(s, limit=2)
        assert first.total == 5 and first.next_offset == 2
        seen = [v.identifier for v in first.items]
        offset = first.next_offset
        while offset is not None:
            page = list_passports(s, offset=offset, limit=2)
            seen += [v.identifier for v in page.items]
            offset = page.next_offset
        assert sorted(seen) == sorted(p.path for p in ids)
        newest_of_a = [v for v in list_passports(s, limit=10).items if v.identifier == ids[0].path]
        assert [v.version for v in newest_of_a] == [2]
        with pytest.raises(InputError):
            list_passports(s, limit=0)
