"""icdd-report: run the report notebooks with papermill into reports/, render HTML without code.

    icdd-report list
    icdd-report run NOTEBOOK [-p name=value ...] [-f params.yaml] [--name NAME] [--out DIR] [--cell-timeout S] [--quiet]
    icdd-report all [--config FILE] [--out DIR] [--jobs N] [--cell-timeout S] [--quiet]

Contract (the same for cron, Airflow's PapermillOperator or a person): parameters, report names,
parameter and config files and the output folder are checked before any kernel starts (exit 2,
nothing written); a run executes in a private temporary folder and replaces the previous report
only when it succeeded; a failed run (an error, a dead kernel, a cell over the time limit) exits 1,
names the failing cell, leaves the previous report in place and keeps the failed notebook as
``<name>.failed.ipynb``. This module knows papermill and nbconvert, and nothing of diplomacy.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from . import __version__
from .errors import IcddError
from .parameters import PARAMS, ParameterError, check, parse_value, value_range

KERNEL = "python3"
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
REPORT_NOTEBOOK, REPORT_HTML, FIGURES = "report.ipynb", "report.html", "figures"
MANIFEST, INDEX, LOCK = "manifest.json", "index.html", ".icdd-report.lock"
#: Work folders of running jobs (each beside its lock file ``<folder>.lock``) and reports being replaced.
TEMP_PREFIX, RETIRED_PREFIX = ".tmp-", ".old-"
FAILED_SUFFIX = ".failed.ipynb"
#: A cell running longer is stopped and the run fails (exit 1); the longest report cell takes seconds.
DEFAULT_CELL_TIMEOUT = 600
#: Parameter and config files are a few lines; bigger or deeper ones are refused before parsing grows.
MAX_YAML_BYTES, MAX_YAML_DEPTH = 1024 * 1024, 32


def notebooks_dir() -> Path:
    """The report notebooks: inside the installed package (wheel) or the checkout's notebooks/."""
    packaged = resources.files("icdd_analysis") / "notebooks"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "notebooks"


def default_config() -> Path:
    return notebooks_dir() / "reports.yaml"


def available_notebooks() -> list[Path]:
    return sorted(p for p in notebooks_dir().glob("*.ipynb"))


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


class ReportInputError(IcddError):
    """Bad input to the runner: exit code 2, nothing written."""


def declared_parameters(notebook: Path) -> dict[str, dict]:
    import papermill as pm

    return pm.inspect_notebook(str(notebook))


def _default(param: dict) -> Any:
    import ast

    try:
        return ast.literal_eval(param["default"])
    except (ValueError, SyntaxError):
        return param["default"]


# --- report names ----------------------------------------------------------------------------------

_NAME_CHARACTERS = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
MAX_NAME_LENGTH = 120  # leaves room for the runner's prefixes and suffixes within 255-byte file names
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
VALID_NAME = ("a report name is a folder name inside --out: letters, digits, '-', '_' and '.', starting with a "
              f"letter or digit, at most {MAX_NAME_LENGTH} characters (for example compare-agendas-id)")


def check_report_name(name: Any) -> str:
    """The name unchanged if it is a safe folder name in the output folder, else :class:`ReportInputError`.

    Safe means: one path component on every OS, not hidden, and not a name the runner uses itself
    (``index.html``, ``manifest.json`` and anything starting so, ``*.failed.ipynb``, its lock file and
    temporary folders, which all start with a dot). Compared case-insensitively, as macOS and Windows do.
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
    elif name.lower().startswith((INDEX, MANIFEST)):
        problem = f"collides with the runner's {INDEX} or {MANIFEST}"
    elif name.lower().endswith(FAILED_SUFFIX):
        problem = f"collides with the failed notebooks the runner keeps as <name>{FAILED_SUFFIX}"
    elif name.lower().split(".")[0] in _WINDOWS_DEVICES or name.endswith("."):
        problem = "is not a valid file name on Windows"
    else:
        return name
    raise ReportInputError(f"report name {name!r} {problem}; {VALID_NAME}.")


@dataclass
class Job:
    """One report to produce: a notebook and its parameters, written to ``<out>/<name>/``."""

    name: str
    notebook: Path
    parameters: dict[str, Any] = field(default_factory=dict)

    def checked(self) -> "Job":
        declared = declared_parameters(self.notebook)
        if "figures_dir" in self.parameters:
            raise ParameterError("figures_dir", f"is set by icdd-report: figures always go to <report>/{FIGURES}/ "
                                 "beside report.html; run the notebook with papermill to save them elsewhere.")
        types = {n: p["inferred_type_name"] for n, p in declared.items()}
        values = {n: _default(p) for n, p in declared.items() if n != "figures_dir"}
        values.update(self.parameters)
        check(values, declared=types)
        check_report_name(self.name)
        return self


def job_name(notebook: Path, given: dict[str, Any]) -> str:
    suffix = "".join(f"--{k}-{v}" for k, v in sorted(given.items()) if k not in ("data", "figures_dir"))
    return f"{notebook.stem}{suffix}"


# --- parameter and config files ----------------------------------------------------------------------


class _YamlLimitError(IcddError):
    """A YAML file beyond what a parameter or config file needs (see :func:`read_yaml`)."""

    def __init__(self, problem: str, mark):
        super().__init__(problem)
        self.problem, self.problem_mark = problem, mark


def _limited_yaml_loader():
    """yaml.SafeLoader without aliases and with a nesting limit.

    An alias repeats a value without repeating its text, so a few lines can expand to billions of values
    ("billion laughs") when printed or hashed; deep nesting makes PyYAML's recursive composer overflow.
    """
    import yaml

    class LimitedLoader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                raise _YamlLimitError("aliases (*name) are not allowed here; write the value out",
                                      self.peek_event().start_mark)
            self.depth += 1
            try:
                if self.depth > MAX_YAML_DEPTH:
                    raise _YamlLimitError(f"nested more than {MAX_YAML_DEPTH} levels deep", self.peek_event().start_mark)
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return LimitedLoader


def read_yaml(path: Path, what: str) -> Any:
    """A small YAML file's content, or :class:`ReportInputError` naming the file (and line) and what is wrong.

    Refused: more than 1 MiB, not UTF-8, aliases, nesting deeper than 32 levels, invalid YAML.
    """
    import yaml

    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_YAML_BYTES + 1)  # read no more than the limit: the file may be /dev/zero
    except OSError as exc:
        raise ReportInputError(f"{what} {path}: cannot be read ({exc.strerror or exc}).") from None
    if len(raw) > MAX_YAML_BYTES:
        raise ReportInputError(f"{what} {path}: larger than {MAX_YAML_BYTES // 1024} KiB; "
                               "a parameter or config file is a few lines of name: value pairs.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportInputError(f"{what} {path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                               "save it as UTF-8.") from None
    try:
        return yaml.load(text, Loader=_limited_yaml_loader())
    except (yaml.YAMLError, _YamlLimitError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        prefix = "" if isinstance(exc, _YamlLimitError) else "not valid YAML: "
        raise ReportInputError(f"{what} {path}{line}: {prefix}{problem}.") from None
    except RecursionError:  # a safety net: the depth limit above comes first
        raise ReportInputError(f"{what} {path}: nested too deeply.") from None


def _resolve_data(values: dict[str, Any], base: Path | None) -> None:
    """Make ``data`` absolute (the kernel runs in a temporary folder): relative to ``base``, else the cwd."""
    data = values.get("data")
    if isinstance(data, str) and data:
        path = Path(data).expanduser()
        values["data"] = str((path if base is None or path.is_absolute() else base / path).resolve())


def parse_cli_parameters(notebook: Path, pairs: list[str], files: list[str]) -> dict[str, Any]:
    """``-f`` files, then ``-p name=value`` pairs. A relative ``data`` path in a file is relative to that
    file's folder (as in a config file); on the command line, to the current folder."""
    declared = declared_parameters(notebook)
    values: dict[str, Any] = {}
    for file in files:
        loaded = read_yaml(Path(file), "parameter file")
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise ReportInputError(f"parameter file {file}: expected name: value pairs.")
        loaded = dict(loaded)
        _resolve_data(loaded, Path(file).resolve().parent)
        values.update(loaded)
    for pair in pairs:
        if "=" not in pair:
            raise ReportInputError(f"-p {pair!r}: write -p name=value.")
        name, raw = pair.split("=", 1)
        if name not in declared:
            raise ParameterError(name, f"unknown parameter; {notebook.stem} takes: {', '.join(declared)}.")
        values[name] = parse_value(name, raw, declared[name]["inferred_type_name"])
        if name == "data":
            _resolve_data(values, None)
    return values


def load_config(path: Path) -> list[Job]:
    """The jobs of a config file. Relative ``notebook`` and ``data`` paths are relative to the file's folder."""
    path = Path(path)
    config = read_yaml(path, "report config")
    entries = config.get("reports") if isinstance(config, dict) else None
    if not isinstance(entries, list):
        raise ReportInputError(f"report config {path}: expected a 'reports:' list.")
    folder = path.resolve().parent
    jobs = []
    for i, entry in enumerate(entries, start=1):
        where = f"report config {path}, entry {i}"
        if not isinstance(entry, dict) or "notebook" not in entry:
            raise ReportInputError(f"{where}: needs 'notebook' (and optional 'name', 'parameters').")
        params = entry.get("parameters") or {}
        if not isinstance(params, dict):
            raise ReportInputError(f"{where}: 'parameters' must be name: value pairs.")
        params = dict(params)
        _resolve_data(params, folder)
        notebook = find_notebook(str(entry["notebook"]), base=folder)
        name = entry.get("name") or job_name(notebook, params)
        try:
            check_report_name(name)
        except ReportInputError as exc:
            raise ReportInputError(f"{where}: {exc}") from None
        jobs.append(Job(name, notebook, params))
    names = [j.name for j in jobs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ReportInputError(f"report config {path}: duplicate report name(s) {', '.join(duplicates)}.")
    return jobs


def _nearest_existing(path: Path) -> Path:
    """``path`` if it exists, else its nearest existing parent (what creating it would need to write to)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_out_folder(out: Path) -> None:
    """``--out`` must be a folder we can write, or be creatable: else exit 2 before anything is written."""
    existing = _nearest_existing(out)
    if not existing.is_dir():
        what = "is a file" if existing == out else f"is inside {existing}, which is a file"
        raise ReportInputError(f"--out {out} {what}; give a folder (it is created if missing).")
    if not os.access(existing, os.W_OK | os.X_OK):
        what = "is not writable" if existing == out else f"cannot be created: {existing} is not writable"
        raise ReportInputError(f"--out {out} {what}; give a folder you may write to.")


# --- hashing and the manifest ------------------------------------------------------------------------


def _sha256(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for p in paths:
        digest.update(p.name.encode())
        digest.update(p.read_bytes())
    return digest.hexdigest()


def data_hash(data: str) -> str:
    """Content hash of a package's descriptor and the files its resources name, read through the loader's
    guard (only files inside the package folder; a package that points elsewhere is refused)."""
    from .data import bundled_path
    from .package_guard import locate, read_descriptor

    descriptor, root = locate(data or bundled_path())
    resources = read_descriptor(descriptor, root)
    files = [descriptor] + [r["file"] for _, r in sorted(resources.items()) if "file" in r]
    return _sha256(files)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _lock(out: Path):
    from filelock import FileLock

    return FileLock(str(out / LOCK), timeout=600)


def _read_manifest(out: Path) -> dict:
    """The manifest, or a new one. A corrupt manifest is kept aside as ``manifest.json.corrupt-<UTC time>``
    and reported on stderr (it may be the only record of earlier runs), never silently dropped."""
    manifest_path = out / MANIFEST
    new = {"generator": f"icdd-analysis {__version__}", "reports": {}}
    if not manifest_path.is_file():
        return new
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if isinstance(manifest, dict) and isinstance(manifest.setdefault("reports", {}), dict):
            return manifest
        problem = "not a JSON object with a 'reports' object"
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problem = str(exc)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    kept = manifest_path.with_name(f"{MANIFEST}.corrupt-{stamp}")
    os.replace(manifest_path, kept)
    print(f"icdd-report: {manifest_path} was corrupt ({problem}); kept it as {kept.name} and started a new "
          "manifest from this run on.", file=sys.stderr)
    return new


def _update_manifest(out: Path, name: str, entry: dict) -> None:
    manifest = _read_manifest(out)
    previous = manifest["reports"].get(name, {})
    if entry["status"] == "failed" and previous.get("status") == "ok":
        entry["last_success"] = {k: previous[k] for k in ("finished", "inputs", "parameters") if k in previous}
    elif entry["status"] == "failed" and "last_success" in previous:
        entry["last_success"] = previous["last_success"]
    manifest["reports"][name] = entry
    manifest["generator"] = f"icdd-analysis {__version__}"
    _write_atomic(out / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    _write_atomic(out / INDEX, render_index(manifest))


def render_index(manifest: dict) -> str:
    e = html.escape
    rows = []
    for name, r in sorted(manifest.get("reports", {}).items()):
        params = ", ".join(f"{k}={v}" for k, v in sorted(r.get("parameters", {}).items()))
        if r.get("status") == "ok":
            link = f"<a href='{e(name)}/{REPORT_HTML}'>{e(name)}</a>"
            status = "ok"
        else:
            has_previous = "last_success" in r
            link = f"<a href='{e(name)}/{REPORT_HTML}'>{e(name)}</a>" if has_previous else e(name)
            status = (f"<b>failed</b> in cell {e(str(r.get('failed_cell', '?')))}: {e(r.get('error', ''))} "
                      f"(<a href='{e(name)}.failed.ipynb'>failed notebook</a>"
                      + ("; the link shows the last good report)" if has_previous else ")"))
        rows.append(
            f"<tr><td>{link}</td><td>{e(r.get('notebook', ''))}</td><td>{e(params)}</td>"
            f"<td>{e(r.get('finished', ''))}</td><td>{r.get('seconds', 0):.1f} s</td><td>{status}</td></tr>"
        )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>icdd-analysis reports</title>"
        "<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}"
        "td,th{border-bottom:1px solid #ddd;padding:.4em .8em;text-align:left;vertical-align:top}</style></head>"
        "<body><h1>icdd-analysis reports</h1>"
        f"<p>{e(manifest.get('generator', ''))}. Inputs and results of each run: <a href='manifest.json'>manifest.json</a>.</p>"
        "<table><tr><th>report</th><th>notebook</th><th>parameters</th><th>finished (UTC)</th><th>took</th>"
        f"<th>status</th></tr>{''.join(rows)}</table></body></html>\n"
    )


# --- running -----------------------------------------------------------------------------------------


#: Cells tagged so are notes for notebook users (how to run it), not part of the report.
REMOVE_TAG = "remove-from-report"


def render_html(notebook_path: Path, html_path: Path) -> None:
    """HTML without code cells, prompts or cells tagged ``remove-from-report`` (nbconvert's --no-input)."""
    import nbformat
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    from .i18n import html_lang

    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = {REMOVE_TAG}
    config.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=config, exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    nb = nbformat.read(str(notebook_path), as_version=4)
    nb.metadata["title"] = report_title(nb)  # the template prefers it to resources' name
    body, _ = exporter.from_notebook_node(nb)
    html_path.write_text(html_lang(body, nb), encoding="utf-8")  # <html lang="id"> for an Indonesian report


def report_title(nb) -> str:
    """The report's first Markdown heading (in the report's language), else the notebook's title."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown", "")
            for line in text.splitlines():
                if line.startswith("# "):
                    return _plain_text(line[2:].strip())
    return nb.metadata.get("title", "icdd-analysis report")


def _plain_text(markdown: str) -> str:
    """What a reader sees of one line of Markdown: rendered, tags dropped, entities decoded (for <title>, which nbconvert's template escapes)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    rendered = markdown2html_mistune(markdown)
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", rendered)).split())


def clean_stale_temp(out: Path) -> None:
    """Remove what killed runs left in ``out``: work folders whose lock nobody holds, orphaned lock files,
    half-replaced reports and half-written manifests.

    A running job holds ``<work folder>.lock`` for as long as its work folder exists, so a lock that can
    be taken without waiting belongs to a run that is gone. (A lock, not a process probe: on Windows
    ``os.kill(pid, 0)`` sends CTRL_C_EVENT instead of probing.) Work folders are created, and cleaned,
    under the output folder's lock, so a cleaner never sees a folder before its run holds the lock.
    """
    from filelock import FileLock, Timeout

    with _lock(out):
        # Reports being replaced and manifests being written exist only under this lock: any seen now are stale.
        for retired in out.glob(f"{RETIRED_PREFIX}*"):
            for previous in retired.iterdir():  # killed between moving the old report out and the new one in
                if not (out / previous.name).exists():
                    os.replace(previous, out / previous.name)
            shutil.rmtree(retired, ignore_errors=True)
        for stale in [*out.glob(f".{MANIFEST}.*.tmp"), *out.glob(f".{INDEX}.*.tmp")]:
            stale.unlink(missing_ok=True)
        work_folders = {p for p in out.glob(f"{TEMP_PREFIX}*") if p.is_dir()}
        lock_files = {p for p in out.glob(f"{TEMP_PREFIX}*.lock") if p.is_file()}
        for work in sorted(work_folders | {p.with_name(p.name[: -len(".lock")]) for p in lock_files}):
            lock = FileLock(f"{work}.lock", timeout=0)
            try:
                lock.acquire()
            except Timeout:
                continue  # its run is alive
            try:
                shutil.rmtree(work, ignore_errors=True)
            finally:
                lock.release()
                with contextlib.suppress(OSError):
                    os.unlink(f"{work}.lock")


@contextlib.contextmanager
def _work_folder(out: Path, name: str):
    """A private work folder ``out/.tmp-<name>-<random>/`` held by its lock while the run lasts, then removed.

    The folder itself is private (mode 0700: it holds the kernel's connection file, a secret); the report
    is built in its ``report/`` subfolder, created with the umask's permissions like every report file,
    so that the finished report is as readable as the umask allows when it is moved into place.
    """
    from filelock import FileLock

    with _lock(out):
        work = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{name}-", dir=out)).resolve()  # the kernel runs elsewhere
        lock = FileLock(f"{work}.lock", timeout=0)
        lock.acquire()
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)
        lock.release()
        with contextlib.suppress(OSError):
            os.unlink(f"{work}.lock")


def _writable(path: Path) -> bool:
    """``path`` is a writable folder, or could be created as one."""
    existing = _nearest_existing(path)
    return existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)


@contextlib.contextmanager
def _tool_dirs(work: Path):
    """Give IPython and matplotlib folders in ``work`` when their usual ones (under HOME) are not writable.

    Without a writable HOME (cron, a service user, HOME unset or read-only) IPython warns on stderr
    and matplotlib warns into the report itself. Variables a user set are left alone; the kernel
    inherits the environment, so it is changed for the run and restored afterwards.
    """
    home = Path(os.path.expanduser("~"))
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        matplotlib_dirs = [Path(os.environ.get(var) or home / default) / "matplotlib"
                           for var, default in (("XDG_CONFIG_HOME", ".config"), ("XDG_CACHE_HOME", ".cache"))]
    else:
        matplotlib_dirs = [home / ".matplotlib"]
    changes = {}
    if not os.environ.get("IPYTHONDIR") and not _writable(home / ".ipython"):
        changes["IPYTHONDIR"] = str(work / "ipython")
    if not os.environ.get("MPLCONFIGDIR") and not all(_writable(d) for d in matplotlib_dirs):
        changes["MPLCONFIGDIR"] = str(work / "matplotlib")
    saved = {name: os.environ.get(name) for name in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def execute(job: Job, out: Path, quiet: bool = False, position: str = "",
            cell_timeout: int = DEFAULT_CELL_TIMEOUT) -> int:
    """Run one checked job; returns the exit code."""
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    out.mkdir(parents=True, exist_ok=True)
    clean_stale_temp(out)
    declared = declared_parameters(job.notebook)
    parameters = dict(job.parameters)
    if "figures_dir" in declared:
        parameters["figures_dir"] = FIGURES  # relative to the kernel's folder, the report folder being built
    entry = {
        "notebook": job.notebook.name, "parameters": job.parameters, "started": _now(),
        "inputs": {"notebook_sha256": _sha256([job.notebook]), "data_sha256": data_hash(job.parameters.get("data", "")),
                   "package_version": __version__},
    }
    if not quiet:
        shown = " ".join(f"{k}={v}" for k, v in job.parameters.items()) or "defaults"
        print(f"{position}{job.name}: {job.notebook.name} ({shown})", file=sys.stderr, flush=True)
    started = time.monotonic()
    with _work_folder(out, job.name) as work:
        report_dir = work / "report"
        report_dir.mkdir()
        # The kernel's connection file (a secret) goes in the private work folder, removed with it even
        # when the run is killed (the next run cleans it), instead of the shared temp or runtime folder.
        connection = Config({"KernelManager": {"connection_file": str(work / "kernel.json")}})
        with _tool_dirs(work):
            try:
                pm.execute_notebook(
                    str(job.notebook), str(report_dir / REPORT_NOTEBOOK), parameters=parameters, kernel_name=KERNEL,
                    progress_bar=not quiet, cwd=str(report_dir), shutdown_kernel="immediate",
                    execution_timeout=cell_timeout, config=connection,
                    # ipykernel warns at start that local TCP is unencrypted: noise in cron mail, so errors only.
                    extra_arguments=["--IPKernelApp.log_level=ERROR"],
                )
            except PapermillExecutionError as exc:
                number, first_line = failing_cell(report_dir / REPORT_NOTEBOOK, exc.cell_index)
                entry.update(status="failed", failed_cell=number, failed_source=first_line,
                             error=f"{exc.ename}: {exc.evalue}")
                return _finish_failed(job, out, report_dir, entry, started)
            except (CellTimeoutError, DeadKernelError, RuntimeError) as exc:  # nbclient's RuntimeErrors: the kernel
                number, first_line = interrupted_cell(report_dir / REPORT_NOTEBOOK)
                if isinstance(exc, CellTimeoutError):
                    error = f"the cell ran longer than the time limit of {cell_timeout} s (--cell-timeout)"
                elif isinstance(exc, DeadKernelError):
                    error = "the kernel died (its process exited or was killed, for example for lack of memory)"
                else:
                    error = f"kernel error: {exc}"
                entry.update(status="failed", failed_cell=number, failed_source=first_line, error=error)
                return _finish_failed(job, out, report_dir, entry, started)
            render_html(report_dir / REPORT_NOTEBOOK, report_dir / REPORT_HTML)
        entry.update(status="ok", finished=_now(), seconds=round(time.monotonic() - started, 2))
        with _lock(out):
            target = out / job.name
            retired = Path(tempfile.mkdtemp(prefix=f"{RETIRED_PREFIX}{job.name}-", dir=out))
            if target.exists():
                os.replace(target, retired / job.name)
            os.replace(report_dir, target)
            shutil.rmtree(retired, ignore_errors=True)
            (out / f"{job.name}{FAILED_SUFFIX}").unlink(missing_ok=True)
            _update_manifest(out, job.name, entry)
    if not quiet:
        print(f"{position}{job.name}: done in {entry['seconds']:.1f} s -> {out / job.name / REPORT_HTML}", file=sys.stderr)
    return EXIT_OK


def _original_cells(executed: Path):
    """The executed notebook's cells without those papermill added (injected parameters, error banner),
    so that numbers match the notebook a user edits; None if it cannot be read."""
    import nbformat

    added = {"injected-parameters", "papermill-error-cell-tag"}
    try:
        cells = nbformat.read(str(executed), as_version=4).cells
    except (OSError, ValueError):
        return None
    return [c for c in cells if not added & set(c.metadata.get("tags", []))]


def _first_code_line(cell) -> str:
    lines = [ln for ln in cell.source.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return lines[0].strip()[:80] if lines else ""


def failing_cell(executed: Path, cell_index: int) -> tuple[int, str]:
    """The failing cell's 1-based number in the *original* notebook, and its first line of code."""
    cells = _original_cells(executed)
    for number, cell in enumerate(cells or [], start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return number, _first_code_line(cell)
    return cell_index + 1, ""


def interrupted_cell(executed: Path) -> tuple[int | str, str]:
    """The cell that was running when the kernel died or the time ran out: the last one papermill started."""
    started = [(number, cell) for number, cell in enumerate(_original_cells(executed) or [], start=1)
               if cell.metadata.get("papermill", {}).get("start_time")]
    if not started:
        return "?", ""
    number, cell = started[-1]
    return number, _first_code_line(cell)


def _finish_failed(job: Job, out: Path, report_dir: Path, entry: dict, started: float) -> int:
    entry.update(finished=_now(), seconds=round(time.monotonic() - started, 2))
    failed = out / f"{job.name}{FAILED_SUFFIX}"
    with _lock(out):
        if (report_dir / REPORT_NOTEBOOK).exists():
            os.replace(report_dir / REPORT_NOTEBOOK, failed)
        _update_manifest(out, job.name, entry)
    source = f" (`{entry['failed_source']}`)" if entry["failed_source"] else ""
    print(
        f"icdd-report: {job.name} failed in cell {entry['failed_cell']} of {job.notebook.name}{source}: {entry['error']}. "
        f"The previous report is unchanged; the failed notebook is {failed}.",
        file=sys.stderr,
    )
    return EXIT_FAILED


def run_jobs(jobs: list[Job], out: Path, quiet: bool, parallel: int = 1,
             cell_timeout: int = DEFAULT_CELL_TIMEOUT) -> int:
    check_out_folder(out)
    for job in jobs:  # every parameter is checked before any kernel starts
        job.checked()
    if parallel <= 1 or len(jobs) == 1:
        codes = [execute(j, out, quiet, f"[{i}/{len(jobs)}] ", cell_timeout) for i, j in enumerate(jobs, start=1)]
        return max(codes)
    # Separate processes: kernels started from one process can race on ports (papermill #239, #511).
    running: list[tuple[Job, subprocess.Popen]] = []
    codes = []
    pending = list(jobs)
    while pending or running:
        while pending and len(running) < parallel:
            job = pending.pop(0)
            # Children stay quiet (their errors still reach stderr); this process reports progress.
            args = [sys.executable, "-m", "icdd_analysis.report", "run", str(job.notebook), "--name", job.name,
                    "--out", str(out), "--params-json", json.dumps(job.parameters), "--quiet",
                    "--cell-timeout", str(cell_timeout)]
            if not quiet:
                print(f"[{len(jobs) - len(pending)}/{len(jobs)}] started {job.name}", file=sys.stderr, flush=True)
            running.append((job, subprocess.Popen(args)))
        time.sleep(0.2)
        for item in list(running):
            code = item[1].poll()
            if code is not None:
                running.remove(item)
                codes.append(code)
                if not quiet:
                    print(f"{item[0].name}: {'done' if code == 0 else 'FAILED'}", file=sys.stderr, flush=True)
    return max(codes)


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
                            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, str(notebook))


# --- command line --------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="icdd-report", description="Run icdd-analysis report notebooks into reports/.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="the notebooks and their parameters")
    run = sub.add_parser("run", help="run one notebook")
    run.add_argument("notebook", help="a notebook name (e.g. 02-compare-agendas) or path")
    run.add_argument("-p", "--parameter", action="append", default=[], metavar="NAME=VALUE")
    run.add_argument("-f", "--parameters-file", action="append", default=[], metavar="FILE", help="YAML name: value pairs")
    run.add_argument("--name", help="report folder name (default: notebook and non-default parameters)")
    run.add_argument("--params-json", help=argparse.SUPPRESS)
    refresh = sub.add_parser("store-outputs", help="(maintainers) execute notebooks in place so nbval can compare")
    refresh.add_argument("notebooks", nargs="*", help="notebook names or paths (default: all)")
    everything = sub.add_parser("all", help="run the default set of reports (the config file)")
    everything.add_argument("--config", type=Path, default=None, help="reports config (default: notebooks/reports.yaml)")
    everything.add_argument("--jobs", type=int, default=1, help="reports to run at once, each in its own process")
    for p in (run, everything):
        p.add_argument("--out", type=Path, default=Path("reports"), help="output folder (default: reports)")
        p.add_argument("--cell-timeout", type=_seconds, default=DEFAULT_CELL_TIMEOUT, metavar="SECONDS",
                       help=f"stop a cell that runs longer, and fail the run (default: {DEFAULT_CELL_TIMEOUT})")
        p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors (for cron)")
    return parser


def _seconds(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of seconds of at least 1")
    return value


def list_notebooks() -> str:
    lines = []
    for nb in available_notebooks():
        lines.append(nb.stem)
        for name, p in declared_parameters(nb).items():
            if name == "figures_dir":  # the notebook's own parameter; the runner always sets it
                lines.append(f"  {name}: set by icdd-report, figures go to <report>/{FIGURES}/ (not a runner parameter)")
                continue
            spec = PARAMS.get(name)
            bounds = f" ({value_range(spec)})" if spec is not None and value_range(spec) else ""
            lines.append(f"  {name} ({p['inferred_type_name']}, default {p['default']}): {p['help']}{bounds}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "list":
            print(list_notebooks())
            return EXIT_OK
        if args.command == "store-outputs":
            for nb in [find_notebook(n) for n in args.notebooks] or all_notebooks():
                print(f"storing outputs of {nb.name}", file=sys.stderr)
                store_outputs(nb)
            return EXIT_OK
        if args.command == "run":
            notebook = find_notebook(args.notebook)
            if args.params_json:
                values = json.loads(args.params_json)
            else:
                values = parse_cli_parameters(notebook, args.parameter, args.parameters_file)
            job = Job(args.name or job_name(notebook, values), notebook, values)
            return run_jobs([job], args.out, args.quiet, cell_timeout=args.cell_timeout)
        jobs = load_config(args.config or default_config())
        return run_jobs(jobs, args.out, args.quiet, parallel=args.jobs, cell_timeout=args.cell_timeout)
    except IcddError as exc:
        print(f"icdd-report: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
