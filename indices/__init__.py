"""Computed results: Better Mining ingestion and analytics, the GBA indices and the carbon footprint.

Pure functions from inputs to frozen results carrying their breakdown; `indices.store` is the one edge that
reads and writes the store (collect a battery's inputs, derive, keep the disclosure). Inside, the layers are
store > aggregation > scoring > evidence, rulebook > bettermining (pyproject.toml, `indices-layers`).
"""
