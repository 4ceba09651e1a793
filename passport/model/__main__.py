"""`python -m passport.model`: regenerate the JSON Schemas and the JSON-LD context from the model."""

from passport.model.schema import write_artefacts

for written in write_artefacts():
    print(written)
