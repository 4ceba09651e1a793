"""The battery passport of Regulation (EU) 2023/1542, Annex XIII: model, access groups, projections, credential.

    Passport / PassportCreate       the model (pydantic v2); one source for the JSON Schema and JSON-LD context
    AccessGroup                     public < legitimate_interest < authority
    project(passport, level)        the reader's view at `level`
    pointers_for(document, level)   JSON pointers that select that view (for selective disclosure)
    to_credential / from_credential the VC 2.0 envelope
    parse_passport(data)            validation with JSON-pointer errors (InputError "INVALID_PASSPORT")
"""

from passport.model.access import AccessGroup
from passport.model.carbon import CarbonFootprint, LifeCycleStage
from passport.model.circularity import Circularity
from passport.model.composition import MaterialComposition
from passport.model.conformity import LabelsAndConformity, TestReport
from passport.model.context import CONTEXT_URL, VOCAB, build_context
from passport.model.credential import CREDENTIAL_TYPE, SUBJECT_TYPE, from_credential, to_credential
from passport.model.due_diligence import IndexResult, SupplyChainDueDiligence
from passport.model.general import BatteryCategory, BatteryStatus, GeneralProductInformation
from passport.model.passport import Passport, PassportBase, PassportCreate
from passport.model.performance import BatteryCondition, PerformanceAndDurability
from passport.model.projection import pointers_for, project
from passport.model.schema import passport_schema
from passport.model.validation import parse_passport

__all__ = sorted([
    "AccessGroup", "BatteryCategory", "BatteryCondition", "BatteryStatus", "CONTEXT_URL", "CREDENTIAL_TYPE",
    "CarbonFootprint", "Circularity", "GeneralProductInformation", "IndexResult", "LabelsAndConformity",
    "LifeCycleStage", "MaterialComposition", "Passport", "PassportBase", "PassportCreate", "PerformanceAndDurability",
    "SUBJECT_TYPE", "SupplyChainDueDiligence", "TestReport", "VOCAB", "build_context", "from_credential",
    "parse_passport", "passport_schema", "pointers_for", "project", "to_credential",
])
