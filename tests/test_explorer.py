"""The explorer without a browser: its state gives the report's numbers, its controls offer and explain the valid
choices, its command and reports.yaml entry run the same view as a report, and its widgets relabel, escape and
stay responsive while the robustness grid runs in the background."""

from __future__ import annotations

import shlex
import subprocess
import sys
import time
import warnings

import numpy as np
import pytest

import icdd_analysis as icdd
from icdd_analysis.explorer import views
from icdd_analysis.explorer.state import CONTROLS, ROBUSTNESS_KEYS, ExplorerError, ExplorerState
from icdd_analysis.items import MissingTextWarning
from icdd_analysis.parameters import ParameterError

from .conftest import CITE, ROOT, require_test_extra

pytestmark = pytest.mark.filterwarnings("ignore::icdd_analysis.items.MissingTextWarning")
ipywidgets = require_test_extra("ipywidgets")


@pytest.fixture(scope="module")
def state():
    return ExplorerState(icdd.load())


@pytest.fixture(scope="module")
def app():
    explorer = icdd.explore(lang="en")
    yield explorer
    explorer._cancel_robustness()


def _compare(ds, c, method):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingTextWarning)
        return icdd.compare(ds, c.baseline, c.target, method=method, lang=c.text_lang, frame=c.frame, unit=c.unit,
                            baseline_scope=c.baseline_scope, target_scope=c.target_scope)


# --- the package and its entry point -----------------------------------------------------------------------


def test_import_does_not_load_ipywidgets_and_explore_is_lazy():
    code = ("import sys, icdd_analysis as icdd; assert 'ipywidgets' not in sys.modules; "
            "assert 'icdd_analysis.explorer' not in sys.modules; assert callable(icdd.explore); "
            "import icdd_analysis.explorer.state; assert 'ipywidgets' not in sys.modules; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "ok", out.stderr


def test_explore_rejects_an_unknown_interface_language_naming_lang_and_the_valid_ones():
    with pytest.raises(ParameterError, match=r"parameter 'lang': 'fr' is not an interface language.*valid: en, id"):
        icdd.explore(lang="fr")


def test_explore_returns_the_root_widget_with_the_classes_the_browser_tests_select(app):
    assert isinstance(app, ipywidgets.VBox) and "icdd-explorer" in app._dom_classes
    classes = set()

    def walk(widget):
        classes.update(getattr(widget, "_dom_classes", ()))
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(app)
    expected = {f"icdd-control-{n}" for n in ("ui_lang", *CONTROLS)} | {
        f"icdd-view-{v}" for v in ("heatmap", "closest", "continuity", "robustness", "items")} | {
        "icdd-heatmap-caption", "icdd-command", "icdd-yaml", "icdd-copy", "icdd-status", "icdd-robustness-progress"}
    assert expected <= classes
    assert all(isinstance(app.controls[n], ipywidgets.Dropdown) for n in CONTROLS)
    assert [v for _, v in app.ui_lang.options] == ["en", "id"]
    assert app.status.value == "Ready"
    assert '<div class="icdd-heatmap"><table>' in app.figure.value  # the heatmaps as HTML tables


# --- the state's numbers are the report's -------------------------------------------------------------------


@pytest.mark.parametrize("changes", [
    {},
    {"method": "tfidf", "text_lang": "id", "frame": "wsis"},
    {"method": "embedding", "unit": "description", "baseline_scope": "stated_agenda"},
    {"method": "keywords", "text_lang": "both", "target_scope": "focus_areas+panels+review", "frame": "dw"},
])
def test_views_hold_what_compare_gives_for_the_same_parameters(state, changes):
    state.set(method="all", text_lang="en", unit="label", frame="function", baseline_scope="sessions",
              target_scope="focus_areas")
    state.set(**changes)
    c = state.controls
    shown = state.comparisons()
    assert [x.spec.method for x in shown] == state.methods
    for cmp_ in shown:
        expected = _compare(state.ds, c, cmp_.spec.method)
        assert cmp_.baseline.ids == expected.baseline.ids and cmp_.target.ids == expected.target.ids
        np.testing.assert_array_equal(cmp_.similarity.to_numpy(), expected.similarity.to_numpy())
        assert cmp_.continuity.equals(expected.continuity)
    table = views.closest_table(state)
    for cmp_ in shown:
        best = cmp_.links[cmp_.links["rank"] == 1]
        rows = table[(table["method"] == icdd.i18n.t(cmp_.spec.method, "en")) & (table["score"] != "")]
        assert sorted(zip(rows["later item"], rows["closest earlier item"], rows["score"])) == sorted(
            zip(best["target_item"], best["baseline_item"], best["score"].astype(float)))


def test_choices_are_conferences_presets_and_kinds_of_the_chosen_event(state):
    state.set(baseline="rcdd-2019", target="icdd-2021")
    assert state.choices("baseline") == ["rcdd-2019", "icdd-2021"]
    assert state.choices("baseline_scope")[:3] == ["sessions", "sessions+theme", "stated_agenda"]
    assert "session" in state.choices("baseline_scope") and "focus_area" not in state.choices("baseline_scope")
    assert state.choices("target_scope")[:3] == ["focus_areas", "focus_areas+panels+review", "stated_agenda"]
    assert state.choices("method") == ["all", "coding", "keywords", "tfidf", "embedding"]
    assert state.choices("text_lang") == ["en", "id", "both"]
    with pytest.raises(ExplorerError, match=r"method: 'bm25' is not valid here; valid: all, coding"):
        state.set(method="bm25")


def test_choosing_the_other_event_swaps_the_events_and_resets_scopes_that_no_longer_apply(state):
    state.set(baseline="rcdd-2019", target="icdd-2021", baseline_scope="sessions+theme", target_scope="focus_areas")
    state.set(baseline="icdd-2021")
    c = state.controls
    assert (c.baseline, c.target) == ("icdd-2021", "rcdd-2019")
    assert c.baseline_scope in state.choices("baseline_scope") and c.target_scope in state.choices("target_scope")
    assert state.problem() is None
    state.set(baseline="rcdd-2019", target="icdd-2021", baseline_scope="sessions", target_scope="focus_areas")


def test_an_event_without_items_is_listed_disabled_and_explained(package_copy):
    package_copy.append("events", event_id="rcdd-2023", kind="conference", name_en="Regional Conference 2023",
                        start_date="2023-01-01", **CITE)
    explorer = icdd.explore(icdd.load(package_copy.folder), lang="id")
    assert "rcdd-2023" in explorer.state.choices("target")
    assert explorer.state.disabled("target")["rcdd-2023"] == "tidak ada butir agenda"
    label = dict((v, k) for k, v in explorer.controls["target"].options)["rcdd-2023"]
    assert label.endswith("— tidak ada butir agenda")
    explorer.set(target="rcdd-2023")
    problem = explorer.state.problem()
    assert problem.control == "target"
    assert "Kegiatan yang lebih baru" in explorer.caption.value and "tidak ada butir agenda" in explorer.caption.value
    assert explorer.figure.value == "" and "tidak ada butir agenda" in explorer.views["items"].value
    assert explorer.status.value == "Siap"


def test_a_frame_without_codings_is_disabled_for_the_project_coding(state, monkeypatch):
    from dataclasses import replace

    ds = state.ds
    partial = replace(ds, codings=ds.codings[ds.codings["frame_id"] != "wsis"], _events={})
    s = ExplorerState(partial, "en", method="coding", frame="wsis")
    assert s.disabled("frame")["wsis"] == "not coded for both events"
    assert s.problem().control == "frame"
    s.set(method="tfidf")  # a text method does not need the project coding
    assert s.problem() is None and s.comparisons()


def test_a_scope_with_no_text_in_the_language_is_explained(state):
    from dataclasses import replace

    ds = state.ds
    items = ds.agenda_items.copy()
    items.loc[items["event_id"] == "rcdd-2019", "text_id"] = None
    s = ExplorerState(replace(ds, agenda_items=items, _events={}), "en", method="tfidf", text_lang="id")
    problem = s.problem()
    assert problem.control == "text_lang" and not problem.engine_message
    assert problem.reason == ("no item of RCDD 2019 in this scope has a text in Indonesian (labels); choose another "
                              "text language, text unit or scope")


def test_a_refusal_reads_in_the_ui_language_naming_its_control(package_copy):
    """In the bundled data the ICDD 2021 panels have English titles only: the Indonesian explorer, asked to
    compare them in Indonesian, says why in Indonesian and marks the text-language control, with no English."""
    explorer = icdd.explore(lang="id")
    explorer.set(target_scope="panel", text_lang="id", method="tfidf")
    problem = explorer.state.problem()
    assert problem.control == "text_lang" and not problem.engine_message
    assert problem.reason.startswith("tidak ada butir ICDD 2021 dalam cakupan ini yang memiliki teks dalam bahasa "
                                     "Indonesia (satuan teks: label)")
    assert "Tidak dapat dibandingkan dengan pilihan “Bahasa teks” ini: tidak ada butir" in explorer.caption.value
    assert "lang=" not in explorer.caption.value  # nothing of it is the engine's English


def test_an_engine_refusal_without_a_message_of_the_explorers_is_shown_as_english_verbatim(state):
    from icdd_analysis.errors import IcddError
    from icdd_analysis.explorer.app import _problem_html

    indonesian = ExplorerState(state.ds, "id")
    named = IcddError("unknown thing <b>; valid: a, b.")
    named.parameter = "lang"
    problem = indonesian.problem_of(named)
    assert problem.control == "text_lang" and problem.engine_message == "unknown thing <b>; valid: a, b."
    page = _problem_html(problem, "id")
    assert "“Bahasa teks” ini: mesin pembanding menolaknya; pesannya, dalam bahasa Inggris:" in page
    assert '<i lang="en">unknown thing &lt;b&gt;; valid: a, b.</i>' in page
    unnamed = indonesian.problem_of(IcddError("something else"))
    assert unnamed.control is None
    assert _problem_html(unnamed, "id").startswith('<p style="color:#a00">Mesin pembanding menolak pilihan ini.')


# --- from exploring to a schedule ----------------------------------------------------------------------------


def test_the_command_parses_back_to_the_same_parameters_and_passes_the_checks(state):
    from icdd_analysis.report.config import parse_cli_parameters
    from icdd_analysis.report.jobs import Job, find_notebook

    state.set(method="tfidf", frame="wsis", text_lang="id", unit="description", baseline_scope="sessions+theme",
              target_scope="focus_areas+panels+review")
    words = shlex.split(state.command())
    assert words[:3] == ["icdd-report", "run", "02-compare-agendas"]
    pairs = [words[i + 1] for i in range(3, len(words), 2) if words[i] == "-p"]
    notebook = find_notebook(words[2])
    values = parse_cli_parameters(notebook, pairs, [])
    assert values == state.report_parameters() == {  # the request's parameters that differ from the defaults
        "baseline_scope": "sessions+theme", "target_scope": "focus_areas+panels+review", "method": "tfidf",
        "frame": "wsis", "text_lang": "id", "unit": "description"}
    Job("explored", notebook, values).checked()  # parameters.check: names, types, choices, comparability, scopes


def test_the_yaml_entry_loads_as_a_report_config_with_a_stable_valid_name(state, tmp_path):
    from icdd_analysis.report.config import load_config

    state.set(method="all", frame="function", text_lang="en", unit="label", baseline_scope="stated_agenda",
              target_scope="focus_areas")
    entry = state.yaml_entry()
    config = tmp_path / "reports.yaml"
    config.write_text("reports:\n" + "".join(f"  {line}\n" for line in entry.splitlines()), encoding="utf-8")
    (job,) = load_config(config)
    assert job.parameters == state.report_parameters()
    assert job.name == state.report_name() == "02-compare-agendas--baseline_scope-stated_agenda--text_lang-en"
    again = ExplorerState(state.ds, **{n: getattr(state.controls, n) for n in CONTROLS})
    assert again.report_name() == job.name  # stable
    job.checked()


def test_every_text_language_and_ui_language_has_its_report_parameters(state):
    state.set(text_lang="both")
    state.set_ui_lang("id")
    assert state.report_parameters()["lang"] == "id"
    assert "text_lang" not in state.report_parameters()  # "both" is the report's default: no longer a special case
    for text_lang in ("en", "id"):
        state.set(text_lang=text_lang)
        assert state.report_parameters()["text_lang"] == text_lang and state.report_parameters()["lang"] == "id"
    state.set_ui_lang("en")
    assert "lang" not in state.report_parameters()


# --- the widgets ---------------------------------------------------------------------------------------------


def test_switching_the_ui_language_relabels_everything_and_recomputes_nothing(app):
    app.set(method="tfidf", frame="function", text_lang="en")
    english = {n: (d.description, list(d.options)) for n, d in app.controls.items()}
    before = dict(app.state.calls)
    command = app.state.command()
    app.set(ui_lang="id")
    assert app.state.calls["compare"] == before["compare"] and app.state.calls["robustness"] == before["robustness"]
    assert app.controls["method"].description == "Metode" and app.ui_lang.description == "Antarmuka"
    assert all(d.description != english[n][0] for n, d in app.controls.items())
    assert dict(app.controls["text_lang"].options)["bahasa Indonesia"] == "id"
    assert app.tabs.get_title(0) == "Kemiripan" and app.status.value == "Siap"
    assert "Kemiripan tiap butir" in app.caption.value and "kerangka Fungsi diplomatik" in app.caption.value
    assert "Perintah" in app.command.value and app.state.command() == command + " -p lang=id"  # the page's language
    assert "Salin" in app.copy.description
    drawn = app.state.calls["figure"]
    app.set(ui_lang="en")  # back: every view from the cache
    assert app.state.calls["figure"] == drawn and app.state.calls["compare"] == before["compare"]
    assert [d.description for d in app.controls.values()] == [english[n][0] for n in app.controls]


def test_numbers_follow_the_ui_language(app):
    app.set(method="tfidf", ui_lang="id")
    scores = views.closest_table(app.state)["score"]
    shown = [f"{s:.2f}".replace(".", ",") for s in scores if s != ""]
    assert all(f">{s}<" in app.views["closest"].value for s in shown)
    app.set(ui_lang="en")


def test_each_control_change_updates_caption_and_figure(app):
    app.set(method="all", frame="function", text_lang="en", unit="label")
    seen = {(app.caption.value, app.figure.value)}
    for name, value in (("frame", "wsis"), ("method", "keywords"), ("text_lang", "id"), ("target_scope", "stated_agenda")):
        app.set(**{name: value})
        assert app.status.value == "Ready"
        caption, figure = app.caption.value, app.figure.value
        assert (caption, figure) not in seen, name
        assert caption not in {c for c, _ in seen}  # the caption changes whenever the figure does
        seen.add((caption, figure))
    app.set(method="all", frame="function", text_lang="en", target_scope="focus_areas")


def test_data_strings_are_escaped_in_every_html_view(package_copy):
    hostile = '<img src=x onerror="alert(1)"> $x$ [a](javascript:alert(1)) <script>alert(2)</script>'
    package_copy.set_cell("agenda_items", "icdd-2021-fa-1", "text_en", hostile)
    explorer = icdd.explore(icdd.load(package_copy.folder))
    explorer.set(method="tfidf")
    assert explorer.state.report_parameters()["data"] == str(package_copy.descriptor)  # the report reads this package
    pages = [explorer.views[v].value for v in ("closest", "items")] + [explorer.command.value, explorer.yaml.value]
    assert any("&lt;img src=x" in page for page in pages)
    for page in pages:
        assert "<img" not in page and "<script" not in page and "href=\"javascript" not in page
    assert "\\$x" not in explorer.views["closest"].value  # $ is an entity inside a MathJax-ignored span, no backslash
    assert 'lang="' not in explorer.views["closest"].value  # English texts on an English page are not marked
    explorer.set(ui_lang="id", text_lang="en")
    assert '<span lang="en">' in explorer.views["closest"].value  # on an Indonesian page the English texts are


@pytest.mark.slow
def test_robustness_runs_in_the_background_and_a_newer_request_supersedes_it(app):
    app.set(frame="function", baseline_scope="sessions", target_scope="focus_areas", method="tfidf")
    assert app._robustness_run is None  # nothing runs until its tab is opened
    app.open_tab("robustness")
    first = app._robustness_run
    assert first is not None and first.process.poll() is None
    started = time.monotonic()
    app.set(frame="dw")  # the fast views answer while the grid runs
    assert app.status.value == "Ready" and "frame GIP Digital Watch issues" in app.caption.value
    assert first.cancelled and first.done()  # the older run is dropped: never shown, never cached
    second = app._robustness_run
    assert second is not None and second is not first and second.key[ROBUSTNESS_KEYS.index("frame")] == "dw"
    assert time.monotonic() - started < 30 and second.process is first.process  # the same warm worker
    assert second.process.poll() is None
    app.set(frame="function")
    assert app._robustness_run.key[ROBUSTNESS_KEYS.index("frame")] == "function"
    assert app.wait_for_robustness(600)
    rob = app.state.cached_robustness()
    methods = tuple(m for m in app.state.methods if m != "coding")  # the grid over the view's methods, as the report's
    expected = icdd.robustness(app.state.ds, "rcdd-2019", "icdd-2021", frame="function", baseline_scope="sessions",
                               target_scope="focus_areas", n_permutations=200, methods=methods)
    assert rob.claims.equals(expected.claims)
    assert app.progress.value == app.progress.max
    html = app.views["robustness"].value
    share = expected.claims[expected.claims["in_reference"]]["share"].iloc[0]
    assert f"{round(share * 100)}%" in html
    app.open_tab("heatmap")


# --- notebook 03 and the report it schedules -------------------------------------------------------------------


def test_notebook_03_is_thin_runs_under_nbval_and_is_not_a_report():
    import nbformat

    from icdd_analysis.report import all_notebooks, available_notebooks
    from icdd_analysis.report.jobs import ReportInputError, find_notebook

    path = ROOT / "notebooks" / "03-explore.ipynb"
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].metadata.tags == ["parameters"] and code[0].source == 'lang: str = "en"  # interface language: en or id'
    assert "icdd.explore(lang=lang)" in code[-1].source and "nbval-ignore-output" in code[-1].metadata.tags
    assert "nbval-ignore-output" in nb.cells[0].source  # the Markdown says why
    assert "widgets" not in nb.metadata  # no stored widget state: nbval could not compare it
    assert "widget-view" not in path.read_text(encoding="utf-8")  # nor a random model id that changes every run
    assert path in all_notebooks() and path not in available_notebooks()
    with pytest.raises(ReportInputError, match="'03-explore' is not a report notebook; available: 01-overview, 02"):
        find_notebook("03-explore")


@pytest.mark.slow
def test_storing_the_outputs_of_notebook_03_twice_writes_the_same_file(tmp_path):
    """The explorer's widget view names a model of the live kernel by a random id: store-outputs leaves it out,
    so that re-storing the outputs changes nothing."""
    import shutil

    from icdd_analysis.report.maintain import store_outputs

    copy = tmp_path / "03-explore.ipynb"
    shutil.copy(ROOT / "notebooks" / "03-explore.ipynb", copy)
    store_outputs(copy)
    first = copy.read_bytes()
    store_outputs(copy)
    assert copy.read_bytes() == first
    assert b"Explorer(children=" in first  # the widget's plain-text form stays


@pytest.mark.slow
def test_the_report_the_command_runs_prints_the_explorers_numbers(tmp_path):
    """One real run of the generated command (seconds to a minute): its tables hold the explorer's numbers."""
    import nbformat

    from icdd_analysis import present as nr

    s = ExplorerState(icdd.load(), "id", method="tfidf", frame="wsis", baseline_scope="sessions+theme",
                      target_scope="focus_areas+panels+review", text_lang="id")
    words = shlex.split(s.command())
    assert len(s.command()) < 200 and len(s.report_name()) <= 120
    # The command as shown (its name is the runner's default: the explorer's report name), into a folder of the test.
    out = subprocess.run([sys.executable, "-m", "icdd_analysis.report", *words[1:], "--out", str(tmp_path / "out"),
                          "--quiet"], capture_output=True, text=True, cwd=tmp_path, timeout=900)
    assert out.returncode == 0, out.stderr
    executed = nbformat.read(tmp_path / "out" / s.report_name() / "report.ipynb", as_version=4)
    markdown = "\n".join("".join(o.get("data", {}).get("text/markdown", "")) for c in executed.cells
                         for o in c.get("outputs", []))
    comparisons = s.comparisons()
    assert nr.links_table(comparisons, "id") in markdown
    assert nr.continuity_table(comparisons, "id") in markdown
    s.set_ui_lang("id")
    for score in (v for v in views.closest_table(s)["score"] if v != ""):
        assert icdd.i18n.format_number(score, "id", decimals=2) in markdown


def test_the_indonesian_explorer_shows_the_indonesian_texts_it_compares(state):
    """With both texts compared (the default), the Indonesian UI shows each item's Indonesian text, the English
    UI its English text; with English texts only, the English text (marked as English on an Indonesian page)."""
    rows = state.ds.agenda_items.set_index("item_id")
    for ui_lang, text_lang, column in (("id", "both", "text_id"), ("en", "both", "text_en"), ("id", "en", "text_en")):
        state.set_ui_lang(ui_lang)
        state.set(method="tfidf", text_lang=text_lang)
        table = views.closest_table(state)
        item = table["later item"].iloc[0]
        assert str(table["later text"].iloc[0]) == " ".join(str(rows.at[item, column]).split()) or \
            str(table["later text"].iloc[0]) == str(rows.at[item, column])
    state.set(method="all", text_lang="both")
    state.set_ui_lang("en")


def test_the_indonesian_explorer_reads_in_indonesian(package_copy):
    """The language test of the reports (tests/test_i18n.py), on every text block the explorer shows in Indonesian."""
    from lingua import Language

    from icdd_analysis import i18n

    from .test_i18n import Blocks, _judge

    require_test_extra("lingua")
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.INDONESIAN).build()
    explorer = icdd.explore(lang="id")
    explorer.set(text_lang="both")
    html = [explorer.title.value, explorer.caption.value, explorer.notes.value, explorer.figure.value,
            explorer.robustness_note.value, *(explorer.views[v].value for v in ("closest", "continuity", "items"))]
    blocks = [b for page in html for b in Blocks(page).blocks]
    checked, wrong = _judge(detector, blocks, Language.INDONESIAN)
    assert checked >= 4 and not wrong, wrong
    english = {text for (context, key), text in i18n.catalogue("en").items() if key.startswith("explorer_")
               and text != i18n.catalogue("id")[(context, key)]}
    labels = [explorer.ui_lang.description, *(d.description for d in explorer.controls.values()),
              *(label for d in explorer.controls.values() for label, _ in d.options),
              *(explorer.tabs.get_title(i) for i in range(5)), explorer.copy.description, explorer.status.value]
    assert not [label for label in labels if label in english]


@pytest.mark.parametrize("ui_lang", ["en", "id"])
def test_the_heatmaps_are_one_table_per_method_with_every_item_at_the_broadest_scope(state, ui_lang):
    """Every similarity of every method is a cell of its table (as the report's numbers), each item a short
    header with its full text on hover, in the UI language's texts where the package has them."""
    import re

    state.set_ui_lang(ui_lang)
    state.set(method="all", baseline_scope="stated_agenda", target_scope="stated_agenda", text_lang="en")
    page = views.heatmap_html(state)
    comparisons = state.comparisons()
    tables = page.split('<div class="icdd-heatmap">')[1:]
    assert len(tables) == len(comparisons) == 4
    for table, cmp_ in zip(tables, comparisons):
        cells = re.findall(r"<td [^>]*>([^<]*)</td>", table)
        sim = cmp_.similarity.to_numpy()
        assert len(cells) == sim.size and max(sim.shape) >= 10  # 13+ earlier items
        shown = [icdd.i18n.format_number(float(v), ui_lang, decimals=2) for v in sim.ravel()]
        assert cells == shown
    rows = state.ds.agenda_items.set_index("item_id")
    translated = [i for i in comparisons[0].target.ids if isinstance(rows.at[i, "text_id"], str)]
    full = rows.at[translated[0], "text_id" if ui_lang == "id" else "text_en"]
    assert icdd.escaping.html_attr(" ".join(full.split())) in page
    state.set(method="tfidf")
    assert views.heatmap_html(state).count('<div class="icdd-heatmap">') == 1
    state.set(method="all", baseline_scope="sessions", target_scope="focus_areas", text_lang="both")
    state.set_ui_lang("en")


@pytest.mark.parametrize("ui_lang", ["en", "id"])
def test_the_command_of_every_widest_view_is_short_and_valid_as_shown(state, ui_lang):
    """The default view and the broadest scopes with every non-default control: the command's report name is the
    runner's own default name, within the limit (no --name needed, no truncation), and its parameters check."""
    from icdd_analysis.naming import MAX_NAME_LENGTH
    from icdd_analysis.report.config import parse_cli_parameters
    from icdd_analysis.report.jobs import Job, check_report_name, find_notebook, job_name

    state.set_ui_lang(ui_lang)
    views = [{}, dict(baseline_scope="stated_agenda", target_scope="stated_agenda", method="embedding",
                      frame="dw-basket", text_lang="id", unit="description")]
    for view in views:
        state.set(**{"baseline_scope": "sessions", "target_scope": "focus_areas", "method": "all", "frame": "function",
                     "text_lang": "both", "unit": "label", **view})
        words = shlex.split(state.command())
        notebook = find_notebook(words[2])
        values = parse_cli_parameters(notebook, [words[i + 1] for i in range(3, len(words), 2)], [])
        name = state.report_name()
        assert name == job_name(notebook, values) == check_report_name(name) and len(name) <= MAX_NAME_LENGTH
        assert "--name" not in words and len(state.command()) < 200
        Job(name, notebook, values).checked()
    state.set(baseline_scope="sessions", target_scope="focus_areas", method="all", frame="function", text_lang="both",
              unit="label")
    state.set_ui_lang("en")


def test_the_worker_sends_an_error_whole(tmp_path, ds):
    """A refused robustness run comes back as the error itself: its class, message and the parameter at fault."""
    import pickle
    from dataclasses import replace

    from icdd_analysis.errors import NotComparableError
    from icdd_analysis.explorer import worker
    from icdd_analysis.study import CompareRequest

    source, result = tmp_path / "in.pickle", tmp_path / "out.pickle"
    source.write_bytes(pickle.dumps((replace(ds, _events={}), CompareRequest(target="rcdd-2019"))))
    assert worker.main([str(source), str(result)]) == 0
    kind, error = pickle.loads(result.read_bytes())
    assert kind == "error" and isinstance(error, NotComparableError) and error.parameter == "target"
    assert "same event as baseline" in str(error)


def test_the_warm_worker_answers_runs_in_turn_and_drops_a_cancelled_one(tmp_path, ds):
    """The explorer's kept worker: each run answered by its id (progress, then done with the result or the error
    whole); a run cancelled before it starts is never answered; the worker ends when its input ends."""
    import io
    import pickle
    from dataclasses import replace

    from icdd_analysis.errors import NotComparableError
    from icdd_analysis.explorer import worker
    from icdd_analysis.study import CompareRequest

    data = tmp_path / "data.pickle"
    data.write_bytes(pickle.dumps(replace(ds, _events={})))
    requests = {"1": CompareRequest(method="tfidf"), "2": CompareRequest(method="tfidf", frame="dw"),
                "3": CompareRequest(target="rcdd-2019")}
    for run_id, request in requests.items():
        (tmp_path / f"{run_id}.in").write_bytes(pickle.dumps(request))
    lines = [f"run {i} {tmp_path / f'{i}.in'} {tmp_path / f'{i}.out'}\n" for i in requests]
    out = io.StringIO()
    assert worker.serve(str(data), iter(["cancel 2\n", *lines]), out) == 0
    answers = out.getvalue().splitlines()
    assert [a for a in answers if a.startswith("done")] == ["done 1", "done 3"]
    assert not [a for a in answers if a.split()[1] == "2"] and not (tmp_path / "2.out").exists()
    assert any(a.startswith("progress 1 ") for a in answers)
    kind, rob = pickle.loads((tmp_path / "1.out").read_bytes())
    expected = icdd.robustness(ds, "rcdd-2019", "icdd-2021", frame="function", baseline_scope="sessions",
                               target_scope="focus_areas", n_permutations=200, methods=("tfidf",))
    assert kind == "result" and rob.claims.equals(expected.claims)
    kind, error = pickle.loads((tmp_path / "3.out").read_bytes())
    assert kind == "error" and isinstance(error, NotComparableError) and error.parameter == "target"
