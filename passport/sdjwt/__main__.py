"""`python -m passport.sdjwt`: regenerate the SD-JWT VC type metadata from the model."""

from passport.sdjwt.type_metadata import write

print(write())
