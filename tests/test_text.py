"""Normalisation of short bilingual labels: multiword expressions, curated stop-lists, optional stemming."""

from __future__ import annotations

import builtins

import pytest

from icdd_analysis import IcddError, text

from .conftest import require_test_extra


def test_multiword_expressions_survive_as_one_token():
    assert text.tokens("kerja sama luar negeri", "id") == ["kerja_sama", "luar_negeri"]
    assert text.tokens("Inovasi untuk dukung Usaha Kecil Menengah (UKM)", "id") == ["inovasi", "ukm", "ukm"]
    assert text.tokens("usaha mikro, kecil, dan menengah", "id") == ["umkm"]
    # UKM and UMKM stay apart: sources differ on exactly that
    assert text.tokens("inovasi bagi UMKM", "id") == ["inovasi", "umkm"]


def test_stoplists_are_curated_and_keep_words_general_lists_would_drop():
    # stopwords-iso holds "sama", "kecil", "baru"; the curated lists do not
    assert text.tokens("bersama di era yang baru", "id") == ["bersama", "era", "baru"]
    assert "diplomasi_digital" not in text.tokens("Manajemen krisis melalui diplomasi digital", "id")
    assert text.tokens("Manajemen krisis melalui diplomasi digital", "id", stoplist="function") == [
        "manajemen", "krisis", "diplomasi_digital"]
    assert text.tokens("the Role of Digital Diplomacy", "en", stoplist="none") == ["the", "role", "of", "digital_diplomacy"]


def test_editorial_brackets_keep_the_completed_word():
    assert text.tokens("Innovation to Support SM[Es]", "en") == ["innovation", "smes"]


@pytest.mark.slow
def test_stemming_is_off_by_default_and_shows_its_over_stemming_when_on():
    assert text.tokens("Kerangka kebijakan Pemerintah", "id") == ["kerangka", "kebijakan", "pemerintah"]
    require_test_extra("Sastrawi")
    assert text.tokens("Kerangka kebijakan Pemerintah", "id", stem=True) == ["kerangka", "bijak", "perintah"]
    assert text.tokens("kerja sama", "id", stem=True) == ["kerja_sama"]  # joined expressions are not stemmed


def _without_sastrawi(monkeypatch):
    text._stemmer.cache_clear()
    real_import = builtins.__import__

    def no_sastrawi(name, *args, **kwargs):
        if name.startswith("Sastrawi"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_sastrawi)


def test_without_sastrawi_the_shipped_stems_serve_the_bundled_vocabulary(monkeypatch):
    _without_sastrawi(monkeypatch)
    try:
        assert text.tokens("Kerangka kebijakan Pemerintah", "id", stem=True) == ["kerangka", "bijak", "perintah"]
        with pytest.raises(IcddError, match=r"no stem for 'swasembada'.*pip install 'icdd-analysis\[stem\]'"):
            text.tokens("swasembada", "id", stem=True)
    finally:
        text._stemmer.cache_clear()


@pytest.mark.slow
def test_shipped_stems_match_sastrawi():
    require_test_extra("Sastrawi")
    text._stemmer.cache_clear()
    stems = text.shipped_stems()
    assert len(stems) > 200
    assert all(text.stem_id(word) == stem for word, stem in stems.items())


def test_the_set_backed_dictionary_stems_as_sastrawis_own_list():
    """text._stemmer looks root words up in a frozenset instead of PySastrawi's list (har07/PySastrawi#7)."""
    require_test_extra("Sastrawi")
    import random

    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    text._stemmer.cache_clear()
    fast, plain = text._stemmer(), StemmerFactory().create_stemmer()
    assert isinstance(fast.delegatedStemmer.dictionary.words, frozenset)
    roots = sorted(plain.delegatedStemmer.dictionary.words)
    rng = random.Random(16)
    words = [f"{prefix}{root}{suffix}" for root in rng.sample(roots, 4)
             for prefix, suffix in (("me", "kan"), ("di", "i"))]  # each ~0.1 s of list scans; stems.csv has 200+ more
    assert [fast.stem(w) for w in words] == [plain.stem(w) for w in words]


def test_bad_language_and_stoplist_name_the_valid_values():
    with pytest.raises(IcddError, match="unknown lang 'fr'; valid: en, id"):
        text.tokens("x", "fr")
    with pytest.raises(IcddError, match="valid: none, function, domain"):
        text.tokens("x", "en", stoplist="all")


def test_contains_phrase_matches_contiguous_sequences_only():
    assert text.contains_phrase(["kerja_sama", "regional", "asia"], ["kerja_sama", "regional"])
    assert not text.contains_phrase(["regional", "x", "kerja_sama"], ["kerja_sama", "regional"])
    assert not text.contains_phrase(["a"], [])
