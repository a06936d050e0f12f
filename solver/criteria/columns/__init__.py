"""What the criteria's ``to_columns`` methods read and return: three-valued columns (``tri``),
profiles as columns (``frame``) and the context of one frame on one date (``context``).

The columnar twin of ``solver.criteria.base.EvalContext`` and its three-valued helpers; the
route-level combination is ``solver.columnar``, above the rule book.
"""
