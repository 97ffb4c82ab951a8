"""The study: what a comparison of two agendas is asked (:class:`CompareRequest`, in :mod:`.request`) and
everything it finds (:func:`icdd_analysis.study.run.run` -> ``CompareResults``, in :mod:`.run`), validated once
and computed once for the report, the explorer and the API.

Only the request is imported here: it needs no pandas (the report runner's up-to-date check imports it and
loads nothing). Call the study as ``from icdd_analysis.study.run import run``.
"""

from .request import NOTEBOOK, TEXT_LANGS, CompareRequest

__all__ = ["NOTEBOOK", "TEXT_LANGS", "CompareRequest"]
