"""Invisible characters in data: bidirectional controls and zero-width characters.

A bidirectional control (U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C) reorders the text displayed after
it (``U+202E`` shows "gnp.exe" for "exe.png"); a zero-width character (U+200B-200D, U+2060, U+FEFF) makes two
different strings look alike. The loader refuses them in ids (:mod:`.data`); the renderers show them visibly
(:mod:`.escaping`). Stdlib only, at the lowest layer, so that both can use it.
"""

from __future__ import annotations

import re

#: Characters that change the display order of text or are invisible: never rendered as they are.
INVISIBLE_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff]")


def has_invisible_controls(value) -> bool:
    """Whether ``value`` holds a bidirectional control or a zero-width character."""
    return INVISIBLE_CONTROLS.search(str(value)) is not None


def visible_controls(value) -> str:
    """``value`` with each bidirectional control or zero-width character replaced by a visible ``<U+XXXX>``."""
    return INVISIBLE_CONTROLS.sub(lambda m: f"<U+{ord(m[0]):04X}>", str(value))
