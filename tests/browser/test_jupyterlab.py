"""The explorer inside JupyterLab: open notebooks/03-explore.ipynb, run all cells from the Run menu, click.

Screenshot for a person to look at: build/browser/jupyterlab.png.
"""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from icdd_analysis.serve_explorer import explorer_notebook

from . import explorer_page as ui
from .conftest import FIRST_RENDER_MS, free_port, running_server

NOTEBOOK = explorer_notebook().name


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory):
    """A JupyterLab server without token on a free port, its root a folder holding a copy of the notebook."""
    root = tmp_path_factory.mktemp("lab-root")
    shutil.copy(explorer_notebook(), root / NOTEBOOK)
    port = free_port()
    argv = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.port_retries=0",
            "--ServerApp.ip=127.0.0.1", "--ServerApp.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}",
            # nothing from the network: no update check, no news feed, no PyPI extension manager
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.news_url=None",
            "--LabApp.extension_manager=readonly"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")  # containers and CI run as root
    with running_server("jupyterlab", argv, port, cwd=root):
        yield f"http://127.0.0.1:{port}/lab/tree/{NOTEBOOK}"


def test_the_explorer_runs_in_jupyterlab_and_answers_a_frame_change(lab_url, page):
    page.goto(lab_url, wait_until="commit")
    # The notebook is open and the status bar says its kernel is idle (connected) before the cells run.
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=FIRST_RENDER_MS)
    page.wait_for_function("() => /\\|\\s*Idle/.test(document.querySelector('.jp-StatusBar-Widget')?.innerText || '')",
                           timeout=FIRST_RENDER_MS)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-content .lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    page.wait_for_selector(".jp-InputPrompt:has-text('[1]')", timeout=FIRST_RENDER_MS)  # the cells ran
    ui.wait_for_explorer(page)
    ui.wait_ready(page, "en", timeout=FIRST_RENDER_MS)
    ui.shot(page, "jupyterlab")

    before_caption, before_png, before_src = ui.caption(page), ui.heatmap_png(page), ui.heatmap_src(page)
    chosen = ui.choose_another(page, "frame")
    after_caption = ui.wait_caption_change(page, before_caption)
    ui.wait_ready(page, "en")
    ui.wait_heatmap_change(page, before_src)
    assert ui.selected_label(page, "frame") == chosen
    assert after_caption != before_caption
    assert ui.heatmap_png(page) != before_png, f"the heatmap did not change with frame = {chosen!r}"
    ui.shot(page, "jupyterlab-frame")
