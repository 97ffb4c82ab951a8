"""The comparison engine: :func:`compare` two agendas, the methods' :func:`agreement` with the project
coding, and the :func:`robustness` of its claims across specifications and scopes.

data -> items -> methods -> analysis: this package knows items, frames and scores, and nothing of files
or pages. ``checks`` says what it accepts, ``numeric`` and ``prepared`` do the arithmetic, once.
"""

from .agreement import Agreement, agreement, agreement_of
from .checks import CONFERENCE_KIND, NotComparableError, check_comparable, comparable_events
from .claims import HOLDS_SHARE, scope_label
from .compare import CAVEAT, STATUS_ORDER, Comparison, compare
from .numeric import SIMILARITY_DECIMALS, normalise, settle
from .robustness import Robustness, robustness

__all__ = ["CAVEAT", "CONFERENCE_KIND", "HOLDS_SHARE", "SIMILARITY_DECIMALS", "STATUS_ORDER", "Agreement",
           "Comparison", "NotComparableError", "Robustness", "agreement", "check_comparable", "comparable_events",
           "compare", "normalise", "robustness", "scope_label", "settle"]
