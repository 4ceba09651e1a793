"""Labels and the EU declaration of conformity (public, Annex XIII 1(q)-(r)) and the test reports proving
compliance (notified bodies, market surveillance authorities and the Commission, Annex XIII 3)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from passport.model.access import AccessGroup, annex_field, value_field
from passport.model.base import PassportModel
from passport.model.types import MultibaseDigest, NonEmptyStr, ShortStr, WebLink

PUBLIC = AccessGroup.PUBLIC


class LabelSymbol(StrEnum):
    """Label elements of Art. 13 and Annex VI."""

    SEPARATE_COLLECTION = "separate_collection"
    CADMIUM = "cadmium"
    LEAD = "lead"
    CAPACITY = "capacity"
    CARBON_FOOTPRINT_CLASS = "carbon_footprint_class"
    HAZARDOUS_SUBSTANCES = "hazardous_substances"
    QR_CODE = "qr_code"
    CE_MARKING = "ce_marking"
    OTHER = "other"


class LabelElement(PassportModel):
    """One element of the battery's labelling (value type)."""

    symbol: LabelSymbol = value_field(description="Which label element.")
    meaning: NonEmptyStr = value_field(description="What the label says.")
    image_url: WebLink | None = value_field(description="Image of the label element.", default=None)


class DeclarationOfConformity(PassportModel):
    """The EU declaration of conformity (Art. 18) (value type)."""

    declaration_id: ShortStr = value_field(description="Identifier of the declaration.")
    document_url: WebLink = value_field(description="Web link to the declaration.")
    date_of_issue: date = value_field(description="Date of issue.")


class LabelsAndConformity(PassportModel):
    """Labelling information and the EU declaration of conformity."""

    labels: list[LabelElement] = annex_field(PUBLIC, "1(q)",
        description="Labelling information (Art. 13).", min_length=1)
    declaration_of_conformity: DeclarationOfConformity = annex_field(
        PUBLIC, "1(r)", description="The EU declaration of conformity.")


class ReportOutcome(StrEnum):
    """Outcome of a test report."""

    PASSED = "passed"
    FAILED = "failed"


class TestReport(PassportModel):
    """A test report proving compliance with the Regulation (value type)."""

    __test__ = False  # not a pytest test class despite the name

    report_id: ShortStr = value_field(description="Identifier of the report.")
    test_standard: ShortStr = value_field(description="Standard or requirement tested against.")
    testing_body: ShortStr = value_field(description="Laboratory or notified body that tested.")
    date_of_issue: date = value_field(description="Date of issue.")
    test_result: ReportOutcome = value_field(description="passed or failed.")
    document_url: WebLink = value_field(description="Web link to the report.")
    document_digest: MultibaseDigest | None = value_field(description="Multibase multihash of the report file.",
                                                          default=None)
