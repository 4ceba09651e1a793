"""Benchmarks: each module prints one JSON summary with a peer measured in the same run (a ratio, not a time).

Run one with `python -m benchmarks.<name> --help`; `python -m benchmarks` (or `make bench`) runs them all
at their default (quick) sizes.
"""
