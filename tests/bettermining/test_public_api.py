"""The package's door: a sorted `__all__` of importable names."""

from __future__ import annotations

import indices.bettermining as bettermining


def test_all_is_sorted_and_importable():
    assert list(bettermining.__all__) == sorted(bettermining.__all__)
    for name in bettermining.__all__:
        assert hasattr(bettermining, name), name
