"""The QR-scan benchmark's request mixes reach the passports they claim to (no server started here)."""

from __future__ import annotations

from collections import Counter

from benchmarks.qr_scan import request_mix

PASSPORTS = 1000
REQUESTS = 50_000


def test_the_hot_mix_asks_for_one_passport():
    assert set(request_mix("hot", PASSPORTS, 100)) == {PASSPORTS - 1}


def test_the_uniform_mix_reaches_nearly_every_passport():
    # 50,000 draws from 1,000: each passport is missed with probability (1 - 1/1000)^50000 = e^-50, so all appear;
    # each is drawn 50 times on average
    counts = Counter(request_mix("uniform", PASSPORTS, REQUESTS))
    assert len(counts) == PASSPORTS
    assert max(counts.values()) < 100


def test_the_zipf_mix_follows_one_over_rank():
    # weight of rank k is 1/k; H_1000 = 7.48547, so rank 1 takes 1/7.48547 = 13.36 % of the requests and rank 2
    # half of that, 6.68 %
    counts = Counter(request_mix("zipf", PASSPORTS, REQUESTS)).most_common()
    assert abs(counts[0][1] / REQUESTS - 0.1336) < 0.01
    assert abs(counts[1][1] / REQUESTS - 0.0668) < 0.007
    assert len(counts) > 600                     # the long tail is still asked for


def test_the_mixes_are_reproducible():
    assert request_mix("zipf", PASSPORTS, 500) == request_mix("zipf", PASSPORTS, 500)
