"""`passport demo` end to end: the example passports carry the numbers computed from the stored chains and inputs.

The NMC811 pack's public view shows the carbon footprint `indices.carbon` computes from its input (with the
custody links the store proves) and the chain-of-custody summary `public_summary` gives for its lot; only the
authority view carries the digests of the upstream credentials, and they match those credentials exactly.
"""

from __future__ import annotations

import copy
import json

import passport
from api.i18n import translator
from api.pages.consumer import build
from examples.carbon.load import example_input
from examples.custody.chains import PACK_ID
from examples.demo import run_demo
from examples.demo_keys import party_key
from examples.issue_passports import example_passports
from indices.carbon import footprint, load_links, parse_input, to_passport
from passport.custody.binding import check_binding, merkle_root
from passport.custody.summary import public_summary, upstream_credentials
from passport.registry import latest
from passport.registry.computed import custody_section
from passport.registry.issue import prepare
from passport.registry.repository import view
from passport.store.engine import session_scope

LEVELS = ("public", "legitimate_interest", "authority")


def _views(engine, settings, name):
    data = dict(example_passports())[name]
    identifier, _ = prepare(data, settings.base_url)
    with session_scope(engine) as session:
        stored = latest(session, identifier.path)
        return {level: json.loads(view(session, stored.id, level).credential) for level in LEVELS}


def _expected_footprint(engine, settings, name, *, custody: bool):
    inp = parse_input(example_input(name, {"cam": party_key(settings, "cam")}))
    links = None
    if custody:
        materials = {line.traced_material for line in inp.bill_of_materials if line.traced_material}
        with engine.connect() as conn:
            links = load_links(conn, inp.battery.custody_lot, materials)
    result = footprint(inp, links=links)
    return result, to_passport(result, inp.declaration).model_dump(mode="json")


def test_demo_passports_carry_the_computed_footprint_custody_summary_and_binding(engine, settings):
    run_demo(engine, settings)
    pack = _views(engine, settings, "nmc811-ev-pack.json")

    result, expected = _expected_footprint(engine, settings, "nmc811-ev-pack", custody=True)
    assert [a.line for a in result.supplier_footprints], "the CAM maker's footprint counts through custody"
    public = pack["public"]["credentialSubject"]
    assert public["carbonFootprint"] == expected
    assert public["carbonFootprint"]["totalKgCo2ePerKwh"] != "0.0402"  # not the hand-written input default

    with engine.connect() as conn:
        summary = public_summary(conn, PACK_ID)
        raws = [raw for _id, raw in upstream_credentials(conn, PACK_ID)]
    chain = public["supplyChainDueDiligence"]["chainOfCustody"]
    assert chain == custody_section(summary)
    cobalt = next(e for e in chain if e["material"] == "cobalt")
    co = next(e for e in summary if e["material"] == "Co")
    assert cobalt["originCountries"] == co["originCountries"] == ["CD"]
    assert float(cobalt["monitoredOriginPercent"]) == round(co["monitoredOriginShare"] * 100, 2) > 0
    assert public["supplyChainDueDiligence"]["indexResults"][0]["indexType"] == "gba_child_labour_index"

    related = pack["authority"]["relatedResource"]
    assert len(related) == len(raws) > 0
    check = check_binding({"relatedResource": related, "upstreamMerkleRoot": merkle_root(raws)}, raws)
    assert check.verified and check.missing == () and check.unexpected == ()
    tampered = check_binding({"relatedResource": related}, [raws[0] + b" ", *raws[1:]])
    assert not tampered.verified and len(tampered.missing) == 1
    swapped = copy.deepcopy(pack["authority"])
    swapped["relatedResource"][0]["digestSRI"] = "sha384-" + "A" * 64
    assert not passport.verify(swapped).verified  # the binding is signed
    for level in ("public", "legitimate_interest"):
        assert "relatedResource" not in pack[level]
        assert "sha384-" not in json.dumps(pack[level])

    lfp = _views(engine, settings, "lfp-industrial-storage.json")
    _, expected_lfp = _expected_footprint(engine, settings, "lfp-industrial-storage", custody=False)
    assert lfp["public"]["credentialSubject"]["carbonFootprint"] == expected_lfp
    assert "relatedResource" not in lfp["authority"]
    assert "chainOfCustody" not in lfp["public"]["credentialSubject"]["supplyChainDueDiligence"]

    sections = {s.id: s for s in build(pack["public"], translator("en"))}
    assert sections["carbon"].extra["total"] == expected["totalKgCo2ePerKwh"]
    assert [i["name"] for i in sections["due-diligence"].extra["indices"]] == [
        "GBA Child Labour Index", "GBA Human Rights Index"]
    rows = {row.label: row.value for row in sections["custody"].rows}
    assert rows["Cobalt"].startswith("mass balance; origin: CD; " + cobalt["monitoredOriginPercent"] + " %")

    for views in (pack, lfp):
        for level, credential in views.items():
            outcome = passport.verify(credential)
            assert outcome.verified, (level, [c for c in outcome.checks if not c.passed])


def test_a_battery_status_change_keeps_the_computed_sections_and_the_upstream_binding(engine, settings):
    from examples.issue_passports import demo_issuer
    from passport.lifecycle import change_battery_status

    run_demo(engine, settings)
    before = _views(engine, settings, "nmc811-ev-pack.json")
    data = dict(example_passports())["nmc811-ev-pack.json"]
    identifier, model = prepare(data, settings.base_url)
    operator = model.general_product_information.operator.legal_name
    _org, key = demo_issuer(engine, settings, operator)
    with session_scope(engine) as session:
        change_battery_status(session, identifier.path, "repurposed", signer=key, base_url=settings.base_url,
                              actor="refurbisher", issuer_name=operator,
                              evidence={"note": "second life as stationary storage", "documents": []})
    after = _views(engine, settings, "nmc811-ev-pack.json")
    assert after["authority"]["relatedResource"] == before["authority"]["relatedResource"]
    for key_ in ("carbonFootprint", "supplyChainDueDiligence"):
        assert after["public"]["credentialSubject"][key_] == before["public"]["credentialSubject"][key_]
    assert passport.verify(after["authority"]).verified
