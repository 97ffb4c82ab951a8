"""Dictionary coding: a code applies when one of its keywords (a word or multiword phrase) occurs."""

from __future__ import annotations

import pandas as pd

from ..frames import keywords
from ..text import contains_phrase, tokens
from .base import Method


class Keywords(Method):
    name = "keywords"
    kind = "set"

    def code_scores(self, ds, items, frame, spec, lang):
        lists = keywords(ds, frame, lang)
        phrases = {
            code: [tokens(k, lang, stoplist="none", stem=spec.stem) for k in words] for code, words in lists.items()
        }
        rows = []
        for text in items.texts[lang]:
            # Match against the text with function words kept, so phrases like "kerja sama regional" match whole.
            seq = tokens(text, lang, stoplist="none", stem=spec.stem)
            rows.append({code: float(any(contains_phrase(seq, p) for p in ps)) for code, ps in phrases.items()})
        return pd.DataFrame(rows, index=pd.Index(items.ids, name="item_id"), columns=list(lists))
