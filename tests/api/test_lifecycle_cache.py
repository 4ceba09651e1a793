"""A status change by the issuer shows on the QR page at once: the lifecycle routes drop the cached state."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from api.app import create_app
from passport.lifecycle import issue_version
from passport.settings import load_settings
from passport.store.engine import session_scope
from tests.lifecycle.conftest import BASE_URL, data, issuer  # noqa: F401  (fixtures)
from tests.lifecycle.test_api import _organisation

HTML = {"Accept": "text/html", "Accept-Language": "en"}


def test_suspension_and_reinstatement_show_on_the_page_at_once(engine, tmp_path, issuer, data):  # noqa: F811
    settings = load_settings(data_dir=tmp_path / "data", base_url=BASE_URL, log_format="console",
                             database_url=engine.url.render_as_string(hide_password=False))
    org_id, token = _organisation(engine, settings, issuer, "Maker A")
    with session_scope(engine) as session:
        issued = issue_version(session, data, signer=issuer, base_url=BASE_URL, actor="Maker A",
                               organisation_id=org_id, now=datetime(2026, 1, 10, tzinfo=UTC))
    page, api = issued.url.removeprefix(BASE_URL), f"/api/v1/passports{issued.identifier.path}"
    maker = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(settings)) as client:
        assert "SUSPENDED" not in client.get(page, headers=HTML).text  # the state "active" is now cached
        assert client.post(f"{api}/suspension", json={"reason": "recall"}, headers=maker).status_code == 200
        assert "SUSPENDED" in client.get(page, headers=HTML).text
        assert client.post(f"{api}/reinstatement", json={}, headers=maker).status_code == 200
        assert "SUSPENDED" not in client.get(page, headers=HTML).text
