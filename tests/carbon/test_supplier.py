"""Supplier footprints count only with a verified signature and a proven custody link; otherwise they are
rejected with a stable code and the line keeps its secondary factor."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from indices.carbon import CustodyLinks, accept_supplier_footprints, footprint, load_links, parse_input
from indices.carbon.result import CarbonResult
from passport.keys import generate_key_pair
from tests.carbon.conftest import BATTERY_LOT, CAM_LOT, links_to, signed_footprint

RAW_WITHOUT_SUPPLIER = 95.0   # see test_hand_computed


def _evidence(small, cam_key, credential, links):
    small["supplierFootprints"] = [credential]
    return accept_supplier_footprints(parse_input(small), links)


def test_accepted_with_signature_and_custody_link(small, cam_key):
    ev = _evidence(small, cam_key, signed_footprint(cam_key), links_to(cam_key))
    assert [(a.line, a.share, a.kg_co2e_per_kg) for a in ev.accepted] == [("cam", 0.75, 12.0)]
    assert ev.rejected == ()


def test_rejected_when_the_lot_is_not_in_the_battery_trace(small, cam_key):
    credential = signed_footprint(cam_key, lots=("urn:epc:class:lgtin:9529999.0400001.CAM-OTHER",))
    ev = _evidence(small, cam_key, credential, links_to(cam_key))
    assert ev.accepted == ()
    [r] = ev.rejected
    assert (r.code, r.pointer) == ("NO_CUSTODY_LINK", "/supplierFootprints/0/credentialSubject/lots/0")
    assert "not upstream" in r.reason


def test_rejected_when_the_battery_has_no_custody_trace(small, cam_key):
    ev = _evidence(small, cam_key, signed_footprint(cam_key), None)
    assert [r.code for r in ev.rejected] == ["NO_CUSTODY_TRACE"]


def test_rejected_when_the_issuer_did_not_make_the_lot(small, cam_key):
    impostor = generate_key_pair("Ed25519")
    ev = _evidence(small, cam_key, signed_footprint(impostor), links_to(cam_key))
    assert [(r.code, r.pointer) for r in ev.rejected] == [
        ("ISSUER_NOT_OPERATOR", "/supplierFootprints/0/credentialSubject/lots/0")]


def test_rejected_when_the_signature_does_not_verify(small, cam_key):
    credential = signed_footprint(cam_key, kg="12.0")
    credential["credentialSubject"]["kgCo2ePerKg"] = "1.0"          # a lower footprint than was signed
    ev = _evidence(small, cam_key, credential, links_to(cam_key))
    [r] = ev.rejected
    assert r.code == "SIGNATURE_INVALID" and "signature" in r.reason


def test_rejected_when_unsigned(small, cam_key):
    credential = signed_footprint(cam_key)
    del credential["proof"]
    ev = _evidence(small, cam_key, credential, links_to(cam_key))
    assert [r.code for r in ev.rejected] == ["SIGNATURE_INVALID"]


def test_rejected_for_a_product_the_battery_does_not_have(small, cam_key):
    ev = _evidence(small, cam_key, signed_footprint(cam_key, product="pcam"), links_to(cam_key))
    assert [(r.code, r.pointer) for r in ev.rejected] == [
        ("NO_MATCHING_MATERIAL", "/supplierFootprints/0/credentialSubject/product")]


def test_rejected_when_the_line_names_no_traced_material(small, cam_key):
    del small["billOfMaterials"][0]["tracedMaterial"]
    ev = _evidence(small, cam_key, signed_footprint(cam_key), links_to(cam_key))
    assert [r.code for r in ev.rejected] == ["NO_TRACED_MATERIAL"]


def test_second_claim_on_the_same_lots_is_rejected(small, cam_key):
    small["supplierFootprints"] = [signed_footprint(cam_key, kg="12.0"), signed_footprint(cam_key, kg="3.0")]
    ev = accept_supplier_footprints(parse_input(small), links_to(cam_key))
    assert len(ev.accepted) == 1 and [r.code for r in ev.rejected] == ["OVERLAPPING_CLAIM"]


def test_rejected_footprint_leaves_the_secondary_factor_and_is_reported(small, cam_key):
    small["supplierFootprints"] = [signed_footprint(generate_key_pair("Ed25519"))]
    result = footprint(parse_input(small), links=links_to(cam_key))
    assert result.stages[0].kg_co2e.value == pytest.approx(RAW_WITHOUT_SUPPLIER)
    assert [r.code for r in result.rejected_supplier_footprints] == ["ISSUER_NOT_OPERATOR"]
    assert result.rejected_supplier_footprints[0].digest_sri.startswith("sha384-")
    assert CarbonResult.from_json(result.to_json()) == result


def test_links_come_from_the_custody_store(engine: Engine, small, cam_key):
    """A real chain: the supplier's CAM lot feeds the battery through a cell lot (custody intake)."""
    from tests.carbon.chain import build_chain

    chain = build_chain(engine, cam_key)
    with engine.connect() as conn:
        links = load_links(conn, chain.battery, {"Ni"})
    assert isinstance(links, CustodyLinks)
    cam = links.link("Ni", chain.cam_lot)
    assert cam is not None and cam.operator_did == cam_key.controller and cam.share == pytest.approx(1.0)
    small["battery"]["custodyLot"] = chain.battery
    small["supplierFootprints"] = [signed_footprint(cam_key, lots=(chain.cam_lot,)),
                                   signed_footprint(cam_key, lots=(chain.stray_lot,), kg="1.0")]
    result = footprint(parse_input(small), links=links)
    assert [(a.line, a.share) for a in result.supplier_footprints] == [("cam", pytest.approx(1.0))]
    assert [r.code for r in result.rejected_supplier_footprints] == ["NO_CUSTODY_LINK"]
    # cam fully supplier-specific: 2.0 kg × 12.0 = 24.0; + anode 5.0 + casing 48.0 + copper 2.0 = 79.0
    assert result.stages[0].kg_co2e.value == pytest.approx(79.0)


def test_unrelated_battery_lot_links_nothing(engine: Engine, cam_key):
    from tests.carbon.chain import build_chain

    build_chain(engine, cam_key)
    with engine.connect() as conn:
        links = load_links(conn, BATTERY_LOT + ":unknown", {"Ni"})
    assert links.link("Ni", CAM_LOT) is None and links.by_material == {"Ni": {}}


def test_rejected_when_signed_by_another_key_in_the_suppliers_name(small, cam_key):
    """An impostor's valid signature over a credential naming the CAM maker as issuer must not count."""
    import passport
    from indices.carbon import footprint_credential, loader

    impostor = generate_key_pair("Ed25519")
    credential = footprint_credential({"product": "cam", "kgCo2ePerKg": "1.0", "lots": [CAM_LOT],
                                       "reportingPeriod": "2025"}, issuer=cam_key.controller)
    signed = passport.sign(credential, impostor, loader=loader(), allow_other_issuer=True)  # the forgery
    assert signed["issuer"] == cam_key.controller
    ev = _evidence(small, cam_key, signed, links_to(cam_key))
    [r] = ev.rejected
    assert r.code == "SIGNATURE_INVALID" and "bound to issuer" in r.reason
    # even behind a verifier that only checks the cryptography, the issuer/key binding is enforced here
    small["supplierFootprints"] = [signed]
    lax = accept_supplier_footprints(parse_input(small), links_to(cam_key),
                                     verifier=lambda c: type("R", (), {"verified": True})())
    assert [(r.code, r.pointer) for r in lax.rejected] == [("ISSUER_MISMATCH", "/supplierFootprints/0/proof")]


def test_a_lot_named_twice_is_not_counted_twice(small, cam_key):
    ev = _evidence(small, cam_key, signed_footprint(cam_key, lots=(CAM_LOT, CAM_LOT)), links_to(cam_key))
    assert [(r.code, r.pointer) for r in ev.rejected] == [
        ("NOT_A_SUPPLIER_FOOTPRINT", "/supplierFootprints/0/credentialSubject/lots")]


def test_a_revoked_supplier_footprint_drops_out_of_the_recomputed_footprint(small, cam_key):
    """Issue 14, point 4: status is checked at compute time; revoked evidence is excluded with a coded reason
    and the line falls back to its secondary factor. Oracle: test_hand_computed's 95.0 without supplier data."""
    import passport
    from functools import partial

    from indices.carbon import footprint_credential, loader
    from passport.credentials import verify
    from passport.status import Bitstring, status_entry, status_list_credential

    url = "https://supplier.example/status/1"
    subject = {"product": "cam", "kgCo2ePerKg": "12.0", "lots": [CAM_LOT], "reportingPeriod": "2025"}
    unsigned = footprint_credential(subject, issuer=cam_key.controller)
    unsigned["credentialStatus"] = status_entry(url, 7, "revocation")
    signed = passport.sign(unsigned, cam_key, loader=loader(), created="2026-01-15T00:00:00Z")

    def status_list(revoked: bool) -> dict:
        bits = Bitstring()
        bits.set(7, revoked)
        return passport.sign(status_list_credential(url, cam_key.controller, "revocation", bits,
                                                    valid_from="2026-01-01T00:00:00Z"), cam_key)

    small["supplierFootprints"] = [signed]
    inp = parse_input(small)
    active = footprint(inp, links=links_to(cam_key),
                       verifier=partial(verify, loader=loader(), status_lists={url: status_list(False)}))
    assert [a.line for a in active.supplier_footprints] == ["cam"]
    revoked = footprint(inp, links=links_to(cam_key),
                        verifier=partial(verify, loader=loader(), status_lists={url: status_list(True)}))
    assert revoked.supplier_footprints == ()
    assert [(r.code, r.pointer) for r in revoked.rejected_supplier_footprints] == [
        ("CREDENTIAL_REVOKED", "/supplierFootprints/0")]
    assert revoked.stages[0].kg_co2e.value == pytest.approx(RAW_WITHOUT_SUPPLIER)
    unchecked = accept_supplier_footprints(inp, links_to(cam_key))  # offline, no list: not presumed valid
    assert [r.code for r in unchecked.rejected] == ["STATUS_NOT_CHECKED"]
