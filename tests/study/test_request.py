"""CompareRequest: the one validator of a comparison's parameters, its parameters and its report name."""

from __future__ import annotations

import pickle
from dataclasses import fields

import pytest

from icdd_analysis import errors
from icdd_analysis.errors import IcddError, NotComparableError, ParameterError, ScopeError
from icdd_analysis.naming import MAX_NAME_LENGTH, report_name
from icdd_analysis.report import available_notebooks
from icdd_analysis.report.jobs import declared_parameters
from icdd_analysis.study import NOTEBOOK, CompareRequest


def test_defaults_are_the_notebooks_defaults():
    import ast

    (notebook,) = [p for p in available_notebooks() if p.stem == NOTEBOOK]
    declared = {n: ast.literal_eval(p["default"]) for n, p in declared_parameters(notebook).items() if n != "figures_dir"}
    assert declared == CompareRequest().to_params(full=True)
    assert CompareRequest().text_lang == "both" and CompareRequest().lang == "en"


@pytest.mark.parametrize("field, bad, valid", [
    ("method", "bm25", "all, coding, keywords, tfidf, embedding"),
    ("text_lang", "fr", "en, id, both"),
    ("lang", "fr", "en, id"),
    ("unit", "sentence", "label, description"),
])
def test_each_value_that_needs_no_data_is_named_with_its_valid_values(field, bad, valid):
    with pytest.raises(ParameterError, match=rf"parameter '{field}': '{bad}' is not valid; valid: {valid}\.") as caught:
        CompareRequest.from_params(**{field: bad})
    assert caught.value.parameter == field


@pytest.mark.parametrize("value", [0, 10_001])
def test_permutations_outside_their_range_are_refused_with_the_reason(value):
    with pytest.raises(ParameterError, match=r"'n_permutations': .* outside the valid range 1 to 10000 \(the report"):
        CompareRequest.from_params(n_permutations=value)


def test_unknown_names_and_wrong_types_are_named():
    with pytest.raises(ParameterError, match=r"'colour': unknown parameter; a comparison takes: baseline, target"):
        CompareRequest.from_params(colour="red")
    with pytest.raises(ParameterError, match=r"'n_permutations': '20' is a str, expected a int"):
        CompareRequest.from_params(n_permutations="20")
    with pytest.raises(ParameterError, match=r"'n_permutations': True is a bool"):
        CompareRequest.from_params(n_permutations=True)
    with pytest.raises(ParameterError, match=r"'method': 3 is a int, expected a str"):
        CompareRequest.from_params(method=3)


@pytest.mark.parametrize("changes, field, message", [
    ({"baseline": "nowhere-2020"}, "baseline", r"'nowhere-2020' is not valid; valid: .*rcdd-2019"),
    ({"target": "rcdd-2019"}, "target", r"same event as baseline"),
    ({"frame": "colours"}, "frame", r"'colours' is not valid; valid: dw, wsis, gdc, function, dw-basket"),
    ({"baseline_scope": "focus_areas"}, "baseline_scope", r"focus_areas"),
    ({"target_scope": "speeches"}, "target_scope", r"speeches"),
])
def test_each_value_that_needs_the_data_is_checked_against_it(ds, changes, field, message):
    request = CompareRequest.from_params(**changes)  # no data needed to build it
    with pytest.raises(ParameterError, match=message) as caught:
        request.validate(ds)
    assert caught.value.parameter == field


def test_data_that_does_not_exist_is_named(tmp_path):
    with pytest.raises(ParameterError, match=r"'data': .*does not exist; give a datapackage.json"):
        CompareRequest.from_params(data=str(tmp_path / "missing")).load_checked()


def test_to_params_and_from_params_round_trip():
    request = CompareRequest(baseline_scope="stated_agenda", method="tfidf", text_lang="id", lang="id", unit="description",
                             n_permutations=20)
    assert request.to_params() == {"baseline_scope": "stated_agenda", "method": "tfidf", "text_lang": "id", "lang": "id",
                                   "unit": "description", "n_permutations": 20}
    assert CompareRequest.from_params(**request.to_params()) == request
    assert CompareRequest.from_params(**request.to_params(full=True)) == request
    assert CompareRequest().to_params() == {}
    assert request.replace(method="all").method == "all"


def test_choices_are_the_valid_values_and_follow_the_event(ds):
    request = CompareRequest()
    assert request.choices(ds, "method") == ["all", "coding", "keywords", "tfidf", "embedding"]
    assert request.choices(ds, "text_lang") == ["en", "id", "both"]
    assert request.choices(ds, "lang") == ["en", "id"]
    assert "rcdd-2019" in request.choices(ds, "baseline") and "icdd-2021" in request.choices(ds, "target")
    assert "sessions" in request.choices(ds, "baseline_scope") and "focus_areas" not in request.choices(ds, "baseline_scope")
    assert "focus_areas" in CompareRequest(baseline="icdd-2021").choices(ds, "baseline_scope")
    for field in ("method", "text_lang", "lang", "unit", "frame", "baseline_scope", "target_scope"):
        for value in request.choices(ds, field):
            if field == "frame" and value != "function":
                continue  # a frame must also be coded for both events
            assert getattr(request.replace(**{field: value}).validate(ds), field) == value
    with pytest.raises(ParameterError, match=r"'n_permutations' has no list of choices"):
        request.choices(ds, "n_permutations")


def test_report_names_are_short_stable_and_valid():
    from icdd_analysis.report.jobs import check_report_name

    assert CompareRequest().report_name() == "02-compare-agendas"
    assert CompareRequest(lang="id", method="tfidf").report_name() == "02-compare-agendas--lang-id--method-tfidf"
    widest = CompareRequest(baseline_scope="sessions+theme", target_scope="focus_areas+panels+review", method="embedding",
                            frame="dw-basket", text_lang="id", lang="id", unit="description", n_permutations=10_000)
    name = widest.report_name()
    assert len(name) <= MAX_NAME_LENGTH and name.startswith("02-compare-agendas--") and check_report_name(name) == name
    assert name == widest.report_name() != CompareRequest(**{**widest.to_params(full=True), "n_permutations": 9999}).report_name()
    assert report_name("01-overview", {"lang": "id", "data": "/somewhere", "figures_dir": "x"}) == "01-overview--lang-id"
    assert "+" not in CompareRequest(baseline_scope="sessions+theme").report_name()


def _every_error_class():
    return [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, Exception)]


def test_every_exception_of_the_package_is_in_errors_under_icdd_error_with_a_docstring():
    import ast
    from pathlib import Path

    import icdd_analysis

    for cls in _every_error_class():
        assert issubclass(cls, IcddError) or cls is errors.MissingTextWarning, cls
        assert cls.__doc__ and cls.__doc__.strip(), cls
    elsewhere = []
    for path in Path(icdd_analysis.__file__).parent.rglob("*.py"):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                    getattr(b, "id", getattr(b, "attr", "")).endswith(("Error", "Exception", "Warning")) for b in node.bases):
                elsewhere.append(f"{path.name}:{node.name}")
    assert not elsewhere, f"exception classes outside errors.py: {elsewhere}"


@pytest.mark.parametrize("error", [
    IcddError("plain"),
    ParameterError("method", "'bm25' is not valid; valid: all."),
    NotComparableError("target", "is the same event as baseline."),
    ScopeError("baseline_scope", "'x' is not a scope."),
    errors.ExplorerError("control", "'y' is not a control."),
    errors.EmptyScopeError("rcdd-2019", ["panel"]),
    errors.MissingTextError("rcdd-2019", ["id"], ["rcdd-2019-aim-1"], "label", False),
    errors.ReportInputError("notebook 'x' is not a report notebook."),
    errors.YamlLimitError("aliases are not allowed", None),
    errors.UnknownEventError("unknown event 'x'"),
    errors.DataPackageError("events.csv row 2: bad"),
    errors.Superseded(),
])
def test_every_error_pickles_whole(error):
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error) and str(again) == str(error) and again.parameter == error.parameter
    assert again.__dict__ == error.__dict__


def test_the_older_import_paths_still_work():
    from icdd_analysis.analysis import NotComparableError as from_comparison
    from icdd_analysis.items import MissingTextWarning, ScopeError as from_items
    from icdd_analysis.parameters import ParameterError as from_parameters

    assert from_comparison is NotComparableError and from_items is ScopeError and from_parameters is ParameterError
    assert MissingTextWarning is errors.MissingTextWarning
    assert issubclass(NotComparableError, ParameterError) and issubclass(ScopeError, ValueError)


def test_fields_are_the_documented_ones():
    assert [f.name for f in fields(CompareRequest)] == [
        "baseline", "target", "baseline_scope", "target_scope", "method", "frame", "text_lang", "lang", "unit",
        "n_permutations", "data"]
