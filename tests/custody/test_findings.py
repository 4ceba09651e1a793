"""Each integrity finding, with a chain that raises it and the nearest chain that does not."""

from __future__ import annotations

from datetime import datetime

import pytest

from passport.custody.compose import aggregate, commission, content, kg, observe, ship, transform
from passport.custody.findings import CODES, find_integrity
from passport.custody.rules import apply_event
from passport.custody.state import ChainState, SiteInfo, TagState
from tests.custody.conftest import at

MINE, MINE2, DEPOT, PLANT = "urn:example:site:mine", "urn:example:site:mine2", "urn:example:site:depot", \
    "urn:example:site:plant"
COOP, COOP2, TRADER, REFINER = "urn:example:party:coop", "urn:example:party:coop2", "urn:example:party:trader", \
    "urn:example:party:refiner"
SITES = {
    MINE: SiteInfo(MINE, COOP, "CD", origin=True, programme="better-mining"),
    MINE2: SiteInfo(MINE2, COOP2, "RW", origin=True, programme="better-mining"),
    DEPOT: SiteInfo(DEPOT, TRADER, "CD"),
    PLANT: SiteInfo(PLANT, REFINER, "FI"),
}
TAGS = {f"urn:example:tag:{n}": MINE for n in range(1, 6)} | {"urn:example:tag:90": MINE2}
OUT = "urn:example:lot:out"


def bag(n: int, day: int = 1, mass: float = 50.0, grade: float = 0.1, site: str = MINE, eid: str | None = None):
    t = f"urn:example:tag:{n}"
    return commission(eid or f"urn:example:ev:bag:{n}:{day}", at(day), site, [(t, mass, content(t, {"Co": grade}))])


def to_plant(*tags: int, day: int = 2, mass: float = 50.0):
    return ship(f"urn:example:ev:ship:{day}:{tags}", at(day), [(f"urn:example:tag:{n}", mass) for n in tags],
                source=COOP, destination=REFINER, transaction="urn:example:desadv:1")


def refine(*tags: int, day: int = 3, out_kg: float = 22.5, grade: float = 0.2, declared=None, eid="urn:example:r",
           take: float = 50.0, model=None, claim=None):
    return transform(eid, at(day), PLANT, [kg(f"urn:example:tag:{n}", take) for n in tags],
                     [(kg(OUT if eid == "urn:example:r" else f"{OUT}:{eid}", out_kg),
                       content(OUT if eid == "urn:example:r" else f"{OUT}:{eid}", {"Co": grade},
                               monitored_kg=claim))],
                     declared_yield=declared, model=model)


def _two_claims():
    return [bag(1), to_plant(1),
            refine(1, eid="urn:example:r1", take=25, out_kg=11.25, claim={"Co": 2.25}, model="mass_balance"),
            refine(1, eid="urn:example:r2", take=25, out_kg=11.25, claim={"Co": 2.25}, model="mass_balance", day=4)]


def _untraced_claim(claim_kg: float):
    """Another buyer's lot, made from untraced material, claims monitored origin from the same credits."""
    lot = "urn:example:lot:bought"
    return [commission("urn:example:ev:bought", at(5), DEPOT, [(lot, 50, content(lot, {"Co": 0.1}))]),
            ship("urn:example:ev:sb", at(6), [(lot, 50)], source=TRADER, destination=REFINER,
                 transaction="urn:example:desadv:3"),
            transform("urn:example:r3", at(7), PLANT, [kg(lot, 50)],
                      [(kg(f"{OUT}:3", 22.5), content(f"{OUT}:3", {"Co": 0.2}, monitored_kg={"Co": claim_kg}))],
                      model="mass_balance")]


def codes(events, status=None) -> list[str]:
    kw = {"site_status": status} if status else {}
    return [f.code for f in find_integrity(events, sites=SITES, tags=TAGS, **kw)]


CASES = {
    "TAG_UNALLOCATED": (
        [commission("urn:example:ev:x", at(1), MINE, [("urn:example:tag:77", 50, content("urn:example:tag:77",
                                                                                          {"Co": 0.1}))])],
        [bag(1)]),
    "TAG_REUSED": ([bag(1), commission("urn:example:ev:again", at(2), MINE, [(
        "urn:example:lot:other", 50, content("urn:example:lot:other", {"Co": 0.1}, tag="urn:example:tag:1"))])],
        [bag(1), bag(2, day=2)]),
    "WEIGHT_INCREASE": ([bag(1), observe("urn:example:ev:w", at(2), MINE, [("urn:example:tag:1", 55.0)])],
                        [bag(1), observe("urn:example:ev:w", at(2), MINE, [("urn:example:tag:1", 50.2)])]),
    "YIELD_OUT_OF_BOUNDS": ([bag(1), to_plant(1), refine(1, out_kg=30.0)],   # 6 kg Co out of 5 kg in
                            [bag(1), to_plant(1), refine(1, out_kg=22.5, declared={"Co": 0.9})]),
    "EVENT_BEFORE_INPUT": ([bag(1, day=4), to_plant(1, day=5), refine(1, day=3)],
                           [bag(1, day=2), to_plant(1, day=3), refine(1, day=4)]),
    "CUSTODY_GAP": ([bag(1), refine(1)], [bag(1), to_plant(1), refine(1)]),
    "LOT_CONSUMED_TWICE": ([bag(1), to_plant(1), refine(1, eid="urn:example:r1", out_kg=22.5),
                            refine(1, eid="urn:example:r2", day=4, out_kg=22.5)],
                           [bag(1), to_plant(1), refine(1, eid="urn:example:r1", take=25.0, out_kg=11.25),
                            refine(1, eid="urn:example:r2", day=4, take=25.0, out_kg=11.25)]),
    "MONITORED_CREDIT_EXCEEDED": (   # 5 kg monitored Co in, 4.5 kg after yield, all claimed by two lots already
        [*_two_claims(), *_untraced_claim(1.0)], [*_two_claims(), *_untraced_claim(0.0)]),
    "COC_MODEL_VIOLATED": ([bag(1), bag(90, site=MINE2), to_plant(1),
                            ship("urn:example:ev:s2", at(2), [("urn:example:tag:90", 50)], source=COOP2,
                                 destination=REFINER, transaction="urn:example:desadv:2"),
                            refine(1, 90, out_kg=45.0, model="identity_preserved")],   # two mines: not IP
                           [bag(1), bag(90, site=MINE2), to_plant(1),
                            ship("urn:example:ev:s2", at(2), [("urn:example:tag:90", 50)], source=COOP2,
                                 destination=REFINER, transaction="urn:example:desadv:2"),
                            refine(1, 90, out_kg=45.0, model="segregated")]),
    "PARTIAL_TRANSFER": ([bag(1), to_plant(1, mass=20.0)], [bag(1), to_plant(1, mass=50.0)]),
    "DUPLICATE_LOT": ([bag(1), bag(2, day=2), aggregate("urn:example:ev:a1", at(3), MINE, "urn:example:c",
                                                        [("urn:example:tag:1", 50)]),
                       aggregate("urn:example:ev:a2", at(3), MINE, "urn:example:c", [("urn:example:tag:2", 50)])],
                      [bag(1), bag(2, day=2), aggregate("urn:example:ev:a1", at(3), MINE, "urn:example:c",
                                                        [("urn:example:tag:1", 50), ("urn:example:tag:2", 50)])]),
    "CONTENT_EXCEEDS_MASS": ([commission("urn:example:ev:c", at(1), DEPOT, [("urn:example:lot:x", 10, content(
        "urn:example:lot:x", {"Co": 20.0}, mass_kg=True))])],
        [commission("urn:example:ev:c", at(1), DEPOT, [("urn:example:lot:x", 10, content(
            "urn:example:lot:x", {"Co": 2.0}, mass_kg=True))])]),
    "UNKNOWN_SITE": ([commission("urn:example:ev:u", at(1), "urn:example:site:nowhere", [(
        "urn:example:lot:u", 10, content("urn:example:lot:u", {"Co": 0.1}))])],
        [commission("urn:example:ev:u", at(1), DEPOT, [("urn:example:lot:u", 10, content("urn:example:lot:u",
                                                                                          {"Co": 0.1}))])]),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_finding_is_raised_by_the_failing_chain(code):
    failing, _passing = CASES[code]
    assert code in codes(failing)


@pytest.mark.parametrize("code", sorted(CASES))
def test_finding_is_absent_from_the_passing_chain(code):
    _failing, passing = CASES[code]
    assert codes(passing) == []


def _suspended_from(day: int):
    def status(site: str, when: datetime) -> str | None:
        return "suspended" if site == MINE and when >= at(day) else "active"
    return status


def test_suspended_site_still_shipping_is_flagged_and_loses_its_monitored_claim():
    state = ChainState(sites=SITES, tags={t: TagState(t, s) for t, s in TAGS.items()},
                       site_status=_suspended_from(2))
    assert apply_event(state, bag(1)).findings == []
    outcome = apply_event(state, to_plant(1, day=3))
    assert [(f.code, f.severity) for f in outcome.findings] == [("SUSPENDED_SITE_SHIPPING", "warning")]
    assert state.lots["urn:example:tag:1"].materials["Co"].monitored_mg == 0


def test_site_active_when_shipping_is_not_flagged():
    assert codes([bag(1), to_plant(1, day=3)], status=_suspended_from(9)) == []


def test_extraction_while_suspended_earns_no_monitored_claim():
    state = ChainState(sites=SITES, tags={t: TagState(t, s) for t, s in TAGS.items()},
                       site_status=_suspended_from(1))
    apply_event(state, bag(1, day=2))
    assert state.lots["urn:example:tag:1"].materials["Co"].monitored_mg == 0


def test_credits_expire_with_their_period():
    """Monitored credit booked in Q2 and left unclaimed backs a claim later in Q2, not one made in Q3."""
    booked = [bag(1), to_plant(1),
              refine(1, eid="urn:example:r1", take=25, out_kg=11.25, claim={"Co": 0.0}, model="mass_balance")]

    def claim_at(when: datetime):
        lot = "urn:example:lot:bought"
        return [commission("urn:example:ev:bought", at(5), DEPOT, [(lot, 50, content(lot, {"Co": 0.1}))]),
                ship("urn:example:ev:sb", at(6), [(lot, 50)], source=TRADER, destination=REFINER,
                     transaction="urn:example:desadv:3"),
                transform("urn:example:r3", when, PLANT, [kg(lot, 50)],
                          [(kg(f"{OUT}:3", 22.5), content(f"{OUT}:3", {"Co": 0.2}, monitored_kg={"Co": 2.25}))],
                          model="mass_balance")]

    assert codes(booked + claim_at(at(20))) == []
    assert codes(booked + claim_at(datetime(2025, 7, 2, 10, tzinfo=at(1).tzinfo))) == ["MONITORED_CREDIT_EXCEEDED"]


def test_every_finding_code_has_a_case():
    covered = set(CASES) | {"SUSPENDED_SITE_SHIPPING", "INVALID_QUANTITY"}
    assert set(CODES) <= covered, set(CODES) - covered
    assert len(CASES) >= 12


def test_unpacking_a_container_gives_new_lots_with_its_origins():
    from passport.custody.events import AggregationEvent, Location, QuantityElement

    state = ChainState(sites=SITES, tags={t: TagState(t, s) for t, s in TAGS.items()})
    for event in (bag(1), bag(2), aggregate("urn:example:ev:pack", at(2), MINE, "urn:example:c",
                                            [("urn:example:tag:1", 50), ("urn:example:tag:2", 50)])):
        assert apply_event(state, event).findings == []
    unpack = AggregationEvent(
        event_id="urn:example:ev:unpack", event_time=at(3), event_time_zone_offset="+01:00", action="DELETE",
        parent_id="urn:example:c", biz_location=Location(id=MINE), biz_step="unpacking",
        child_quantity_list=[QuantityElement(epc_class=f"urn:example:part:{n}", quantity=50.0, uom="KGM")
                             for n in (1, 2)])
    assert apply_event(state, unpack).findings == []
    part = state.lots["urn:example:part:1"]
    assert part.materials["Co"].mass_mg == 5_000_000 and part.origins["Co"] == {MINE: 1.0}
    assert state.lots["urn:example:c"].status == "consumed"
    too_much = unpack.model_copy(update={"event_id": "urn:example:ev:unpack2", "child_quantity_list": [
        QuantityElement(epc_class="urn:example:part:9", quantity=120.0, uom="KGM")]})
    state.lots["urn:example:c"].status, state.lots["urn:example:c"].remaining_mg = "active", 100_000_000
    assert [f.code for f in apply_event(state, too_much).findings] == ["WEIGHT_INCREASE"]
