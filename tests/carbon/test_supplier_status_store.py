"""Issue 14, point 4 against the store: a supplier footprint whose status list this service holds is status-checked
at compute time through the one policy (`passport.trust.verify_credential` with the store's sources); once revoked
(or suspended) in the store it drops out of a recomputed footprint with that code. SQLite and PostgreSQL."""

from __future__ import annotations

from functools import partial

import pytest
from sqlalchemy.engine import Engine

import passport
from indices.carbon import footprint, footprint_credential, loader, parse_input
from passport.lifecycle import allocate_status_entries
from passport.lifecycle.statuslist import set_bits
from passport.store.engine import session_scope
from passport.trust import TrustSources, verify_credential
from tests.carbon.conftest import CAM_LOT, links_to
from tests.lifecycle.conftest import BASE_URL, signers

# Hand-computed (SMALL, see test_hand_computed): raw materials 95.0 kg CO2e with the secondary factors; the CAM line
# is 2.0 kg x 20.0 kg CO2e/kg = 40.0. With the supplier's 12.0 kg CO2e/kg on 75 % of it: 2.0 x (0.25 x 20.0 +
# 0.75 x 12.0) = 28.0, so raw materials = 95.0 - 40.0 + 28.0 = 83.0.
RAW_WITH_SUPPLIER = 83.0
RAW_WITHOUT_SUPPLIER = 95.0


def _footprint_with_status(engine: Engine, key) -> tuple[dict, list[dict]]:
    with session_scope(engine) as session:
        entries = allocate_status_entries(session, key.controller, BASE_URL)
    subject = {"product": "cam", "kgCo2ePerKg": "12.0", "lots": [CAM_LOT], "reportingPeriod": "2025"}
    unsigned = footprint_credential(subject, issuer=key.controller)
    unsigned["credentialStatus"] = entries
    return passport.sign(unsigned, key, loader=loader(), created="2026-01-15T00:00:00Z"), entries


@pytest.mark.parametrize(("purpose", "code"), [("revocation", "CREDENTIAL_REVOKED"),
                                               ("suspension", "CREDENTIAL_SUSPENDED")])
def test_a_supplier_footprint_withdrawn_in_the_store_drops_out(engine: Engine, small, cam_key, purpose, code):
    signed, entries = _footprint_with_status(engine, cam_key)
    small["supplierFootprints"] = [signed]
    inp = parse_input(small)
    sources = TrustSources(engine=engine, base_url=BASE_URL, signer_for=signers(cam_key), loader=loader())
    verifier = partial(verify_credential, sources=sources)

    active = footprint(inp, links=links_to(cam_key), verifier=verifier)
    assert [a.line for a in active.supplier_footprints] == ["cam"]
    assert active.rejected_supplier_footprints == ()
    assert active.stages[0].kg_co2e.value == pytest.approx(RAW_WITH_SUPPLIER)

    with session_scope(engine) as session:
        set_bits(session, [e for e in entries if e["statusPurpose"] == purpose], True, signers(cam_key))
    withdrawn = footprint(inp, links=links_to(cam_key), verifier=verifier)
    assert withdrawn.supplier_footprints == ()
    assert [(r.code, r.pointer) for r in withdrawn.rejected_supplier_footprints] == [(code, "/supplierFootprints/0")]
    assert withdrawn.rejected_supplier_footprints[0].digest_sri == active.supplier_footprints[0].digest_sri
    assert withdrawn.stages[0].kg_co2e.value == pytest.approx(RAW_WITHOUT_SUPPLIER)


def test_without_the_store_the_status_is_not_presumed_good(engine: Engine, small, cam_key):
    """Same credential, sources without the store's lists: excluded as STATUS_NOT_CHECKED, never counted."""
    signed, _ = _footprint_with_status(engine, cam_key)
    small["supplierFootprints"] = [signed]
    result = footprint(parse_input(small), links=links_to(cam_key),
                       verifier=partial(verify_credential, sources=TrustSources(loader=loader())))
    assert [r.code for r in result.rejected_supplier_footprints] == ["STATUS_NOT_CHECKED"]
    assert result.stages[0].kg_co2e.value == pytest.approx(RAW_WITHOUT_SUPPLIER)


def test_carbon_recompute_names_a_supplier_footprint_revoked_since(engine: Engine, small, cam_key, tmp_path,
                                                                   monkeypatch):
    """`passport carbon recompute --input`: the published result counted a footprint revoked since -> a finding
    EVIDENCE_WITHDRAWN_SINCE naming its digest, exit 1; the credential not given -> exit 3; still active -> 0."""
    import json

    from typer.testing import CliRunner

    from passport.cli import _context, app
    from passport.settings import get_settings

    with session_scope(engine) as session:       # lists under this service's base URL, signed now
        entries = allocate_status_entries(session, cam_key.controller, get_settings().base_url)
        set_bits(session, entries, False, signers(cam_key))
    subject = {"product": "cam", "kgCo2ePerKg": "12.0", "lots": [CAM_LOT], "reportingPeriod": "2025"}
    unsigned = footprint_credential(subject, issuer=cam_key.controller)
    unsigned["credentialStatus"] = entries
    small["supplierFootprints"] = [passport.sign(unsigned, cam_key, loader=loader(), created="2026-01-15T00:00:00Z")]
    sources = TrustSources.for_service(engine, get_settings(), loader=loader())
    published = footprint(parse_input(small), links=links_to(cam_key), verifier=partial(verify_credential,
                                                                                          sources=sources))
    assert published.stages[0].kg_co2e.value == pytest.approx(RAW_WITH_SUPPLIER)
    digest = published.supplier_footprints[0].digest_sri
    (tmp_path / "result.json").write_text(json.dumps({"result": published.to_json()}))
    (tmp_path / "input.json").write_text(json.dumps(small))
    (tmp_path / "bare.json").write_text(json.dumps({**small, "supplierFootprints": []}))
    monkeypatch.setattr(_context, "engine", lambda: engine)
    runner = CliRunner()
    args = ["carbon", "recompute", str(tmp_path / "result.json"), "--input"]

    still = runner.invoke(app, [*args, str(tmp_path / "input.json")])
    assert still.exit_code == 0 and still.output.startswith("recomputes"), still.output
    missing = runner.invoke(app, [*args, str(tmp_path / "bare.json")])
    assert missing.exit_code == 3 and f"finding [EVIDENCE_NOT_SUPPLIED] {digest}" in missing.output

    with session_scope(engine) as session:
        set_bits(session, [e for e in entries if e["statusPurpose"] == "revocation"], True, signers(cam_key))
    revoked = runner.invoke(app, [*args, str(tmp_path / "input.json")])
    assert revoked.exit_code == 1, revoked.output
    assert f"finding [EVIDENCE_WITHDRAWN_SINCE] {digest}: [CREDENTIAL_REVOKED]" in revoked.output
    assert runner.invoke(app, ["carbon", "recompute", str(tmp_path / "result.json")]).exit_code == 0  # numbers only


def test_the_issue_path_checks_supplier_status_in_the_store(engine: Engine, small, cam_key):
    """`passport issue --carbon` computes with `sections._supplier_verifier(engine)`: the store's lists (this
    service's base URL) decide, so the footprint counts while active and drops out once revoked."""
    from passport.application.sections import _supplier_verifier
    from passport.settings import get_settings

    with session_scope(engine) as session:
        entries = allocate_status_entries(session, cam_key.controller, get_settings().base_url)
        set_bits(session, entries, False, signers(cam_key))
    subject = {"product": "cam", "kgCo2ePerKg": "12.0", "lots": [CAM_LOT], "reportingPeriod": "2025"}
    unsigned = footprint_credential(subject, issuer=cam_key.controller)
    unsigned["credentialStatus"] = entries
    small["supplierFootprints"] = [passport.sign(unsigned, cam_key, loader=loader(), created="2026-01-15T00:00:00Z")]
    inp = parse_input(small)
    active = footprint(inp, links=links_to(cam_key), verifier=_supplier_verifier(engine))
    assert active.stages[0].kg_co2e.value == pytest.approx(RAW_WITH_SUPPLIER)
    with session_scope(engine) as session:
        set_bits(session, [e for e in entries if e["statusPurpose"] == "revocation"], True, signers(cam_key))
    revoked = footprint(inp, links=links_to(cam_key), verifier=_supplier_verifier(engine))
    assert [r.code for r in revoked.rejected_supplier_footprints] == ["CREDENTIAL_REVOKED"]
    assert revoked.stages[0].kg_co2e.value == pytest.approx(RAW_WITHOUT_SUPPLIER)
    offline = footprint(inp, links=links_to(cam_key), verifier=_supplier_verifier(None))
    assert [r.code for r in offline.rejected_supplier_footprints] == ["STATUS_NOT_CHECKED"]
