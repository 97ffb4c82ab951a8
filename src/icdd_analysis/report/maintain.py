"""For maintainers: execute the project's notebooks in place so that strict nbval compares against their stored
outputs (``icdd-report store-outputs``). Not part of running a report."""

from __future__ import annotations

from pathlib import Path

from .jobs import KERNEL
from .kernels import KERNEL_ARGUMENTS


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def store_outputs(notebook: Path) -> None:
    """Execute a notebook with its default parameters in its own folder and store the outputs in it.

    These stored outputs are what strict nbval compares against; no timing metadata is kept, so
    re-running changes the file only where an output changed.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(str(notebook), as_version=4)
    client = NotebookClient(nb, kernel_name=KERNEL, resources={"metadata": {"path": str(notebook.parent)}},
                            record_timing=False, shutdown_kernel="immediate",
                            extra_arguments=KERNEL_ARGUMENTS)
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    # A widget's state is a snapshot of a live kernel (the explorer's holds its figures): nbval cannot compare it.
    nb.metadata.pop("widgets", None)
    # A widget's view names a model of that kernel by a random id: a new id on every run, and without the
    # kernel nothing to show. Its plain-text form is kept.
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
    nbformat.write(nb, str(notebook))
