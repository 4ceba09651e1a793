from __future__ import annotations

import indices.carbon as carbon


def test_all_is_sorted_and_importable():
    assert carbon.__all__ == sorted(carbon.__all__)
    for name in carbon.__all__:
        assert getattr(carbon, name) is not None
