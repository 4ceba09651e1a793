"""Issue 22, point 1 over HTTP: two organisations POST the same new identifier at the same moment.

`/id/{uuid}` identifiers carry no company prefix, so only the store's atomic claim decides: one 201, one 403
NOT_PASSPORT_OWNER, one version, every round. (The store-level test runs 50 rounds: tests/lifecycle.)
"""

from __future__ import annotations

import copy
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from sqlalchemy import text

from passport.keys import generate_key_pair
from tests.api.test_issuer_api import _maker_token, data  # noqa: F401  (fixture)

ROUNDS = 8


def test_two_organisations_racing_for_one_identifier_leave_one_owner(app, engine, api_settings, issuer_key, data):
    a = {"Authorization": f"Bearer {_maker_token(engine, api_settings, issuer_key)}"}
    b = {"Authorization": f"Bearer {_maker_token(engine, api_settings, generate_key_pair('P-256'), name='Rival')}"}
    with TestClient(app) as client, ThreadPoolExecutor(max_workers=2) as pool:
        for n in range(ROUNDS):
            body = copy.deepcopy(data)
            path = f"/id/{uuid.uuid4()}"
            body["generalProductInformation"]["uniqueIdentifier"] = path
            barrier = threading.Barrier(2)

            def post(headers):
                barrier.wait()
                return client.post("/api/v1/passports", json=body, headers=headers)

            responses = [f.result(timeout=120) for f in [pool.submit(post, a), pool.submit(post, b)]]
            statuses = sorted(r.status_code for r in responses)
            assert statuses == [201, 403], (n, [r.json() for r in responses])
            refused = next(r for r in responses if r.status_code == 403)
            assert refused.json()["error"]["code"] == "NOT_PASSPORT_OWNER"
            with engine.connect() as conn:
                versions = conn.execute(text("SELECT version FROM passport_version WHERE identifier = :p"),
                                        {"p": path}).scalars().all()
            assert versions == [1], (n, versions)
