"""The SYNTHETIC example chains load through signed intake and trace end to end, on both backends."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from passport.application.demo.custody.chains import PACK_ID, PACK_PASSPORT_PATH
from passport.application.demo.custody.figures import pack_figures
from passport.application.demo.custody.load import load_example
from passport.application.demo.custody.world import S, site_status
from passport.custody.binding import check_binding
from passport.custody.findings import check_store
from passport.custody.summary import public_summary, upstream_binding, upstream_credentials
from passport.custody.trace import batteries_reached, resolve_lot, trace_origins, trace_origins_cte


@pytest.fixture
def loaded(engine):
    return engine, load_example(engine)


def test_example_chains_trace_end_to_end(loaded):
    """Loading signs and submits every contribution (about 3 s): one load serves every check of a backend."""
    _the_pack_traces_back_to_every_cobalt_origin(loaded)
    _untraced_nickel_and_the_3t_metals(loaded)
    _passport_url_resolves_to_the_pack(loaded)
    _forward_from_a_mine_reaches_the_pack(loaded)
    _replaying_the_store_reports_the_suspended_site(loaded)


def test_example_pack_public_figures_and_upstream_binding(loaded):
    _public_summary_shows_countries_shares_and_model_but_no_supplier(loaded)
    with loaded[0].connect() as conn:   # the store and a pure replay of the chains agree
        assert public_summary(conn, PACK_ID) == pack_figures()["publicSummary"]
    _digest_binding_detects_a_changed_upstream_credential(loaded)


def _the_pack_traces_back_to_every_cobalt_origin(loaded):
    engine, _ = loaded
    with engine.connect() as conn:
        trace = trace_origins(conn, PACK_ID, "Co", site_status=site_status)
        walked = trace_origins_cte(conn, PACK_ID, "Co", site_status=site_status)
    sites = {o.site: o for o in trace.origins}
    assert set(sites) == {S["asm_1"].id, S["asm_2"].id, S["industrial"].id}
    assert sum(o.share for o in trace.origins) + trace.unknown_share == pytest.approx(1.0)
    assert trace.unknown_share == pytest.approx(0.0, abs=1e-6)
    assert sites[S["industrial"].id].share == pytest.approx(0.9417, abs=1e-3)
    assert sites[S["asm_1"].id].monitored and not sites[S["industrial"].id].monitored
    assert {o.site: o.share for o in walked.origins} == pytest.approx({o.site: o.share for o in trace.origins})
    _the_trace_reads_site_statuses_at_the_injected_moment(engine)


def _the_trace_reads_site_statuses_at_the_injected_moment(engine):
    """`now` is a parameter: the same store traced before and after a site's suspension gives both answers."""
    suspended_from = datetime(2026, 6, 1, tzinfo=timezone.utc)

    def status(site: str, when: datetime) -> str:
        return "suspended" if site == S["asm_1"].id and when >= suspended_from else "active"

    with engine.connect() as conn:
        before = trace_origins(conn, PACK_ID, "Co", site_status=status, now=suspended_from - timedelta(days=1))
        after = trace_origins_cte(conn, PACK_ID, "Co", site_status=status, now=suspended_from)
    assert {o.site: o.monitored for o in before.origins}[S["asm_1"].id] is True
    assert {o.site: o.monitored for o in after.origins}[S["asm_1"].id] is False


def _untraced_nickel_and_the_3t_metals(loaded):
    engine, _ = loaded
    with engine.connect() as conn:
        nickel = trace_origins(conn, PACK_ID, "Ni")
        tin = trace_origins(conn, PACK_ID, "Sn")
        tantalum = trace_origins(conn, PACK_ID, "Ta", site_status=site_status)
    assert nickel.origins == () and nickel.unknown_share == 1.0
    assert {o.country for o in tin.origins} == {"RW"} and tin.unknown_share == pytest.approx(0.0, abs=1e-6)
    assert [(o.site, o.share, o.monitored) for o in tantalum.origins] == [(S["coltan_sk"].id, 1.0, False)]


def _public_summary_shows_countries_shares_and_model_but_no_supplier(loaded):
    engine, _ = loaded
    with engine.connect() as conn:
        summary = {s["material"]: s for s in public_summary(conn, PACK_ID)}
    assert summary["Co"] == {"material": "Co", "originCountries": ["CD"], "monitoredOriginShare": 0.2287,
                             "tracedShare": 1.0, "chainOfCustodyModel": "mass_balance"}
    assert summary["Sn"]["chainOfCustodyModel"] == "segregated" and summary["Sn"]["monitoredOriginShare"] == 1.0
    assert summary["Ta"]["monitoredOriginShare"] == 0.0   # shipped while its site was suspended
    text = json.dumps(summary)
    assert "urn:epc" not in text and "synthetic" not in text and "Kg" not in text


def _passport_url_resolves_to_the_pack(loaded):
    engine, _ = loaded
    with engine.connect() as conn:
        assert resolve_lot(conn, f"http://127.0.0.1:8000{PACK_PASSPORT_PATH}") == PACK_ID
        assert resolve_lot(conn, PACK_PASSPORT_PATH) == PACK_ID


def _forward_from_a_mine_reaches_the_pack(loaded):
    engine, _ = loaded
    with engine.connect() as conn:
        reached = batteries_reached(conn, S["asm_2"].id)
        none = batteries_reached(conn, S["tin_rw1"].id)
    assert [r["lot"] for r in reached] == [PACK_ID]
    assert reached[0]["shares"]["Co"] == pytest.approx(0.0242, abs=1e-3)
    assert [r["lot"] for r in none] == [PACK_ID] and set(none[0]["shares"]) == {"Sn"}


def _digest_binding_detects_a_changed_upstream_credential(loaded):
    engine, example = loaded
    with engine.connect() as conn:
        binding = upstream_binding(conn, PACK_ID)
        upstream = [raw for _id, raw in upstream_credentials(conn, PACK_ID)]
    assert len(binding["relatedResource"]) == len(example.credentials)   # every contribution is upstream
    assert all(r["digestSRI"].startswith("sha384-") for r in binding["relatedResource"])
    assert check_binding(binding, upstream).verified
    changed = list(upstream)
    changed[3] = changed[3].replace(b'"quantity": 5', b'"quantity": 6', 1)
    assert changed[3] != upstream[3]
    result = check_binding(binding, changed)
    assert not result.verified and len(result.missing) == 1 and len(result.unexpected) == 1
    withheld = check_binding(binding, upstream[:-1])
    assert not withheld.verified and len(withheld.missing) == 1 and withheld.unexpected == ()
    added = check_binding(binding, upstream + [upstream[0] + b" "])
    assert not added.verified and added.missing == () and len(added.unexpected) == 1


def _replaying_the_store_reports_the_suspended_site(loaded):
    engine, _ = loaded
    findings = check_store(engine, site_status=site_status)
    assert [(f.code, f.severity) for f in findings] == [("SUSPENDED_SITE_SHIPPING", "warning")]
    assert len(findings[0].lot_ids) == 30
