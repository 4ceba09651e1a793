"""Issue 22, point 1: two organisations issuing the same new identifier at the same moment.

The store decides: the first claim of the identifier wins (primary key on `passport_owner`), the other
organisation is refused NOT_PASSPORT_OWNER, and exactly one version exists. 50 rounds, SQLite and PostgreSQL.
"""

from __future__ import annotations

import copy
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text

from passport.errors import AccessDeniedError
from passport.lifecycle import issue_version
from passport.registry.ownership import owner_of
from passport.store.engine import session_scope
from passport.store.tables import Organisation
from tests.lifecycle.conftest import BASE_URL, example

ROUNDS = 50


def _organisations(engine) -> tuple[int, int]:
    with session_scope(engine) as session:
        a, b = Organisation(name="Maker A", role="manufacturer"), Organisation(name="Maker B", role="manufacturer")
        session.add_all([a, b])
        session.flush()
        return a.id, b.id  # type: ignore[return-value]


def _issue(engine, data, signer, organisation_id, barrier) -> str:
    barrier.wait()
    try:
        with session_scope(engine) as session:
            issue_version(session, data, signer=signer, base_url=BASE_URL, actor=f"org {organisation_id}",
                          organisation_id=organisation_id)
        return "issued"
    except AccessDeniedError as exc:
        assert exc.code == "NOT_PASSPORT_OWNER"
        return "refused"


def test_fifty_races_leave_one_owner_and_one_version(engine, issuer, second_issuer):
    org_a, org_b = _organisations(engine)
    template = example()
    with ThreadPoolExecutor(max_workers=2) as pool:
        for n in range(ROUNDS):
            data = copy.deepcopy(template)
            path = f"/01/04012345000016/21/RACE-{n:03d}"
            data["generalProductInformation"]["uniqueIdentifier"] = path
            barrier = threading.Barrier(2)
            futures = [pool.submit(_issue, engine, data, issuer, org_a, barrier),
                       pool.submit(_issue, engine, data, second_issuer, org_b, barrier)]
            outcomes = sorted(f.result(timeout=120) for f in futures)
            assert outcomes == ["issued", "refused"], (n, outcomes)
            with engine.connect() as conn:
                versions = conn.execute(text("SELECT version, organisation_id FROM passport_version "
                                             "WHERE identifier = :p"), {"p": path}).all()
            with session_scope(engine) as session:
                claimed, owner = owner_of(session, path)
            assert len(versions) == 1 and versions[0][0] == 1, (n, versions)
            assert claimed and owner == versions[0][1], (n, owner, versions)


def test_the_owner_issues_next_versions_and_others_stay_refused(engine, issuer, second_issuer):
    org_a, org_b = _organisations(engine)
    data = example()
    with session_scope(engine) as session:
        issue_version(session, data, signer=issuer, base_url=BASE_URL, actor="a", organisation_id=org_a)
    with session_scope(engine) as session:
        second = issue_version(session, data, signer=issuer, base_url=BASE_URL, actor="a", organisation_id=org_a)
    assert second.stored.version == 2
    with pytest.raises(AccessDeniedError) as info, session_scope(engine) as session:
        issue_version(session, data, signer=second_issuer, base_url=BASE_URL, actor="b", organisation_id=org_b)
    assert info.value.details["pointer"] == "/generalProductInformation/uniqueIdentifier"
