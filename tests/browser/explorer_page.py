"""Reading and driving the explorer in a browser page through its CSS classes (the app's contract)."""

from __future__ import annotations

from .conftest import ARTIFACTS, FIRST_RENDER_MS, UPDATE_MS

READY = {"en": "Ready", "id": "Siap"}
#: What a visitor must never see in the Voilà app: code cells' inputs, prompts or editors.
CODE_SELECTORS = ".jp-CodeCell .jp-InputArea, .jp-CodeCell .jp-InputPrompt, .jp-Editor, .cm-editor, .CodeMirror"
#: Elements whose text comes from the catalogue: control labels, tab titles, buttons.
LABELS = ".icdd-explorer .widget-label, .icdd-explorer .lm-TabBar-tabLabel, .icdd-explorer button"


def select(page, control: str):
    return page.locator(f".icdd-control-{control} select")


def option_labels(page, control: str) -> list[str]:
    return select(page, control).evaluate("s => [...s.options].map(o => o.textContent)")


def selected_label(page, control: str) -> str:
    return select(page, control).evaluate("s => s.options[s.selectedIndex].textContent")


def choose(page, control: str, label: str) -> None:
    select(page, control).select_option(label=label)


def choose_another(page, control: str) -> str:
    """Select the next option of a control (wrapping round); returns its label."""
    labels, current = option_labels(page, control), selected_label(page, control)
    assert len(labels) > 1, f"{control} offers only {labels}"
    label = labels[(labels.index(current) + 1) % len(labels)]
    choose(page, control, label)
    return label


def wait_for_explorer(page) -> None:
    page.wait_for_selector(".icdd-control-frame select", timeout=FIRST_RENDER_MS)


def wait_ready(page, lang: str, timeout: int = UPDATE_MS) -> None:
    """Until the status line says the views are up to date, in ``lang``."""
    page.wait_for_function(
        "word => { const s = document.querySelector('.icdd-status'); return !!s && s.innerText.trim().startsWith(word); }",
        arg=READY[lang], timeout=timeout)


def caption(page) -> str:
    return page.locator(".icdd-heatmap-caption").inner_text()


HEATMAP = ".icdd-view-heatmap .icdd-heatmap-tables"


def heatmap_png(page) -> bytes:
    """The heatmaps as rendered (an element screenshot: pixels)."""
    return page.locator(HEATMAP).first.screenshot()


def heatmap_src(page) -> str:
    """The heatmaps' HTML (tables coloured as heatmaps)."""
    return page.locator(HEATMAP).first.inner_html()


def wait_heatmap_change(page, before_src: str) -> None:
    """Until the heatmaps' HTML is new and holds a table (then a screenshot shows the new one)."""
    page.wait_for_function(
        "([selector, old]) => { const h = document.querySelector(selector);"
        " return !!h && h.innerHTML !== old && !!h.querySelector('table'); }",
        arg=[HEATMAP, before_src], timeout=UPDATE_MS)


def wait_caption_change(page, before: str) -> str:
    page.wait_for_function(
        "old => { const c = document.querySelector('.icdd-heatmap-caption'); return !!c && c.innerText !== old; }",
        arg=before, timeout=UPDATE_MS)
    return caption(page)


def label_texts(page) -> list[str]:
    return [t.strip() for t in page.locator(LABELS).all_inner_texts()]


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
