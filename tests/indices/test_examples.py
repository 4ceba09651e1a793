"""The index example evidence and the `passport demo` step: the pack's indices with breakdowns."""

from __future__ import annotations

from indices.store import latest
from passport.application.demo import STEPS
from passport.application.demo.custody.chains import PACK_ID
from passport.application.demo.indices.load import demo_step


def test_the_demo_step_runs_before_the_custody_step():
    names = [f"{s.__module__}.{s.__name__}" for s in STEPS]
    assert names.index("passport.application.demo.indices.load.demo_step") < names.index("passport.application.demo.custody.load.demo_step")


def test_the_demo_step_loads_the_chain_evidence_and_the_pack_indices_once(engine):
    assert demo_step(engine, None) == []
    assert demo_step(engine, None) == []          # a second run changes nothing
    with engine.connect() as conn:
        disclosure = latest(conn, PACK_ID)
    result = disclosure.result
    for name in ("child_labour", "human_rights"):
        index = result[name]
        assert index["companies"] == 15 and index["companies_in_chain"] == 16
        assert len(index["breakdown"]) == 16 and index["evidence"]
        assert {m["material"] for m in index["materials"]} == {"Co", "Ni", "Li", "graphite", "Sn", "Ta"}
    # the suspended coltan site: its coop is not assessed, and companies sourcing from it fail suspension handling
    ta = next(c for c in result["child_labour"]["breakdown"] if c["company"] == "urn:epc:id:pgln:9521400.00001")
    assert next(i for i in ta["items"] if i["indicator"] == "CL-12")["met"] is False
    assert len(disclosure.inputs.assessments) == 30


def test_passport_index_results_fill_the_due_diligence_section(engine):
    from indices.store import passport_index_results
    from passport.application.demo.custody.world import site_status
    from passport.model.due_diligence import IndexResult, SustainabilityIndex

    demo_step(engine, None)
    entries = [IndexResult.model_validate(e) for e in passport_index_results(engine, PACK_ID, site_status=site_status)]
    assert [e.index_type for e in entries] == [SustainabilityIndex.CHILD_LABOUR, SustainabilityIndex.HUMAN_RIGHTS]
    # without dated suspensions, the Better Mining site records say the coltan site is suspended: same result
    assert passport_index_results(engine, PACK_ID)[0]["companiesAssessed"] == 15
    for entry in entries:
        assert entry.companies_assessed == 15 and entry.indicators_met <= entry.indicators_applicable
        assert entry.traceability_level == 1 and entry.coverage_percent <= entry.traced_mass_percent
        assert len(entry.source_evidence) > 10
