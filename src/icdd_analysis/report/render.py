"""Rendering: an executed report notebook to its HTML page with nbconvert (no code, no prompts, no cells
tagged ``remove-from-report``), and what the runner reads from an executed notebook (its title, its answer)."""

from __future__ import annotations

import contextlib
import functools
import html
import os
import re
import threading
from pathlib import Path

#: Cells tagged so are notes for notebook users (how to run it), not part of the report.
REMOVE_TAG = "remove-from-report"


def render_html(notebook_path: Path, html_path: Path, nb=None) -> None:
    """HTML without code cells, prompts or cells tagged ``remove-from-report`` (nbconvert's --no-input), in the
    report's language (``<html lang="id">`` for an Indonesian report) and with each figure's text alternative
    from its output's ``image/png`` ``alt`` metadata (the project's template, see ``NBCONVERT_TEMPLATES``).

    ``nb``: the executed notebook as papermill returned it (what it wrote to ``notebook_path``), so that it
    is not read and parsed again; without it, the file is read.
    """
    import copy

    import nbformat

    from ..i18n import notebook_lang

    nb = nbformat.read(str(notebook_path), as_version=4) if nb is None else copy.deepcopy(nb)
    for cell in nb.cells:  # papermill gives the cell it adds a random id: the same inputs make the same page
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    nb.metadata["title"] = report_title(nb)  # the template prefers it to resources' name
    exporter, lock = html_exporter()
    with lock:
        exporter.language_code = notebook_lang(nb)
        body, _ = exporter.from_notebook_node(nb)
    html_path.write_text(body, encoding="utf-8")


#: nbconvert templates of the project: ``icdd_report`` is the lab template without scripts from other hosts,
#: and with figures' text alternatives.
NBCONVERT_TEMPLATES = Path(__file__).with_name("nbconvert_templates")
NBCONVERT_TEMPLATE = "icdd_report"


@functools.lru_cache(maxsize=1)
def html_exporter():
    """One HTMLExporter per process (a warm Dask worker or a serial run renders many reports with it), and
    a lock for it. Its Jinja templates are compiled once per process, and their bytecode is kept in the
    per-user cache folder (beside the validation records), so that a new process loads them instead of
    compiling them again (Jinja checks each template's source checksum: a changed template is recompiled)."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = {REMOVE_TAG}
    config.TagRemovePreprocessor.enabled = True
    # The project's template: nbconvert's lab template without scripts from other hosts (self-contained pages).
    exporter = HTMLExporter(config=config, exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            extra_template_basedirs=[str(NBCONVERT_TEMPLATES)], template_name=NBCONVERT_TEMPLATE)
    folder = _bytecode_folder()
    if folder is not None:
        import jinja2

        exporter.environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return exporter, threading.Lock()


def prepare_rendering() -> None:
    """Import and set up, ahead, what rendering a report needs: the exporter and its templates, the Markdown
    renderer of the title, and the CSS selectors nbconvert's HTMLExporter runs over the page (BeautifulSoup
    and soupsieve compile them once). Run in a thread while the kernel executes the notebook, when this
    process only waits for it: a second of a short report's time, no longer after the kernel."""
    with contextlib.suppress(Exception):  # only a head start: rendering does all of it anyway
        html_exporter()
        from bs4 import BeautifulSoup
        from nbconvert.filters.markdown_mistune import markdown2html_mistune  # noqa: F401 - report_title's

        page = BeautifulSoup('<div class="jp-Notebook"><img></div>', features="html.parser")
        for selector in ("img:not([alt])", ".jp-Notebook div.jp-Cell-inputWrapper", ".jp-Notebook div.jp-OutputArea-output"):
            page.select(selector)


def _bytecode_folder() -> Path | None:
    """``<cache>/jinja-bytecode``, private to the user, or None when it cannot be made (then: no bytecode cache)."""
    return private_cache_folder("jinja-bytecode")


def private_cache_folder(name: str) -> Path | None:
    """``<cache>/<name>``, made private to the user (mode 700), or None when there is no cache folder or this
    one is a link, not a folder, or somebody else's (then the caller does without it)."""
    from ..data.cache import cache_dir

    base = cache_dir()
    if base is None:
        return None
    folder = base / name
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not folder.is_dir() or folder.is_symlink() or (hasattr(os, "getuid") and folder.stat().st_uid != os.getuid()):
            return None
    except OSError:
        return None
    return folder


def report_title(nb) -> str:
    """The report's first Markdown heading (in the report's language), else the notebook's title."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown", "")
            for line in text.splitlines():
                if line.startswith("# "):
                    return plain_text(line[2:].strip())
    return nb.metadata.get("title", "icdd-analysis report")


def report_answer(nb) -> dict | None:
    """The answer a report notebook recorded (:data:`icdd_analysis.outputs.ANSWER_MIME`): its language, its
    one-line answer and its claims; None when it records none (the overview)."""
    from ..outputs import ANSWER_MIME

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get(ANSWER_MIME)
            if isinstance(data, dict) and isinstance(data.get("line"), str):
                return {"lang": str(data.get("lang", "")), "line": data["line"]}
    return None


def plain_text(markdown: str) -> str:
    """What a reader sees of one line of Markdown: rendered, tags dropped, entities decoded (for <title>, which nbconvert's template escapes)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    rendered = markdown2html_mistune(markdown)
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", rendered)).split())
