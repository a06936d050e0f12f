"""Québec pilot-programs gap advisor: eligibility and provably minimal gap plans.

Public Python API (the same answers as the HTTP endpoints, as pydantic models)::

    from solver import evaluate, plan_gaps, questions, what_if
"""

from solver.answers import EligibilityAnswer, GapsAnswer, QuestionsAnswer, RoutesCatalog, WhatIfAnswer
from solver.applicant import Applicant, InvalidInput
from solver.batch import BatchResult, evaluate_many, plan_gaps_many
from solver.batch_compare import compare
from solver.evaluator import evaluate, route_verdicts
from solver.gaps import apply_changes, apply_plan, plan_gaps
from solver.questions import questions
from solver.ranking.scorer import rank
from solver.rules.book import RuleBook, RuleFileError, default_rulebook
from solver.whatif import what_if

__all__ = [
    "Applicant",
    "BatchResult",
    "EligibilityAnswer",
    "GapsAnswer",
    "InvalidInput",
    "QuestionsAnswer",
    "RoutesCatalog",
    "RuleBook",
    "RuleFileError",
    "WhatIfAnswer",
    "apply_changes",
    "apply_plan",
    "compare",
    "default_rulebook",
    "evaluate",
    "evaluate_many",
    "plan_gaps",
    "plan_gaps_many",
    "questions",
    "rank",
    "route_verdicts",
    "what_if",
]
