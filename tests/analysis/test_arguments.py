"""API misuse of compare, agreement and robustness: an IcddError naming the parameter and the valid values.

Never a TypeError, AttributeError or IndexError from deep inside (issue 19, item 10).
"""

from __future__ import annotations

import pickle

import pytest

import icdd_analysis as icdd
from icdd_analysis.analysis import NotComparableError
from icdd_analysis.errors import ArgumentError, IcddError


@pytest.mark.parametrize("call, parameter, valid", [
    (lambda ds: icdd.compare(ds, method=["tfidf"]), "method", "coding, keywords, tfidf, embedding"),
    (lambda ds: icdd.compare(ds, baseline=["rcdd-2019"]), "baseline", "rcdd-2019, icdd-2021"),
    (lambda ds: icdd.compare(ds, target=2021), "target", "rcdd-2019, icdd-2021"),
    (lambda ds: icdd.compare(ds, frame=["function"]), "frame", "dw, wsis, gdc, function, dw-basket"),
    (lambda ds: icdd.agreement(ds, methods="tfidf"), "methods", "'coding', 'keywords', 'tfidf', 'embedding'"),
    (lambda ds: icdd.agreement(ds, methods=("tfidf", "bert")), "methods", "'tfidf'"),
    (lambda ds: icdd.agreement(ds, reference=None), "reference", "coding, keywords"),
    (lambda ds: icdd.agreement(ds, frame=None), "frame", "function"),
    (lambda ds: icdd.robustness(ds, n_permutations=0), "n_permutations", "at least 1"),
    (lambda ds: icdd.robustness(ds, n_permutations=2.5), "n_permutations", "whole number"),
    (lambda ds: icdd.robustness(ds, langs=("xx",)), "langs", "'en', 'id', 'both'"),
    (lambda ds: icdd.robustness(ds, langs="en"), "langs", "list or tuple"),
    (lambda ds: icdd.robustness(ds, methods="tfidf"), "methods", "'tfidf'"),
    (lambda ds: icdd.robustness(ds, units=("paragraph",)), "units", "'label', 'description'"),
    (lambda ds: icdd.robustness(ds, normalisations=("log",)), "normalisations", "'raw', 'centred', 'rank'"),
    (lambda ds: icdd.robustness(ds, top_ks=(0,)), "top_ks", "at least 1"),
    (lambda ds: icdd.robustness(ds, text_lang="fr"), "text_lang", "en, id, both"),
    (lambda ds: icdd.robustness(ds, baseline=None), "baseline", "rcdd-2019, icdd-2021"),
    (lambda ds: icdd.robustness(ds, frame=1), "frame", "function"),
    (lambda ds: icdd.robustness(ds, bases=("hearsay",)), "bases", "item_text, inferred_description, source_context"),
    (lambda ds: icdd.robustness(ds, stems=("yes",)), "stems", "False, True"),
    (lambda ds: icdd.robustness(ds, kinds=5), "kinds", "a list of kinds"),
    (lambda ds: icdd.compare(ds, kinds={"target": 5}), "kinds", "a list of kinds"),
    (lambda ds: icdd.compare(ds, stem="yes"), "stem", "True or False"),
    (lambda ds: icdd.compare("bundled"), "ds", "icdd.load()"),
    (lambda ds: icdd.agreement(None), "ds", "icdd.load()"),
    (lambda ds: icdd.robustness(ds.agenda_items), "ds", "icdd.load()"),
])
def test_misuse_is_an_icdd_error_naming_the_parameter_and_the_valid_values(ds, call, parameter, valid):
    with pytest.raises(IcddError) as caught:
        call(ds)
    assert isinstance(caught.value, ArgumentError), repr(caught.value)
    assert caught.value.parameter == parameter
    assert str(caught.value).startswith(f"{parameter}: ") and valid in str(caught.value)


def test_scopes_that_are_not_pairs_are_a_scope_error(ds):
    with pytest.raises(IcddError, match="scopes: 5 is not a list of pairs"):
        icdd.robustness(ds, scopes=5)


def test_an_unknown_method_name_keeps_its_message(ds):
    with pytest.raises(IcddError, match="unknown method 'bert'; valid: coding, keywords, tfidf, embedding"):
        icdd.compare(ds, method="bert")


@pytest.mark.parametrize("kind", [ArgumentError, NotComparableError])
def test_the_engine_s_errors_survive_pickling(kind):
    error = pickle.loads(pickle.dumps(kind("langs", "'xx' is not valid")))
    assert type(error) is kind and error.parameter == "langs" and str(error) == "langs: 'xx' is not valid"
    assert error.reason == "'xx' is not valid"


def test_one_permutation_and_numpy_integers_are_accepted(ds):
    import numpy as np

    rob = icdd.robustness(ds, methods=("tfidf",), langs=("en",), units=("label",), normalisations=("raw",),
                          top_ks=(np.int64(1),), n_permutations=np.int64(1), scopes=[(None, None)])
    assert set(rob.permutation["n_permutations"]) == {1}
