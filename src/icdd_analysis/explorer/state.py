"""The explorer's logic, without a widget: the control values, the valid choices of each control given the
others, why a combination cannot be compared, and the data of each view.

The controls are a :class:`~icdd_analysis.study.CompareRequest` (the report's own request: its choices,
its parameters, its report name), and every number comes from the study's steps
(:func:`~icdd_analysis.study.run.compare_step`, :func:`~icdd_analysis.study.run.robustness_step`), so the
explorer and ``icdd-report run 02-compare-agendas`` print the same numbers; the explorer calls no analysis
function itself. Results are cached by the controls each one depends on: a comparison by its own parameters
(never the interface language), a rendered view by those and the interface language, the robustness grid
by events, methods, frame and scopes only.
"""

from __future__ import annotations

import shlex
import threading
import warnings
from dataclasses import dataclass, replace
from typing import Callable

from ..data import Dataset, bundled_path
from ..errors import ExplorerError, IcddError, NotComparableError, Superseded  # noqa: F401  (re-exported)
from ..i18n import LANGS as UI_LANGS
from ..i18n import t
from ..items import PRESETS, MissingTextWarning, scopes_for
from ..study.request import NOTEBOOK as REPORT_NOTEBOOK  # noqa: F401  (the notebook the view is scheduled as)
from ..study.request import TEXT_LANGS, CompareRequest  # noqa: F401
#: The controls, in the order the app shows them (the UI language is not a control of the analysis).
CONTROLS = ("baseline", "target", "baseline_scope", "target_scope", "method", "frame", "text_lang", "unit")
#: What each view depends on; a view is recomputed only when one of these changes.
COMPARISON_KEYS = CONTROLS
ROBUSTNESS_KEYS = ("baseline", "target", "method", "frame", "baseline_scope", "target_scope")



def check_ui_lang(lang) -> str:
    if lang not in UI_LANGS:
        raise ExplorerError("lang", f"{lang!r} is not an interface language; valid: {', '.join(UI_LANGS)}.")
    return lang


#: The explorer's controls are the report's request (:class:`~icdd_analysis.study.CompareRequest`).
Controls = CompareRequest


def controls_key(request: CompareRequest, names=COMPARISON_KEYS) -> tuple:
    """The values of ``names`` in the request: the cache key of a view."""
    return tuple(getattr(request, n) for n in names)


@dataclass(frozen=True)
class Problem:
    """Why the current combination shows no comparison: the control at fault (None when the engine did not
    say) and the reason in the UI language. ``engine_message``: the engine's own words, in English, for a
    refusal the explorer has no message of its own for (shown as such, marked English)."""

    control: str | None
    reason: str
    engine_message: str = ""


@dataclass(frozen=True)
class ComparisonView:
    """The comparisons of the current controls (one per method), or the problem that prevents them."""

    comparisons: tuple = ()
    problem: Problem | None = None
    left_out: tuple[str, ...] = ()



def _markdown_to_html(markdown: str) -> str:
    """The narrative's Markdown as HTML, by the renderer that makes the report's page (nbconvert's), so the
    explorer shows what the report shows. Raw HTML is kept: the narrative escapes every data string itself
    (:mod:`icdd_analysis.escaping`) and marks verbatim text with ``<span lang=..>``, as in the report."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(markdown)


class ExplorerState:
    """The explorer's controls and the data of its views, for one data package.

    ``set(**values)`` changes controls (and resets a dependent control that no longer applies, e.g. a scope
    when its event changes); ``choices(name)`` lists the valid values of a control, ``disabled(name)`` the
    values that are listed but cannot be compared with the other controls, with the reason.
    """

    def __init__(self, ds: Dataset | None = None, ui_lang: str = "en", **controls):
        from ..data import load

        self.ui_lang = check_ui_lang(ui_lang)
        self.ds = load() if ds is None else ds
        self._lock = threading.RLock()
        self._facts: dict[tuple, object] = {}
        with_items = [e for e in self.conferences() if not self.ds.event(e).items().empty]
        if len(with_items) < 2:
            raise ExplorerError("ds", "the explorer compares two conferences with agenda items; this data package has "
                                      f"{', '.join(with_items) or 'none'}.")
        baseline, target = ("rcdd-2019", "icdd-2021") if {"rcdd-2019", "icdd-2021"} <= set(with_items) else with_items[:2]
        self.controls = CompareRequest(baseline, target, self.default_scope(baseline, "baseline"),
                                       self.default_scope(target, "target"), lang=self.ui_lang,
                                       data=self._data_parameter())
        self._comparisons: dict[tuple, object] = {}  # (method, text_lang, unit, frame, scopes, events) -> Comparison | IcddError
        self._views: dict[tuple, object] = {}  # (view, controls key, ui_lang) -> rendered data
        self._robustness: dict[tuple, object] = {}  # ROBUSTNESS_KEYS values -> Robustness | IcddError
        #: How often each expensive step ran (the tests check that a UI-language switch computes nothing).
        self.calls = {"compare": 0, "robustness": 0, "figure": 0}
        if controls:
            self.set(**controls)

    # --- controls and their choices ---------------------------------------------------------------

    def conferences(self) -> list[str]:
        """Every conference of the package (those without agenda items are listed, and disabled)."""
        return list(self._memo(("conferences",), lambda: CompareRequest().choices(self.ds, "baseline")))

    def default_scope(self, event_id: str, side: str) -> str:
        """The report's default for the side (notebook 02: sessions → focus_areas) where it applies, else the
        event's own default."""
        from ..items import default_scope

        preferred = {"baseline": "sessions", "target": "focus_areas"}[side]
        return preferred if preferred in scopes_for(self.ds, event_id) else default_scope(self.ds, event_id)

    def choices(self, name: str) -> list[str]:
        """The valid values of a control given the others: the request's own choices."""
        if name not in CONTROLS:
            raise ExplorerError("control", f"{name!r} is not a control; valid: {', '.join(CONTROLS)}.")
        if name in ("baseline_scope", "target_scope"):
            event = getattr(self.controls, name.removesuffix("_scope"))
            return list(self._memo(("scopes", event), lambda: self.controls.choices(self.ds, name)))
        return list(self._memo(("choices", name), lambda: self.controls.choices(self.ds, name)))

    def _memo(self, key: tuple, compute: Callable[[], object]):
        """Small derived facts of the data package (which events have items, which frames are coded)."""
        if key not in self._facts:
            self._facts[key] = compute()
        return self._facts[key]

    def disabled(self, name: str) -> dict[str, str]:
        """{value: reason (in the UI language)} for the listed values that cannot be compared as things stand."""
        return {value: t(reason, self.ui_lang) for value, reason in self._disabled_keys(name).items()}

    def _disabled_keys(self, name: str) -> dict[str, str]:
        from ..study.request import check_values

        c = self.controls
        if name in ("baseline", "target"):
            other = c.target if name == "baseline" else c.baseline
            empty = self._memo(("no items",), lambda: {e for e in self.conferences() if self.ds.event(e).items().empty})
            return {e: "explorer_no_items" if e in empty else "explorer_same_event"
                    for e in self.conferences() if e in empty or e == other}
        if name == "frame":
            def uncoded() -> dict[str, str]:
                out = {}
                for frame in self.choices("frame"):
                    try:  # the request's validator: the frame must be coded for both events
                        check_values(self.ds, {"baseline": c.baseline, "target": c.target, "frame": frame})
                    except IcddError as exc:
                        if exc.parameter == "frame":
                            out[frame] = "explorer_frame_not_coded"
                return out

            return self._memo(("uncoded frames", c.baseline, c.target), uncoded)
        return {}

    def option_label(self, name: str, value: str, disabled: dict | None = None) -> str:
        """A control value as the UI shows it, in the UI language (a disabled value says why)."""
        lang = self.ui_lang
        if name in ("baseline", "target"):
            from ..present.labels import event_name as _event_name

            label = self._memo(("event name", value, lang), lambda: f"{_event_name(self.ds, value, lang)} ({value})")
        elif name in ("baseline_scope", "target_scope"):
            key = f"explorer_scope_{value}"
            label = t(key, lang) if value in PRESETS else t("explorer_scope_kind", lang, kind=t(f"kind_{value}", lang))
        elif name == "method":
            label = t("explorer_all_methods", lang) if value == "all" else t(value, lang)
        elif name == "frame":
            from ..frames import get_frame

            label = self._memo(("frame name", value, lang), lambda: get_frame(self.ds, value).display_name(lang))
        elif name == "text_lang":
            label = t(f"lang_name_{value}", lang)
        else:
            label = t(f"explorer_unit_{value}", lang)
        reason = (self.disabled(name) if disabled is None else disabled).get(value)
        return f"{label} — {reason}" if reason else label

    def options(self, name: str) -> list[tuple[str, str]]:
        """(label, value) pairs for a dropdown."""
        disabled = self.disabled(name)
        return [(self.option_label(name, v, disabled), v) for v in self.choices(name)]

    def set(self, **values) -> Controls:
        """Change controls; an unknown control or value is an :class:`ExplorerError` naming the valid ones.

        Changing an event resets that side's scope to its default when the scope does not apply to the new
        event. Choosing the other side's event swaps the two (a comparison needs two different events).
        """
        with self._lock:
            c = self.controls
            for name in ("baseline", "target"):  # events first: the scopes' choices depend on them
                if name in values and values[name] != getattr(c, name):
                    value = values[name]
                    if value not in self.choices(name):
                        raise ExplorerError(name, f"{value!r} is not a conference of this data package; valid: "
                                                  f"{', '.join(self.choices(name))}.")
                    other = "target" if name == "baseline" else "baseline"
                    changes = {name: value}
                    if value == getattr(c, other) and other not in values:
                        changes[other] = getattr(c, name)
                    c = replace(c, **changes)
                    self.controls = c
                    for side in changes:
                        if getattr(c, f"{side}_scope") not in self.choices(f"{side}_scope"):
                            c = replace(c, **{f"{side}_scope": self.default_scope(getattr(c, side), side)})
                            self.controls = c
            for name, value in values.items():
                if name in ("baseline", "target"):
                    continue
                if name not in CONTROLS:
                    raise ExplorerError(name, f"not a control; valid: {', '.join(CONTROLS)}.")
                if value not in self.choices(name):
                    raise ExplorerError(name, f"{value!r} is not valid here; valid: {', '.join(self.choices(name))}.")
                c = replace(c, **{name: value})
            self.controls = c
            return c

    def set_ui_lang(self, lang: str) -> None:
        """The interface language, which is also the language of the report the view schedules (its ``lang``)."""
        self.ui_lang = check_ui_lang(lang)
        with self._lock:
            self.controls = replace(self.controls, lang=lang)

    # --- comparisons -------------------------------------------------------------------------------

    @property
    def methods(self) -> list[str]:
        return list(self.controls.methods)

    def problem(self) -> Problem | None:
        """Why the current controls cannot be compared (the first control at fault), or None."""
        c = self.controls
        for name in ("baseline", "target", "frame"):
            reason = self.disabled(name).get(getattr(c, name))
            if reason and (name != "frame" or "coding" in self.methods):
                return Problem(name, reason)
        return self.comparison_view().problem

    def _compare(self, method: str):
        c = self.controls
        key = (method, c.text_lang, c.unit, c.frame, c.baseline, c.target, c.baseline_scope, c.target_scope)
        with self._lock:
            if key not in self._comparisons:
                from ..study.run import compare_step

                self.calls["compare"] += 1
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", MissingTextWarning)
                    try:  # the study's own step, as notebook 02 runs it
                        result = compare_step(self.ds, c, method)
                    except IcddError as exc:
                        result = exc
                self._comparisons[key] = result
            return self._comparisons[key]

    def comparison_view(self) -> ComparisonView:
        """The comparisons of the current controls, one per method (all four for "all"), as the report has them."""
        c = self.controls
        for name in ("baseline", "target"):
            reason = self.disabled(name).get(getattr(c, name))
            if reason:
                return ComparisonView(problem=Problem(name, reason))
        results = []
        for method in self.methods:
            result = self._compare(method)
            if isinstance(result, IcddError):
                return ComparisonView(problem=self.problem_of(result))
            results.append(result)
        left_out = tuple(i for side in (results[0].baseline, results[0].target) for i in side.left_out)
        return ComparisonView(tuple(results), None, left_out)

    def problem_of(self, error: IcddError) -> Problem:
        """The engine's refusal of the current controls as the UI shows it: the control its ``parameter``
        names, and the reason from the catalogue for the refusals an explorer user can reach (an event's
        items without text in the chosen language, an empty scope). Any other: the engine's English message."""
        from ..errors import EmptyScopeError, MissingTextError

        lang, c = self.ui_lang, self.controls
        if isinstance(error, MissingTextError):
            from ..present.labels import event_name as _event_name

            langs = t("lang_name_both" if len(error.langs) > 1 else f"lang_name_{error.langs[0]}", lang)
            return Problem("text_lang", t("explorer_missing_text", lang, event=_event_name(self.ds, error.event_id, lang),
                                          langs=langs, unit=t(f"explorer_unit_{error.unit}", lang)))
        if isinstance(error, EmptyScopeError):
            side = "baseline" if error.event_id == c.baseline else "target"
            return Problem(f"{side}_scope", t("explorer_no_items", lang))
        return engine_problem(error.parameter, str(error), lang)

    def comparisons(self) -> list:
        view = self.comparison_view()
        if view.problem:
            problem = view.problem  # with the engine's own words, where the reason only announces them
            raise ExplorerError(problem.control or "controls", f"{problem.reason} {problem.engine_message}".strip())
        return list(view.comparisons)

    # --- rendered views (cached by the comparison's controls and the UI language) -----------------

    def _view(self, name: str, render: Callable[[], object], keys=COMPARISON_KEYS):
        key = (name, controls_key(self.controls, keys), self.ui_lang)
        with self._lock:
            if key not in self._views:
                self._views[key] = render()
            return self._views[key]

    def heatmap_png(self) -> bytes:
        """The report's similarity heatmap of each method for the current controls, labelled in the UI language,
        as one PNG with the report's panels per row.

        Each method's panel is drawn by :func:`plots.similarity_heatmap` and cached by what it shows (the
        similarity matrix, the items' texts, method, normalisation, text and UI language): a TF-IDF panel is not
        redrawn when only the frame changes, nor any panel when only the method goes from one to "all".
        """
        return self._view("heatmap", lambda: _panels_in_rows([self._panel(c) for c in self.comparisons()]))

    def _panel(self, cmp_) -> bytes:
        import io

        from .. import plots

        sim = cmp_.similarity
        key = ("panel", sim.to_numpy().tobytes(), tuple(sim.index), tuple(sim.columns), cmp_.spec.method,
               cmp_.spec.normalisation, cmp_.spec.lang, tuple(cmp_.baseline.texts.items()),
               tuple(cmp_.target.texts.items()), self.ui_lang)
        with self._lock:
            if key not in self._views:
                self.calls["figure"] += 1
                fig = plots.similarity_heatmap(cmp_, self.ui_lang)
                buffer = io.BytesIO()
                fig.savefig(buffer, format="png", dpi=72)
                plots._pyplot().close(fig)
                self._views[key] = buffer.getvalue()
            return self._views[key]

    def heatmap_caption(self) -> str:
        """One sentence naming method, frame, scopes and text language, in the UI language (plain text)."""
        c, lang = self.controls, self.ui_lang
        return t("explorer_heatmap_caption", lang, method=self.option_label("method", c.method).split(" — ")[0],
                 frame=self.option_label("frame", c.frame).split(" — ")[0], baseline=c.baseline, target=c.target,
                 baseline_scope=self.option_label("baseline_scope", c.baseline_scope),
                 target_scope=self.option_label("target_scope", c.target_scope),
                 text_lang=t(f"lang_name_{c.text_lang}", lang))

    def closest_table(self):
        """Per method and later item: its closest earlier item(s) (rank 1), the score, both texts and their sources."""
        import pandas as pd

        from ..escaping import Verbatim
        from ..present import cite

        lang = self.ui_lang
        items = self.ds.agenda_items.set_index("item_id")
        rows = []
        for cmp_ in self.comparisons():
            text_lang = cmp_.spec.langs[0]
            texts = {side: dict(zip(group.ids, group.texts[text_lang])) for side, group in
                     (("baseline", cmp_.baseline), ("target", cmp_.target))}
            best = cmp_.links[cmp_.links["rank"] == 1]
            for target_item in cmp_.target.ids:
                found = best[best["target_item"] == target_item]
                base = {"method": t(cmp_.spec.method, lang), "later item": target_item,
                        "later text": Verbatim(texts["target"][target_item], text_lang),
                        "later sources": cite(*_source_fields(items.loc[target_item]))}
                if found.empty:
                    rows.append({**base, "closest earlier item": t("explorer_nothing_shared", lang), "earlier text": "",
                                 "earlier sources": "", "score": ""})
                for link in found.itertuples():
                    rows.append({**base, "closest earlier item": link.baseline_item,
                                 "earlier text": Verbatim(texts["baseline"][link.baseline_item], text_lang),
                                 "earlier sources": cite(*_source_fields(items.loc[link.baseline_item])),
                                 "score": float(link.score)})
        return pd.DataFrame(rows)

    def closest_html(self) -> str:
        from ..i18n import format_number
        from ..present import md_table

        def render():
            table = self.closest_table()
            table["score"] = table["score"].map(lambda v: v if v == "" else format_number(v, self.ui_lang, decimals=2))
            return _markdown_to_html(md_table(table, self.ui_lang))

        return self._view("closest", render)

    def continuity_html(self) -> str:
        from ..present import continuity_table

        return self._view("continuity", lambda: _markdown_to_html(continuity_table(self.comparisons(), self.ui_lang)))

    def items_html(self) -> str:
        from ..present import items_table

        return self._view("items", lambda: _markdown_to_html(items_table(self.ds, self.comparisons()[0], self.ui_lang)))

    def left_out_note(self) -> str:
        """The report's sentence naming items left out for lack of text in the text language ('' if none)."""
        view = self.comparison_view()
        if not view.left_out:
            return ""
        from ..escaping import md_text

        return t("left_out", self.ui_lang, items=md_text(", ".join(view.left_out)),
                 text_lang=t(f"lang_name_{self.controls.text_lang}", self.ui_lang))

    # --- robustness (slow: the app runs it in a background thread) --------------------------------

    def robustness_key(self) -> tuple:
        return controls_key(self.controls, ROBUSTNESS_KEYS)

    def robustness_request(self, key: tuple | None = None) -> CompareRequest:
        """The request whose robustness step ``key`` (default: the current controls) stands for."""
        return self.controls if key is None else replace(self.controls, **dict(zip(ROBUSTNESS_KEYS, key)))

    def cached_robustness(self, key: tuple | None = None):
        """The finished robustness of ``key`` (default: the current controls), an IcddError, or None if not run."""
        return self._robustness.get(self.robustness_key() if key is None else key)

    def compute_robustness(self, key: tuple | None = None, progress: Callable[[int, int], None] | None = None):
        """The report's robustness grid for ``key`` (the current controls by default); ``progress(done, total)``
        is called per specification and may raise :class:`Superseded` to stop the run (nothing is cached then)."""
        key = self.robustness_key() if key is None else key
        if key in self._robustness:
            return self._robustness[key]
        from ..study.run import robustness_step

        with self._lock:
            self.calls["robustness"] += 1
        try:  # the study's own step, as notebook 02 runs it
            result = robustness_step(self.ds, self.robustness_request(key), progress=progress or False)
        except Superseded:
            raise  # a newer request replaced this run: nothing to cache
        except IcddError as exc:
            result = exc
        with self._lock:
            self._robustness[key] = result
        return result

    def start_robustness(self, on_progress: Callable[[int, int], None], on_done: Callable[[object], None],
                         key: tuple | None = None) -> "BackgroundRobustness":
        """Run the robustness grid of ``key`` in a separate process (it is CPU-bound Python: in a thread it would
        hold the interpreter lock and slow every other view); ``on_done(result)`` is called from a reader thread
        with the Robustness or an IcddError, unless the run is cancelled first."""
        key = self.robustness_key() if key is None else key
        run = BackgroundRobustness(self, key, on_progress, on_done)
        run.start()
        return run

    def robustness_html(self, rob) -> str:
        from ..frames import get_frame
        from ..present import robustness_section

        key = self.robustness_key()
        return self._view("robustness", lambda: _markdown_to_html(
            robustness_section(rob, get_frame(self.ds, key[ROBUSTNESS_KEYS.index("frame")]), self.ui_lang)),
            keys=ROBUSTNESS_KEYS)

    # --- from exploring to a schedule ----------------------------------------------------------------

    def _data_parameter(self) -> str:
        """The report's ``data``: '' for the bundled package, else the path of the package explored."""
        return "" if self.ds.descriptor.resolve() == bundled_path().resolve() else str(self.ds.descriptor)

    @property
    def report_lang(self) -> str:
        """The scheduled report's page language: the interface language (the texts compared are ``text_lang``)."""
        return self.controls.lang

    def report_parameters(self) -> dict[str, str]:
        """The parameters of ``icdd-report run 02-compare-agendas`` that print this view: the request's own,
        those that differ from the report's defaults (``data`` first when the package is not the bundled one)."""
        return self.controls.to_params()

    def command(self) -> str:
        params = " ".join(f"-p {shlex.quote(f'{k}={v}')}" for k, v in self.report_parameters().items())
        return f"icdd-report run {REPORT_NOTEBOOK} {params}".rstrip()

    def report_name(self) -> str:
        """The report's name, by the runner's one naming rule (what the command gives it without --name)."""
        return self.controls.report_name()

    def yaml_entry(self) -> str:
        """The view as an entry of ``notebooks/reports.yaml`` (a list item under ``reports:``)."""
        import yaml

        entry = {"name": self.report_name(), "notebook": REPORT_NOTEBOOK, "parameters": self.report_parameters()}
        return yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)

    def as_dict(self) -> dict:
        return {**{n: getattr(self.controls, n) for n in CONTROLS}, "ui_lang": self.ui_lang}


class BackgroundRobustness:
    """One robustness run in a child process (:mod:`.worker`), its progress read by a thread."""

    def __init__(self, state: ExplorerState, key: tuple, on_progress, on_done):
        self.state, self.key, self.on_progress, self.on_done = state, key, on_progress, on_done
        self.cancelled = False
        self.process = None
        self.reader: threading.Thread | None = None

    def start(self) -> None:
        import os
        import pickle
        import subprocess
        import sys
        import tempfile
        from pathlib import Path

        self.folder = tempfile.TemporaryDirectory(prefix="icdd-robustness-")
        source, self.result_path = Path(self.folder.name) / "in.pickle", Path(self.folder.name) / "out.pickle"
        with open(source, "wb") as f:
            # Without its cache of Event objects (an Event does not unpickle: its __getattr__ reads its own row).
            pickle.dump((replace(self.state.ds, _events={}), self.state.robustness_request(self.key)), f)
        package_root = str(Path(__file__).resolve().parents[2])  # the folder icdd_analysis is imported from
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH"))
                                                            if p)}
        self.process = subprocess.Popen([sys.executable, "-m", "icdd_analysis.explorer.worker", str(source),
                                         str(self.result_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, env=env)
        with self.state._lock:
            self.state.calls["robustness"] += 1
        self.reader = threading.Thread(target=self._read, name="icdd-robustness-reader", daemon=True)
        self.reader.start()

    def _read(self) -> None:
        import pickle

        for line in self.process.stdout:
            parts = line.split()
            if self.cancelled:
                break
            if len(parts) == 3 and parts[0] == "progress":
                self.on_progress(int(parts[1]), int(parts[2]))
        self.process.wait()
        errors = self.process.stderr.read()
        if self.cancelled:
            self.folder.cleanup()
            return
        if self.process.returncode == 0 and self.result_path.exists():
            with open(self.result_path, "rb") as f:
                kind, result = pickle.load(f)  # ("result", Robustness) or ("error", the IcddError itself)
        else:
            last = errors.strip().splitlines()[-1:] or [f"exit code {self.process.returncode}"]
            result = IcddError(f"the robustness run failed: {last[0]}")
        self.folder.cleanup()
        with self.state._lock:
            self.state._robustness[self.key] = result
        self.on_done(result)

    def cancel(self) -> None:
        """Stop the run (a newer request supersedes it): the child process is ended, nothing is cached."""
        self.cancelled = True
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()

    def wait(self, timeout: float | None = None) -> bool:
        if self.reader is not None:
            self.reader.join(timeout)
            return not self.reader.is_alive()
        return True


def _panels_in_rows(pngs: list[bytes]) -> bytes:
    """PNG images on white in rows of :data:`plots.PANELS_PER_ROW`, as the report lays out its heatmap panels
    (four in one row would be shrunk to half their size in the page), each top-left aligned in its cell
    (Pillow, which matplotlib depends on)."""
    if len(pngs) == 1:
        return pngs[0]
    import io

    from PIL import Image

    from ..plots import PANELS_PER_ROW

    images = [Image.open(io.BytesIO(p)).convert("RGB") for p in pngs]
    rows = [images[i:i + PANELS_PER_ROW] for i in range(0, len(images), PANELS_PER_ROW)]
    cell_width = max(i.width for i in images)
    heights = [max(i.height for i in row) for row in rows]
    joined = Image.new("RGB", (cell_width * min(len(images), PANELS_PER_ROW), sum(heights)), "white")
    y = 0
    for row, height in zip(rows, heights):
        for column, image in enumerate(row):
            joined.paste(image, (column * cell_width, y))
        y += height
    buffer = io.BytesIO()
    joined.save(buffer, format="PNG")
    return buffer.getvalue()


def _source_fields(row) -> tuple:
    return tuple(row.get(f) for f in ("source_id", "more_source_ids", "text_id_source_id"))


#: The engine's argument names that differ from the explorer's control names.
_CONTROL_OF_PARAMETER = {"lang": "text_lang"}


def engine_problem(parameter: str | None, message: str, lang: str) -> Problem:
    """A refusal the explorer has no message of its own for: the control the engine named, if it is one, and
    the engine's English message kept as it is."""
    control = _CONTROL_OF_PARAMETER.get(parameter or "", parameter)
    if control in CONTROLS:
        return Problem(control, t("explorer_engine_refused", lang), message)
    return Problem(None, t("explorer_engine_refused_choices", lang), message)

