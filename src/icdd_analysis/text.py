"""Bilingual (Indonesian / English) text normalisation for short agenda labels.

Three traps shape this module (see the project's methods notes):
- Multiword expressions must survive as one token: general stop-lists hold "sama", "luar", "kecil",
  so "kerja sama" (cooperation), "luar negeri" (foreign affairs) and "Usaha Kecil Menengah" would
  break apart. They are joined *before* stop-words are removed.
- Stop-lists are curated here, not taken from stopwords-iso, which contains those very words.
- Indonesian stemming (Sastrawi) over-stems this vocabulary (kebijakan -> bijak, pemerintah ->
  perintah, menengah -> tengah), so it is optional and off by default.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .errors import IcddError

LANGS = ("en", "id")
STOPLISTS = ("none", "function", "domain")

#: Multiword expressions joined into one token, longest first. UKM (small and medium enterprises)
#: and UMKM (micro, small and medium enterprises) stay distinct: sources differ on exactly that.
MULTIWORD = {
    "id": {
        "usaha mikro, kecil, dan menengah": "umkm",
        "usaha mikro kecil dan menengah": "umkm",
        "usaha mikro kecil menengah": "umkm",
        "usaha kecil dan menengah": "ukm",
        "usaha kecil menengah": "ukm",
        "diplomasi digital": "diplomasi_digital",
        "kerja sama": "kerja_sama",
        "luar negeri": "luar_negeri",
    },
    "en": {
        "small and medium-sized enterprises": "smes",
        "small and medium enterprises": "smes",
        "digital diplomacy": "digital_diplomacy",
    },
}

#: Function words: removed by the "function" and "domain" stop-lists.
FUNCTION_WORDS = {
    "en": set(
        "a an the and or of for in on to through by with as at from into its their his her our we is are be "
        "been was were will would can how what which that this these those each every between within beyond "
        "about than while simply also".split()
    ),
    "id": set(
        "yang dan di ke dari untuk dalam pada serta atau dengan melalui bagi akan ini itu oleh para sebagai "
        "secara antara terhadap tentang hingga sembari kami kita masing-masing bagaimana berbagai adalah "
        "juga telah lebih".split()
    ),
}
#: Words every item of a digital-diplomacy agenda shares: removed by the "domain" stop-list only.
DOMAIN_WORDS = {
    "en": {"digital", "diplomacy", "digital_diplomacy", "support", "role", "use", "using", "utilizing", "efforts"},
    "id": {"digital", "diplomasi", "diplomasi_digital", "dukung", "mendukung", "peran", "upaya",
           "pemanfaatan", "memanfaatkan", "membahas", "menyoroti", "menekankan", "menggarisbawahi"},
}

_TOKEN = re.compile(r"[0-9a-z\u00c0-\u024f]+(?:[-_'][0-9a-z\u00c0-\u024f]+)*")


def check_lang(lang: str, allowed: tuple[str, ...] = LANGS, what: str = "lang") -> str:
    if lang not in allowed:
        raise IcddError(f"unknown {what} {lang!r}; valid: {', '.join(allowed)}.")
    return lang


@lru_cache(maxsize=2)
def _multiword_pattern(lang: str) -> re.Pattern:
    phrases = sorted(MULTIWORD[lang], key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(p) for p in phrases) + r")\b")


@lru_cache(maxsize=1)
def _stemmer():
    try:
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
    except ImportError:
        return None
    stemmer = StemmerFactory().create_stemmer()
    # PySastrawi keeps its ~30,000 root words in a list, so each of the many lookups per word scans it (16 ms a
    # word; har07/PySastrawi#7, its fix #15 unmerged). The same words in a frozenset answer the same lookups.
    dictionary = getattr(getattr(stemmer, "delegatedStemmer", None), "dictionary", None)
    if isinstance(getattr(dictionary, "words", None), list):
        dictionary.words = frozenset(dictionary.words)
    return stemmer


@lru_cache(maxsize=1)
def shipped_stems() -> dict[str, str]:
    """Sastrawi's stems of the bundled vocabulary, shipped in the data package (stems.csv)."""
    import csv

    from .data import bundled_path

    path = bundled_path().parent / "stems.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["word"]: row["stem"] for row in csv.DictReader(fh)}


def stem_id(token: str) -> str:
    """Sastrawi's stem of one Indonesian word (joined multiword tokens are left whole).

    Without the optional Sastrawi package, the stems shipped for the bundled vocabulary are used,
    so the default install (Windows included) can still show what stemming does to these texts.
    """
    if "_" in token:
        return token
    stemmer = _stemmer()
    if stemmer is not None:
        return stemmer.stem(token) or token
    stems = shipped_stems()
    if token in stems:
        return stems[token]
    raise IcddError(
        f"no stem for {token!r}: Indonesian stemming of new words needs the optional Sastrawi package: "
        "pip install 'icdd-analysis[stem]'."
    )


def tokens(text: str, lang: str, *, stoplist: str = "domain", stem: bool = False) -> list[str]:
    """Lower-cased tokens of ``text`` with multiword expressions joined and stop-words removed."""
    check_lang(lang)
    check_lang(stoplist, STOPLISTS, "stoplist")
    # Square brackets mark an editor's completion ("SM[Es]"): keep the completed word.
    text = text.lower().replace("[", "").replace("]", "").replace("\u2019", "'")
    text = _multiword_pattern(lang).sub(lambda m: MULTIWORD[lang][m.group(1)], text)
    words = _TOKEN.findall(text)
    if stem and lang == "id":
        words = [stem_id(w) for w in words]
    if stoplist != "none":
        drop = FUNCTION_WORDS[lang] | (DOMAIN_WORDS[lang] if stoplist == "domain" else set())
        if stem and lang == "id":
            drop = drop | {stem_id(w) for w in drop}
        words = [w for w in words if w not in drop]
    return words


def contains_phrase(haystack: list[str], phrase: list[str]) -> bool:
    """Whether the token sequence ``phrase`` occurs contiguously in ``haystack``."""
    n = len(phrase)
    if n == 0:
        return False
    return any(haystack[i:i + n] == phrase for i in range(len(haystack) - n + 1))
