"""Schemathesis against the OpenAPI document: generated requests to every operation, no server error.

Runs on SQLite with the example passports stored, as the public and as an issuer (manufacturer token), so the
issuer endpoints validate generated bodies instead of stopping at 401. Operations with large request bodies get
fewer examples: generating Annex XIII passports is the slow part, not the server.
"""

from __future__ import annotations

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from api.app import create_app
from passport.auth import Role, create_token, token_hash_key
from passport.settings import load_settings
from passport.store.engine import create_store_engine, session_scope
from passport.store.migrate import upgrade
from passport.registry.issue import store
from tests.api.conftest import BASE_URL



@schemathesis.serializer("application/x-ndjson")
def _ndjson(_ctx, value):  # type: ignore[no-untyped-def]
    """The bulk custody endpoint's body (one credential per line): the generated text, sent as it is."""
    return str(value).encode("utf-8", "surrogatepass")


def test_no_operation_answers_with_a_server_error(tmp_path, signed_examples):
    # Rate limits off: hundreds of generated requests from one address would otherwise reach 429s, not handlers.
    app_settings = load_settings(data_dir=tmp_path / "data", base_url=BASE_URL, log_format="console",
                                 rate_limits_enabled=False)
    engine = create_store_engine(app_settings.effective_database_url)
    upgrade(engine)
    with session_scope(engine) as session:
        for _name, _data, signed in signed_examples:
            store(session, signed)
        issued = create_token(session, organisation="Fuzz Maker", role=Role.MANUFACTURER, expires_in_days=1,
                              key=token_hash_key(app_settings))
        token = issued.token
        from passport.organisations import get_organisation
        from tests.conftest import hold_example_prefixes

        hold_example_prefixes(session, get_organisation(session, "fuzz-maker"))
    app = create_app(app_settings)
    with TestClient(app):
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 6
        for operation in operations:
            heavy = operation.method.upper() in {"POST", "PUT", "PATCH"}
            for headers in ({}, {"Authorization": f"Bearer {token}"}):

                @given(case=operation.as_strategy())
                @settings(max_examples=4 if heavy else 20, deadline=None, database=None,
                          suppress_health_check=list(HealthCheck))
                def check(case):
                    response = case.call(headers=headers)
                    assert response.status_code < 500, (case.method, case.formatted_path, response.status_code,
                                                         response.text[:300])

                check()
    labels = [operation.label for operation in operations]
    assert any("/01/" in label for label in labels) and "POST /api/v1/passports" in labels
