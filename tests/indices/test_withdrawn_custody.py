"""Issue 14, point 4 for custody credentials, over a real store (SQLite and PostgreSQL): a contribution whose
credential carries a status entry in this service's lists counts while it is valid; once revoked, `indices
compute` publishes no traced share for the material whose lineage it touched (tin here) and says why with
CUSTODY_CREDENTIAL_REVOKED naming its digestSRI (also in `indices explain`)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

import passport
from indices.evidence.credentials import loader
from indices.store import latest, policy_verifier
from passport.application.demo.custody.chains import PACK_ID, PACK_PASSPORT_PATH, all_contributions, tin_chain
from passport.application.demo.custody.world import DELEGATIONS, P, S, TAG_ALLOCATIONS, site_status
from passport.cli import _context, app
from passport.custody.credential import event_credential
from passport.custody.intake import submit
from passport.custody.repository import allocate_tags, delegate, register_party, register_site
from passport.keys import generate_key_pair
from passport.lifecycle import allocate_status_entries
from passport.lifecycle.statuslist import set_bits
from passport.settings import get_settings
from passport.store.engine import session_scope
from tests.lifecycle.conftest import signers

runner = CliRunner()


def _load_with_status(engine):
    """The demo world and chains, the tin mine's first contribution signed with status entries (not set)."""
    keys = {name: generate_key_pair("Ed25519") for name in P}
    with engine.begin() as conn:
        for name, party in P.items():
            register_party(conn, party.id, name=party.name, did=keys[name].controller, country=party.country)
        for agent, principal in DELEGATIONS:
            delegate(conn, agent, principal)
        for site in S.values():
            register_site(conn, site.id, party=site.party, country=site.country, origin=site.origin,
                          programme=site.programme, name=site.name)
        for key, tags in TAG_ALLOCATIONS.items():
            allocate_tags(conn, S[key].id, tags)
    first_tin = {e.event_id for e in tin_chain()[0].events}
    verify = policy_verifier(engine, None)
    marked = None
    for contribution in all_contributions():
        key = keys[contribution.signer]
        credential = event_credential(contribution.events, issuer=key.controller,
                                      issuer_name=P[contribution.signer].name,
                                      valid_from=min(e.event_time for e in contribution.events))
        entries = None
        if {e.event_id for e in contribution.events} == first_tin:
            with session_scope(engine) as session:
                entries = allocate_status_entries(session, key.controller, get_settings().base_url)
                set_bits(session, entries, False, signers(key))
            credential["credentialStatus"] = entries
        raw = json.dumps(passport.sign(credential, key, loader=loader())).encode()
        receipt = submit(engine, raw, verify=verify, site_status=site_status)
        if entries is not None:
            marked = (receipt.digest_sri, entries, key)
    assert marked is not None
    return marked


def _traced(inputs) -> dict[str, float]:
    return {t.material: round(t.traced_share, 9) for t in inputs.materials}


def test_a_revoked_custody_credential_withdraws_its_materials_traced_share(engine, monkeypatch):
    digest, entries, key = _load_with_status(engine)
    monkeypatch.setattr(_context, "engine", lambda: engine)

    before = runner.invoke(app, ["indices", "compute", PACK_ID, "--json"])
    assert before.exit_code == 0, before.output
    assert json.loads(before.output)["rejected"] == []
    with engine.connect() as conn:
        traced_before = _traced(latest(conn, PACK_ID).inputs)
    assert traced_before["Sn"] > 0

    with session_scope(engine) as session:      # the tin mine revokes its contribution
        set_bits(session, [e for e in entries if e["statusPurpose"] == "revocation"], True, signers(key))

    after = runner.invoke(app, ["indices", "compute", PACK_ID, "--json"])
    assert after.exit_code == 0, after.output
    assert [(r["digest"], r["code"]) for r in json.loads(after.output)["rejected"]] == [
        (digest, "CUSTODY_CREDENTIAL_REVOKED")]
    with engine.connect() as conn:
        inputs = latest(conn, PACK_ID).inputs
        traced_after = _traced(inputs)
    # tin is published untraced (0), every other material exactly as before
    assert traced_after == {**traced_before, "Sn": 0.0}
    # the published traced share of the material mass loses exactly tin's mass (ledger masses: Co, Sn, Ta traced
    # whole before; Co and Ta after)
    mass = {t.material: t.mass_mg for t in inputs.materials}
    total = sum(mass.values())
    traced_whole = mass["Co"] + mass["Sn"] + mass["Ta"]
    assert json.loads(before.output)["child_labour"]["traced"] == round(traced_whole / total, 6)
    assert json.loads(after.output)["child_labour"]["traced"] == round((mass["Co"] + mass["Ta"]) / total, 6)
    explained = runner.invoke(app, ["indices", "explain", PACK_PASSPORT_PATH])
    assert f"rejected evidence {digest}: [CUSTODY_CREDENTIAL_REVOKED]" in explained.output
