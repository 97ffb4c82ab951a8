"""What can be compared: two different conferences with agenda items, and a coded frame where the project coding is used.

One rule (comparison.check_comparable) gives the same clear error from compare, agreement, robustness and
the report runner's check before a kernel starts (exit 2, nothing written).
"""

from __future__ import annotations

import shutil

import pytest

import icdd_analysis as icdd
from icdd_analysis import report
from icdd_analysis.analysis import NotComparableError, comparable_events

from .conftest import CITE, PackageCopy

VALID = "rcdd-2019, icdd-2021"


def _without_codings(pkg: PackageCopy, frame_id: str) -> None:
    rows = pkg.rows("codings")
    column = rows[0].index("frame_id")
    pkg.write("codings", [rows[0]] + [r for r in rows[1:] if r[column] != frame_id])


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> PackageCopy:
    """The bundled package plus a conference without agenda items, and the wsis frame without codings."""
    folder = tmp_path_factory.mktemp("broken") / "pkg"
    shutil.copytree(icdd.bundled_path().parent, folder)
    pkg = PackageCopy(folder)
    pkg.append("events", event_id="empty-2023", kind="conference", name_en="A conference with no agenda",
               start_date="2023-01-01", **CITE)
    _without_codings(pkg, "wsis")
    return pkg


@pytest.fixture(scope="module")
def broken_ds(broken):
    return icdd.load(broken.folder)


# (keyword arguments, parameter named, message): each is refused by compare, agreement and robustness.
CASES = [
    ({"baseline": "seminar-2018"}, "baseline",
     f"'seminar-2018' is a seminar, not a conference; agendas are compared between conferences: {VALID}."),
    ({"target": "icdd-week-2021"}, "target", "'icdd-week-2021' is a side event, not a conference"),
    ({"target": "rcdd-2019"}, "target", f"is the same event as baseline ('rcdd-2019'); compare two different conferences: {VALID}."),
    ({"target": "empty-2023"}, "target",
     f"'empty-2023' has no agenda items in agenda_items.csv; conferences with agenda items: {VALID}."),
    ({"frame": "wsis"}, "frame",
     "'wsis' has no codings for the agenda items of rcdd-2019 and icdd-2021 in codings.csv, and the project coding "
     "is needed here (method 'coding', agreement, robustness); frames coded for both events: dw, gdc, function, dw-basket."),
]


@pytest.mark.parametrize(("kwargs", "parameter", "message"), CASES, ids=[c[1] + "-" + str(i) for i, c in enumerate(CASES)])
@pytest.mark.parametrize("function", ["compare", "agreement", "robustness"])
def test_not_comparable_is_a_clear_error_everywhere(broken_ds, function, kwargs, parameter, message):
    ds = broken_ds
    extra = {"compare": {"method": "coding"}, "agreement": {}, "robustness": {"n_permutations": 1}}[function]
    with pytest.raises(NotComparableError) as caught:
        getattr(icdd, function)(ds, **kwargs, **extra)
    assert caught.value.parameter == parameter
    assert str(caught.value).startswith(f"{parameter}: ") and message in str(caught.value)


def test_a_frame_without_codings_still_serves_the_text_methods(broken_ds):
    ds = broken_ds
    cmp_ = icdd.compare(ds, method="tfidf", frame="wsis")
    assert len(cmp_.target) == 5 and not cmp_.links.empty
    with pytest.raises(NotComparableError, match="frame: 'wsis' has no codings"):
        icdd.agreement(ds, frame="wsis", methods=("tfidf",))  # the reference is the project coding
    assert icdd.agreement(ds, frame="wsis", methods=("keywords",), reference="tfidf").scores["method"].tolist() == ["keywords"]


def test_comparable_events_are_the_conferences_with_items(ds, broken_ds):
    assert comparable_events(ds) == ["rcdd-2019", "icdd-2021"]
    assert "empty-2023" in broken_ds.event_ids and comparable_events(broken_ds) == ["rcdd-2019", "icdd-2021"]


@pytest.mark.parametrize(("args", "parameter", "message"), [
    (["-p", "baseline=seminar-2018"], "baseline", "'seminar-2018' is a seminar, not a conference"),
    (["-p", "target=rcdd-2019"], "target", "is the same event as baseline ('rcdd-2019')"),
    (["-p", "target=empty-2023"], "target", "'empty-2023' has no agenda items"),
    (["-p", "frame=wsis"], "frame", "'wsis' has no codings for the agenda items of rcdd-2019 and icdd-2021"),
])
def test_the_runner_refuses_before_a_kernel_starts(broken, tmp_path, capsys, monkeypatch, args, parameter, message):
    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr("papermill.execute_notebook", no_kernel)
    out = tmp_path / "reports"
    code = report.main(["run", "02-compare-agendas", "-p", f"data={broken.folder}", *args, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"parameter '{parameter}': {message}" in err and "Traceback" not in err
    assert not out.exists()
