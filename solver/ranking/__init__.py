"""The Arrima ranking of the PSTQ: the grid as data (``grid``), what each factor measures
(``measures``), the factors (``factors``), the recorded rounds (``draws``) and the scorer
(``scorer``: ``rank``, ``draws_answer``).

The gap solver compiles the same ``Factor`` objects into CP-SAT tables, so the scorer and the
planner cannot drift. The package itself imports nothing, so that the rule book (which checks a
reform's grid changes) can import the grid without the scorer above it.
"""
