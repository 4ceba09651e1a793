"""The audit chain's format is migrated, not silently changed: entries hashed before revision 0100 (format 1,
sorted-keys JSON) still verify after the upgrade, and new entries are hashed over RFC 8785 (format 2)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import pytest
import rfc8785
from sqlalchemy import text

from passport.audit import append_audit, verify_audit
from passport.store.engine import session_scope
from passport.store.migrate import head_revisions, upgrade
from tests.conftest import migrated_store

AT = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


def _format_1(seq: int, previous: str, payload: dict) -> dict:
    """An entry as the code before revision 0100 wrote it (hand-written here, the oracle: sorted-keys JSON)."""
    def old(value: object) -> str:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)

    body = old(payload)
    digest = hashlib.sha256(body.encode()).hexdigest()
    fields = {"seq": seq, "at": AT.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "actor": "cli", "action": "update",
              "subject": f"/id/{seq}", "payloadDigest": digest, "previousHash": previous}
    return {"seq": seq, "at": AT, "actor": "cli", "action": "update", "subject": f"/id/{seq}", "payload": body,
            "payload_digest": digest, "previous_hash": previous,
            "entry_hash": hashlib.sha256(old(fields).encode()).hexdigest()}


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_chain_written_before_0100_still_verifies_and_continues_in_jcs(backend, tmp_path, postgres_available):
    before = sorted(head_revisions() - {"0100"}) + ["0006", "0051"]
    with migrated_store(backend, tmp_path, postgres_available, revisions=before) as engine:
        previous = "0" * 64
        with engine.begin() as conn:
            for seq in (1, 2):
                row = _format_1(seq, previous, {"b": 1.0, "é": "x", "a": [seq]})
                conn.execute(text("INSERT INTO audit_entry (seq, at, actor, action, subject, payload, payload_digest, "
                                  "previous_hash, entry_hash) VALUES (:seq, :at, :actor, :action, :subject, "
                                  ":payload, :payload_digest, :previous_hash, :entry_hash)"), row)
                previous = row["entry_hash"]
            conn.execute(text("UPDATE audit_head SET seq = 2, entry_hash = :h WHERE id = 1"), {"h": previous})
        upgrade(engine)
        with session_scope(engine) as session:
            assert verify_audit(session).verified
            append_audit(session, "cli", "update", "/id/3", {"b": 1.0, "é": "x", "a": [3]}, now=AT)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT seq, format, payload FROM audit_entry ORDER BY seq")).all()
        assert [(r.seq, r.format) for r in rows] == [(1, 1), (2, 1), (3, 2)]
        # format 1 wrote 1.0 and put "é" after "b"; JCS writes 1 and sorts by UTF-16 code units
        assert rows[0].payload == '{"a":[1],"b":1.0,"é":"x"}'
        assert rows[2].payload == rfc8785.dumps({"a": [3], "b": 1, "é": "x"}).decode() == '{"a":[3],"b":1,"é":"x"}'
        with session_scope(engine) as session:
            result = verify_audit(session)
        assert result.verified and result.entries == 3
        with engine.begin() as conn:                 # a format-1 entry edited after the upgrade is still caught
            conn.execute(text("UPDATE audit_entry SET actor = 'mallory' WHERE seq = 1"))
        with session_scope(engine) as session:
            assert [p.code for p in verify_audit(session).problems] == ["AUDIT_ENTRY_EDITED"]
