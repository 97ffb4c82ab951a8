"""icdd-report: run the report notebooks with papermill into reports/, render HTML without code.

    icdd-report list
    icdd-report run NOTEBOOK [-p name=value ...] [-f params.yaml] [--name NAME] [--out DIR] [--quiet]
    icdd-report all [--config FILE] [--out DIR] [--jobs N] [--quiet]

Contract (the same for cron, Airflow's PapermillOperator or a person): parameters are checked
before any kernel starts (exit 2, nothing written); a run executes in a private temporary folder
and replaces the previous report only when it succeeded; a failed run exits 1, names the failing
cell, leaves the previous report in place and keeps the failed notebook as ``<name>.failed.ipynb``.
This module knows papermill and nbconvert, and nothing of diplomacy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import os
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
from .parameters import ParameterError, check, parse_value

KERNEL = "python3"
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
REPORT_NOTEBOOK, REPORT_HTML, FIGURES = "report.ipynb", "report.html", "figures"


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


def find_notebook(name: str) -> Path:
    path = Path(name)
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


@dataclass
class Job:
    """One report to produce: a notebook and its parameters, written to ``<out>/<name>/``."""

    name: str
    notebook: Path
    parameters: dict[str, Any] = field(default_factory=dict)

    def checked(self) -> "Job":
        declared = declared_parameters(self.notebook)
        types = {n: p["inferred_type_name"] for n, p in declared.items()}
        values = {n: _default(p) for n, p in declared.items() if n != "figures_dir"}
        values.update(self.parameters)
        check(values, declared=types)
        return self


def job_name(notebook: Path, given: dict[str, Any]) -> str:
    suffix = "".join(f"--{k}-{v}" for k, v in sorted(given.items()) if k not in ("data", "figures_dir"))
    return f"{notebook.stem}{suffix}"


def parse_cli_parameters(notebook: Path, pairs: list[str], files: list[str]) -> dict[str, Any]:
    import yaml

    declared = declared_parameters(notebook)
    values: dict[str, Any] = {}
    for file in files:
        try:
            loaded = yaml.safe_load(Path(file).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ReportInputError(f"parameter file {file}: {exc}") from None
        if not isinstance(loaded, dict):
            raise ReportInputError(f"parameter file {file}: expected name: value pairs.")
        values.update(loaded)
    for pair in pairs:
        if "=" not in pair:
            raise ReportInputError(f"-p {pair!r}: write -p name=value.")
        name, raw = pair.split("=", 1)
        if name not in declared:
            raise ParameterError(name, f"unknown parameter; {notebook.stem} takes: {', '.join(declared)}.")
        values[name] = parse_value(name, raw, declared[name]["inferred_type_name"])
    if "data" in values and values["data"]:
        values["data"] = str(Path(values["data"]).expanduser().resolve())  # the kernel runs in a temp folder
    return values


def load_config(path: Path) -> list[Job]:
    import yaml

    try:
        config = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        entries = config["reports"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ReportInputError(f"report config {path}: {exc}; expected a 'reports:' list.") from None
    jobs = []
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or "notebook" not in entry:
            raise ReportInputError(f"report config {path}, entry {i}: needs 'notebook' (and optional 'name', 'parameters').")
        notebook = find_notebook(str(entry["notebook"]))
        params = dict(entry.get("parameters") or {})
        jobs.append(Job(entry.get("name") or job_name(notebook, params), notebook, params))
    names = [j.name for j in jobs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ReportInputError(f"report config {path}: duplicate report name(s) {', '.join(duplicates)}.")
    return jobs


# --- hashing and the manifest ------------------------------------------------------------------------


def _sha256(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for p in paths:
        digest.update(p.name.encode())
        digest.update(p.read_bytes())
    return digest.hexdigest()


def data_hash(data: str) -> str:
    from .data import _descriptor_path

    descriptor = _descriptor_path(data or None)
    meta = json.loads(descriptor.read_text(encoding="utf-8"))
    files = [descriptor] + [descriptor.parent / r["path"] for r in meta.get("resources", []) if "path" in r]
    return _sha256([f for f in files if f.is_file()])


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _lock(out: Path):
    from filelock import FileLock

    return FileLock(str(out / ".icdd-report.lock"), timeout=600)


def _update_manifest(out: Path, name: str, entry: dict) -> None:
    manifest_path = out / "manifest.json"
    manifest = {"generator": f"icdd-analysis {__version__}", "reports": {}}
    if manifest_path.is_file():
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            pass  # a broken manifest is rebuilt from this run on
    previous = manifest.setdefault("reports", {}).get(name, {})
    if entry["status"] == "failed" and previous.get("status") == "ok":
        entry["last_success"] = {k: previous[k] for k in ("finished", "inputs", "parameters") if k in previous}
    elif entry["status"] == "failed" and "last_success" in previous:
        entry["last_success"] = previous["last_success"]
    manifest["reports"][name] = entry
    manifest["generator"] = f"icdd-analysis {__version__}"
    _write_atomic(manifest_path, json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    _write_atomic(out / "index.html", render_index(manifest))


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

    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = {REMOVE_TAG}
    config.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=config, exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    nb = nbformat.read(str(notebook_path), as_version=4)
    nb.metadata["title"] = report_title(nb)  # the template prefers it to resources' name
    body, _ = exporter.from_notebook_node(nb)
    html_path.write_text(body, encoding="utf-8")


def report_title(nb) -> str:
    """The report's first Markdown heading (in the report's language), else the notebook's title."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown", "")
            for line in text.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return nb.metadata.get("title", "icdd-analysis report")


def _clean_stale_temp(out: Path) -> None:
    """Remove temp folders of runs that were killed (their process is gone)."""
    for tmp in out.glob(".tmp-*"):
        try:
            pid = int(tmp.name.split("-")[-2])
            os.kill(pid, 0)
        except (ValueError, IndexError, ProcessLookupError):
            shutil.rmtree(tmp, ignore_errors=True)
        except PermissionError:
            pass


def execute(job: Job, out: Path, quiet: bool = False, position: str = "") -> int:
    """Run one checked job; returns the exit code."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    out.mkdir(parents=True, exist_ok=True)
    _clean_stale_temp(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{job.name}-{os.getpid()}-", dir=out))
    declared = declared_parameters(job.notebook)
    parameters = dict(job.parameters)
    if "figures_dir" in declared:
        parameters["figures_dir"] = FIGURES  # relative to the kernel's folder, the temp folder
    entry = {
        "notebook": job.notebook.name, "parameters": job.parameters, "started": _now(),
        "inputs": {"notebook_sha256": _sha256([job.notebook]), "data_sha256": data_hash(job.parameters.get("data", "")),
                   "package_version": __version__},
    }
    if not quiet:
        shown = " ".join(f"{k}={v}" for k, v in job.parameters.items()) or "defaults"
        print(f"{position}{job.name}: {job.notebook.name} ({shown})", file=sys.stderr, flush=True)
    started = time.monotonic()
    try:
        pm.execute_notebook(
            str(job.notebook), str(tmp / REPORT_NOTEBOOK), parameters=parameters, kernel_name=KERNEL,
            progress_bar=not quiet, cwd=str(tmp), shutdown_kernel="immediate",
            # ipykernel warns at start that local TCP is unencrypted: noise in cron mail, so errors only.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
        render_html(tmp / REPORT_NOTEBOOK, tmp / REPORT_HTML)
    except PapermillExecutionError as exc:
        number, first_line = failing_cell(tmp / REPORT_NOTEBOOK, exc.cell_index)
        entry.update(status="failed", failed_cell=number, failed_source=first_line, error=f"{exc.ename}: {exc.evalue}")
        return _finish_failed(job, out, tmp, entry, started, quiet)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)  # interrupted: the previous report stays as it was
        raise
    entry.update(status="ok", finished=_now(), seconds=round(time.monotonic() - started, 2))
    with _lock(out):
        target = out / job.name
        retired = out / f".old-{job.name}-{os.getpid()}"
        if target.exists():
            os.replace(target, retired)
        os.replace(tmp, target)
        shutil.rmtree(retired, ignore_errors=True)
        failed = out / f"{job.name}.failed.ipynb"
        if failed.exists():
            failed.unlink()
        _update_manifest(out, job.name, entry)
    if not quiet:
        print(f"{position}{job.name}: done in {entry['seconds']:.1f} s -> {out / job.name / REPORT_HTML}", file=sys.stderr)
    return EXIT_OK


def failing_cell(executed: Path, cell_index: int) -> tuple[int, str]:
    """The failing cell's 1-based number in the *original* notebook, and its first line of code.

    papermill adds an injected-parameters cell and an error banner to the executed notebook, so its
    numbering differs from the notebook a user edits: count only the original cells.
    """
    import nbformat

    added = {"injected-parameters", "papermill-error-cell-tag"}
    try:
        cells = nbformat.read(str(executed), as_version=4).cells
    except (OSError, ValueError):
        return cell_index + 1, ""
    original = [c for c in cells if not added & set(c.metadata.get("tags", []))]
    for number, cell in enumerate(original, start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            lines = [ln for ln in cell.source.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
            return number, (lines[0].strip()[:80] if lines else "")
    return cell_index + 1, ""


def _finish_failed(job: Job, out: Path, tmp: Path, entry: dict, started: float, quiet: bool) -> int:
    entry.update(finished=_now(), seconds=round(time.monotonic() - started, 2))
    with _lock(out):
        failed = out / f"{job.name}.failed.ipynb"
        if (tmp / REPORT_NOTEBOOK).exists():
            os.replace(tmp / REPORT_NOTEBOOK, failed)
        shutil.rmtree(tmp, ignore_errors=True)
        _update_manifest(out, job.name, entry)
    print(
        f"icdd-report: {job.name} failed in cell {entry['failed_cell']} of {job.notebook.name} "
        f"(`{entry['failed_source']}`): {entry['error']}. "
        f"The previous report is unchanged; the failed notebook is {failed}.",
        file=sys.stderr,
    )
    return EXIT_FAILED


def run_jobs(jobs: list[Job], out: Path, quiet: bool, parallel: int = 1) -> int:
    for job in jobs:  # every parameter is checked before any kernel starts
        job.checked()
    if parallel <= 1 or len(jobs) == 1:
        codes = [execute(j, out, quiet, f"[{i}/{len(jobs)}] ") for i, j in enumerate(jobs, start=1)]
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
                    "--out", str(out), "--params-json", json.dumps(job.parameters), "--quiet"]
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
        p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors (for cron)")
    return parser


def list_notebooks() -> str:
    lines = []
    for nb in available_notebooks():
        lines.append(nb.stem)
        for name, p in declared_parameters(nb).items():
            lines.append(f"  {name} ({p['inferred_type_name']}, default {p['default']}): {p['help']}")
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
            return run_jobs([job], args.out, args.quiet)
        jobs = load_config(args.config or default_config())
        return run_jobs(jobs, args.out, args.quiet, parallel=args.jobs)
    except IcddError as exc:
        print(f"icdd-report: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
