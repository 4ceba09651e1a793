"""Passports in the data models the industry already uses: Battery Pass Data Model 1.2.0 (DIN DKE SPEC 99100), the
IDTA 02035 Digital Battery Passport (AAS V3.0), the Catena-X battery pass 6.1.0, and the UNTP Digital Product
Passport. One declarative table per model (`batterypass.TABLE`, `catenax.TABLE`; the AAS form carries the Battery
Pass table's documents), one engine (`table`), exports at a reader's access level, imports that name every value
they refuse, and the coverage of each model per Annex XIII point (`coverage`).
"""

from passport.exchange.convert import (
    FORMATS,
    IMPORT_FORMATS,
    KNOWN_SCHEMA_DEFECTS,
    Export,
    Import,
    export_passport,
    import_passport,
    passport_json,
)

__all__ = ["FORMATS", "IMPORT_FORMATS", "KNOWN_SCHEMA_DEFECTS", "Export", "Import", "export_passport",
           "import_passport", "passport_json"]
