"""Freeze what robustness() and compare() return on the bundled data, for the equivalence test.

Run ONCE from the implementation whose numbers are the reference (it was run on the pandas-per-cell
engine of ``comparison.py`` before the vectorised core replaced it):
``python tests/analysis/make_fixtures.py``. The JSON it writes under ``fixtures/`` is what
``test_equivalence.py`` compares the current engine with, table by table; re-running it would make
the test compare the engine with itself. When the data changes, run it from the old engine on the new data
(a checkout of commit af1ece6 with this data/ copied in, ``PYTHONPATH=<that checkout>/src``), as was done for
data 0.2.0.
"""

from __future__ import annotations

import gzip
import json
import warnings
from pathlib import Path

import pandas as pd

FIXTURES = Path(__file__).with_name("fixtures")

#: name -> robustness() keyword arguments: the default grid (notebook 02), and variants that take
#: other paths (a derived frame, stemming, one scope by kinds, other seeds and top-k).
ROBUSTNESS_CASES = {
    "default": {},
    "dw-basket": {"frame": "dw-basket", "methods": ("keywords", "tfidf"), "n_permutations": 40, "seed": 3},
    "dw-stem": {"frame": "dw", "stems": (False, True), "top_ks": (1, 3), "n_permutations": 30, "seed": 7},
    "kinds": {"methods": ("tfidf", "embedding"), "kinds": {"target": ["focus_area", "panel"]}, "n_permutations": 25},
    "coding-bases": {"methods": ("coding", "keywords"), "bases": ("item_text", "all", "item_text+inferred_description"),
                     "scopes": [("stated_agenda", "stated_agenda"), (None, None)], "n_permutations": 20, "seed": 11},
}
#: compare() keyword arguments over methods, languages, units, normalisations, top-k and frames.
COMPARE_CASES = [
    dict(method=m, lang=lang, unit=unit, normalisation=norm, top_k=k, frame=frame, **scopes)
    for m in ("coding", "keywords", "tfidf", "embedding")
    for lang in ("en", "id", "both")
    for unit in ("label", "description")
    for norm in (None, "rank")
    for k in (1, 2)
    for frame in ("function", "dw-basket")
    for scopes in ({}, {"baseline_scope": "stated_agenda", "target_scope": "stated_agenda"})
    if not (m == "coding" and (lang != "en" or unit != "label"))
]
ROBUSTNESS_TABLES = ("specs", "continuity", "links", "claims", "claims_by_scope", "permutation")


def frame_json(frame: pd.DataFrame) -> dict:
    return json.loads(frame.to_json(orient="split", double_precision=15, index=False))


def main() -> None:
    import icdd_analysis as icdd

    ds = icdd.load()
    out = {"robustness": {}, "compare": []}
    for name, kwargs in ROBUSTNESS_CASES.items():
        rob = icdd.robustness(ds, **kwargs)
        out["robustness"][name] = {t: frame_json(getattr(rob, t)) for t in ROBUSTNESS_TABLES}
    for kwargs in COMPARE_CASES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                c = icdd.compare(ds, **kwargs)
            except icdd.IcddError as exc:
                out["compare"].append({"kwargs": kwargs, "error": str(exc)})
                continue
        out["compare"].append({
            "kwargs": kwargs,
            "similarity": frame_json(c.similarity.reset_index()),
            "raw_similarity": frame_json(c.raw_similarity.reset_index()),
            "links": frame_json(c.links), "continuity": frame_json(c.continuity),
            "codes": {side: frame_json(m.reset_index()) for side, m in c.codes.items()},
        })
    FIXTURES.mkdir(exist_ok=True)
    with gzip.GzipFile(FIXTURES / "old-engine.json.gz", "wb", mtime=0) as fh:  # mtime 0: the same bytes each run
        fh.write((json.dumps(out, indent=0, sort_keys=True) + "\n").encode("utf-8"))


if __name__ == "__main__":
    main()
