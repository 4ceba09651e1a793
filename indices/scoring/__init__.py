"""Company-level scoring against a rulebook.

    criteria   one pure function per criterion type (questionnaire, performance, equivalency)
    company    Scorer: every indicator judged for each company, then 100 × points met / applicable
    chain      company shares, stages and origin sites from the custody flows
    result     IndicatorOutcome, CompanyScore
"""

from indices.scoring.company import Scorer
from indices.scoring.result import CompanyScore, IndicatorOutcome

__all__ = [
    "CompanyScore",
    "IndicatorOutcome",
    "Scorer",
]
