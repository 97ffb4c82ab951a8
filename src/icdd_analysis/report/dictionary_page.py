"""The data dictionary's pages beside the reports (``data-dictionary.html``, ``data-dictionary-id.html``):
:mod:`icdd_analysis.data_dictionary` in each catalogue language, rendered as the reports are rendered."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
from pathlib import Path

#: The page of each language: English is data-dictionary.html, another language data-dictionary-<lang>.html.
STEM = "data-dictionary"


def page_name(lang: str) -> str:
    return f"{STEM}.html" if lang == "en" else f"{STEM}-{lang}.html"


def pages() -> dict[str, str]:
    from ..i18n import LANGS

    return {lang: page_name(lang) for lang in LANGS}


def as_notebook(ds, lang: str):
    """A notebook whose one output cell shows the dictionary's sections in ``lang`` (as a report's would)."""
    import nbformat

    from ..data_dictionary import sections

    outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": part, "text/plain": ""})
               for part in sections(ds, lang)]
    cell = nbformat.v4.new_code_cell("", outputs=outputs)
    cell.id = "data-dictionary"
    return nbformat.v4.new_notebook(cells=[cell], metadata={"papermill": {"parameters": {"lang": lang}}})


def write_data_dictionary(out: Path, data: str = "", inputs: str = "") -> list[Path]:
    """Write the dictionary of the data package ``data`` (the bundled one by default) into ``out``, one page per
    language; return the pages written. ``inputs``: a key of everything the pages show (the data's and the
    package's content); a page already made from the same key is kept, so a run does not render it again."""
    marker = f"<!-- icdd-analysis data dictionary, inputs {inputs} -->\n" if inputs else ""
    stale = {lang: Path(out) / name for lang, name in pages().items()
             if not (marker and _ends_with(Path(out) / name, marker))}
    if not stale:
        return []
    made = _made_before(inputs, stale, marker)
    if len(made) < len(stale):
        from ..data import load
        from .render import render_html

        ds = load(data or None)
        for lang, path in stale.items():
            if lang not in made:
                render_html(path, path, nb=as_notebook(ds, lang))
                if marker:
                    with path.open("a", encoding="utf-8") as page:
                        page.write(marker)
                    _keep(inputs, lang, path)
    return list(stale.values())


#: Pages kept in the per-user cache (a few data versions' worth); the oldest beyond this are removed.
KEPT_PAGES = 8
_KEPT_NAME = re.compile(r"[0-9a-f]{64}-[a-z]{2,3}\.html")


def _kept_folder(inputs: str) -> Path | None:
    """``<cache>/data-dictionary`` for pages keyed by ``inputs`` (a SHA-256 hex key), or None: no usable cache, or
    no key to name the pages by."""
    from .render import private_cache_folder

    return private_cache_folder(STEM) if re.fullmatch(r"[0-9a-f]{64}", inputs) else None


def _made_before(inputs: str, stale: dict[str, Path], marker: str) -> set[str]:
    """Copy into place the pages rendered before from the same ``inputs`` (kept in ``<cache>/data-dictionary``:
    rendering both takes about a second, and every report run writes them); return their languages. A kept page
    that does not end with its marker (cut short, or not written by this code) is not copied: it is rendered
    again and replaced."""
    folder = _kept_folder(inputs)
    if folder is None:
        return set()
    copied = set()
    for lang, path in stale.items():
        kept = folder / f"{inputs}-{lang}.html"
        try:
            if stat.S_ISREG(os.lstat(kept).st_mode) and _ends_with(kept, marker):
                shutil.copyfile(kept, path)
                copied.add(lang)
        except OSError:
            pass
    return copied


def _keep(inputs: str, lang: str, page: Path) -> None:
    """Keep a page just rendered for the next run (nothing when the cache cannot be used)."""
    folder = _kept_folder(inputs)
    if folder is None:
        return
    kept, tmp = folder / f"{inputs}-{lang}.html", folder / f".{inputs}-{lang}.{os.getpid()}.tmp"
    try:
        shutil.copyfile(page, tmp)
        os.replace(tmp, kept)
        entries = sorted((e for e in os.scandir(folder) if _KEPT_NAME.fullmatch(e.name)
                          and e.is_file(follow_symlinks=False)), key=lambda e: e.stat(follow_symlinks=False).st_mtime)
        for entry in entries[:-KEPT_PAGES]:
            os.unlink(entry.path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _ends_with(path: Path, marker: str) -> bool:
    """Whether the regular file ``path`` ends with ``marker`` (read from its end only)."""
    try:
        if not path.is_file() or path.is_symlink():
            return False
        with path.open("rb") as page:
            page.seek(max(0, path.stat().st_size - len(marker.encode("utf-8"))))
            return page.read().decode("utf-8", "replace") == marker
    except OSError:
        return False
