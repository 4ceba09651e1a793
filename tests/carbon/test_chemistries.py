"""The shipped factor tables cover the common chemistries, each factor with its table's cited source, and an unknown
factor names every key that exists."""

from __future__ import annotations

import pytest

from indices.carbon import default_factors
from passport.errors import InputError

#: Written out by hand from issue 15: NMC111/532/622/811, NCA, LFP, LMFP, LTO anodes, sodium-ion.
CHEMISTRIES = ["nmc111_cam", "nmc532_cam", "nmc622_cam", "nmc811_cam", "nca_cam", "lfp_cam", "lmfp_cam",
               "lto_anode", "na_layered_oxide_cam", "na_prussian_white_cam", "na_polyanion_cam", "hard_carbon_anode"]


@pytest.mark.parametrize("key", CHEMISTRIES)
def test_every_common_chemistry_has_a_sourced_factor(key):
    factors = default_factors()
    resolved = factors.resolve("material", key, "/billOfMaterials/0/factor")
    table = next(t for t in factors.tables if key in t.factors)
    assert resolved.value > 0
    assert table.source.url.startswith("https://") and table.source.licence
    # nothing shipped for a chemistry quotes a figure it did not take from its source: all are marked estimates
    assert table.factors[key].status == "illustrative"


def test_estimates_keep_the_published_ordering():
    """Xu et al. 2022 and Dai et al. 2019: nickel-rich cathodes above LFP; sodium-ion cathodes below both."""
    value = {k: default_factors().resolve("material", k, "/x").value for k in CHEMISTRIES}
    assert value["nmc811_cam"] > value["nmc622_cam"] > value["nmc532_cam"] > value["nmc111_cam"] > value["lfp_cam"]
    assert max(value["na_layered_oxide_cam"], value["na_prussian_white_cam"]) < value["lfp_cam"]


def test_unknown_factor_names_the_factors_that_exist():
    with pytest.raises(InputError) as info:
        default_factors().resolve("material", "nmc9_5_5_cam", "/billOfMaterials/3/factor")
    err = info.value
    assert err.code == "UNKNOWN_FACTOR" and err.details["pointer"] == "/billOfMaterials/3/factor"
    assert set(CHEMISTRIES) <= set(err.details["known"]) and "nmc622_cam" in err.message
    assert err.details["known"] == sorted(err.details["known"])
