"""Computed results: Better Mining ingestion and analytics, the GBA indices and the carbon footprint.

Pure functions from inputs to frozen results carrying their breakdown; I/O stays in the CLI and the API.
"""
