"""SYNTHETIC example chains, in the order their contributions reach the store.

Cobalt: two monitored ASM sites and an industrial mine (DRC) -> exporter -> refinery (FI, cobalt sulfate,
mass balance) -> precursor (FI, NMC811 hydroxide) -> cathode (PL, NMC811 oxide) -> cells (HU) -> the NMC811
EV pack of `passports/nmc811-ev-pack.json` (DE). 3T: Better Mining-style tin sites (RW) and a coltan
site (DRC, suspended by the programme mid-way) -> comptoir -> tin smelter / tantalum processor -> BMS boards
-> the same pack. Masses follow typical grades (heterogenite 7-13 % Co, hydroxide 34 % Co, CoSO4·7H2O
20.9 % Co, NMC811 hydroxide 6.4 % Co / 50.8 % Ni, NMC811 oxide 6.06 % Co / 7.13 % Li, cassiterite 62-68 % Sn,
coltan ~25 % Ta) and yields (refining 95 %, synthesis 98 %, calcination 98.5 %, cell making 96 %).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from passport.application.demo.custody.world import CAT, CET, EET, P, S, tag
from passport.custody.compose import aggregate, associate, commission, content, each, kg, ship, transform

NAMESPACE = uuid.UUID("0f6a3c52-8f0e-4c1e-9a57-5a0d2b1f7e11")
PACK_ID = "https://id.gs1.org/01/09506000134352/21/EVP75-2026-000123"
PACK_PASSPORT_PATH = "/01/09506000134352/21/EVP75-2026-000123"
PACK_NET_MASS_KG = 468.5
CELLS_PER_PACK = 384


def eid(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"


def lgtin(company: str, item: str, lot: str) -> str:
    return f"urn:epc:class:lgtin:{company}.{item}.{lot}"


@dataclass
class Contribution:
    signer: str          # key of `world.P`: the party whose key signs
    events: list = field(default_factory=list)


def _bags(rng: random.Random, site_key: str, first: int, count: int, material: str, low: float, high: float,
          product: str, when: datetime, name: str) -> tuple[object, list[tuple[str, float, float]]]:
    bags = [(tag(site_key, n), round(rng.uniform(45.0, 55.0), 1), round(rng.uniform(low, high), 3))
            for n in range(first, first + count)]
    event = commission(eid(name), when, S[site_key].id,
                       [(t, m, content(t, {material: g}, product=product)) for t, m, g in bags],
                       recorder=f"urn:example:recorder:{site_key}")
    return event, bags


def cobalt_chain() -> list[Contribution]:
    rng = random.Random(20260112)
    out: list[Contribution] = []
    asm: list[tuple[str, float, float]] = []
    for site_key, days in (("asm_1", (12, 13, 14)), ("asm_2", (12, 13))):
        for i, day in enumerate(days):
            event, bags = _bags(rng, site_key, 1 + 20 * i, 20, "Co", 0.07, 0.13, "heterogenite ore (hand-sorted)",
                                datetime(2026, 1, day, 15, tzinfo=CAT), f"co:{site_key}:{day}")
            out.append(Contribution("monitor", [event]))
            asm += bags
    hydroxide = tag("industrial", 1)
    out.append(Contribution("mineco", [commission(eid("co:industrial"), datetime(2026, 1, 20, 9, tzinfo=CAT),
                                                  S["industrial"].id, [(hydroxide, 24000.0, content(
                                                      hydroxide, {"Co": 0.34}, product="cobalt hydroxide"))])]))
    for coop, prefix in (("coop_kasulo", "ASM1"), ("coop_kambove", "ASM2")):
        mine = [(t, m) for t, m, _g in asm if prefix in t]
        out.append(Contribution(coop, [ship(eid(f"co:sale:{coop}"), datetime(2026, 1, 19, 11, tzinfo=CAT), mine,
                                            source=P[coop].id, destination=P["exporter"].id,
                                            transaction=f"urn:example:invoice:{coop}:2026-001")]))
    container = "urn:epc:id:sscc:9520300.0000000017"
    ore_kg = round(sum(m for _t, m, _g in asm), 1)
    out.append(Contribution("exporter", [
        aggregate(eid("co:container"), datetime(2026, 1, 22, 10, tzinfo=CAT), S["export_wh"].id, container,
                  [(t, m) for t, m, _g in asm]),
        ship(eid("co:export"), datetime(2026, 1, 25, 8, tzinfo=CAT), [(container, ore_kg)],
             source=P["exporter"].id, destination=P["refiner"].id, transaction="urn:example:desadv:EXP-2026-014")]))
    out.append(Contribution("mineco", [ship(eid("co:hydroxide-sale"), datetime(2026, 1, 26, 8, tzinfo=CAT),
                                            [(hydroxide, 24000.0)], source=P["mineco"].id,
                                            destination=P["refiner"].id,
                                            transaction="urn:example:desadv:MINECO-2026-003")]))
    # refinery: mass balance; the monitored ASM cobalt credit is booked to lot A (sold on to our precursor maker)
    asm_co = sum(m * g for _t, m, g in asm)
    co_in = asm_co + 24000.0 * 0.34
    co_out = 0.95 * co_in
    sulfate_a, sulfate_b = lgtin("9520400", "0200001", "CS26-031A"), lgtin("9520400", "0200001", "CS26-031B")
    a_kg = 10000.0
    b_kg = round((co_out - a_kg * 0.209) / 0.209, 1)
    claim = float(int(0.95 * asm_co) - 1)
    out.append(Contribution("refiner", [transform(
        eid("co:refine"), datetime(2026, 3, 2, 7, tzinfo=EET), S["refinery"].id,
        [kg(container, ore_kg), kg(hydroxide, 24000.0)],
        [(kg(sulfate_a, a_kg), content(sulfate_a, {"Co": 0.209}, product="cobalt sulfate heptahydrate",
                                       monitored_kg={"Co": claim})),
         (kg(sulfate_b, b_kg), content(sulfate_b, {"Co": 0.209}, product="cobalt sulfate heptahydrate",
                                       monitored_kg={"Co": 0.0}))],
        model="mass_balance", declared_yield={"Co": 0.95}, biz_step="commissioning")]))
    out.append(Contribution("refiner", [ship(eid("co:sulfate-sale"), datetime(2026, 3, 10, 9, tzinfo=EET),
                                             [(sulfate_a, a_kg)], source=P["refiner"].id, destination=P["pcam"].id,
                                             transaction="urn:example:desadv:REF-2026-220")]))
    out += _precursor_to_cells(a_kg * 0.209)
    return out


def _precursor_to_cells(co_in: float) -> list[Contribution]:
    out: list[Contribution] = []
    sulfate_a = lgtin("9520400", "0200001", "CS26-031A")
    nickel, pcam = lgtin("9520500", "0100001", "NS26-007"), lgtin("9520500", "0300001", "PC26-112")
    co_p = 0.98 * co_in
    pcam_kg = round(co_p / 0.064, 1)
    ni_p = pcam_kg * 0.508
    nickel_used = round(ni_p / 0.98 / 0.223, 1)
    out.append(Contribution("pcam", [
        commission(eid("co:nickel"), datetime(2026, 3, 12, 8, tzinfo=EET), S["pcam_plant"].id,
                   [(nickel, 76000.0, content(nickel, {"Ni": 0.223}, product="nickel sulfate hexahydrate "
                                                                             "(untraced supplier)"))]),
        transform(eid("co:precursor"), datetime(2026, 3, 20, 6, tzinfo=EET), S["pcam_plant"].id,
                  [kg(sulfate_a, 10000.0), kg(nickel, nickel_used)],
                  [(kg(pcam, pcam_kg), content(pcam, {"Co": round(co_p, 3), "Ni": round(ni_p, 3)}, mass_kg=True,
                                               product="NMC811 precursor hydroxide"))],
                  declared_yield={"Co": 0.98, "Ni": 0.98}),
        ship(eid("co:pcam-sale"), datetime(2026, 4, 2, 9, tzinfo=EET), [(pcam, pcam_kg)], source=P["pcam"].id,
             destination=P["cam"].id, transaction="urn:example:desadv:PCAM-2026-041")]))
    lioh, cam = lgtin("9520600", "0100001", "LH26-019"), lgtin("9520600", "0400001", "CM26-077")
    co_c, ni_c = 0.985 * co_p, 0.985 * ni_p
    cam_kg = round(co_c / 0.0606, 1)
    li_c = cam_kg * 0.0713
    lioh_used = round(li_c / 0.97 / 0.165, 1)
    out.append(Contribution("cam", [
        commission(eid("co:lioh"), datetime(2026, 4, 3, 8, tzinfo=CET), S["cam_plant"].id,
                   [(lioh, 16000.0, content(lioh, {"Li": 0.165}, product="lithium hydroxide monohydrate "
                                                                         "(untraced supplier)"))]),
        transform(eid("co:cathode"), datetime(2026, 4, 20, 6, tzinfo=CET), S["cam_plant"].id,
                  [kg(pcam, pcam_kg), kg(lioh, lioh_used)],
                  [(kg(cam, cam_kg), content(cam, {"Co": round(co_c, 3), "Ni": round(ni_c, 3), "Li": round(li_c, 3)},
                                             mass_kg=True, product="NMC811 cathode active material"))],
                  declared_yield={"Co": 0.985, "Ni": 0.985, "Li": 0.97}),
        ship(eid("co:cam-sale"), datetime(2026, 5, 5, 9, tzinfo=CET), [(cam, cam_kg)], source=P["cam"].id,
             destination=P["cells"].id, transaction="urn:example:desadv:CAM-2026-102")]))
    graphite, cells = lgtin("9520700", "0100001", "NG26-004"), lgtin("9520700", "0500001", "CL26-2401")
    n_cells, cam_per_cell, graphite_per_cell = 5000, 0.2854, 0.0891
    cam_used = round(n_cells * cam_per_cell / 0.96, 1)
    graphite_used = round(n_cells * graphite_per_cell / 0.95, 1)
    frac = n_cells * cam_per_cell / cam_kg
    out.append(Contribution("cells", [
        commission(eid("co:graphite"), datetime(2026, 5, 6, 8, tzinfo=CET), S["cell_plant"].id,
                   [(graphite, 40000.0, content(graphite, {"graphite": 0.9995}, product="spherical natural graphite "
                                                                                       "(untraced supplier)"))]),
        transform(eid("co:cells"), datetime(2026, 6, 10, 6, tzinfo=CET), S["cell_plant"].id,
                  [kg(cam, cam_used), kg(graphite, graphite_used)],
                  [(each(cells, n_cells), content(cells, {"Co": round(co_c * frac, 3), "Ni": round(ni_c * frac, 3),
                                                          "Li": round(li_c * frac, 3),
                                                          "graphite": round(n_cells * graphite_per_cell, 3)},
                                                  mass_kg=True, net_mass_kg=0.815, product="NMC811 prismatic cell "
                                                                                          "57 Ah"))],
                  declared_yield={"Co": 0.96, "Ni": 0.96, "Li": 0.96, "graphite": 0.95}),
        ship(eid("co:cell-sale"), datetime(2026, 7, 1, 9, tzinfo=CET), [(cells, n_cells * 0.815)],
             source=P["cells"].id, destination=P["packs"].id, transaction="urn:example:desadv:CELL-2026-310")]))
    return out


def tin_chain() -> list[Contribution]:
    rng = random.Random(20260105)
    out: list[Contribution] = []
    tin: list[tuple[str, float, float]] = []
    for site_key, coop in (("tin_rw1", "coop_rw1"), ("tin_rw2", "coop_rw2")):
        event, bags = _bags(rng, site_key, 1, 20, "Sn", 0.62, 0.68, "cassiterite concentrate",
                            datetime(2026, 1, 8, 14, tzinfo=CAT), f"sn:{site_key}")
        out.append(Contribution(coop, [event]))
        tin += bags
    coltan: list[tuple[str, float, float]] = []
    for i, day in enumerate((datetime(2026, 1, 20, 14, tzinfo=CAT), datetime(2026, 2, 20, 14, tzinfo=CAT))):
        event, bags = _bags(rng, "coltan_sk", 1 + 15 * i, 15, "Ta", 0.23, 0.27, "coltan concentrate", day,
                            f"ta:coltan_sk:{i}")
        out.append(Contribution("coop_sk", [event]))
        coltan += bags
    for site_key, coop in (("tin_rw1", "coop_rw1"), ("tin_rw2", "coop_rw2")):
        mine = [(t, m) for t, m, _g in tin if site_key.upper().replace("_", "") in t]
        out.append(Contribution(coop, [ship(eid(f"sn:sale:{coop}"), datetime(2026, 2, 1, 10, tzinfo=CAT), mine,
                                            source=P[coop].id, destination=P["comptoir"].id,
                                            transaction=f"urn:example:invoice:{coop}:2026-002")]))
    # the coltan site is suspended since 16 Feb and still ships: flagged, its material loses the monitored claim
    out.append(Contribution("coop_sk", [ship(eid("ta:sale"), datetime(2026, 2, 25, 10, tzinfo=CAT),
                                             [(t, m) for t, m, _g in coltan], source=P["coop_sk"].id,
                                             destination=P["comptoir"].id,
                                             transaction="urn:example:invoice:coop_sk:2026-003")]))
    tin_box, ta_box = "urn:epc:id:sscc:9521200.0000000011", "urn:epc:id:sscc:9521200.0000000028"
    tin_kg, ta_kg = round(sum(m for _t, m, _g in tin), 1), round(sum(m for _t, m, _g in coltan), 1)
    out.append(Contribution("comptoir", [
        aggregate(eid("sn:box"), datetime(2026, 2, 5, 10, tzinfo=CAT), S["comptoir_wh"].id, tin_box,
                  [(t, m) for t, m, _g in tin]),
        ship(eid("sn:export"), datetime(2026, 2, 10, 8, tzinfo=CAT), [(tin_box, tin_kg)], source=P["comptoir"].id,
             destination=P["smelter"].id, transaction="urn:example:desadv:CPT-2026-008")]))
    out.append(Contribution("comptoir", [
        aggregate(eid("ta:box"), datetime(2026, 2, 26, 10, tzinfo=CAT), S["comptoir_wh"].id, ta_box,
                  [(t, m) for t, m, _g in coltan]),
        ship(eid("ta:export"), datetime(2026, 3, 1, 8, tzinfo=CAT), [(ta_box, ta_kg)], source=P["comptoir"].id,
             destination=P["ta_processor"].id, transaction="urn:example:desadv:CPT-2026-011")]))
    ingot, powder = lgtin("9521300", "0100001", "SN26-015"), lgtin("9521400", "0100001", "TA26-009")
    sn_out = 0.97 * sum(m * g for _t, m, g in tin)
    ta_out = 0.90 * sum(m * g for _t, m, g in coltan)
    ingot_kg, powder_kg = round(sn_out / 0.999, 1), round(ta_out / 0.999, 1)
    out.append(Contribution("smelter", [
        transform(eid("sn:smelt"), datetime(2026, 3, 15, 6, tzinfo=CET), S["smelter_plant"].id, [kg(tin_box, tin_kg)],
                  [(kg(ingot, ingot_kg), content(ingot, {"Sn": 0.999}, product="tin ingot 99.9 %"))],
                  declared_yield={"Sn": 0.97}),
        ship(eid("sn:ingot-sale"), datetime(2026, 4, 1, 9, tzinfo=CET), [(ingot, ingot_kg)], source=P["smelter"].id,
             destination=P["electronics"].id, transaction="urn:example:desadv:SMT-2026-044")]))
    out.append(Contribution("ta_processor", [
        transform(eid("ta:process"), datetime(2026, 3, 20, 6, tzinfo=CET), S["ta_plant"].id, [kg(ta_box, ta_kg)],
                  [(kg(powder, powder_kg), content(powder, {"Ta": 0.999}, product="capacitor-grade tantalum powder"))],
                  declared_yield={"Ta": 0.90}),
        ship(eid("ta:powder-sale"), datetime(2026, 4, 2, 9, tzinfo=CET), [(powder, powder_kg)],
             source=P["ta_processor"].id, destination=P["electronics"].id,
             transaction="urn:example:desadv:TAP-2026-017")]))
    boards, n_boards = lgtin("9521500", "0600001", "BMS26-18"), 2000
    out.append(Contribution("electronics", [
        transform(eid("sn:bms"), datetime(2026, 5, 4, 6, tzinfo=CET), S["bms_plant"].id,
                  [kg(ingot, round(n_boards * 0.012 / 0.98 / 0.999, 2)),
                   kg(powder, round(n_boards * 0.0015 / 0.95 / 0.999, 3))],
                  [(each(boards, n_boards), content(boards, {"Sn": n_boards * 0.012, "Ta": n_boards * 0.0015},
                                                    mass_kg=True, net_mass_kg=0.42,
                                                    product="battery management system master unit"))],
                  declared_yield={"Sn": 0.98, "Ta": 0.95}),
        ship(eid("sn:bms-sale"), datetime(2026, 6, 1, 9, tzinfo=CET), [(boards, n_boards * 0.42)],
             source=P["electronics"].id, destination=P["packs"].id, transaction="urn:example:desadv:ELX-2026-090")]))
    return out


def pack_assembly() -> list[Contribution]:
    cells, boards = lgtin("9520700", "0500001", "CL26-2401"), lgtin("9521500", "0600001", "BMS26-18")
    return [Contribution("packs", [associate(
        eid("pack:EVP75-2026-000123"), datetime(2026, 9, 14, 8, tzinfo=EET), S["pack_plant"].id, PACK_ID,
        [each(cells, CELLS_PER_PACK), each(boards, 1)], net_mass_kg=PACK_NET_MASS_KG,
        product="VX-75 NMC811 EV battery pack")])]


def all_contributions() -> list[Contribution]:
    """Every contribution of both chains, in the order of its first event's time."""
    items = cobalt_chain() + tin_chain() + pack_assembly()
    return sorted(items, key=lambda c: min(e.event_time for e in c.events))
