"""The audit chain: every write appends one entry; editing or deleting any past entry is detected."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from passport.errors import InputError
from passport.lifecycle import append_audit, list_audit, verify_audit
from passport.audit.tables import AuditEntry
from passport.store.engine import session_scope


def _append(engine, n: int, actor: str = "tester") -> None:
    for i in range(n):
        with session_scope(engine) as session:
            append_audit(session, actor, "update", f"/id/{i}", {"version": i + 1, "note": "é"})


def _verify(engine):
    with session_scope(engine) as session:
        return verify_audit(session)


def test_empty_and_growing_chain_verifies(engine):
    assert _verify(engine).verified and _verify(engine).entries == 0
    _append(engine, 5)
    result = _verify(engine)
    assert result.verified and result.entries == 5 and result.head_seq == 5
    with session_scope(engine) as session:
        records = list_audit(session)
    assert [r.seq for r in records] == [1, 2, 3, 4, 5]
    assert records[0].payload == {"version": 1, "note": "é"}


@pytest.mark.parametrize(("statement", "code"), [
    ("UPDATE audit_entry SET actor = 'mallory' WHERE seq = 3", "AUDIT_ENTRY_EDITED"),
    ("UPDATE audit_entry SET subject = '/id/other' WHERE seq = 2", "AUDIT_ENTRY_EDITED"),
    ("UPDATE audit_entry SET payload = '[99]' WHERE seq = 3", "AUDIT_PAYLOAD_EDITED"),
    ("DELETE FROM audit_entry WHERE seq = 3", "AUDIT_GAP"),
    ("DELETE FROM audit_entry WHERE seq = 1", "AUDIT_GAP"),
    ("DELETE FROM audit_entry WHERE seq = 5", "AUDIT_TAIL_TRUNCATED"),
])
def test_tampering_is_detected(engine, statement, code):
    _append(engine, 5)
    with engine.begin() as connection:
        connection.execute(text(statement))
    result = _verify(engine)
    assert not result.verified
    assert code in {p.code for p in result.problems}


def test_rewriting_an_entry_with_a_fresh_hash_still_breaks_the_next_link(engine):
    """An attacker who recomputes the edited entry's own hash breaks the chain at the entry after it."""
    from passport.audit.chain import entry_hash

    _append(engine, 4)
    with session_scope(engine) as session:
        row = session.get(AuditEntry, 2)
    forged = entry_hash(row.seq, row.at, "mallory", row.action, row.subject, row.payload_digest, row.previous_hash)
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_entry SET actor = 'mallory', entry_hash = :h WHERE seq = 2"),
                           {"h": forged})
    problems = _verify(engine).problems
    assert [(p.seq, p.code) for p in problems] == [(3, "AUDIT_CHAIN_BROKEN")]


def test_concurrent_appends_leave_no_gap_and_no_fork(engine):
    errors: list[Exception] = []

    def worker(name: str) -> None:
        try:
            _append(engine, 10, actor=name)
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(f"writer-{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = _verify(engine)
    assert result.verified and result.entries == 40 and result.head_seq == 40


def test_a_failed_write_leaves_no_entry(engine):
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        append_audit(session, "tester", "update", "/id/x", {})
        raise RuntimeError("the write it records failed")
    assert _verify(engine).entries == 0


def test_unknown_action_is_refused(engine):
    with session_scope(engine) as session, pytest.raises(InputError) as info:
        append_audit(session, "tester", "drop-table", "/id/x", {})
    assert info.value.code == "UNKNOWN_AUDIT_ACTION"
