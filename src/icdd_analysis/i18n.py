"""Report and plot strings in English and Indonesian (the project's translations)."""

from __future__ import annotations

from .errors import IcddError

LANGS = ("en", "id")

STRINGS: dict[str, dict[str, str]] = {
    "similarity": {"en": "Similarity", "id": "Kemiripan"},
    "baseline": {"en": "Earlier agenda", "id": "Agenda terdahulu"},
    "target": {"en": "Later agenda", "id": "Agenda berikutnya"},
    "continued": {"en": "continued", "id": "berlanjut"},
    "new": {"en": "new", "id": "baru"},
    "dropped": {"en": "dropped", "id": "ditinggalkan"},
    "absent": {"en": "absent", "id": "tidak ada"},
    "code": {"en": "Frame code", "id": "Kode kerangka"},
    "method": {"en": "Method", "id": "Metode"},
    "coder": {"en": "Coder", "id": "Pengode"},
    "continuity_title": {"en": "Continuity by frame code: {frame}", "id": "Keberlanjutan per kode kerangka: {frame}"},
    "agreement_title": {"en": "Agreement between coders (Cohen's kappa), frame {frame}",
                        "id": "Kesepakatan antarpengode (kappa Cohen), kerangka {frame}"},
    "heatmap_title": {"en": "{method}: {normalisation} similarity ({text_lang})", "id": "{method}: kemiripan {normalisation} ({text_lang})"},
    "raw": {"en": "raw", "id": "mentah"},
    "centred": {"en": "centred (z)", "id": "terpusat (z)"},
    "rank": {"en": "rank", "id": "peringkat"},
    "project_frame": {"en": "the project's own axis", "id": "sumbu buatan proyek ini"},
    "coding": {"en": "project coding", "id": "pengodean proyek"},
    "keywords": {"en": "keywords", "id": "kata kunci"},
    "tfidf": {"en": "TF-IDF", "id": "TF-IDF"},
    "embedding": {"en": "embeddings", "id": "embedding"},
}


def check(lang: str) -> str:
    if lang not in LANGS:
        raise IcddError(f"unknown report language {lang!r}; valid: {', '.join(LANGS)}.")
    return lang


def t(key: str, lang: str = "en", **values) -> str:
    """The string ``key`` in ``lang``, formatted with ``values``."""
    return STRINGS[key][check(lang)].format(**values)
