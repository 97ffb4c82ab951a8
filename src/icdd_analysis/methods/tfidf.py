"""TF-IDF cosine within one language (scikit-learn), on curated tokens; codes are scored by their keywords."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..frames import keywords
from ..text import tokens
from .base import Method


def _vectorise(documents: list[str], lang: str, spec) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer  # heavy: imported where used

    def analyse(doc: str) -> list[str]:
        return tokens(doc, lang, stoplist=spec.stoplist, stem=spec.stem)

    vectoriser = TfidfVectorizer(analyzer=analyse, norm="l2", dtype=np.float64)
    if not any(analyse(d) for d in documents):
        return np.zeros((len(documents), 1))
    return vectoriser.fit_transform(documents).toarray()


class Tfidf(Method):
    name = "tfidf"
    kind = "vector"

    def item_similarity(self, ds, target, baseline, spec, lang):
        matrix = _vectorise(list(target.texts[lang]) + list(baseline.texts[lang]), lang, spec)
        return matrix[: len(target)] @ matrix[len(target):].T

    def code_scores(self, ds, items, frame, spec, lang):
        # A code's document: its keywords, and in English also its label and description.
        lists = keywords(ds, frame, lang)
        codes = frame.base_codes.set_index("code")
        docs = []
        for code, words in lists.items():
            parts = list(words)
            if lang == "en":
                parts += [str(codes.at[code, "label"]), str(codes.at[code, "description_en"] or "")]
            docs.append(" ; ".join(parts))
        matrix = _vectorise(list(items.texts[lang]) + docs, lang, spec)
        scores = matrix[: len(items)] @ matrix[len(items):].T
        return pd.DataFrame(scores, index=pd.Index(items.ids, name="item_id"), columns=list(lists))
