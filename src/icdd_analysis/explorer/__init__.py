"""The interactive explorer: :func:`explore` (ipywidgets, for JupyterLab and Voilà).

:mod:`.state` is the controls (a request) and the caches, :mod:`.views` the views as HTML, :mod:`.problems`
why a combination shows nothing, :mod:`.background` and :mod:`.worker` the robustness grid in a kept child
process (none of them imports ipywidgets); :mod:`.app` the UI. ipywidgets is
imported when :func:`explore` is first called, not with ``icdd_analysis``.
"""

from __future__ import annotations


def explore(ds=None, lang: str = "en"):
    """The explorer's root widget; see :func:`icdd_analysis.explorer.app.explore`."""
    from .app import explore as _explore

    return _explore(ds, lang)
