"""Comparison methods: one small module each, one interface (:class:`~.base.Method`).

Adding a method: write a module with a Method subclass and add it to ``METHODS`` below.
"""

from __future__ import annotations

from .base import BASES, NORMALISATIONS, UNITS, Items, Method, Spec
from .coding import Coding
from .embedding import Embedding
from .keywords import Keywords
from .tfidf import Tfidf

METHODS: dict[str, Method] = {m.name: m for m in (Coding(), Keywords(), Tfidf(), Embedding())}

__all__ = ["BASES", "METHODS", "NORMALISATIONS", "UNITS", "Items", "Method", "Spec"]
