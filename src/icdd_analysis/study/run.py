"""The study of a :class:`~.request.CompareRequest`: every result a comparison report or the explorer shows,
each computed once, and only what the request asks for.

This is the one module that calls the analysis core (``compare``, ``agreement_of``, ``robustness``): notebook
02, the explorer and its worker call :func:`run` or one of its steps, never the core themselves.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

# The one import of the analysis core (its functions move to icdd_analysis.analysis: change this line only).
from ..present.answer import Claim, answer_claims
from ..analysis import Agreement, Comparison, Robustness, agreement_of, compare, robustness
from ..errors import MissingTextWarning
from .request import CompareRequest

if TYPE_CHECKING:
    from ..data import Dataset
    from ..frames import Frame

#: The methods that read the texts: agreement checks these when only the project coding was asked for.
TEXT_METHODS = ("keywords", "tfidf", "embedding")
REFERENCE = "coding"


@dataclass(frozen=True)
class CompareResults:
    """What :func:`run` found for ``request``: one comparison per requested method (in the request's order),
    the agreement of the text methods with the project coding, the robustness grid over the requested
    methods, the project coding's comparison (the reference of the summary), the answer's claims (the
    reference's statuses under every reading, with their shares in the grid) and the source ids the page cites."""

    request: CompareRequest
    comparisons: tuple[Comparison, ...]
    agreement: Agreement
    robustness: Robustness
    reference: Comparison
    source_ids: tuple[str, ...]
    claims: tuple[Claim, ...] = ()

    @property
    def frame(self) -> Frame:
        return self.reference.frame

    @property
    def n_items(self) -> int:
        """How many items the comparisons cover (both sides)."""
        first = self.comparisons[0]
        return len(first.baseline) + len(first.target)


def checked_methods(request: CompareRequest) -> tuple[str, ...]:
    """The methods agreement scores against the project coding: the requested ones other than the coding, or
    every text method when only the coding was asked for."""
    return tuple(m for m in request.methods if m != REFERENCE) or TEXT_METHODS


def robustness_methods(request: CompareRequest) -> tuple[str, ...]:
    """The methods the robustness grid varies: the requested ones (the project coding is always its reference)."""
    return tuple(m for m in request.methods if m != REFERENCE)


def compare_step(ds: Dataset, request: CompareRequest, method: str) -> Comparison:
    """One method's comparison under the request (its events, scopes, frame, text language and unit).

    Items without text in the text language are left out with a
    :class:`~icdd_analysis.errors.MissingTextWarning` (the page names them; see ``Items.left_out``).
    """
    return compare(ds, request.baseline, request.target, method=method, lang=request.text_lang, frame=request.frame,
                   unit=request.unit, baseline_scope=request.baseline_scope, target_scope=request.target_scope)


def robustness_step(ds: Dataset, request: CompareRequest, progress: bool | Callable[[int, int], None] = False) -> Robustness:
    """The robustness grid of the request: over its methods, from its scopes, with its permutations."""
    return robustness(ds, request.baseline, request.target, frame=request.frame, methods=robustness_methods(request),
                      n_permutations=request.n_permutations, baseline_scope=request.baseline_scope,
                      target_scope=request.target_scope, progress=progress, text_lang=request.text_lang)


def cited_sources(ds: Dataset, comparison: Comparison) -> tuple[str, ...]:
    """The sources of the compared items and of the frame, sorted as the sources section lists them."""
    from ..data import cited_source_ids

    shown = ds.agenda_items[ds.agenda_items["item_id"].isin(comparison.baseline.ids + comparison.target.ids)]
    frame_source = ds.frames[ds.frames["frame_id"] == comparison.frame.base_id]
    return tuple(cited_source_ids(shown, frame_source))


def run(ds: Dataset, request: CompareRequest, progress: bool | Callable[[int, int], None] = False) -> CompareResults:
    """Every result of ``request`` on ``ds`` (validated first), each comparison computed once: the requested
    methods, the project coding (the reference, reused when requested) and the methods agreement checks."""
    request.validate(ds)
    needed = list(dict.fromkeys((*request.methods, REFERENCE, *checked_methods(request))))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingTextWarning)  # the page names the items left out (Items.left_out)
        made = {m: compare_step(ds, request, m) for m in needed}
    agreement = agreement_of({m: made[m] for m in (REFERENCE, *checked_methods(request))}, REFERENCE)
    comparisons = tuple(made[m] for m in request.methods)
    robustness = robustness_step(ds, request, progress)
    claims = tuple(answer_claims(ds, made[REFERENCE], robustness))
    return CompareResults(request, comparisons, agreement, robustness, made[REFERENCE], cited_sources(ds, comparisons[0]),
                          claims)
