"""The answer to the reader's question as data: what carried over, what is new, what was dropped, how sure.

A claim is a frame code with a status (continued, new, dropped) as the project coding (the reference)
states it under one reading of the agendas: a pair of scopes (which of each event's items are compared).
:func:`answer_claims` collects the reference's claims under the report's own scopes and every other
reading (:func:`reading_pairs`), and says for each how sure we are, in the calibrated words of the
IPCC's AR5 guidance note on the consistent treatment of uncertainties (Mastrandrea et al. 2010):

- a **likelihood** term (:func:`likelihood`) for the share of the ways of reading (the robustness grid's
  specifications: method, text language, unit, normalisation, top-k, evidence basis, under each scope
  pair) in which the claim holds;
- a **confidence** (:func:`confidence`) from the evidence and its agreement: the weakest source
  confidence behind the claim (the data's confidence columns, as :func:`.evidence.code_support` reads
  them), one step lower where the methods disagree (a method disagrees when the claim does not hold in
  more than :data:`comparison.HOLDS_SHARE` of that method's specifications).

Rendering is :mod:`.answer_html`; nothing here formats text, so that the index can read the same data.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass

import pandas as pd

from ..analysis import HOLDS_SHARE, STATUS_ORDER, Comparison, Robustness, compare
from ..data import Dataset
from ..errors import AnswerError
from ..items import scopes_for
from ..memo import remembered
from ..stats import TIE_TOLERANCE
from .evidence import CONFIDENCE_LEVELS, code_support

#: The AR5 likelihood scale, in percent of the ways of reading: (term, lowest, highest). Ranges nest;
#: :func:`likelihood` takes the narrowest that holds the share.
LIKELIHOOD_SCALE: tuple[tuple[str, int, int], ...] = (
    ("virtually_certain", 99, 100),
    ("very_likely", 90, 100),
    ("likely", 66, 100),
    ("about_as_likely_as_not", 33, 66),
    ("unlikely", 0, 33),
    ("very_unlikely", 0, 10),
    ("exceptionally_unlikely", 0, 1),
)

def likelihood(share: float) -> str:
    """The AR5 likelihood term for ``share`` (0 to 1) of the ways of reading in which a claim holds.

    The narrowest range that holds the share applies (at 95%: "very_likely", not "likely"). Bounds are
    inclusive within :data:`stats.TIE_TOLERANCE`, so 0.66 computed as 66/100 is at the bound. Where two
    ranges of equal width hold it (33% is the top of "unlikely" and the bottom of "about as likely as
    not"), the one nearer the middle of the scale applies: the more cautious word.
    """
    if share is None or pd.isna(share) or not 0 - TIE_TOLERANCE <= float(share) <= 1 + TIE_TOLERANCE:
        raise AnswerError(f"share must be a number from 0 to 1 (a share of the ways of reading), not {share!r}.")
    percent = float(share) * 100
    tol = TIE_TOLERANCE * 100
    fitting = [(hi - lo, abs((lo + hi) / 2 - 50), term) for term, lo, hi in LIKELIHOOD_SCALE
               if lo - tol <= percent <= hi + tol]
    return min(fitting)[2]


def confidence(weakest_source: str, methods_agree: bool) -> str:
    """Confidence from the evidence and its agreement: the weakest source level behind the claim
    (high, medium, low), one step lower when the methods disagree (low stays low)."""
    if weakest_source not in CONFIDENCE_LEVELS:
        raise AnswerError(f"source confidence must be one of {', '.join(CONFIDENCE_LEVELS)}, not {weakest_source!r}.")
    step = CONFIDENCE_LEVELS.index(weakest_source) + (0 if methods_agree else 1)
    return CONFIDENCE_LEVELS[min(step, len(CONFIDENCE_LEVELS) - 1)]


def reading_pairs(ds: Dataset, baseline: str, target: str, grid_pairs=()) -> list[tuple[str, str]]:
    """Every reading of the two agendas: each preset scope of the earlier event with each of the later's,
    the robustness grid's pairs first (in their order), so a claim under any of them is found."""
    pairs = list(dict.fromkeys(tuple(p) for p in grid_pairs))
    for pair in itertools.product(scopes_for(ds, baseline), scopes_for(ds, target)):
        if pair not in pairs:
            pairs.append(pair)
    return pairs


def reading_references(ds: Dataset, reference: Comparison, pairs) -> dict[tuple[str, str], Comparison]:
    """The reference (project coding) under each scope pair: ``reference`` itself under its own pair, the
    others computed the same way (``compare(..., method="coding")`` with the pair's scopes)."""
    own = (reference.baseline.scope, reference.target.scope)
    return {tuple(pair): reference if tuple(pair) == own else compare(
        ds, reference.baseline.event_id, reference.target.event_id, method="coding",
        frame=reference.frame.frame_id, baseline_scope=pair[0], target_scope=pair[1]) for pair in pairs}


#: How many references :func:`_reading` keeps per Dataset (events x frames x scope pairs; the oldest goes first).
READINGS_KEPT = 256
_READINGS_LOCK = threading.Lock()


def _reading(ds: Dataset, reference: Comparison, pair: tuple[str, str]) -> Comparison:
    """:func:`reading_references`' comparison under ``pair``, computed once per Dataset, events, frame and pair
    (a study asks for the same eight or so on every run). Only :func:`answer_claims` reads it, and it hands
    none of it out, so no caller can change what the next one reads; one that left items out (and warned)
    is made again each time, so a warning is never lost."""
    key = (reference.baseline.event_id, reference.target.event_id, reference.frame.frame_id, tuple(pair))
    kept = remembered(ds, ("present.answer.readings",), dict)
    found = kept.get(key)
    if found is None:
        found = compare(ds, key[0], key[1], method="coding", frame=key[2], baseline_scope=pair[0],
                        target_scope=pair[1])
        if not found.baseline.left_out and not found.target.left_out:
            with _READINGS_LOCK:
                while len(kept) >= READINGS_KEPT:
                    kept.pop(next(iter(kept)))
                found = kept.setdefault(key, found)
    return found


def reading_statuses(ds: Dataset, reference: Comparison, pairs) -> dict[tuple[str, str], dict[str, str]]:
    """The reference's status of each code under each scope pair: {pair: {code: status}}, so that a claim the
    default reading does not make (F1 dropped against the 2019 stated agenda) is found too."""
    return {pair: dict(zip(cmp_.continuity["code"], cmp_.continuity["status"]))
            for pair, cmp_ in reading_references(ds, reference, pairs).items()}


@dataclass(frozen=True)
class Claim:
    """One claim of the answer, with how sure and what it rests on."""

    code: str
    status: str  # continued, new or dropped
    pairs: tuple[tuple[str, str], ...]  # the scope pairs under which the reference makes it
    default: bool  # made under the report's own scopes
    share: float | None  # share of the grid's specifications (under ``pairs``) in which it holds; None: not in the grid
    n_specs: int  # the number of those specifications
    by_scope: tuple[tuple[tuple[str, str], float, int], ...]  # (pair, share, n) for the grid's pairs in ``pairs``
    by_method: tuple[tuple[str, float], ...]  # (method, share) under ``pairs``; 'coding:<basis>' for the coding on one basis
    methods_agree: bool | None  # None: no specification ran (reference only)
    support: dict  # side -> list of code_support dicts (the items carrying the code)
    weakest_source: str
    likelihood: str | None
    confidence: str


def _grid(rob: Robustness) -> tuple[list[tuple], dict[tuple[str, str], set]]:
    """The grid's specifications that ran, as (spec_id, scope pair, reader) in their order, and the spec ids in
    which each (code, status) holds: read once per answer, not once per claim."""
    specs = rob.specs[rob.specs["ran"]] if len(rob.specs) else rob.specs
    if not len(specs):
        return [], {}
    # The project coding restricted to one evidence basis is its own way of reading ("coding:item_text").
    basis = specs["basis"] if "basis" in specs.columns else pd.Series("all", index=specs.index)
    rows = [(spec_id, (b, t), m if m != "coding" or basis_ in ("all", None) or pd.isna(basis_) else f"coding:{basis_}")
            for spec_id, b, t, m, basis_ in zip(specs["spec_id"], specs["baseline_scope"], specs["target_scope"],
                                                 specs["method"], basis)]
    holding: dict[tuple[str, str], set] = {}
    cont = rob.continuity
    for spec_id, code, status in zip(cont["spec_id"], cont["code"], cont["status"]):
        holding.setdefault((code, status), set()).add(spec_id)
    return rows, holding


def _shares(rob: Robustness, grid, code: str, status: str, pairs) -> tuple[float | None, int, list, list]:
    """The share of the grid's specifications under ``pairs`` (and per pair, per way of reading) in which the
    claim holds; ``grid`` is :func:`_grid` of ``rob``."""
    rows, holding = grid
    pairs = set(pairs)
    in_pairs = [(pair, reader, spec_id in holding.get((code, status), ())) for spec_id, pair, reader in rows
                if pair in pairs]
    if not in_pairs:
        return None, 0, [], []

    def share(held: list[bool]) -> float:
        return sum(held) / len(held)

    by_scope = [((b, t), share(held), len(held)) for (b, t) in rob.scopes if (b, t) in pairs
                for held in [[h for p, _, h in in_pairs if p == (b, t)]] if held]
    by_method = [(m, share([h for _, r, h in in_pairs if r == m])) for m in dict.fromkeys(r for _, r, _ in in_pairs)]
    return share([h for _, _, h in in_pairs]), len(in_pairs), by_scope, by_method


def _support(ds: Dataset, cmp_: Comparison, code: str) -> tuple[dict, str]:
    """The items that carry ``code`` on each side of ``cmp_`` (the reference under one scope pair) with their
    best text, and the weakest level behind the claim: the weaker side's best text (one good text per side
    is enough)."""
    lang = cmp_.spec.lang
    sides = {}
    for side in ("baseline", "target"):
        matrix = cmp_.codes[side]
        if code in matrix.columns:
            sides[side] = [code_support(ds, cmp_.frame, i, code, lang) for i in matrix.index if matrix.at[i, code]]
        else:
            sides[side] = []
    best = [min(found, key=lambda e: CONFIDENCE_LEVELS.index(e["level"]))["level"] for found in sides.values() if found]
    return sides, (max(best, key=CONFIDENCE_LEVELS.index) if best else "low")


def answer_claims(ds: Dataset, reference: Comparison, rob: Robustness) -> list[Claim]:
    """The reference's claims under its own scopes, then those it makes only under other readings.

    Each (code, status) is one claim with every scope pair under which the reference makes it; a claim
    of the default reading that the reference does not make under every reading is ``default`` with
    fewer ``pairs`` (the page says "only when ..."). The share is over the grid's specifications under
    those pairs; a claim made only under pairs outside the grid has ``share`` None (reference only).
    """
    own = (reference.baseline.scope, reference.target.scope)
    pairs = reading_pairs(ds, reference.baseline.event_id, reference.target.event_id, (own,) + tuple(rob.scopes))
    references = {pair: reference if pair == own else _reading(ds, reference, pair) for pair in pairs}
    statuses = {pair: dict(zip(c.continuity["code"], c.continuity["status"])) for pair, c in references.items()}
    order = reference.frame.code_ids
    found: dict[tuple[str, str], list] = {}
    for pair in pairs:
        for code, status in statuses[pair].items():
            if status in STATUS_ORDER:
                found.setdefault((code, status), []).append(pair)
    claims = []
    grid = _grid(rob)
    for (code, status), where in found.items():
        share, n, by_scope, by_method = _shares(rob, grid, code, status, where)
        agree = None if not by_method else all(s > HOLDS_SHARE for _, s in by_method)
        support, weakest = _support(ds, references[own if own in where else where[0]], code)
        claims.append(Claim(code, status, tuple(where), own in where, share, n, tuple(by_scope), tuple(by_method),
                            agree, support, weakest, None if share is None else likelihood(share),
                            confidence(weakest, agree is not False)))
    claims.sort(key=lambda c: (not c.default, STATUS_ORDER.index(c.status), order.index(c.code) if c.code in order else 0))
    return claims


def headline(claims: list[Claim]) -> list[dict]:
    """The claims as plain JSON-able data (for the index and for tests of the stored report): code, status,
    whether the default reading makes it, its share and number of specifications overall and per scope pair
    ("sessions → focus_areas"), the likelihood term and the confidence."""
    return [{"code": c.code, "status": c.status, "default": c.default, "share": c.share, "n_specs": c.n_specs,
             "by_scope": {f"{p[0]} → {p[1]}": s for p, s, _ in c.by_scope},
             "pairs": [list(p) for p in c.pairs], "likelihood": c.likelihood, "confidence": c.confidence}
            for c in claims]
