"""SYNTHETIC example world for the custody chains: parties, sites and tag allocations.

Every name, identifier, mass and date here is invented for the example (GS1 company prefixes 952xxxx are GS1's
range for demonstrations). The 3T mine sites stand for sites of the Better Mining programme, whose 2022 report
(shared data `better-mining-2022/`) covers 31 anonymised ASM tin, tantalum and tungsten sites in DRC and
Rwanda; the suspension of one of them is modelled on that report's major breaches (worst forms of child
labour: underground work, e.g. incident BM22-3T-004), not on a real site.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from passport.custody.programme import Suspension, status_from_suspensions

CAT = timezone(timedelta(hours=2))   # Lubumbashi, Kigali
EET = timezone(timedelta(hours=2))   # Kokkola (winter)
CET = timezone(timedelta(hours=1))


def pgln(company: str, ref: str) -> str:
    return f"urn:epc:id:pgln:{company}.{ref}"


def sgln(company: str, ref: str) -> str:
    return f"urn:epc:id:sgln:{company}.{ref}.0"


@dataclass(frozen=True)
class Party:
    id: str
    name: str
    country: str


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    party: str
    country: str
    origin: bool = False
    programme: str | None = None


P = {
    "coop_kasulo": Party(pgln("9520100", "00001"), "Coopérative minière A (synthetic)", "CD"),
    "coop_kambove": Party(pgln("9520100", "00002"), "Coopérative minière B (synthetic)", "CD"),
    "monitor": Party(pgln("9520100", "00009"), "Monitoring programme field team (synthetic)", "CD"),
    "mineco": Party(pgln("9520200", "00001"), "Industrial mining company (synthetic)", "CD"),
    "exporter": Party(pgln("9520300", "00001"), "Cobalt exporter (synthetic)", "CD"),
    "refiner": Party(pgln("9520400", "00001"), "Cobalt refinery (synthetic)", "FI"),
    "pcam": Party(pgln("9520500", "00001"), "Precursor maker (synthetic)", "FI"),
    "cam": Party(pgln("9520600", "00001"), "Cathode maker (synthetic)", "PL"),
    "cells": Party(pgln("9520700", "00001"), "Cell maker (synthetic)", "HU"),
    "packs": Party(pgln("9520800", "00001"), "Voltara Cells GmbH (synthetic example)", "DE"),
    "coop_rw1": Party(pgln("9521100", "00001"), "3T cooperative RW-1 (synthetic)", "RW"),
    "coop_rw2": Party(pgln("9521100", "00002"), "3T cooperative RW-2 (synthetic)", "RW"),
    "coop_sk": Party(pgln("9521100", "00003"), "3T cooperative South Kivu (synthetic)", "CD"),
    "comptoir": Party(pgln("9521200", "00001"), "3T exporter (comptoir, synthetic)", "RW"),
    "smelter": Party(pgln("9521300", "00001"), "Tin smelter (synthetic)", "MY"),
    "ta_processor": Party(pgln("9521400", "00001"), "Tantalum processor (synthetic)", "DE"),
    "electronics": Party(pgln("9521500", "00001"), "BMS board maker (synthetic)", "DE"),
}

S = {
    "asm_1": Site(sgln("9520100", "00011"), "ASM cobalt site CD-01 (synthetic)", P["coop_kasulo"].id, "CD", True,
                  "better-mining"),
    "asm_2": Site(sgln("9520100", "00012"), "ASM cobalt site CD-02 (synthetic)", P["coop_kambove"].id, "CD", True,
                  "better-mining"),
    "industrial": Site(sgln("9520200", "00011"), "Industrial cobalt mine CD-I1 (synthetic)", P["mineco"].id, "CD",
                       True),
    "export_wh": Site(sgln("9520300", "00011"), "Export warehouse (synthetic)", P["exporter"].id, "CD"),
    "refinery": Site(sgln("9520400", "00011"), "Cobalt refinery plant (synthetic)", P["refiner"].id, "FI"),
    "pcam_plant": Site(sgln("9520500", "00011"), "pCAM plant (synthetic)", P["pcam"].id, "FI"),
    "cam_plant": Site(sgln("9520600", "00011"), "CAM plant (synthetic)", P["cam"].id, "PL"),
    "cell_plant": Site(sgln("9520700", "00011"), "Cell plant (synthetic)", P["cells"].id, "HU"),
    "pack_plant": Site("urn:epc:id:sgln:4012345.00000.0", "Voltara pack plant Salzgitter (synthetic)",
                       P["packs"].id, "DE"),
    "tin_rw1": Site(sgln("9521100", "00011"), "Better Mining 3T site RW-A (synthetic)", P["coop_rw1"].id, "RW", True,
                    "better-mining"),
    "tin_rw2": Site(sgln("9521100", "00012"), "Better Mining 3T site RW-B (synthetic)", P["coop_rw2"].id, "RW", True,
                    "better-mining"),
    "coltan_sk": Site(sgln("9521100", "00013"), "Better Mining 3T site CD-SK (synthetic)", P["coop_sk"].id, "CD",
                      True, "better-mining"),
    "comptoir_wh": Site(sgln("9521200", "00011"), "Comptoir warehouse Kigali (synthetic)", P["comptoir"].id, "RW"),
    "smelter_plant": Site(sgln("9521300", "00011"), "Tin smelter (synthetic)", P["smelter"].id, "MY"),
    "ta_plant": Site(sgln("9521400", "00011"), "Tantalum powder plant (synthetic)", P["ta_processor"].id, "DE"),
    "bms_plant": Site(sgln("9521500", "00011"), "BMS board plant (synthetic)", P["electronics"].id, "DE"),
}

#: The programme's field team records at the ASM cobalt sites on the cooperatives' behalf.
DELEGATIONS = [(P["monitor"].id, P["coop_kasulo"].id), (P["monitor"].id, P["coop_kambove"].id)]

#: Site CD-SK suspended after a major breach (synthetic; modelled on BM22-3T-004, WFCL underground work).
SUSPENSIONS = [Suspension(S["coltan_sk"].id, datetime(2026, 2, 16, tzinfo=CAT))]
site_status = status_from_suspensions(SUSPENSIONS)


def tag(site_key: str, n: int) -> str:
    """Tag n of the batch pre-issued to a site (GIAI: the site's company prefix, serial TAG-nnnnn)."""
    company = S[site_key].id.split(":")[-1].split(".")[0]
    return f"urn:epc:id:giai:{company}.{site_key.upper().replace('_', '')}-{n:05d}"


#: Tags pre-issued per origin site against its expected production for the period.
TAG_ALLOCATIONS = {key: [tag(key, n) for n in range(1, 201)] for key, site in S.items() if site.origin}
