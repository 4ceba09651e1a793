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


def test_issuer_key_creation_and_rotation_are_audited(engine, settings):
    from passport.keys.keystore import create_issuer_key, rotate_issuer_key
    from passport.store.tables import Organisation

    with session_scope(engine) as session:
        org = Organisation(name="Maker A", role="manufacturer", did="did:web:maker-a.example")
        session.add(org)
        session.flush()
        org_id = org.id
    first = create_issuer_key(engine, org_id, suite="ecdsa-rdfc-2019", settings=settings)
    second = rotate_issuer_key(engine, org_id, suite="ecdsa-rdfc-2019", settings=settings)
    with session_scope(engine) as session:
        entries = [e for e in list_audit(session) if e.action.startswith("key-")]
        assert verify_audit(session).verified
    assert [(e.action, e.subject) for e in entries] == [("key-create", first.verification_method),
                                                         ("key-rotate", second.verification_method)]
    assert entries[1].payload["retired"] == first.verification_method
    assert "secret" not in str([e.payload for e in entries]).lower()
