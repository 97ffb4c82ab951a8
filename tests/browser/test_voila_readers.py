"""The explorer as its readers see it at 1280 px, in both languages (issue 17.4): the page in the app's
language, dropdown values shown whole, the four methods' heatmaps readable at the broadest scope, and the
command shown runs as shown (copied with the button, read from the clipboard, run in a shell: exit 0).

Screenshots for a person to look at: build/explorer-<lang>-default.png, build/explorer-<lang>-broadest.png.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from icdd_analysis.i18n import t
from icdd_analysis.serve_explorer import free_port

from . import explorer_page as ui
from .conftest import ROOT, UPDATE_MS, running_server, icdd_explore_command

WIDTH, HEIGHT = 1280, 800
#: A run of notebook 02 (papermill, nbconvert) on a loaded 2-core machine.
RUN_TIMEOUT_S = 600


@pytest.fixture(scope="module", params=["en", "id"])
def served(request):
    port = free_port()
    lang = request.param
    with running_server(f"voila-{lang}-readers", [*icdd_explore_command(), "--port", str(port), "--lang", lang], port):
        yield lang, f"http://127.0.0.1:{port}/"


@pytest.fixture
def reader(browser, served):
    lang, url = served
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="id-ID" if lang == "id" else "en-US")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
    page = context.new_page()
    page.set_default_timeout(UPDATE_MS)
    page.goto(url, wait_until="commit")
    ui.wait_for_explorer(page)
    ui.wait_ready(page, lang)
    yield lang, url, page
    context.close()


def _cut_dropdowns(page) -> dict[str, str]:
    """Each <select> whose chosen value is wider than the box that shows it (the text drawn in the select's font,
    against its width less padding and the arrow)."""
    return page.evaluate("""() => {
        const canvas = document.createElement('canvas').getContext('2d'), cut = {};
        for (const s of document.querySelectorAll('.icdd-explorer select')) {
            const style = getComputedStyle(s);
            canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const text = s.options[s.selectedIndex] ? s.options[s.selectedIndex].textContent : '';
            const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16;
            if (canvas.measureText(text).width > room) cut[s.closest('.widget-dropdown').className] = text;
        }
        return cut;
    }""")


def _readable_heatmaps(page) -> None:
    """Four tables, none wider than the page, none overflowing the window sideways, text at least 11 px."""
    boxes = page.eval_on_selector_all(".icdd-heatmap", "els => els.map(e => e.getBoundingClientRect().toJSON())")
    assert len(boxes) == 4, boxes
    assert all(b["right"] <= WIDTH and b["left"] >= 0 for b in boxes), boxes
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH  # no sideways scrolling of the page
    sizes = page.eval_on_selector_all(".icdd-heatmap td, .icdd-heatmap th",
                                      "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 11, min(sizes)
    overlapping = page.eval_on_selector_all(".icdd-heatmap td, .icdd-heatmap th",
                                            "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).length")
    assert overlapping == 0  # no label or value runs into its neighbour


def _copied_command(page, url: str) -> str:
    page.evaluate("navigator.clipboard.writeText('')")
    shown = page.inner_text(".icdd-command pre").strip()
    page.click(".icdd-copy")
    deadline, copied = time.monotonic() + UPDATE_MS / 1000, ""
    while copied != shown and time.monotonic() < deadline:
        page.wait_for_timeout(200)
        copied = page.evaluate("navigator.clipboard.readText()").strip()
    assert copied == shown
    return copied


def _run_as_shown(command: str, folder: Path) -> None:
    """The copied text in a shell, in an empty folder, with the environment's commands first on PATH."""
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    done = subprocess.run(command, shell=True, cwd=folder, env=env, capture_output=True, text=True,
                          timeout=RUN_TIMEOUT_S)
    assert done.returncode == 0, f"{command}\nexit {done.returncode}\n{done.stderr[-3000:]}"


def _shot(page, name: str) -> None:
    """The whole explorer at 1280 px wide: Voilà scrolls inside a box of the window's height, so the window is made
    as tall as the explorer for the picture, then put back."""
    height = page.evaluate("Math.ceil(document.querySelector('.icdd-explorer').getBoundingClientRect().height) + 200")
    page.set_viewport_size({"width": WIDTH, "height": max(HEIGHT, height)})
    page.wait_for_timeout(300)
    (ROOT / "build").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "build" / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})


def test_the_page_speaks_the_apps_language_and_shows_every_value_whole(reader):
    lang, _url, page = reader
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.title() == t("explorer_title", lang)
    assert not _cut_dropdowns(page), _cut_dropdowns(page)
    _readable_heatmaps(page)
    _shot(page, f"explorer-{lang}-default")


def test_the_command_runs_as_shown_for_the_default_view_and_the_broadest_scope(reader, tmp_path):
    lang, url, page = reader
    views = {"default": _copied_command(page, url)}
    broadest = t("explorer_scope_stated_agenda", lang)
    for control in ("baseline_scope", "target_scope"):
        before = ui.caption(page)
        ui.choose(page, control, broadest)
        ui.wait_caption_change(page, before)
        ui.wait_ready(page, lang)
    assert not _cut_dropdowns(page), _cut_dropdowns(page)
    _readable_heatmaps(page)
    _shot(page, f"explorer-{lang}-broadest")
    views["broadest"] = _copied_command(page, url)
    assert "stated_agenda" in views["broadest"]
    # English texts only: no item is left out for want of a translation, the widest tables.
    before = ui.caption(page)
    ui.choose(page, "text_lang", t("lang_name_en", lang))
    ui.wait_caption_change(page, before)
    ui.wait_ready(page, lang)
    assert page.eval_on_selector(".icdd-heatmap", "h => h.querySelectorAll('thead th').length") >= 12  # 11+ earlier items
    _readable_heatmaps(page)
    _shot(page, f"explorer-{lang}-broadest-english-texts")
    for name, command in views.items():
        folder = tmp_path / name
        folder.mkdir()
        _run_as_shown(command, folder)
        assert list(folder.rglob("*.html")), f"{command} wrote no report in {folder}"
