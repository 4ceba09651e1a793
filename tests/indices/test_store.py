"""The indices over a real store (SQLite and PostgreSQL): programme counts in SQL, custody flows, and the CLI
from compute to explain and recompute on the example pack."""

from __future__ import annotations

import datetime as dt
import json
import zlib

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from indices.bettermining import CorrectiveAction, import_files
from indices.bettermining.queries import load_incidents
from indices.bettermining.rollup import live_site_counts, site_counts_from_store
from indices.bettermining.site_counts import site_counts_from_records
from indices.evidence.custody import battery_flows
from passport.application.demo.custody.chains import PACK_ID, PACK_PASSPORT_PATH
from passport.application.demo.indices.load import PROGRAMME_FILES
from passport.cli import _context, app

runner = CliRunner()


@pytest.mark.parametrize("chunk", [900, 1], ids=["by-site", "one-pass"])
def test_programme_counts_in_sql_agree_with_the_records(engine, chunk, monkeypatch):
    from indices.bettermining import rollup as programme

    monkeypatch.setattr(programme, "_CHUNK", chunk)     # 1: four sites are "many", read in one pass
    import_files(engine, PROGRAMME_FILES)
    incidents = load_incidents(engine)
    actions = [CorrectiveAction.model_validate(a) for a in json.loads(PROGRAMME_FILES[2].read_text(encoding="utf-8"))]
    sites = sorted({i.site_id for i in incidents if i.site_id})
    with engine.connect() as conn:
        from_store = site_counts_from_store(conn, sites)
        assert live_site_counts(conn, sites) == from_store          # the rollup the import kept and the raw SQL
    assert len(from_store) == 4
    for site in sites:
        assert from_store[site] == site_counts_from_records(site, incidents, actions)
    # RW-A: a major breach answered by an accelerated CAP 3 days later; a high incident answered in 18 days;
    # a low one needing nothing. 2 actions: 1 implemented, 1 in progress; the treated risk did not recur.
    rwa = from_store["urn:epc:id:sgln:9521100.00011.0"]
    assert (rwa.incidents, rwa.needing_response, rwa.responded_in_time, rwa.response_days_total) == (3, 2, 2, 21)
    assert (rwa.major_breaches, rwa.major_breaches_with_cap, rwa.treated_risks, rwa.recurred_risks) == (1, 1, 1, 0)
    # CD-01: the child-labour risk came back in May after the action implemented in March
    assert from_store["urn:epc:id:sgln:9520100.00011.0"].recurred_risks == 1


def test_a_period_narrows_the_counts(engine):
    import datetime as dt

    import_files(engine, PROGRAMME_FILES)
    with engine.connect() as conn:
        counts = site_counts_from_store(conn, ["urn:epc:id:sgln:9520100.00011.0"],
                                        period_from=dt.date(2026, 4, 1), period_to=dt.date(2026, 12, 31))
    site = counts["urn:epc:id:sgln:9520100.00011.0"]
    assert (site.incidents, site.needing_response, site.actions_assigned) == (1, 1, 1)


def _rollup(engine) -> dict[str, tuple[int, ...]]:
    with engine.connect() as conn:
        return {r[0]: tuple(r[1:]) for r in conn.execute(text("SELECT * FROM bm_site_counts ORDER BY site_id"))}


def _live(engine) -> dict[str, tuple[int, ...]]:
    from indices.bettermining.site_counts import COUNT_FIELDS

    with engine.connect() as conn:
        return {s: tuple(getattr(c, f) for f in COUNT_FIELDS) for s, c in sorted(live_site_counts(conn, None).items())}


def test_the_import_keeps_the_site_counts_rollup_current(engine, tmp_path):
    import_files(engine, PROGRAMME_FILES)
    rollup = _rollup(engine)
    assert len(rollup) == 4 and rollup == _live(engine)
    with engine.connect() as conn:                      # what the indices read is the rollup, equal to the live SQL
        sites = sorted(rollup)
        assert site_counts_from_store(conn, sites) == live_site_counts(conn, sites)

    # a second import moves CD-01's actions to RW-A's site and changes one status: both sites are recounted
    cd01, rwa = "urn:epc:id:sgln:9520100.00011.0", "urn:epc:id:sgln:9521100.00011.0"
    actions = json.loads(PROGRAMME_FILES[2].read_text(encoding="utf-8"))
    moved = [a for a in actions if a.get("site_id") == cd01]
    assert moved
    for a in moved:
        a["site_id"], a["incident_id"] = rwa, None
    changed = tmp_path / "corrective_actions.json"
    changed.write_text(json.dumps(actions), encoding="utf-8")
    before = _rollup(engine)
    import_files(engine, [changed])
    after = _rollup(engine)
    assert after == _live(engine)
    assert after[cd01] != before[cd01] and after[rwa] != before[rwa]
    from indices.bettermining.site_counts import COUNT_FIELDS

    assigned = COUNT_FIELDS.index("actions_assigned")
    assert after[rwa][assigned] == before[rwa][assigned] + len(moved)
    assert after[cd01][assigned] == before[cd01][assigned] - len(moved)
    untouched = set(before) - {cd01, rwa}
    assert {s: after[s] for s in untouched} == {s: before[s] for s in untouched}


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_revision_0021_carries_the_data_already_stored(backend, tmp_path, postgres_available):
    """A store holding Better Mining rows and an index disclosure before revision 0021 gets its rollup, and its
    disclosure compressed, when upgraded."""
    from indices.evidence.inputs import IndexInputs
    from passport.store.migrate import head_revisions, upgrade
    from tests.conftest import migrated_store

    before = sorted(head_revisions() - {"0021"}) + ["0020", "0002"]          # everything but 0021
    with migrated_store(backend, tmp_path, postgres_available, revisions=before) as engine:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO bm_site (id, country, minerals, site_type, programme_status, "
                              "content_hash) VALUES ('S1', 'CD', 'tin', 'asm', 'active', 'x')"))
            for n, (day, category) in enumerate([("2026-01-05", "high"), ("2026-02-01", "low"),
                                                 ("2026-03-01", "high")]):
                conn.execute(text(
                    "INSERT INTO bm_incident (id, site_id, date, month, incident_type, score_category, "
                    "risk_category, risk, major_breach, content_hash, source_file, source_row) VALUES (:id, 'S1', "
                    ":day, :month, 't', :category, 'human_rights', 'bribery', false, 'x', 'f', 0)"),
                    {"id": f"I{n}", "day": dt.date.fromisoformat(day), "month": day[:7], "category": category})
            conn.execute(text(
                "INSERT INTO bm_corrective_action (id, risk, action, status, site_id, incident_id, major_breach, "
                "assigned_on, content_hash, source_file, source_row) VALUES ('A1', 'bribery', 'a', 'implemented', "
                "'S1', 'I0', false, :day, 'x', 'f', 0)"), {"day": dt.date(2026, 1, 25)})
            inputs = {"subject": "urn:example:lot:1", "computed_at": "2026-09-30T12:00:00Z",
                      "rulebooks": [{"id": "r", "version": "1", "digest": "d"}]}
            conn.execute(text(
                "INSERT INTO index_disclosure (subject, computed_at, inputs_digest, inputs, result) VALUES "
                "('urn:example:lot:1', :at, 'd', :inputs, :result)"),
                {"at": dt.datetime(2026, 9, 30, 12, tzinfo=dt.UTC), "inputs": json.dumps(inputs),
                 "result": json.dumps({"child_labour": {"score": 71.5}})})
        upgrade(engine)
        rollup = _rollup(engine)
        assert rollup == _live(engine)
        with engine.connect() as conn:
            s1 = site_counts_from_store(conn, ["S1"])["S1"]
            kept = conn.execute(text("SELECT subject, inputs, result FROM index_disclosure")).one()
        # 3 incidents, 2 needing a response, 1 answered (20 days, in time), 1 action implemented
        assert (s1.incidents, s1.needing_response, s1.responded, s1.response_days_total, s1.responded_in_time,
                s1.actions_assigned, s1.actions_implemented) == (3, 2, 1, 20, 1, 1, 1)
        assert json.loads(zlib.decompress(kept.result)) == {"child_labour": {"score": 71.5}}
        assert IndexInputs.model_validate_json(zlib.decompress(kept.inputs)).subject == "urn:example:lot:1"


def test_flows_add_up_to_the_custody_trace(engine):
    from passport.application.demo.custody.load import load_example
    from passport.application.demo.custody.world import site_status
    from passport.custody.trace import trace_origins

    load_example(engine)
    with engine.connect() as conn:
        traces, companies = battery_flows(conn, PACK_ID, ["Co", "Ni", "Sn", "Ta"], site_status=site_status)
        for trace in traces:
            expected = trace_origins(conn, PACK_ID, trace.material, site_status=site_status)
            by_site: dict[str, float] = {}
            for flow in trace.flows:
                by_site[flow.site] = by_site.get(flow.site, 0.0) + flow.share
                assert flow.companies[-1] == "urn:epc:id:pgln:9520800.00001"   # the pack maker ends every flow
            assert by_site == pytest.approx({o.site: o.share for o in expected.origins})
            assert 1 - trace.traced_share == pytest.approx(expected.unknown_share, abs=1e-9)
            assert {f.site: f.monitored for f in trace.flows} == {o.site: o.monitored for o in expected.origins}
    assert {t.material for t in traces} == {"Co", "Ni", "Sn", "Ta"}
    assert next(t for t in traces if t.material == "Ni").flows == ()          # nickel is untraced
    assert all(c.did and c.did.startswith("did:key:") for c in companies)


def test_a_lineage_cycle_is_named_not_looped(engine):
    from passport.application.demo.custody.load import load_example
    from passport.errors import StoreError

    load_example(engine)
    with engine.begin() as conn:       # a lot the pack was made from, made in turn from the pack: corrupt data
        parent = conn.execute(text("SELECT parent_lot FROM custody_lineage WHERE child_lot = :lot AND material = 'Co'"),
                              {"lot": PACK_ID}).scalars().first()
        conn.execute(text("INSERT INTO custody_lineage (child_lot, material, parent_lot, share) "
                          "VALUES (:child, 'Co', :pack, 0.5)"), {"child": parent, "pack": PACK_ID})
    with engine.connect() as conn, pytest.raises(StoreError) as info:
        battery_flows(conn, PACK_ID, ["Co"])
    assert {PACK_ID, parent} <= set(info.value.details["lots"])


def test_compute_explain_recompute_on_the_example_pack(engine, monkeypatch, tmp_path):
    from passport.application.demo.custody.load import load_example
    from passport.application.demo.indices.load import load_example as load_indices

    loaded = load_example(engine)
    outcomes = load_indices(engine, loaded.keys)
    assert len(outcomes) == 30 and all(hasattr(o, "company") for o in outcomes)
    monkeypatch.setattr(_context, "engine", lambda: engine)
    suspensions = tmp_path / "suspensions.json"
    suspensions.write_text(json.dumps([{"site": "urn:epc:id:sgln:9521100.00013.0",
                                        "start": "2026-02-16T00:00:00+02:00", "end": None}]))
    bundle = tmp_path / "disclosure.json"
    computed = runner.invoke(app, ["indices", "compute", f"http://testserver{PACK_PASSPORT_PATH}", "--json",
                                   "--suspensions", str(suspensions), "--out", str(bundle)])
    assert computed.exit_code == 0, computed.output
    data = json.loads(computed.output)
    for name in ("child_labour", "human_rights"):
        index = data[name]
        assert {"score", "met", "applicable", "companies", "coverage", "traced", "label"} <= set(index)
        assert 0 < index["score"] <= 100 and 0 < index["met"] <= index["applicable"]
        assert index["companies"] == 15 and index["companies_in_chain"] == 16     # the suspended coltan coop
        assert index["coverage"] < 0.11 and not index["rated"]                    # Ni, Li, graphite untraced
        assert index["label"] == "not enough traced material"                     # below min_coverage_to_rate

    explained = runner.invoke(app, ["indices", "explain", PACK_PASSPORT_PATH, "--level", "authority"])
    assert explained.exit_code == 0, explained.output
    assert "CL-07" in explained.output and "<- uEi" in explained.output
    public = runner.invoke(app, ["indices", "explain", PACK_PASSPORT_PATH])
    assert public.exit_code == 0 and "CL-07" not in public.output and "Co " in public.output
    assert "not enough traced material" in public.output and "rates from 50%" in public.output

    again = runner.invoke(app, ["indices", "recompute", PACK_PASSPORT_PATH])
    assert again.exit_code == 0 and again.output.startswith("matches"), again.output
    from_file = runner.invoke(app, ["indices", "recompute", "--bundle", str(bundle), "--json"])
    assert from_file.exit_code == 0 and json.loads(from_file.output)["matches"] is True

    document = json.loads(bundle.read_text())
    document["result"]["human_rights"]["score"] = 99.0
    bundle.write_text(json.dumps(document))
    changed = runner.invoke(app, ["indices", "recompute", "--bundle", str(bundle), "--json"])
    assert changed.exit_code == 1 and json.loads(changed.output)["differences"] == ["/human_rights/score"]

    document = json.loads(json.dumps(document))
    document["result"]["human_rights"]["score"] = data["human_rights"]["score"]
    document["inputs"]["assessments"][0]["credentialSubject"]["answers"][0]["answer"] = False
    bundle.write_text(json.dumps(document))
    forged = runner.invoke(app, ["indices", "recompute", "--bundle", str(bundle), "--json"])
    assert forged.exit_code == 1
    assert json.loads(forged.output)["result"]["rejected"][0]["code"] == "SIGNATURE_INVALID"

    with engine.begin() as conn:   # a stored result edited after publication no longer re-derives
        row = conn.execute(text("SELECT id, result FROM index_disclosure ORDER BY id DESC")).first()
        result = json.loads(zlib.decompress(row.result))
        result["child_labour"]["met"] += 1
        conn.execute(text("UPDATE index_disclosure SET result = :r WHERE id = :i"),
                     {"r": zlib.compress(json.dumps(result).encode()), "i": row.id})
    assert runner.invoke(app, ["indices", "recompute", PACK_ID]).exit_code == 1


def test_evidence_add_refuses_a_tampered_credential(engine, monkeypatch, tmp_path):
    from passport.application.demo.custody.load import load_example
    from passport.application.demo.indices.load import signed_assessments
    from passport.keys import generate_key_pair

    loaded = load_example(engine)
    monkeypatch.setattr(_context, "engine", lambda: engine)
    good, bad = signed_assessments({**loaded.keys, "assessor": generate_key_pair("Ed25519")})[:2]
    bad["credentialSubject"]["answers"][0]["answer"] = not bad["credentialSubject"]["answers"][0]["answer"]
    path = tmp_path / "assessments.json"
    path.write_text(json.dumps([good, bad]))
    result = runner.invoke(app, ["indices", "evidence", "add", str(path), "--json"])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["accepted"] for line in lines] == [True, False] and lines[1]["code"] == "SIGNATURE_INVALID"
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM index_evidence")).scalar() == 1
