"""The project's own human coding onto a frame: the transparent baseline the other methods are scored against."""

from __future__ import annotations

from ..frames import project_coding
from .base import Method


class Coding(Method):
    name = "coding"
    kind = "set"
    uses_text = False

    def code_scores(self, ds, items, frame, spec, lang):
        return project_coding(ds, frame, list(items.ids), basis=spec.basis).astype(float)
