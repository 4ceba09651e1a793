"""Risk taxonomy: the programme's risk areas (incident types) → OECD Annex II risks → risk categories.

The codes are the ones of the Better Mining 2022 data (`worst_forms_of_child_labour`, `human_rights`, ...).
The default taxonomy is data (`data/taxonomy.json`), validated by these models; a programme may load its own.
"""

from __future__ import annotations

import json
import re
from functools import cached_property, lru_cache
from importlib.resources import files

from pydantic import BaseModel, ConfigDict, Field, model_validator

_CODE = r"^[a-z][a-z0-9_]*$"


class RiskCategory(BaseModel):
    """A group of Annex II risks as the Step 5 report counts them (human rights, legality, security)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=_CODE, description="Stable code, e.g. `human_rights`.")
    title: str = Field(description="English title.")


class AnnexIIRisk(BaseModel):
    """A risk of the OECD Due Diligence Guidance, Annex II (model supply chain policy)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=_CODE, description="Stable code, e.g. `worst_forms_of_child_labour`.")
    title: str = Field(description="English title, after the Annex II wording.")
    category: str = Field(pattern=_CODE, description="Code of the risk category it is reported under.")


class ProgrammeRiskArea(BaseModel):
    """An incident type the programme's field agents record, and the Annex II risk it evidences."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=_CODE, description="Stable code of the incident type.")
    label: str = Field(description="English label, as in the data's `incident_type`.")
    label_zh: str | None = Field(default=None, description="Chinese label, as in the data's `incident_type_zh`.")
    risk: str = Field(pattern=_CODE, description="Code of the Annex II risk the incident type evidences.")
    major_breach: bool = Field(
        default=False,
        description="Whether an incident of this type is a major breach whatever its score "
        "(e.g. children working underground, armed forces involved in mining).",
    )


class RiskTaxonomy(BaseModel):
    """Risk categories, Annex II risks and programme risk areas, checked to reference each other."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(description="Version of this taxonomy, recorded with every import.")
    categories: tuple[RiskCategory, ...]
    risks: tuple[AnnexIIRisk, ...]
    risk_areas: tuple[ProgrammeRiskArea, ...]

    @model_validator(mode="after")
    def _references_resolve(self) -> RiskTaxonomy:
        categories = {c.code for c in self.categories}
        risks = {r.code for r in self.risks}
        for name, codes in (("categories", [c.code for c in self.categories]), ("risks", [r.code for r in self.risks]),
                            ("risk_areas", [a.code for a in self.risk_areas])):
            if len(codes) != len(set(codes)):
                raise ValueError(f"duplicate code in {name}")
        for risk in self.risks:
            if risk.category not in categories:
                raise ValueError(f"risk {risk.code} names unknown category {risk.category}")
        for area in self.risk_areas:
            if area.risk not in risks:
                raise ValueError(f"risk area {area.code} names unknown risk {area.risk}")
        return self

    @cached_property
    def _risks(self) -> dict[str, AnnexIIRisk]:
        return {r.code: r for r in self.risks}

    @cached_property
    def _areas_by_label(self) -> dict[str, ProgrammeRiskArea]:
        index: dict[str, ProgrammeRiskArea] = {}
        for area in self.risk_areas:
            for label in (area.code, area.label, area.label_zh):
                if label:
                    index[normalise_label(label)] = area
        return index

    def risk(self, code: str) -> AnnexIIRisk | None:
        """The Annex II risk with this code, or None."""
        return self._risks.get(code)

    def category_codes(self) -> list[str]:
        return [c.code for c in self.categories]

    def risk_codes(self) -> list[str]:
        return [r.code for r in self.risks]

    def risk_area(self, label: str) -> ProgrammeRiskArea | None:
        """The risk area for an incident type given as code, English label or Chinese label (any of them)."""
        return self._areas_by_label.get(normalise_label(label))


_SPACE = re.compile(r"\s+")
_FULLWIDTH = str.maketrans("（）：，", "():,")


def normalise_label(label: str) -> str:
    """Compare labels across exports: case, spacing and full-width punctuation do not matter."""
    return _SPACE.sub(" ", label.translate(_FULLWIDTH)).strip().casefold()


@lru_cache(maxsize=1)
def default_taxonomy() -> RiskTaxonomy:
    """The taxonomy of the Better Mining 2022 report (3T sites, DRC and Rwanda)."""
    text = (files(__package__) / "data" / "taxonomy.json").read_text(encoding="utf-8")
    return RiskTaxonomy.model_validate(json.loads(text))
