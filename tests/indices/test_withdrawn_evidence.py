"""Issue 14, point 4 for the indices, over a real store (SQLite and PostgreSQL): an assessment whose status list
this service holds is status-checked at compute time even though it passed intake; once revoked it is excluded
with CREDENTIAL_REVOKED (shown by `indices explain`), and `indices recompute` of the result published before
reports that it relied on it (EVIDENCE_WITHDRAWN_SINCE naming the digest, exit 1)."""

from __future__ import annotations

import json
import time

from typer.testing import CliRunner

import passport
from indices.evidence.credentials import loader
from indices.evidence.digest import json_digest
from passport.application.demo.custody.chains import PACK_ID, PACK_PASSPORT_PATH
from passport.application.demo.indices.load import PROGRAMME_FILES, signed_assessments
from passport.cli import _context, app
from passport.keys import generate_key_pair
from passport.lifecycle import allocate_status_entries
from passport.lifecycle.statuslist import set_bits
from passport.settings import get_settings
from passport.store.engine import session_scope
from tests.lifecycle.conftest import signers

runner = CliRunner()


def _with_status(engine, credential: dict, key) -> tuple[dict, list[dict]]:
    """`credential` re-signed with status entries in this service's lists (both lists signed, no bit set)."""
    with session_scope(engine) as session:
        entries = allocate_status_entries(session, key.controller, get_settings().base_url)
        set_bits(session, entries, False, signers(key))
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    unsigned["credentialStatus"] = entries
    return passport.sign(unsigned, key, loader=loader()), entries


def test_a_revoked_assessment_stops_counting_and_recompute_names_it(engine, monkeypatch):
    from indices.bettermining import import_files
    from indices.store import add_assessments
    from passport.application.demo.custody.load import load_example

    loaded = load_example(engine)
    import_files(engine, PROGRAMME_FILES)
    keys = {**loaded.keys, "assessor": generate_key_pair("Ed25519")}
    by_did = {k.controller: k for k in keys.values()}
    credentials = signed_assessments(keys)
    first, entries = _with_status(engine, credentials[0], by_did[credentials[0]["issuer"]])
    digest = json_digest(first)
    outcomes = add_assessments(engine, [first, *credentials[1:]])
    assert all(hasattr(o, "company") for o in outcomes), [o for o in outcomes if not hasattr(o, "company")]
    monkeypatch.setattr(_context, "engine", lambda: engine)

    before = runner.invoke(app, ["indices", "compute", PACK_ID, "--json"])
    assert before.exit_code == 0, before.output
    published = json.loads(before.output)
    assert published["rejected"] == []
    assert digest in published["child_labour"]["evidence"] + published["human_rights"]["evidence"]
    assert runner.invoke(app, ["indices", "recompute", PACK_ID]).exit_code == 0

    time.sleep(1.1)   # the revocation comes in a later second than the computation: the re-signed list is
    # valid from then, after computed_at, so recompute must check status as of now (not as of computed_at)
    with session_scope(engine) as session:      # the assessor revokes it
        set_bits(session, [e for e in entries if e["statusPurpose"] == "revocation"], True,
                 signers(by_did[first["issuer"]]))

    stale = runner.invoke(app, ["indices", "recompute", PACK_ID, "--json"])
    assert stale.exit_code == 1, stale.output
    report = json.loads(stale.output)
    assert [(f["code"], f["digest"], f["status"]) for f in report["findings"]] == [
        ("EVIDENCE_WITHDRAWN_SINCE", digest, "CREDENTIAL_REVOKED")]
    text = runner.invoke(app, ["indices", "recompute", PACK_ID])
    assert text.exit_code == 1 and f"finding [EVIDENCE_WITHDRAWN_SINCE] {digest}: [CREDENTIAL_REVOKED]" in text.output

    after = runner.invoke(app, ["indices", "compute", PACK_ID, "--json"])   # passed intake, status checked now
    assert after.exit_code == 0, after.output
    recomputed = json.loads(after.output)
    assert [(r["digest"], r["code"]) for r in recomputed["rejected"]] == [(digest, "CREDENTIAL_REVOKED")]
    assert digest not in recomputed["child_labour"]["evidence"] + recomputed["human_rights"]["evidence"]
    explained = runner.invoke(app, ["indices", "explain", PACK_PASSPORT_PATH])
    assert f"rejected evidence {digest}: [CREDENTIAL_REVOKED]" in explained.output
    assert runner.invoke(app, ["indices", "recompute", PACK_ID]).exit_code == 0   # known-withdrawn: nothing new
