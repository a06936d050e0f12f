"""The gap solver: minimal dated plans per route, computed by CP-SAT from the rule objects."""

from solver.gaps.planner import apply_changes, apply_plan, plan_gaps

__all__ = ["apply_changes", "apply_plan", "plan_gaps"]
