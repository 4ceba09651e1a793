"""`passport issue --carbon INPUT.json --custody-lot ID`: the CLI computes the footprint and the custody summary
from the store before it signs, and binds the upstream credentials for authorities only."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
from typer.testing import CliRunner

from passport.application.demo.carbon.load import example_input
from passport.application.demo.custody.chains import PACK_ID
from passport.application.demo.custody.load import load_example
from indices.carbon import footprint, load_links, parse_input, to_passport
from passport.cli import app
from passport.custody.binding import check_binding, merkle_root
from passport.custody.summary import public_summary, upstream_credentials
from passport.application.sections import custody_section

runner = CliRunner()


@pytest.fixture
def cli_env(engine, tmp_path, monkeypatch):
    """The CLI pointed at the test's store (either backend), with the custody example loaded."""
    from passport.cli import _context
    from passport.settings import get_settings

    monkeypatch.setenv("PASSPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PASSPORT_BASE_URL", "https://passports.example.com")
    monkeypatch.setenv("PASSPORT_KEY_ENCRYPTION_KEY", "test passphrase, not a secret")
    monkeypatch.setenv("PASSPORT_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    _context.engine.cache_clear()
    keys = load_example(engine).keys
    key = tmp_path / "issuer.key"
    assert runner.invoke(app, ["keys", "generate", "--suite", "ecdsa-sd-2023", "--out", str(key)]).exit_code == 0
    source = tmp_path / "passport.json"
    source.write_text((files("passport.application.demo") / "passports" / "nmc811-ev-pack.json").read_text())
    carbon = tmp_path / "carbon.json"
    carbon.write_text(json.dumps(example_input("nmc811-ev-pack", keys)))
    yield tmp_path, source, key, carbon
    _context.engine().dispose()
    _context.engine.cache_clear()
    get_settings.cache_clear()


def _authorise(engine, key_file) -> str:
    """The issuer's DID as the pack maker's delegated agent (as the demo's operator is), so it speaks for the lot."""
    from passport.application.demo.issue_passports import operator_speaks_for
    from passport.keys import read_key_file

    did = read_key_file(key_file).controller
    operator_speaks_for(engine, PACK_ID, "Voltara Mobility Europe GmbH (synthetic example)", did)
    return did


def _issue(*args: str):
    result = runner.invoke(app, ["issue", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def test_issue_computes_footprint_and_custody_and_binds_upstream_for_authorities(engine, cli_env):
    tmp_path, source, key, carbon = cli_env
    _authorise(engine, key)
    signed, notes = _issue(str(source), "--key", str(key), "--carbon", str(carbon), "--custody-lot", PACK_ID)
    inp = parse_input(json.loads(carbon.read_text()))
    with engine.connect() as conn:
        links = load_links(conn, PACK_ID, {line.traced_material for line in inp.bill_of_materials
                                           if line.traced_material})
        summary = public_summary(conn, PACK_ID)
        raws = [raw for _id, raw in upstream_credentials(conn, PACK_ID)]
    subject = signed["credentialSubject"]
    assert subject["carbonFootprint"] == to_passport(footprint(inp, links=links), inp.declaration).model_dump(
        mode="json")
    assert subject["supplyChainDueDiligence"]["chainOfCustody"] == custody_section(summary)
    assert check_binding({"relatedResource": signed["relatedResource"], "upstreamMerkleRoot": merkle_root(raws)},
                         raws).verified
    assert "supplier footprints accepted 1" in notes

    path = tmp_path / "signed.json"
    path.write_text(json.dumps(signed))
    for level in ("public", "legitimate_interest", "authority"):
        derived = runner.invoke(app, ["disclose", str(path), "--level", level])
        assert derived.exit_code == 0, derived.output
        assert ("relatedResource" in json.loads(derived.stdout)) == (level == "authority")
        view = tmp_path / f"{level}.json"
        view.write_text(derived.stdout)
        verified = runner.invoke(app, ["verify", str(view)])
        assert verified.exit_code == 0, verified.output


def test_no_custody_rejects_every_supplier_footprint(engine, cli_env):
    _tmp, source, key, carbon = cli_env
    signed, notes = _issue(str(source), "--key", str(key), "--carbon", str(carbon), "--no-custody")
    inp = parse_input(json.loads(carbon.read_text()))
    expected = to_passport(footprint(inp, links=None), inp.declaration).model_dump(mode="json")
    assert signed["credentialSubject"]["carbonFootprint"] == expected
    assert "without a custody trace" in notes and "relatedResource" not in signed
    assert "chainOfCustody" not in signed["credentialSubject"]["supplyChainDueDiligence"]


def test_indices_need_a_custody_lot_and_an_unknown_lot_is_named(engine, cli_env):
    _tmp, source, key, _carbon = cli_env
    result = runner.invoke(app, ["issue", str(source), "--key", str(key), "--indices"])
    assert result.exit_code != 0 and "--indices" in result.output
    result = runner.invoke(app, ["issue", str(source), "--key", str(key), "--custody-lot", "urn:example:no-such-lot"])
    assert result.exit_code != 0 and "NOT_FOUND" in result.output


def test_a_lot_the_issuer_does_not_speak_for_is_refused_and_nothing_is_signed(engine, cli_env):
    """Point 5 of issue 14: before, any lot bound to any battery; now exit 2 naming the lot, issuer and custodian."""
    from passport.application.demo.custody.world import P
    from passport.keys import read_key_file

    _tmp, source, key, _carbon = cli_env
    result = runner.invoke(app, ["issue", str(source), "--key", str(key), "--custody-lot", PACK_ID, "--indices"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "CUSTODY_LOT_NOT_AUTHORISED" in result.stderr
    assert read_key_file(key).controller in result.stderr and P["packs"].id in result.stderr


def test_another_batterys_lot_is_refused(engine, cli_env):
    _tmp, source, key, _carbon = cli_env
    _authorise(engine, key)
    cam = "urn:epc:class:lgtin:9520600.0400001.CM26-077"
    result = runner.invoke(app, ["issue", str(source), "--key", str(key), "--custody-lot", cam])
    assert result.exit_code == 2 and result.stdout == ""
    assert "CUSTODY_LOT_NOT_BOUND" in result.stderr and cam in result.stderr
