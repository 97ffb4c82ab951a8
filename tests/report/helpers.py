"""Helpers of the report runner's tests: the command line in a subprocess, toy notebooks, configs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat

from icdd_analysis import report


def cli(*args: str, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "icdd_analysis.report", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def toy_notebook(folder: Path, body: str = 'if fail:\n    raise RuntimeError("boom in the toy notebook")') -> Path:
    """A small report notebook: a parameters cell, a Markdown heading, a cell that may fail or sleep."""
    params = nbformat.v4.new_code_cell('lang: str = "en"  # report language\nfail: bool = False  # raise in cell 3\n'
                                       'sleep: int = 0  # seconds to wait in cell 3\nfigures_dir: str = ""  # figures')
    params.metadata["tags"] = ["parameters"]
    cells = [
        params,
        nbformat.v4.new_code_cell('from IPython.display import Markdown, display\ndisplay(Markdown(f"# Toy report ({lang})"))'),
        nbformat.v4.new_code_cell("import time\ntime.sleep(sleep)\n" + body),
        nbformat.v4.new_code_cell('print("finished")'),
    ]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    path = folder / "toy.ipynb"
    nbformat.write(nb, path)
    return path


def claims_notebook(folder: Path) -> Path:
    """A small report: parameters (with a data package, checked by the runner), a heading, an "In short" list."""
    params = nbformat.v4.new_code_cell('lang: str = "en"  # report language\ndata: str = ""  # a data package\n'
                                       'fail: bool = False  # raise in cell 3\nfigures_dir: str = ""  # figures')
    params.metadata["tags"] = ["parameters"]
    cells = [
        params,
        nbformat.v4.new_code_cell('from IPython.display import Markdown, display\n'
                                  'display(Markdown(f"# Claims ({lang})\\n\\n## In short\\n\\n- **A holds in {lang}**: why.\\n"'
                                  ' + ("- **B holds**: only in id.\\n" if lang == "id" else "")))'),
        nbformat.v4.new_code_cell('if fail:\n    raise RuntimeError("told to fail")'),
    ]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                        "language": "python"}})
    path = folder / "claims.ipynb"
    nbformat.write(nb, path)
    return path


def write_config(path: Path, entries: list[str]) -> Path:
    path.write_text("reports:\n" + "".join(entries), encoding="utf-8")
    return path


def entry(name: str, notebook: Path, **parameters) -> str:
    params = ", ".join(f"{k}: {json.dumps(v)}" for k, v in parameters.items())
    return f"  - name: {name}\n    notebook: {notebook}\n    parameters: {{{params}}}\n"


def executed_at(out: Path, name: str) -> int:
    """When the report's notebook was written (changes only when the report is re-executed)."""
    return (out / name / "report.ipynb").stat().st_mtime_ns


def run_all(config: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    result = cli("all", "--config", str(config), "--out", str(out), *extra)
    return result


# --- Dask ------------------------------------------------------------------------------------------------------


def results(out: Path) -> dict:
    """What must be the same however the reports ran: each report's status, parameters and inputs, and its HTML."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {name: ({k: r.get(k) for k in ("status", "parameters", "inputs", "notebook")},
                   (out / name / "report.html").read_text(encoding="utf-8"))
            for name, r in manifest["reports"].items()}


def run_main(capsys, *args: str) -> tuple[int, str]:
    """The CLI in this process: an uncaught exception (a traceback for a user) fails the test."""
    code = report.main(list(args))
    return code, capsys.readouterr().err
