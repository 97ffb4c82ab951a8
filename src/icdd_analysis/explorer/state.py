"""The explorer's state, without a widget: the control values (a request), the valid choices of each control
given the others, why a combination cannot be compared, the cached comparisons and rendered views, and the
command and reports.yaml entry that keep the view as a report.

Rendering is :mod:`.views`, the reasons for a refusal :mod:`.problems`, the background robustness run
:mod:`.background` (and its child process :mod:`.worker`).

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
from .problems import CONTROLS, Problem, engine_problem  # noqa: F401  (re-exported)

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
class ComparisonView:
    """The comparisons of the current controls (one per method), or the problem that prevents them."""

    comparisons: tuple = ()
    problem: Problem | None = None
    left_out: tuple[str, ...] = ()



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
        self._worker = None  # the warm robustness process (.background.RobustnessWorker), started on first use
        #: How often each expensive step ran (the tests check that a UI-language switch computes nothing).
        self.calls = {"compare": 0, "robustness": 0, "figure": 0}
        if controls:
            self.set(**controls)

    # --- controls and their choices ---------------------------------------------------------------

    def conferences(self) -> list[str]:
        """Every conference of the package (those without agenda items are listed, and disabled)."""
        return list(self.memo(("conferences",), lambda: CompareRequest().choices(self.ds, "baseline")))

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
            return list(self.memo(("scopes", event), lambda: self.controls.choices(self.ds, name)))
        return list(self.memo(("choices", name), lambda: self.controls.choices(self.ds, name)))

    def memo(self, key: tuple, compute: Callable[[], object]):
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
            empty = self.memo(("no items",), lambda: {e for e in self.conferences() if self.ds.event(e).items().empty})
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

            return self.memo(("uncoded frames", c.baseline, c.target), uncoded)
        return {}

    def option_label(self, name: str, value: str, disabled: dict | None = None) -> str:
        """A control value as the UI shows it, in the UI language (a disabled value says why)."""
        lang = self.ui_lang
        if name in ("baseline", "target"):
            from ..present.labels import event_name as _event_name

            label = self.memo(("event name", value, lang), lambda: f"{_event_name(self.ds, value, lang)} ({value})")
        elif name in ("baseline_scope", "target_scope"):
            key = f"explorer_scope_{value}"
            label = t(key, lang) if value in PRESETS else t("explorer_scope_kind", lang, kind=t(f"kind_{value}", lang))
        elif name == "method":
            label = t("explorer_all_methods", lang) if value == "all" else t(value, lang)
        elif name == "frame":
            from ..frames import get_frame

            label = self.memo(("frame name", value, lang), lambda: get_frame(self.ds, value).display_name(lang))
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
        """The engine's refusal of the current controls as the UI shows it (:func:`.problems.problem_of`)."""
        from .problems import problem_of

        return problem_of(self.ds, self.controls, error, self.ui_lang)

    def comparisons(self) -> list:
        view = self.comparison_view()
        if view.problem:
            problem = view.problem  # with the engine's own words, where the reason only announces them
            raise ExplorerError(problem.control or "controls", f"{problem.reason} {problem.engine_message}".strip())
        return list(view.comparisons)

    # --- rendered views (cached by the comparison's controls and the UI language) -----------------

    def cached_view(self, name: str, render: Callable[[], object], keys=COMPARISON_KEYS):
        """A rendered view (:mod:`.views`), computed once per value of the controls ``keys`` and UI language."""
        key = (name, controls_key(self.controls, keys), self.ui_lang)
        with self._lock:
            if key not in self._views:
                self._views[key] = render()
            return self._views[key]

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
        """Run the robustness grid of ``key`` in the explorer's warm child process (:mod:`.background`; it is
        CPU-bound Python: in a thread it would hold the interpreter lock and slow every other view);
        ``on_done(result)`` is called from a reader thread with the Robustness or an IcddError, unless the run
        is cancelled first."""
        from .background import BackgroundRobustness

        key = self.robustness_key() if key is None else key
        run = BackgroundRobustness(self, key, on_progress, on_done)
        run.start()
        return run

    def robustness_worker(self):
        """The explorer's warm child process for robustness runs, started on first use (again if it died)."""
        from .background import RobustnessWorker

        with self._lock:
            if self._worker is None or not self._worker.alive():
                self._worker = RobustnessWorker(self.ds)
            return self._worker

    def close(self) -> None:
        """Stop the robustness worker, if one was started (it also ends with the explorer's process)."""
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.close()

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
