"""A custody lot is bound to a passport only when the store proves it is that battery and the issuer speaks for it
(issue 14, point 5). Oracle: the example chain's own facts (`passport/application/demo/custody/chains.py`): the pack lot's id is
the passport's GS1 Digital Link, the pack maker ("packs") assembled it and holds it, the cells were shipped to the
pack maker and associated with the pack by the pack maker's signed AssociationEvent, the CAM lot is another
maker's and never named with the pack."""

from __future__ import annotations

import pytest

from passport.application.demo.custody.chains import PACK_ID, eid, lgtin
from passport.application.demo.custody.load import load_example
from passport.application.demo.custody.world import P
from passport.custody.lot_binding import LotBindingError, prove_lot_binding
from passport.custody.repository import delegate, register_party
from passport.keys import generate_key_pair

PASSPORT = "https://passports.example.com/01/09506000134352/21/EVP75-2026-000123"
CELLS = lgtin("9520700", "0500001", "CL26-2401")
CAM = lgtin("9520600", "0400001", "CM26-077")


@pytest.fixture
def example(engine):
    return load_example(engine)


def test_the_pack_lot_is_the_battery_and_its_maker_speaks_for_it(engine, example):
    packs = example.keys["packs"].controller
    with engine.connect() as conn:
        binding = prove_lot_binding(conn, PACK_ID, PASSPORT, packs)
    assert (binding.association, binding.speaks_for) == ("identifier", P["packs"].id)


def test_a_delegated_agent_of_the_custodian_speaks_for_the_lot(engine, example):
    operator = generate_key_pair("P-256").controller
    with engine.begin() as conn:
        register_party(conn, "urn:example:party:operator", name="operator (synthetic)", did=operator)
        delegate(conn, "urn:example:party:operator", P["packs"].id)
    with engine.connect() as conn:
        assert prove_lot_binding(conn, PACK_ID, PASSPORT, operator).speaks_for == P["packs"].id


def test_a_signed_association_event_of_the_issuer_binds_another_lot(engine, example):
    packs = example.keys["packs"].controller
    with engine.connect() as conn:
        binding = prove_lot_binding(conn, CELLS, PASSPORT, packs)
    assert binding.association == eid("pack:EVP75-2026-000123")


def test_an_issuer_that_neither_holds_nor_made_the_lot_is_refused_naming_both(engine, example):
    stranger = generate_key_pair("P-256").controller
    with engine.connect() as conn, pytest.raises(LotBindingError) as raised:
        prove_lot_binding(conn, PACK_ID, PASSPORT, stranger)
    assert raised.value.code == "CUSTODY_LOT_NOT_AUTHORISED"
    assert raised.value.details == {"lot": PACK_ID, "passport": PASSPORT, "issuer": stranger,
                                    "custodian": P["packs"].id}
    assert stranger in raised.value.message and P["packs"].id in raised.value.message


def test_another_makers_lot_is_not_this_battery(engine, example):
    """The CAM maker made the CAM lot, but no event of theirs names the pack: they cannot bind it to it."""
    cam_maker = example.keys["cam"].controller
    with engine.connect() as conn, pytest.raises(LotBindingError) as raised:
        prove_lot_binding(conn, CAM, PASSPORT, cam_maker)
    assert raised.value.code == "CUSTODY_LOT_NOT_BOUND"
    assert raised.value.details == {"lot": CAM, "passport": PASSPORT, "issuer": cam_maker}


def test_an_association_signed_by_someone_else_does_not_count(engine, example):
    """The pack maker's association names the cells and the pack; the cell maker did not sign it."""
    with engine.connect() as conn, pytest.raises(LotBindingError) as raised:
        prove_lot_binding(conn, CELLS, PASSPORT, example.keys["cells"].controller)
    assert raised.value.code == "CUSTODY_LOT_NOT_BOUND"


def test_the_lot_of_another_passport_is_refused(engine, example):
    other = "https://passports.example.com/01/09506000134352/21/EVP75-2026-000999"
    with engine.connect() as conn, pytest.raises(LotBindingError) as raised:
        prove_lot_binding(conn, PACK_ID, other, example.keys["packs"].controller)
    assert raised.value.code == "CUSTODY_LOT_NOT_BOUND"
