"""The application layer: use cases that orchestrate several domains and `indices`.

Below the interfaces (`api`, `passport.cli`), above `indices` and the passport domain packages; nothing below
imports it (the import-linter contracts in pyproject.toml hold that).

    sections.py   issuance's computed sections: custody summary and binding, carbon footprint, GBA indices
    demo/         `passport demo`: the example data (package data) and the steps that load and issue it
"""
