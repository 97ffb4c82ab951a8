"""Each side's matrices computed once per data package: code scores, item similarities, frames, roll-ups.

A method's code scores depend on the items of one side (their ids and texts in one language), the
frame and the few specification fields the method reads (unit, stemming, stop-list, evidence basis);
its item similarities on both sides' texts in one language. A robustness grid asks for the same ones
again and again (the three normalisations and two top-k of a method, language and unit share them;
"both" languages reuses the English and the Indonesian ones), so :class:`Prepared` keeps them, keyed
by exactly those fields.

One :class:`Prepared` belongs to one :class:`~icdd_analysis.data.Dataset` object (see :func:`prepared`
and :mod:`icdd_analysis.memo`): it never serves another package, and it goes when its Dataset goes. A
Dataset is frozen; a changed package (``dataclasses.replace(ds, codings=...)``, a new ``load``) is a new
object with an empty memo.
Cached arrays are read-only, so no caller can change what the next one reads.
"""

from __future__ import annotations

import threading
import warnings

import numpy as np

from ..data import Dataset
from ..frames import Frame, get_frame
from ..items import Items, MissingTextWarning, chosen_scope, left_out_message, select_scope
from ..memo import hashable, remembered
from ..methods import Method, Spec


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.array(array, dtype=np.float64)  # a copy of its own
    array.setflags(write=False)
    return array


def _side_key(items: Items, lang: str | None) -> tuple:
    return items.event_id, items.ids, None if lang is None else items.texts[lang]


class Prepared:
    """The memo of one Dataset (see the module docstring); methods take the Dataset they belong to."""

    def __init__(self) -> None:
        self._memo: dict[tuple, object] = {}
        self._lock = threading.Lock()

    def _get(self, key: tuple, make):
        found = self._memo.get(key)
        if found is None:
            found = make()
            with self._lock:
                found = self._memo.setdefault(key, found)
        return found

    def __len__(self) -> int:
        return len(self._memo)

    def frame(self, ds: Dataset, frame_id: str) -> Frame:
        """:func:`~icdd_analysis.frames.get_frame`, once per frame id (an unknown id raises every time)."""
        return self._get(("frame", frame_id), lambda: get_frame(ds, frame_id))

    def side(self, ds: Dataset, event_id: str, scope: str | None, langs: tuple[str, ...], unit: str,
             on_missing: str, parameter: str) -> Items:
        """:func:`~icdd_analysis.items.select_scope`, chosen once; the items it leaves out are named again on
        every call (the same MissingTextWarning, or MissingTextError), so a warning is never lost."""
        key = ("side", event_id, scope, tuple(langs), unit)
        if not hashable(key):  # a wrong type: select_scope names the parameter
            return select_scope(ds, event_id, scope, langs, unit, on_missing, parameter)
        found = self._get(key, lambda: chosen_scope(ds, event_id, scope, tuple(langs), unit, parameter))
        if found.left_out:
            warnings.warn(left_out_message(found, tuple(langs), unit, on_missing), MissingTextWarning, stacklevel=1)
        return found

    def checked(self, key: tuple, check) -> None:
        """Run ``check()`` (which raises or returns None) once per ``key`` that passed."""
        if not hashable(key):
            check()
        elif ("checked", key) not in self._memo:
            check()
            with self._lock:
                self._memo[("checked", key)] = True

    def code_scores(self, ds: Dataset, method: Method, items: Items, frame: Frame, spec: Spec,
                    lang: str) -> tuple[np.ndarray, tuple[str, ...]]:
        """Items x base codes scores of ``method`` in ``lang`` (read-only float64) and the codes of its columns."""
        key = ("codes", method.name, frame.base_id, lang, spec.unit, spec.stem, spec.stoplist, spec.basis,
               _side_key(items, lang if method.uses_text else None))

        def make():
            scores = method.code_scores(ds, items, frame, spec, lang)
            return _frozen(scores.to_numpy(dtype=np.float64)), tuple(map(str, scores.columns))

        return self._get(key, make)

    def item_similarity(self, ds: Dataset, method: Method, target: Items, baseline: Items, spec: Spec,
                        lang: str) -> np.ndarray:
        """Target x baseline similarities of a vector method in ``lang`` (read-only float64)."""
        key = ("similarity", method.name, lang, spec.unit, spec.stem, spec.stoplist,
               _side_key(target, lang), _side_key(baseline, lang))
        return self._get(key, lambda: _frozen(method.item_similarity(ds, target, baseline, spec, lang)))

    def roll_up_matrix(self, frame: Frame, columns: tuple[str, ...]) -> np.ndarray:
        """Base codes (``columns``) x the frame's codes: True where a base code counts as that code.

        The same lift as :meth:`Frame.roll_up` (a base code is its own code in a base frame, its parent's
        in a derived one), as a matrix: a codes matrix times it, > 0, is the rolled-up matrix.
        """
        def make():
            if frame.frame_id == frame.base_id:
                parent = {c: c for c in columns}
            else:
                parents = dict(zip(frame.base_codes["code"].astype(str), frame.base_codes["parent_code"]))
                parent = {c: parents.get(c) for c in columns}
            codes = frame.code_ids
            matrix = np.array([[parent[c] == code for code in codes] for c in columns], dtype=np.int64)
            return matrix.reshape(len(columns), len(codes))

        return self._get(("roll_up", frame.frame_id, columns), make)


def prepared(ds: Dataset) -> Prepared:
    """The :class:`Prepared` memo of ``ds``: made on first use, dropped when ``ds`` is garbage-collected."""
    return remembered(ds, ("analysis.prepared",), Prepared)
