"""The harmonised DPP standards on top of our passports: EN 18223 header fields, EN 18222 identifiers, data
elements and merge patches, each passport's DPP record and its end. The DPP id and record themselves
(`passport.dpp_record`) sit below the lifecycle, which mints them with a passport's first version.

    header.py       the EN 18223 header fields, mapped from a reader's view
    elements.py     data elements by path, with the access group each one needs
    merge_patch.py  RFC 7396 JSON Merge Patch
    service.py      reads at a level and date, updates through the lifecycle, the passport's end

Errors: `InputError` (INVALID_DPP_ID, INVALID_PRODUCT_ID, INVALID_ELEMENT_PATH, READ_ONLY_FIELD...),
`NotFoundError` (DPP_NOT_FOUND, ELEMENT_NOT_FOUND), `AccessDeniedError` (ELEMENT_ACCESS_DENIED),
`ConflictError` (PASSPORT_CANNOT_END, DPP_ENDED).
"""

from passport.dpp.elements import element_group, parse_element_path, read_element, set_element
from passport.dpp.header import (
    BATTERY_CONTENT_SPECIFICATION,
    DPP_SCHEMA_VERSION,
    DppHeader,
    DppStatus,
    Granularity,
    build_header,
)
from passport.dpp_record.identity import dpp_id_for, dpp_urn, parse_dpp_id, parse_product_id
from passport.dpp.merge_patch import apply_merge_patch
from passport.dpp_record.records import ensure_record, record_by_dpp_id, record_of

__all__ = [
    "BATTERY_CONTENT_SPECIFICATION",
    "DPP_SCHEMA_VERSION",
    "DppHeader",
    "DppStatus",
    "Granularity",
    "apply_merge_patch",
    "build_header",
    "dpp_id_for",
    "dpp_urn",
    "element_group",
    "ensure_record",
    "parse_dpp_id",
    "parse_element_path",
    "parse_product_id",
    "read_element",
    "record_by_dpp_id",
    "record_of",
    "set_element",
]
