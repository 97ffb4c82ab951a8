"""One memo per data-package object: values derived from a Dataset, kept exactly as long as it lives.

A :class:`~icdd_analysis.data.Dataset` is frozen, so what is derived from it (a frame's keyword lists,
every item text of a language, a method's matrices) cannot go stale; a changed package
(``dataclasses.replace``, a new ``load``) is another object with a memo of its own. The memo is not
an attribute of the Dataset (``dataclasses.replace`` would copy it into the changed package) but a
registry keyed by the object's id, each entry dropped when its object is garbage-collected.
"""

from __future__ import annotations

import threading
import weakref

_MEMOS: dict[int, tuple[weakref.ref, dict]] = {}
_LOCK = threading.Lock()


def memo_of(owner) -> dict:
    """The dict kept for ``owner`` (made on first use, dropped when ``owner`` is collected)."""
    key = id(owner)
    with _LOCK:
        found = _MEMOS.get(key)
        if found is None or found[0]() is not owner:  # an id reused after its owner died
            found = _MEMOS[key] = (weakref.ref(owner), {})
            weakref.finalize(owner, _MEMOS.pop, key, None)
        return found[1]


def remembered(owner, key: tuple, make):
    """``make()`` once per ``owner`` and ``key``; later calls return the same object."""
    memo = memo_of(owner)
    if key not in memo:
        value = make()
        with _LOCK:
            memo.setdefault(key, value)
    return memo[key]


def hashable(key: tuple) -> bool:
    """Whether ``key`` can key a memo (a list among the arguments cannot: such a call is not remembered)."""
    try:
        hash(key)
    except TypeError:
        return False
    return True
