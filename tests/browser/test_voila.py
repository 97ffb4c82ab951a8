"""The explorer as a web app: Voilà serves it (`icdd-explore`), Chromium shows it, a visitor clicks.

Screenshots for a person to look at: build/browser/voila-*.png.
"""

from __future__ import annotations

import time

import nbformat

from icdd_analysis.i18n import catalogue
from icdd_analysis.serve_explorer import explorer_notebook

from . import explorer_page as ui


def test_the_web_app_shows_no_code_and_answers_language_frame_and_scope(voila_url, page):
    page.goto(voila_url, wait_until="commit")  # Voilà streams the page while the notebook runs
    ui.wait_for_explorer(page)
    ui.wait_ready(page, "en")
    assert page.locator(ui.CODE_SELECTORS).count() == 0
    body = page.inner_text("body")
    code = [line.strip() for cell in nbformat.read(explorer_notebook(), as_version=4).cells
            if cell.cell_type == "code" for line in cell.source.splitlines() if len(line.strip()) >= 8]
    assert code and not [line for line in code if line in body], "notebook code is visible"
    ui.shot(page, "voila-en")

    # The UI language: every label that is an English catalogue message becomes its Indonesian one.
    english, indonesian = catalogue("en"), catalogue("id")
    keys_of = {}
    for key, text in english.items():
        keys_of.setdefault(text.strip(), set()).add(key)
    labels_en = ui.label_texts(page)
    translated = {i: {indonesian[k].strip() for k in keys_of[text]} for i, text in enumerate(labels_en)
                  if text in keys_of and any(indonesian[k].strip() != text for k in keys_of[text])}
    assert len(translated) >= 5, f"too few catalogue labels found: {labels_en}"
    ui.choose(page, "ui_lang", next(label for label in ui.option_labels(page, "ui_lang") if "Indonesia" in label))
    ui.wait_ready(page, "id")
    labels_id = ui.label_texts(page)
    assert len(labels_id) == len(labels_en)
    wrong = {labels_en[i]: labels_id[i] for i, expected in translated.items() if labels_id[i] not in expected}
    assert not wrong, f"labels not in Indonesian (English: shown): {wrong}"
    ui.shot(page, "voila-id")
    # Every tab shows its whole title (ipywidgets cuts titles at 144 px unless the app's style lets them grow).
    cut = page.eval_on_selector_all(
        ".icdd-explorer .lm-TabBar-tabLabel", "tabs => tabs.filter(t => t.scrollWidth > t.clientWidth + 1).map(t => t.innerText)")
    assert not cut, f"tab titles cut short: {cut}"

    # The frame, then the baseline's scope: the caption and the heatmap follow each change.
    for control in ("frame", "baseline_scope"):
        before_caption, before_png, before_src = ui.caption(page), ui.heatmap_png(page), ui.heatmap_src(page)
        chosen = ui.choose_another(page, control)
        after_caption = ui.wait_caption_change(page, before_caption)
        ui.wait_ready(page, "id")
        ui.wait_heatmap_change(page, before_src)
        assert ui.selected_label(page, control) == chosen
        assert ui.heatmap_png(page) != before_png, f"the heatmap did not change with {control} = {chosen!r}"
        ui.shot(page, f"voila-id-{control}")
        assert after_caption != before_caption

    # The copy button puts the command shown, for the view now on screen, on the clipboard.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=voila_url.rstrip("/"))
    page.evaluate("navigator.clipboard.writeText('')")
    shown = page.inner_text(".icdd-command pre").strip()
    assert shown.startswith("icdd-report run 02-compare-agendas") and "lang=id" in shown  # the page language: Indonesian
    page.click(".icdd-copy")
    deadline, copied = time.monotonic() + ui.UPDATE_MS / 1000, ""
    while copied != shown and time.monotonic() < deadline:  # the kernel answers the click with the copy's script
        page.wait_for_timeout(200)
        copied = page.evaluate("navigator.clipboard.readText()").strip()  # evaluate awaits the promise
    assert copied == shown
