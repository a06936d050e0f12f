"""Columnar evaluation: the verdicts of whole cohorts at once, compiled from the same criterion
objects as the row evaluator.

- ``solver.columnar.tri``: three-valued columns (``FALSE`` 0, ``UNKNOWN`` 1, ``TRUE`` 2, so AND is
  the minimum and OR the maximum) and the grouped reductions the criteria use;
- ``solver.columnar.frame``: profiles -> columns (per-profile scalars, exploded diplomas and work
  episodes with their profile index, and dictionary codes of the episode, diploma and offer
  details that the criteria test);
- ``solver.columnar.routes``: each criterion's ``to_columns`` combined per route into
  ``eligible`` / ``not_eligible`` / ``unknown``.

This package imports no criterion at import time: criteria import ``tri`` and ``frame`` from
their ``to_columns`` methods, and ``routes`` sits above them with the evaluator.
"""
