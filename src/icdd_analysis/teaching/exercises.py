"""Exercises that check themselves: whether an answer is valid, and a hint (never the answer).

The right answers are computed from the data package, not written here, so they stay right when the
data changes. They are private (``_``-named, which notebook Tab completion does not offer), and the
instructor guide's table of them is in :mod:`icdd_analysis.teaching.instructor`, which the student
notebook's ``teaching`` namespace does not import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
import pandas as pd

from ..data import Dataset
from ..errors import IcddError
from ..escaping import md_text
from ..frames import get_frame
from ..i18n import check as check_lang, t

_SOURCE_ID = re.compile(r"^[A-Z]+[0-9]+$")


@dataclass(frozen=True)
class Feedback:
    """The result of checking an answer: shown as Markdown in a notebook."""

    exercise: str
    valid: bool
    correct: bool | None  # None: no single right answer (your own coding), or not answered yet
    message: str
    #: The exercise's name in the student's language ("Latihan 1: sumber varian"); the key where not set.
    title: str = ""

    def __repr__(self) -> str:
        return f"{self.exercise}: {self.message}"

    def _repr_markdown_(self) -> str:
        mark = "✅" if self.correct else ("✏️" if not self.valid else ("💡" if self.correct is False else "ℹ️"))
        return f"{mark} **{md_text(self.title or self.exercise)}** — {md_text(self.message)}"  # the message quotes the answer


#: The checker's messages are in the package's translation catalogue, under ``exercise_<name>``.




def _m(key: str, lang: str, **values) -> str:
    return t(f"exercise_{key}", check_lang(lang), **values)


# --- the right answers, computed from the data ------------------------------------------------------


def _variant_source(ds: Dataset) -> set[str]:
    """Sources whose fifth Bali Message item is a different topic from the preferred one."""
    v = ds.variants[(ds.variants["record_id"] == "icdd-2021-fa-5") & (ds.variants["field"] == "text_id")]
    preferred = str(v.loc[v["preferred"].fillna(False), "value"].iloc[0]).lower()
    different = v[~v["preferred"].fillna(False) & (v["value"].str.lower() != preferred)]
    return _all_sources(different)


def _all_sources(rows: pd.DataFrame) -> set[str]:
    from ..data import cited_source_ids

    return set(cited_source_ids(rows))


def _stemmed_to_bijak(ds: Dataset) -> set[str]:
    from ..text import stem_id, tokens

    text = str(ds.agenda_items.set_index("item_id").at["icdd-2021-fa-1", "text_id"])
    return {w for w in tokens(text, "id", stoplist="none") if stem_id(w) == "bijak"}


def _tfidf_linked_count(ds: Dataset) -> int:
    from ..analysis import compare

    return int(compare(ds, method="tfidf", lang="en").links["target_item"].nunique())


def _flipped_codes(ds: Dataset) -> set[str]:
    from ..analysis import compare

    def statuses(lang: str) -> dict[str, str]:
        continuity = compare(ds, method="keywords", lang=lang).continuity
        return dict(zip(continuity["code"], continuity["status"]))

    en, idn = statuses("en"), statuses("id")
    return {c for c in set(en) | set(idn) if en.get(c) == "new" and idn.get(c) == "continued"}


def _robust_codes(ds: Dataset) -> set[str]:
    """Codes whose continuity status is the same in every specification of the default grid (default scopes)."""
    from ..analysis import robustness

    # The exercise is about methods and languages, on the items students coded: the default scopes only.
    claims = robustness(ds, n_permutations=1, scopes=[(None, None)]).claims  # no permutation baseline needed
    return set(claims.loc[(claims["kind"] == "continuity") & (claims["share"] == 1.0), "subject"])


def _smallest_raw_cosine(ds: Dataset) -> float:
    from ..analysis import compare

    return float(compare(ds, method="embedding", lang="en").raw_similarity.to_numpy().min())


# --- checking -------------------------------------------------------------------------------------


def compared_items(ds: Dataset) -> list[str]:
    """The items students code: the three RCDD sessions and the five Bali Message focus areas."""
    from ..items import scope_kinds

    items = []
    for event in ("rcdd-2019", "icdd-2021"):
        items += list(ds.event(event).items(kind=list(scope_kinds(ds, event, None)))["item_id"])
    return items


def _check_coding(ds: Dataset, answer, lang: str, frame: str) -> Feedback:
    name = "coding"
    if not isinstance(answer, dict):
        return Feedback(name, False, None, _m("coding_not_dict", lang))
    items = compared_items(ds)
    valid_codes = get_frame(ds, frame).code_ids
    for item, codes in answer.items():
        if item not in items:
            return Feedback(name, False, None, _m("coding_unknown_item", lang, item=item, items=", ".join(items)))
        for code in codes if isinstance(codes, (list, tuple, set)) else [codes]:
            if code not in valid_codes:
                return Feedback(name, False, None, _m("coding_bad_code", lang, item=item, code=code, valid=", ".join(valid_codes)))
    missing = [i for i in items if not answer.get(i)]
    if missing:
        return Feedback(name, True, None, _m("coding_missing", lang, items=", ".join(missing)))
    return Feedback(name, True, None, _m("coding_done", lang, n=len(items)))


EXERCISES = ("variant-source", "coding", "stemming", "tfidf-links", "language-flip", "robust-claim", "squeezed-cosine")


def check(exercise: str, answer, ds: Dataset, lang: str = "en", frame: str = "function") -> Feedback:
    """Check a student's answer: valid or not, right or not, and a hint when it is not right. The result is
    headed by the exercise's name in ``lang`` (the key, ``variant-source``, is only what the code types)."""
    if exercise not in EXERCISES:
        raise IcddError(f"unknown exercise {exercise!r}; exercises: {', '.join(EXERCISES)}.")
    check_lang(lang)
    return replace(_check(exercise, answer, ds, lang, frame), title=t(f"exercise_title_{exercise.replace('-', '_')}", lang))


def _check(exercise: str, answer, ds: Dataset, lang: str, frame: str) -> Feedback:
    if exercise == "coding":
        return _check_coding(ds, answer, lang, frame)
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return Feedback(exercise, False, None, _m("empty", lang))
    text = str(answer).strip()
    if exercise == "variant-source":
        if not _SOURCE_ID.match(text.upper()) or text.upper() not in set(ds.sources["source_id"]):
            return Feedback(exercise, False, None, _m("not_source", lang, answer=answer))
        if text.upper() in _variant_source(ds):
            return Feedback(exercise, True, True, _m("correct", lang))
        fa5 = ds.variants[ds.variants["record_id"] == "icdd-2021-fa-5"]
        hint = "variant_same_wording" if text.upper() in _all_sources(fa5) else "variant_other"
        return Feedback(exercise, True, False, _m(hint, lang))
    if exercise == "stemming":
        if not re.fullmatch(r"[A-Za-z\-]+", text):
            return Feedback(exercise, False, None, _m("not_word", lang))
        ok = text.lower() in _stemmed_to_bijak(ds)
        return Feedback(exercise, True, ok, _m("correct" if ok else "stem_hint", lang))
    if exercise == "tfidf-links":
        n = len(ds.event("icdd-2021").items(kind="focus_area"))
        if isinstance(answer, bool) or not re.fullmatch(r"[0-9]+", text) or int(text) > n:
            return Feedback(exercise, False, None, _m("not_count", lang, n=n))
        ok = int(text) == _tfidf_linked_count(ds)
        return Feedback(exercise, True, ok, _m("correct" if ok else "count_hint", lang))
    if exercise in ("language-flip", "robust-claim"):
        valid = get_frame(ds, frame).code_ids
        if text.upper() not in valid:
            return Feedback(exercise, False, None, _m("not_code", lang, answer=answer, valid=", ".join(valid)))
        right = _flipped_codes(ds) if exercise == "language-flip" else _robust_codes(ds)
        ok = text.upper() in right
        return Feedback(exercise, True, ok, _m("correct" if ok else ("flip_hint" if exercise == "language-flip" else "robust_hint"), lang))
    # squeezed-cosine
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return Feedback(exercise, False, None, _m("not_number", lang))
    if not 0 <= value <= 1:
        return Feedback(exercise, False, None, _m("not_number", lang))
    ok = abs(value - _smallest_raw_cosine(ds)) <= 0.01
    return Feedback(exercise, True, ok, _m("correct" if ok else "cosine_hint", lang))
