"""The one interface every comparison method implements (the items it works on come from :mod:`..items`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..data import Dataset
from ..frames import BASES, Frame  # noqa: F401  (BASES re-exported for methods)
from ..items import Items

UNITS = ("label", "description")
NORMALISATIONS = ("raw", "centred", "rank")


@dataclass(frozen=True)
class Spec:
    """One specification of a comparison: what the robustness grid varies."""

    method: str = "tfidf"
    lang: str = "en"  # en, id or both
    unit: str = "label"  # label, or label plus description where one exists
    normalisation: str = "raw"  # of item similarities: raw, centred (z-scores) or rank (per target item)
    top_k: int = 1  # codes per item for ranked methods, and links kept per target item
    stem: bool = False  # Indonesian stemming (Sastrawi), off by default: it over-stems this vocabulary
    stoplist: str = "domain"
    basis: str = "all"  # coding method: which codings.basis rows count ("all", "item_text", "item_text+...")

    @property
    def langs(self) -> tuple[str, ...]:
        return ("en", "id") if self.lang == "both" else (self.lang,)


class Method:
    """A comparison method.

    ``kind`` is "set" when the method assigns codes outright (item similarity is then the Jaccard
    index of code sets) or "vector" when it scores texts (item similarity is its own).
    """

    name: str = ""
    kind: str = "set"
    langs: tuple[str, ...] = ("en", "id", "both")
    default_normalisation: str = "raw"
    #: Whether the method reads the item texts (the "coding" method does not).
    uses_text: bool = True

    def code_scores(self, ds: Dataset, items: Items, frame: Frame, spec: Spec, lang: str) -> pd.DataFrame:
        """Items x base codes of ``frame``: 0/1 for set methods, a similarity for vector methods."""
        raise NotImplementedError

    def item_similarity(self, ds: Dataset, target: Items, baseline: Items, spec: Spec, lang: str) -> np.ndarray:
        """Target x baseline similarities in one language (vector methods only)."""
        raise NotImplementedError
