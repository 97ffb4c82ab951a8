"""What to run: report notebooks, their declared parameters, report names, the output folder and the Dask
scheduler's address, all checked before any kernel starts (parameter and config files: :mod:`.config`)."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ReportInputError  # noqa: F401  (re-exported)
from ..naming import MAX_NAME_LENGTH, report_name
from ..parameters import ParameterError, check

KERNEL = "python3"
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
REPORT_NOTEBOOK, REPORT_HTML, FIGURES = "report.ipynb", "report.html", "figures"
MANIFEST, INDEX, LOCK = "manifest.json", "index.html", ".icdd-report.lock"
#: The index in another language than English: index.id.html (INDEX is the English one).
LANG_INDEX = "index.{lang}.html"
#: Work folders of running jobs (each beside its lock file ``<folder>.lock``) and reports being replaced.
TEMP_PREFIX, RETIRED_PREFIX = ".tmp-", ".old-"
FAILED_SUFFIX = ".failed.ipynb"
#: A sweep's summary page beside index.html: ``<sweep name>-summary.html``.
SUMMARY_SUFFIX = "-summary.html"
#: A cell running longer is stopped and the run fails (exit 1); the longest report cell takes seconds.
DEFAULT_CELL_TIMEOUT = 600
#: Seconds ``--scheduler`` waits to connect to the Dask scheduler (and hear it answer) before exit 2.
SCHEDULER_TIMEOUT = 5
#: The most reports ``icdd-report all --jobs`` runs at once.
MAX_PARALLEL_JOBS = 64


def notebooks_dir() -> Path:
    """The report notebooks: inside the installed package (wheel) or the checkout's notebooks/."""
    packaged = resources.files("icdd_analysis") / "notebooks"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "notebooks"


def default_config() -> Path:
    return notebooks_dir() / "reports.yaml"


#: Notebooks in notebooks/ that are not reports: the explorer (03) shows a live widget, which a report run by
#: papermill would store without a kernel behind it (nbval still runs it: :func:`all_notebooks` lists it).
NOT_REPORTS = ("03-explore",)


def available_notebooks() -> list[Path]:
    """The report notebooks: what ``icdd-report list`` shows and ``run`` accepts by name."""
    return sorted(p for p in notebooks_dir().glob("*.ipynb") if p.stem not in NOT_REPORTS)


def all_notebooks() -> list[Path]:
    """Every notebook with stored outputs: the reports, the teaching notebooks and the instructor guide."""
    return sorted(p for p in notebooks_dir().rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def find_notebook(name: str, base: Path | None = None) -> Path:
    """A report notebook by name (``02-compare``), or a path to an ``.ipynb`` (relative to ``base`` if given)."""
    path = Path(name).expanduser()
    if base is not None and not path.is_absolute():
        path = base / path
    if path.suffix == ".ipynb" and path.is_file():
        return path
    matches = [p for p in available_notebooks() if p.stem == name or p.stem.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    names = ", ".join(p.stem for p in available_notebooks())
    problem = "is ambiguous" if matches else "is not a report notebook"
    raise ReportInputError(f"notebook {name!r} {problem}; available: {names}.")



@dataclass(frozen=True)
class ParsedNotebook:
    """A notebook read and parsed once per run: its declared parameters (from the cell tagged ``parameters``,
    as ``papermill --help-notebook`` shows them: the comments are the help). Its hash, for the manifest, is
    :func:`notebook_sha256`, which needs no parsing."""

    path: Path
    parameters: dict[str, dict]


def parsed_notebook(notebook: Path) -> ParsedNotebook:
    """The notebook, read and parsed at most once while its file is unchanged (size and modification time)."""
    stat = Path(notebook).stat()
    return _parsed(Path(notebook).resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _parsed(path: Path, mtime_ns: int, size: int) -> ParsedNotebook:
    import nbformat
    from papermill.inspection import _infer_parameters

    node = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    for cell in node.cells:  # as papermill's loader does before it looks for the tagged cell
        cell.metadata.setdefault("tags", [])
    declared = {p.name: p._asdict() for p in _infer_parameters(node)}
    return ParsedNotebook(path, declared)


def notebook_sha256(notebook: Path) -> str:
    """The notebook file's SHA-256 (what the manifest records), read at most once while the file is unchanged;
    without parsing it (so without importing nbformat: the up-to-date check needs only this)."""
    stat = Path(notebook).stat()
    return _file_sha256(Path(notebook).resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _file_sha256(path: Path, mtime_ns: int, size: int) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def declared_parameters(notebook: Path) -> dict[str, dict]:
    """name -> {name, inferred_type_name, default, help}: what papermill's inspect shows, from the notebook."""
    return parsed_notebook(notebook).parameters


def _default(param: dict) -> Any:
    import ast

    try:
        return ast.literal_eval(param["default"])
    except (ValueError, SyntaxError):
        return param["default"]


# --- report names ----------------------------------------------------------------------------------

_NAME_CHARACTERS = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
VALID_NAME = ("a report name is a folder name inside --out: letters, digits, '-', '_' and '.', starting with a "
              f"letter or digit, at most {MAX_NAME_LENGTH} characters (for example compare-agendas-id)")


def check_report_name(name: Any) -> str:
    """The name unchanged if it is a safe folder name in the output folder, else :class:`ReportInputError`.

    Safe means: one path component on every OS, not hidden, and not a name the runner uses itself
    (``index.html``, ``manifest.json`` and anything starting so, ``*.failed.ipynb``, ``*-summary.html``, its
    lock file and temporary folders, which all start with a dot). Compared case-insensitively, as macOS and Windows do.
    """
    if not isinstance(name, str):
        problem = f"is a {type(name).__name__}, not text"
    elif not name:
        problem = "is empty"
    elif "/" in name or "\\" in name:
        problem = "contains a path separator"
    elif name.startswith("."):
        problem = "starts with a dot (hidden; the runner's own files start so)"
    elif ".." in name:
        problem = "contains '..'"
    elif not _NAME_CHARACTERS.fullmatch(name):
        problem = "contains characters other than letters, digits, '-', '_' and '.'"
    elif len(name) > MAX_NAME_LENGTH:
        problem = f"is {len(name)} characters long"
    elif name.lower().startswith((INDEX, MANIFEST)) or name.lower().startswith("index.") and name.lower().endswith(".html"):
        problem = f"collides with the runner's {INDEX} (or {LANG_INDEX.format(lang='id')}) or {MANIFEST}"
    elif name.lower().startswith("data-dictionary") and name.lower().endswith(".html"):
        problem = "collides with the data dictionary's pages the runner writes (data-dictionary*.html)"
    elif name.lower().endswith(FAILED_SUFFIX):
        problem = f"collides with the failed notebooks the runner keeps as <name>{FAILED_SUFFIX}"
    elif name.lower().endswith(SUMMARY_SUFFIX):
        problem = f"collides with the sweep summary pages the runner writes as <sweep>{SUMMARY_SUFFIX}"
    elif name.lower().split(".")[0] in _WINDOWS_DEVICES or name.endswith("."):
        problem = "is not a valid file name on Windows"
    else:
        return name
    raise ReportInputError(f"report name {name!r} {problem}; {VALID_NAME}.")


@dataclass
class Job:
    """One report to produce: a notebook and its parameters, written to ``<out>/<name>/``.

    ``sweep`` names the config entry a ``matrix:`` expanded into this job (its summary page groups them).
    """

    name: str
    notebook: Path
    parameters: dict[str, Any] = field(default_factory=dict)
    sweep: str | None = None
    matrix: dict[str, Any] | None = None
    def checked(self, datasets: dict[str, Any] | None = None) -> "Job":
        """The job, its parameters checked (exit 2 otherwise). ``datasets`` (data path -> loaded package) is
        filled and reused so that a run loads and validates each data package once for all its reports."""
        declared = declared_parameters(self.notebook)
        if "figures_dir" in self.parameters:
            raise ParameterError("figures_dir", f"is set by icdd-report: figures always go to <report>/{FIGURES}/ "
                                 "beside report.html; run the notebook with papermill to save them elsewhere.")
        types = {n: p["inferred_type_name"] for n, p in declared.items()}
        values = {n: _default(p) for n, p in declared.items() if n != "figures_dir"}
        values.update(self.parameters)
        data = values.get("data") or ""
        dataset = check(values, declared=types, dataset=(datasets or {}).get(data))
        if datasets is not None:
            datasets[data] = dataset
        check_report_name(self.name)
        return self


def job_name(notebook: Path, given: dict[str, Any]) -> str:
    """A report's default name: the one rule of :func:`icdd_analysis.naming.report_name` (the explorer's too)."""
    return report_name(notebook.stem, given)


# --- parameter and config files ----------------------------------------------------------------------



def _nearest_existing(path: Path) -> Path:
    """``path`` if it exists, else its nearest existing parent (what creating it would need to write to)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_out_folder(out: Path, jobs: list | None = None) -> None:
    """``--out`` must be a folder we can write, or be creatable: else exit 2 before anything is written.

    Every path the runner will write in it must be what it writes there, or absent: ``manifest.json``,
    ``index.html``, each job's ``<name>.failed.ipynb`` and each sweep's ``<sweep>-summary.html`` regular
    files, each job's report folder a folder (none of them a symbolic link); a sweep summary's name must not
    be a report's name. Checked before any kernel starts, so a refused run changes nothing."""
    existing = _nearest_existing(out)
    if not existing.is_dir():
        what = "is a file" if existing == out else f"is inside {existing}, which is a file"
        raise ReportInputError(f"--out {out} {what}; give a folder (it is created if missing).")
    if not os.access(existing, os.W_OK | os.X_OK):
        what = "is not writable" if existing == out else f"cannot be created: {existing} is not writable"
        raise ReportInputError(f"--out {out} {what}; give a folder you may write to.")
    jobs = jobs or []
    names = {j.name.lower() for j in jobs}
    files = [MANIFEST, INDEX] + [f"{j.name}{FAILED_SUFFIX}" for j in jobs]
    for sweep in sorted({j.sweep for j in jobs if getattr(j, "sweep", None)}):
        page = f"{sweep}{SUMMARY_SUFFIX}"
        if page.lower() in names:
            raise ReportInputError(f"report name {page!r} collides with the summary page of sweep {sweep!r}; "
                                   "rename the report or the sweep.")
        files.append(page)
    if not out.is_dir():
        return
    for name in files:
        path = out / name
        if path.is_symlink() or (path.exists() and not path.is_file()):
            kind = "a symbolic link" if path.is_symlink() else "not a regular file (a folder?)"
            raise ReportInputError(f"--out {out}: {name} is {kind}; the runner writes a file there. Move it "
                                   "away or choose another --out.")
    for job in jobs:
        path = out / job.name
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            kind = "a symbolic link" if path.is_symlink() else "a file"
            raise ReportInputError(f"--out {out}: {job.name} is {kind}; the runner writes report {job.name!r} "
                                   "into a folder of that name. Move it away or rename the report.")


_SCHEDULER_ADDRESS = re.compile(r"(?P<scheme>tcp|tls)://(?P<host>[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\]):(?P<port>[0-9]{1,5})/?")


def check_scheduler_address(address: Any) -> str:
    """``--scheduler``: ``tcp://HOST:PORT`` or ``tls://HOST:PORT`` with a port from 1 to 65535, else
    :class:`ReportInputError` naming the address (checked before anything connects)."""
    match = _SCHEDULER_ADDRESS.fullmatch(address) if isinstance(address, str) else None
    if match is None or not 1 <= int(match["port"]) <= 65535:
        raise ReportInputError(f"--scheduler {address!r} is not a Dask scheduler address; give "
                               "tcp://HOST:PORT (or tls://HOST:PORT), port 1-65535, e.g. tcp://127.0.0.1:8786.")
    return address
