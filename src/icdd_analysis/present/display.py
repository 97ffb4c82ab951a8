"""Display helpers of every report page: show Markdown and figures, Markdown tables, source citations.

Tables are Markdown (not pandas HTML) so that stored notebook outputs do not drift with the pandas version.
Every string from the data package is escaped where it enters Markdown (:mod:`..escaping`): table cells by
:func:`md_table`, prose by :func:`..escaping.md_text` at each f-string, links by :func:`..escaping.safe_link`.
So table cells are built from raw text, and only :func:`md_table` escapes them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..data import split_ids
from ..escaping import Verbatim, md_text
from ..i18n import column, format_number, t


def show(markdown: str) -> None:
    """Display Markdown in a notebook (prints it elsewhere)."""
    try:
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        print(markdown)
        return
    display(Markdown(markdown))



def show_figure(fig, name: str, figures_dir: str = "") -> None:
    """Display a figure as PNG, write the same PNG to ``<figures_dir>/<name>.png`` when a folder is given, and
    close it.

    One render serves the page and the file: a render of a labelled figure (two layout passes for the tight
    bounding box) takes about 0.4 s, a report's largest cost after its imports. The PNG is the one IPython's
    inline backend would show for ``fig``, made by the same function.
    """
    import base64

    import matplotlib.pyplot as plt
    from IPython.core.pylabtools import print_figure
    from IPython.display import display

    png = print_figure(fig, "png", bbox_inches="tight")
    if png is None:  # a figure without axes: nothing to show, as in IPython
        plt.close(fig)
        return
    if figures_dir:
        folder = Path(figures_dir)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.png").write_bytes(png)
    # The image's text alternative (HTML alt) is its titles, which are in the report's language; without one
    # nbconvert writes an English "No description has been provided for this image" into every page.
    display({"image/png": base64.b64encode(png).decode("ascii"), "text/plain": repr(fig)}, raw=True,
            metadata={"image/png": {"alt": figure_alt(fig)}})
    plt.close(fig)



def figure_alt(fig) -> str:
    """A figure's text alternative: its title and its panels' titles (already in the report's language)."""
    titles = [fig._suptitle.get_text()] if getattr(fig, "_suptitle", None) else []
    titles += [ax.get_title() for ax in fig.axes]
    return "; ".join(" ".join(title.replace("\\$", "$").split()) for title in titles if title.strip())



def md_table(frame: pd.DataFrame, lang: str = "en") -> str:
    """A Markdown table (tabulate) with headers in ``lang``; every header and cell is shown as literal text,
    a :class:`.escaping.Verbatim` cell marked with its language when it is not ``lang``."""
    frame = frame.rename(columns=lambda c: md_text(column(str(c), lang)))
    safe = frame.astype(object).where(frame.notna(), "").map(lambda v: _cell(v, lang))
    return safe.to_markdown(index=False, disable_numparse=True)  # keep "0.40" as written



def _cell(value, lang: str) -> str:
    if isinstance(value, Verbatim):
        if value.gloss and value.gloss_lang == lang != value.lang:  # "*Bali Message …* (Pesan Bali …; terjemahan kami)"
            return f"{value.markdown(lang)} ({md_text(t('gloss', lang, text=value.gloss))})"
        return value.markdown(lang)
    if lang != "en" and isinstance(value, float) and not isinstance(value, bool):
        return md_text(format_number(value, lang))  # 0,45 in Indonesian (English tables keep 0.45 as written)
    return md_text(value)



def cite(*values) -> str:
    """'[A2, A19]' from source ids and ';'-separated lists of them (plain text: escape it where rendered)."""
    ids: list[str] = []
    for v in values:
        for sid in split_ids(v):
            if sid not in ids:
                ids.append(sid)
    return f"[{', '.join(ids)}]" if ids else ""



def data_label(data: str, lang: str) -> str:
    """Markdown naming the data package: the bundled one, or the user's folder name as escaped text."""
    return t("bundled_data", lang) if not data else md_text(Path(data).name or data)



def md_inline(value) -> str:
    """A data string as literal inline Markdown text (item ids, codes, labels, scope names)."""
    return md_text(" ".join(str(value).split()))
