"""Bearer tokens at the passport URL: each failure is a 401 with its code, never a 500, and never logged."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import pytest

from passport.auth import Role, create_token, revoke_token, token_hash_key
from passport.logs import JsonFormatter
from passport.store.engine import session_scope

LD = {"Accept": "application/ld+json"}


def _token(engine, settings, role=Role.NOTIFIED_BODY, days=5, now=None) -> tuple[str, str]:
    with session_scope(engine) as s:
        issued = create_token(s, organisation="Authority X", role=role, expires_in_days=days,
                              key=token_hash_key(settings), now=now)
    return issued.token, issued.info.id


def test_valid_tokens_read_at_their_level(client, engine, api_settings, stored_passports):
    url = stored_passports[0].url
    public = client.get(url, headers=LD).json()["credentialSubject"]
    for role, has_status, has_reports in [(Role.LEGITIMATE_INTEREST, True, False), (Role.NOTIFIED_BODY, True, True),
                                          (Role.MARKET_SURVEILLANCE, True, True), (Role.COMMISSION, True, True),
                                          (Role.MANUFACTURER, False, False), (Role.CONTRIBUTOR, False, False)]:
        token, _ = _token(engine, api_settings, role)
        r = client.get(url, headers={**LD, "Authorization": f"Bearer {token}"})
        assert r.status_code == 200
        subject = r.json()["credentialSubject"]
        assert ("batteryStatus" in subject["generalProductInformation"]) is has_status, role
        assert ("testReports" in subject) is has_reports, role
        assert r.headers["cache-control"].startswith("private")
    assert "batteryStatus" not in public["generalProductInformation"]


@pytest.mark.parametrize("case,code", [("expired", "TOKEN_EXPIRED"), ("revoked", "TOKEN_REVOKED"),
                                       ("wrong", "INVALID_TOKEN"), ("malformed", "INVALID_TOKEN"),
                                       ("scheme", "INVALID_TOKEN")])
def test_bad_tokens_are_401_with_a_reason(client, engine, api_settings, stored_passports, case, code, caplog):
    if case == "expired":
        token, _ = _token(engine, api_settings, days=1, now=datetime.now(timezone.utc) - timedelta(days=2))
        header = f"Bearer {token}"
    elif case == "revoked":
        token, token_id = _token(engine, api_settings)
        with session_scope(engine) as s:
            revoke_token(s, token_id)
        header = f"Bearer {token}"
    elif case == "wrong":
        token, _ = _token(engine, api_settings)
        header = f"Bearer {token[:-2]}xx"
    elif case == "malformed":
        token, header = "garbage", "Bearer garbage"
    else:
        token, _ = _token(engine, api_settings)
        header = f"Basic {token}"
    with caplog.at_level(logging.DEBUG):
        for accept in ("application/ld+json", "text/html", "application/linkset+json"):
            r = client.get(stored_passports[0].url, headers={"Accept": accept, "Authorization": header})
            assert r.status_code == 401
            assert r.json()["error"]["code"] == code
            assert r.headers["www-authenticate"].startswith("Bearer ")
            assert token not in r.text and token not in str(r.headers)
    formatter = JsonFormatter()
    logged = "\n".join(formatter.format(rec) for rec in caplog.records)
    secret = token.split(".")[-1]
    assert secret not in logged and "Authorization" not in logged


def test_authorization_is_redacted_in_structured_logs():
    record = logging.LogRecord("api", logging.INFO, __file__, 1, "request", None, None)
    record.authorization = "Bearer bp_0123456789abcdef.secret"
    record.token = "bp_0123456789abcdef.secret"
    assert "secret" not in JsonFormatter().format(record)


def test_uvicorn_access_log_line_has_no_headers():
    """`passport serve` logs uvicorn's access line: method, path, status — no request headers."""
    from uvicorn.logging import AccessFormatter

    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:1", "GET", "/01/09506000134352/21/A", "1.1", 401), None)
    line = AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s').format(record)
    assert line == '127.0.0.1:1 - "GET /01/09506000134352/21/A HTTP/1.1" 401 Unauthorized'
