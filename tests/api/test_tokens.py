"""Bearer tokens: hashed at rest, scoped, expiring, revocable; every failure is an AuthenticationError."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from passport.auth import AuthenticationError, Role, authenticate, create_token, list_tokens, revoke_token
from passport.auth.tables import ApiToken
from passport.auth.tokens import token_hash_key
from passport.errors import InputError, NotFoundError
from passport.store.engine import session_scope

KEY = b"k" * 32
NOW = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)


def _issue(engine, role=Role.NOTIFIED_BODY, days=30):
    with session_scope(engine) as s:
        return create_token(s, organisation="TÜV Test", role=role, expires_in_days=days, key=KEY, now=NOW)


def test_a_valid_token_gives_its_role_and_level(engine):
    issued = _issue(engine)
    with session_scope(engine) as s:
        caller = authenticate(s, issued.token, key=KEY, now=NOW + timedelta(days=1))
    assert (caller.role, caller.access_level, caller.organisation) == (Role.NOTIFIED_BODY, "authority", "TÜV Test")
    assert caller.token_id == issued.info.id and caller.organisation_id is not None


def test_only_a_keyed_hash_is_stored(engine):
    issued = _issue(engine)
    secret = issued.token.split(".", 1)[1]
    with session_scope(engine) as s:
        row = s.exec(select(ApiToken)).one()
    assert secret not in row.secret_hash and len(row.secret_hash) == 64
    assert issued.token not in repr(issued)


@pytest.mark.parametrize("mutate,code", [
    (lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), "INVALID_TOKEN"),
    (lambda t: "bp_0000000000000000." + t.split(".", 1)[1], "INVALID_TOKEN"),
    (lambda t: "not-a-token", "INVALID_TOKEN"),
    (lambda t: "", "INVALID_TOKEN"),
])
def test_wrong_tokens_are_refused(engine, mutate, code):
    issued = _issue(engine)
    with session_scope(engine) as s:
        with pytest.raises(AuthenticationError) as info:
            authenticate(s, mutate(issued.token), key=KEY, now=NOW)
    assert info.value.code == code
    assert issued.token.split(".", 1)[1] not in str(info.value.to_dict())


def test_the_server_key_matters(engine):
    issued = _issue(engine)
    with session_scope(engine) as s:
        with pytest.raises(AuthenticationError):
            authenticate(s, issued.token, key=b"other" * 8, now=NOW)


def test_expired_token(engine):
    issued = _issue(engine, days=1)
    with session_scope(engine) as s:
        with pytest.raises(AuthenticationError) as info:
            authenticate(s, issued.token, key=KEY, now=NOW + timedelta(days=1))
    assert info.value.code == "TOKEN_EXPIRED"


def test_revoked_token(engine):
    issued = _issue(engine)
    with session_scope(engine) as s:
        first = revoke_token(s, issued.info.id, now=NOW)
        again = revoke_token(s, issued.info.id, now=NOW + timedelta(hours=1))
    assert first.revoked_at == again.revoked_at
    with session_scope(engine) as s:
        with pytest.raises(AuthenticationError) as info:
            authenticate(s, issued.token, key=KEY, now=NOW)
        assert info.value.code == "TOKEN_REVOKED"
        assert [t.state(NOW) for t in list_tokens(s)] == ["revoked"]


def test_revoking_an_unknown_token_is_not_found(engine):
    with session_scope(engine) as s:
        with pytest.raises(NotFoundError):
            revoke_token(s, "tok_ffffffffffffffff")


@pytest.mark.parametrize("kwargs,field", [({"role": "janitor"}, "role"), ({"expires_in_days": 0}, "expires"),
                                          ({"organisation": " "}, "organisation")])
def test_bad_token_requests_name_the_field(engine, kwargs, field):
    args = {"organisation": "Org", "role": "commission", "expires_in_days": 5, "key": KEY} | kwargs
    with pytest.raises(InputError) as info:
        with session_scope(engine) as s:
            create_token(s, **args)
    assert info.value.details["field"] == field


def test_role_levels():
    from passport.auth import access_level_of
    from passport.model.access import AccessGroup

    assert {access_level_of(r) for r in Role} <= {g.value for g in AccessGroup}
    assert access_level_of(None) == "public"
    assert access_level_of(Role.COMMISSION) == "authority"
    assert access_level_of(Role.LEGITIMATE_INTEREST) == "legitimate_interest"


def test_hash_key_is_generated_once_and_derived_from_the_kek(settings, tmp_path):
    first = token_hash_key(settings)
    assert token_hash_key(settings) == first
    assert (settings.data_dir / "token-hash.key").stat().st_mode & 0o777 == 0o600
    from passport.settings import load_settings

    a = token_hash_key(load_settings(data_dir=tmp_path / "a", key_encryption_key="pass"))
    b = token_hash_key(load_settings(data_dir=tmp_path / "b", key_encryption_key="pass"))
    assert a == b != first
