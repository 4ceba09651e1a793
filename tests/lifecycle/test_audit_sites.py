"""Write sites outside the lifecycle append to the audit chain in their own transaction: imports."""

from __future__ import annotations

from indices.bettermining.importer import import_files
from passport.lifecycle import list_audit, verify_audit
from passport.store.engine import session_scope
from tests.bettermining.conftest import FILES_2022


def test_better_mining_import_is_audited(engine, better_mining_dir):
    summary = import_files(engine, [better_mining_dir / name for name in FILES_2022])
    with session_scope(engine) as session:
        [entry] = list_audit(session, action="import")
        assert verify_audit(session).verified
    assert entry.actor == "bettermining-import"
    assert [f["file"] for f in entry.payload["files"]] == [f.file for f in summary.files]
    assert [f["inserted"] for f in entry.payload["files"]] == [f.inserted for f in summary.files]
