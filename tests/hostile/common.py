"""Helpers of the hostile-input corpus (issue 19): every case works in its own tmp_path and opens no
connection to any host but 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat


def report_cli(*args: str, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "icdd_analysis.report", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def clear_error(result: subprocess.CompletedProcess, *words: str) -> None:
    """Exit 2 with a message naming each of ``words``, and no traceback."""
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    for word in words:
        assert word in result.stderr, (word, result.stderr[-2000:])


def small_notebook(folder: Path, body: str = 'print("ok")', name: str = "small.ipynb") -> Path:
    params = nbformat.v4.new_code_cell('lang: str = "en"  # report language\nfigures_dir: str = ""  # figures')
    params.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[params, nbformat.v4.new_code_cell(body)], metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    path = folder / name
    nbformat.write(nb, path)
    return path


def config(folder: Path, text: str) -> Path:
    path = folder / "reports.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` (links not followed) with its bytes (None for folders and links)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        out[str(path.relative_to(folder))] = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    return out
