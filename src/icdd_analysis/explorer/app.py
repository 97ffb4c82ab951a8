"""The explorer's ipywidgets UI: controls, five views in tabs, the report command and its reports.yaml entry.

The logic (choices, comparisons, cached views) is :class:`~.state.ExplorerState`; this module only lays it
out and wires events. The CSS classes (``icdd-explorer``, ``icdd-control-<name>``, ``icdd-view-<name>``,
``icdd-heatmap-caption``, ``icdd-command``, ``icdd-yaml``, ``icdd-copy``, ``icdd-status``,
``icdd-robustness-progress``) are what the browser tests select on: keep them.
"""

from __future__ import annotations

import json
import time

import ipywidgets as widgets

from ..escaping import html_text
from ..i18n import t
from . import views as render
from .state import CONTROLS, UI_LANGS, ExplorerState, check_ui_lang

VIEWS = ("heatmap", "closest", "continuity", "robustness", "items")
#: The robustness progress bar is redrawn at most this often (each redraw is a message to the browser).
PROGRESS_INTERVAL = 0.2


def _message_html(text: str, kind: str = "note") -> str:
    colour = {"note": "#555", "problem": "#a00"}[kind]
    return f'<p style="color:{colour}">{html_text(text)}</p>'


def _problem_html(problem, lang: str) -> str:
    """Why nothing is shown, in the UI language: the control at fault and the reason; an engine's own message
    follows as it is, in italics and marked English (its language), as verbatim text is on report pages."""
    if problem.control is not None:
        text = t("explorer_cannot_compare", lang, control=t(f"explorer_control_{problem.control}", lang),
                 reason=problem.reason)
    else:
        text = problem.reason
    message = _message_html(text, "problem")
    if problem.engine_message:
        message += f'<p style="color:#a00"><i lang="en">{html_text(problem.engine_message)}</i></p>'
    return message


class Explorer(widgets.VBox):
    """The explorer's root widget (``icdd.explore()`` returns it); :attr:`state` holds the logic."""

    def __init__(self, ds=None, lang: str = "en"):
        super().__init__()
        self.state = ExplorerState(ds, check_ui_lang(lang))
        self._syncing = False
        self._robustness_run = None  # the background run; a newer request cancels it
        self.add_class("icdd-explorer")

        self.title = widgets.HTML()
        self.ui_lang = widgets.Dropdown(options=self._ui_lang_options(), value=lang)
        self.ui_lang.add_class("icdd-control-ui_lang")
        self.ui_lang.observe(self._on_ui_lang, "value")
        self.controls: dict[str, widgets.Dropdown] = {}
        for name in CONTROLS:
            dropdown = widgets.Dropdown(options=self.state.options(name), value=getattr(self.state.controls, name),
                                        style={"description_width": "initial"},
                                        layout=widgets.Layout(width="auto", max_width="100%"))
            dropdown.add_class(f"icdd-control-{name}")
            dropdown.observe(self._on_control, "value")
            self.controls[name] = dropdown
        self.status = widgets.HTML()
        self.status.add_class("icdd-status")

        self.caption = widgets.HTML()
        self.caption.add_class("icdd-heatmap-caption")
        self.figure = widgets.HTML(layout=widgets.Layout(max_width="100%"))  # the heatmaps as HTML tables
        self.figure.add_class("icdd-heatmap-tables")
        self.notes = widgets.HTML()
        self.views = {name: widgets.HTML() for name in VIEWS if name != "heatmap"}
        self.progress = widgets.IntProgress(min=0, max=1, value=0)
        self.progress.add_class("icdd-robustness-progress")
        self.robustness_note = widgets.HTML()
        boxes = {
            "heatmap": widgets.VBox([self.caption, self.notes, self.figure]),
            "closest": widgets.VBox([self.views["closest"]]),
            "continuity": widgets.VBox([self.views["continuity"]]),
            "robustness": widgets.VBox([self.robustness_note, self.progress, self.views["robustness"]]),
            "items": widgets.VBox([self.views["items"]]),
        }
        for name, box in boxes.items():
            box.add_class(f"icdd-view-{name}")
        self.tabs = widgets.Tab(children=[boxes[name] for name in VIEWS])
        self.tabs.observe(lambda change: self._start_robustness(), "selected_index")

        self.schedule_heading = widgets.HTML()
        self.command = widgets.HTML()
        self.command.add_class("icdd-command")
        self.yaml = widgets.HTML()
        self.yaml.add_class("icdd-yaml")
        self.copy = widgets.Button(icon="copy", layout=widgets.Layout(width="auto"))  # the whole label, both languages
        self.copy.add_class("icdd-copy")
        self.copy.on_click(self._copy_command)
        self._clipboard = widgets.Output(layout=widgets.Layout(display="none"))  # runs the copy's JavaScript

        # Two columns at 1280 px, so that every value is shown whole (the longest: "semua yang dinyatakan sumber",
        # "bahasa Inggris dan Indonesia"), with the label beside it (tests/browser/test_voila_readers.py checks).
        grid = widgets.GridBox([self.ui_lang, *self.controls.values()],
                               layout=widgets.Layout(grid_template_columns="repeat(auto-fill, minmax(34em, 1fr))",
                                                     grid_gap="4px 12px"))
        # ipywidgets caps a tab's title at 144 px ("Closest earlier ite…"): let each tab be as wide as its title.
        style = widgets.HTML("<style>.icdd-explorer .lm-TabBar-tab, .icdd-explorer .p-TabBar-tab "
                             "{ max-width: none !important; flex: 0 0 auto !important; }</style>")
        self.children = [style, self.title, grid, self.status, self.tabs, self.schedule_heading,
                         self.command, widgets.HBox([self.copy, self._clipboard]), self.yaml]
        self._relabel()
        self.update()

    # --- labels (UI language) --------------------------------------------------------------------------

    def _ui_lang_options(self):
        return [(t(f"explorer_ui_lang_{lang}", lang), lang) for lang in UI_LANGS]  # each named in itself

    def _relabel(self) -> None:
        """Every label in the UI language; nothing is recomputed (the views come from the state's caches)."""
        lang = self.state.ui_lang
        self.title.value = (f"<h2>{html_text(t('explorer_title', lang))}</h2>"
                            f"<p>{html_text(t('explorer_intro', lang))}</p>")
        self.ui_lang.description = t("explorer_control_ui_lang", lang)
        for name, dropdown in self.controls.items():
            dropdown.description = t(f"explorer_control_{name}", lang)
        for index, name in enumerate(VIEWS):
            self.tabs.set_title(index, t(f"explorer_tab_{name}", lang))
        self.schedule_heading.value = f"<h3>{html_text(t('explorer_schedule_heading', lang))}</h3>"
        self.copy.description = t("explorer_copy", lang)
        self.copy.tooltip = t("explorer_copy_hint", lang)
        self._sync_controls()

    def _sync_controls(self) -> None:
        """Options and values of the dropdowns from the state (without firing the change handlers)."""
        self._syncing = True
        try:
            for name, dropdown in self.controls.items():
                options = self.state.options(name)
                value = getattr(self.state.controls, name)
                if value not in [v for _, v in options]:  # a scope of an event without items: nothing to choose
                    value = None
                if list(dropdown.options) != options:
                    dropdown.options = options
                if dropdown.value != value:
                    dropdown.value = value
        finally:
            self._syncing = False

    # --- events ----------------------------------------------------------------------------------------

    def _on_ui_lang(self, change) -> None:
        self.state.set_ui_lang(change["new"])
        self._relabel()
        self.update()

    def _on_control(self, change) -> None:
        if self._syncing:
            return
        name = next(n for n, d in self.controls.items() if d is change["owner"])
        self.state.set(**{name: change["new"]})
        self._sync_controls()  # an event change may swap the events or reset a scope; disabled labels change
        self.update()

    def open_tab(self, view: str) -> None:
        """Open a view's tab as a user would (opening robustness starts its grid)."""
        self.tabs.selected_index = VIEWS.index(view)

    def set(self, **values) -> None:
        """Set controls as a user would (for scripts and tests): each through its dropdown."""
        for name, value in values.items():
            if name == "ui_lang":
                self.ui_lang.value = value
            else:
                self.controls[name].value = value

    # --- views -----------------------------------------------------------------------------------------

    def update(self) -> None:
        """Refresh the fast views from the state (cached where the controls they depend on are unchanged)
        and start the robustness grid in the background when its controls changed."""
        lang = self.state.ui_lang
        self.status.value = html_text(t("explorer_status_updating", lang))
        problem = self.state.problem()
        if problem is not None:
            message = _problem_html(problem, lang)
            self.caption.value, self.notes.value, self.figure.value = message, "", ""
            for name, view in self.views.items():
                if name != "robustness":
                    view.value = message
        else:
            self.caption.value = f"<p>{html_text(render.heatmap_caption(self.state))}</p>"
            note = render.left_out_note(self.state)
            self.notes.value = _message_html(note) if note else ""
            self.figure.value = render.heatmap_html(self.state)
            self.views["closest"].value = render.closest_html(self.state)
            self.views["continuity"].value = render.continuity_html(self.state)
            self.views["items"].value = render.items_html(self.state)
        self._update_schedule()
        self._start_robustness()
        self.status.value = html_text(t("explorer_status_ready", lang))

    def _update_schedule(self) -> None:
        lang = self.state.ui_lang
        self.command.value = (f"<b>{html_text(t('explorer_command_label', lang))}</b>"
                              f"<pre style='user-select:all;white-space:pre-wrap'>{html_text(self.state.command())}</pre>")
        self.yaml.value = (f"<b>{html_text(t('explorer_yaml_label', lang))}</b>"
                           f"<pre style='user-select:all'>{html_text(self.state.yaml_entry())}</pre>")

    def _copy_command(self, _button=None) -> None:
        """Copy the command in the browser (JupyterLab and Voilà run JavaScript outputs); where the clipboard is
        not available the command stays selectable text."""
        from IPython.display import Javascript, display

        command = json.dumps(self.state.command())
        self._clipboard.clear_output()
        with self._clipboard:
            display(Javascript(f"navigator.clipboard && navigator.clipboard.writeText({command});"))

    # --- robustness in the background -------------------------------------------------------------------

    def _start_robustness(self) -> None:
        """Show the finished grid of the current controls, or start it in the background when the robustness tab
        is open (a visitor who never opens it costs no CPU); a run for older controls is cancelled."""
        key = self.state.robustness_key()
        run = self._robustness_run
        if run is not None and run.key != key:
            self._cancel_robustness()
        finished = self.state.cached_robustness(key)
        if finished is not None:
            self._show_robustness(finished, key)
            return
        if self._robustness_run is not None:
            return  # already running for these controls
        self.robustness_note.value = _message_html(t("explorer_robustness_waiting", self.state.ui_lang))
        self.views["robustness"].value = ""
        self.progress.value, self.progress.max = 0, 1
        if self.tabs.selected_index != VIEWS.index("robustness"):
            return
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_INTERVAL or done == total:
                last[0] = now
                self.progress.max, self.progress.value = total, done

        def done(result) -> None:
            if self.state.robustness_key() == key:
                self._show_robustness(result, key)

        self.progress.layout.visibility = "visible"
        self._robustness_run = self.state.start_robustness(progress, done, key)

    def _cancel_robustness(self) -> None:
        if self._robustness_run is not None:
            self._robustness_run.cancel()
            self._robustness_run = None

    def _show_robustness(self, result, key) -> None:
        lang = self.state.ui_lang
        self.progress.value, self.progress.max = 1, 1
        self.progress.layout.visibility = "hidden"
        if isinstance(result, Exception):
            self.robustness_note.value = ""
            self.views["robustness"].value = _problem_html(self.state.problem_of(result), lang)
            return
        self.robustness_note.value = _message_html(t("explorer_robustness_note", lang))
        self.views["robustness"].value = render.robustness_html(self.state, result)

    def wait_for_robustness(self, timeout: float | None = None) -> bool:
        """Block until the background robustness run ends (scripts, tests); False on timeout."""
        run = self._robustness_run
        return True if run is None else run.wait(timeout)


def explore(ds=None, lang: str = "en") -> Explorer:
    """The interactive explorer for JupyterLab or Voilà: show it as the last expression of a cell.

    ``ds``: a loaded data package (default: the bundled one); ``lang``: the interface language, en or id
    (switchable in the app).
    """
    from ..errors import ParameterError

    from ..i18n import LANGS

    if lang not in LANGS:
        raise ParameterError("lang", f"{lang!r} is not an interface language of the explorer; valid: {', '.join(LANGS)}.")
    return Explorer(ds, lang)
