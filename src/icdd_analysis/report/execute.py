"""One report: check that it is not up to date, prepare its work folder and kernel, run the notebook with
papermill, raise a failure naming the cell that failed, render the page and write the report into place
atomically (the previous report is replaced only by a successful run), recording it in the manifest."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from .folders import clean_stale_temp, work_folder
from .jobs import (DEFAULT_CELL_TIMEOUT, EXIT_FAILED, EXIT_OK, FAILED_SUFFIX, FIGURES, KERNEL, REPORT_HTML,
                   REPORT_NOTEBOOK, RETIRED_PREFIX, Job, declared_parameters, notebook_sha256)
from .kernels import KERNEL_ARGUMENTS, KernelStart, kernel_manager_settings, tool_dirs
from .manifest import _lock, _now, _update_manifest, data_hash, library_versions, package_files_hash, up_to_date
from .render import prepare_rendering, render_html, report_answer, report_title

log = logging.getLogger("icdd_analysis.report")


@dataclass
class Outcome:
    """What became of one job: its exit code, whether it was skipped as up to date, and a message."""

    name: str
    code: int
    skipped: bool = False
    message: str = ""
    seconds: float = 0.0


def report_inputs(job: Job) -> dict:
    """Everything a report's content depends on: the notebook, the parameters, the data (every file a method
    reads), this package's version and files (code, catalogues, templates), and the versions of the libraries
    that compute or render. Equal inputs and a successful previous run: nothing to redo."""
    return {"notebook_sha256": notebook_sha256(job.notebook), "parameters": job.parameters,
            "data_sha256": _data_hash(job.parameters.get("data", "")), "package_version": __version__,
            "package_files_sha256": package_files_hash(), "libraries": library_versions()}


_data_hashes: dict[tuple, str] = {}


def _data_hash(data: str) -> str:
    """The data package's hash, computed once per run and package (keyed by its descriptor's stat)."""
    from ..data.guard import bundled_path, locate

    descriptor, _ = locate(data or bundled_path())
    folder = Path(descriptor).parent
    key = (str(data), *((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.rglob("*")) if p.is_file()))
    if key not in _data_hashes:
        _data_hashes[key] = data_hash(data)
    return _data_hashes[key]


def execute(job: Job, out: Path, quiet: bool = False, position: str = "",
            cell_timeout: int = DEFAULT_CELL_TIMEOUT, force: bool = False, kernel: "KernelStart | None" = None) -> Outcome:
    """Run one checked job, unless its report is up to date (and not ``force``). ``kernel``: one started for
    it while the parameters were checked (see :class:`KernelStart`); it is shut down here in any case."""
    with contextlib.ExitStack() as stack:
        if kernel is not None:
            stack.callback(kernel.close)
        return _execute(job, out, quiet, position, cell_timeout, force, kernel)


def _execute(job: Job, out: Path, quiet: bool, position: str, cell_timeout: int, force: bool,
             kernel: "KernelStart | None") -> Outcome:
    out.mkdir(parents=True, exist_ok=True)
    clean_stale_temp(out)
    inputs = report_inputs(job)
    if not force:
        previous = up_to_date(out, job.name, inputs)
        if previous is not None:
            with _lock(out):
                if up_to_date(out, job.name, inputs) is not None:  # still, now that we hold the lock
                    previous["up_to_date"] = _now()
                    _update_manifest(out, job.name, previous)
                    log.info(f"{position}{job.name}: up to date (made by the run of {previous.get('finished')})")
                    return Outcome(job.name, EXIT_OK, skipped=True)
    import papermill as pm  # only now: a report that is up to date costs no papermill import
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    parameters = dict(job.parameters)
    if "figures_dir" in declared_parameters(job.notebook):  # parsed only for a report that runs
        parameters["figures_dir"] = FIGURES  # relative to the kernel's folder, the report folder being built
    entry = {"notebook": job.notebook.name, "parameters": job.parameters, "started": _now(), "inputs": inputs}
    if job.sweep:
        entry["sweep"] = job.sweep
        entry["matrix"] = job.matrix or {}
    shown = " ".join(f"{k}={v}" for k, v in job.parameters.items()) or "defaults"
    log.info(f"{position}{job.name}: {job.notebook.name} ({shown})")
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        work = kernel.work if kernel is not None else stack.enter_context(work_folder(out, job.name))
        report_dir = work / "report"
        report_dir.mkdir(exist_ok=kernel is not None)
        settings = kernel.settings if kernel is not None else kernel_manager_settings(work)
        connection = Config({"KernelManager": settings})
        started_kernel = kernel.manager if kernel is not None else None
        preparing = threading.Thread(target=prepare_rendering, name="icdd-report-prepare-rendering", daemon=True)
        preparing.start()
        with tool_dirs(work):
            try:
                try:
                    executed = pm.execute_notebook(
                        str(job.notebook), str(report_dir / REPORT_NOTEBOOK), parameters=parameters,
                        kernel_name=KERNEL, progress_bar=not quiet and log.isEnabledFor(logging.INFO),
                        cwd=str(report_dir), shutdown_kernel="immediate", execution_timeout=cell_timeout,
                        config=connection, extra_arguments=KERNEL_ARGUMENTS,
                        **({"km": started_kernel} if started_kernel is not None else {}),
                    )
                finally:
                    if kernel is not None:  # papermill stops only the kernels it started
                        kernel.shutdown()
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
            preparing.join()
            render_html(report_dir / REPORT_NOTEBOOK, report_dir / REPORT_HTML, nb=executed)
        entry.update(status="ok", finished=_now(), seconds=round(time.monotonic() - started, 2),
                     title=report_title(executed))
        answer = report_answer(executed)
        if answer:
            entry["answer"] = answer
        with _lock(out):
            target = out / job.name
            retired = Path(tempfile.mkdtemp(prefix=f"{RETIRED_PREFIX}{job.name}-", dir=out))
            if target.exists():
                os.replace(target, retired / job.name)
            os.replace(report_dir, target)
            shutil.rmtree(retired, ignore_errors=True)
            (out / f"{job.name}{FAILED_SUFFIX}").unlink(missing_ok=True)
            _update_manifest(out, job.name, entry)
    log.info(f"{position}{job.name}: done in {entry['seconds']:.1f} s -> {out / job.name / REPORT_HTML}")
    return Outcome(job.name, EXIT_OK, seconds=entry["seconds"])


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


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CELL_FRAME = re.compile(r"Cell In\[\d*\], line (\d+)")


def failing_line(cell) -> str:
    """The line of ``cell`` that raised, as IPython's traceback names it (its first frame in the cell:
    ``Cell In[3], line 2``), else the cell's first line of code."""
    for output in cell.get("outputs", []):
        if output.get("output_type") != "error":
            continue
        for frame in output.get("traceback", []):
            match = _CELL_FRAME.search(_ANSI.sub("", frame))
            if match:
                lines = cell.source.splitlines()
                number = int(match[1])
                if 1 <= number <= len(lines) and lines[number - 1].strip():
                    return lines[number - 1].strip()[:80]
                break
    return _first_code_line(cell)


def failing_cell(executed: Path, cell_index: int) -> tuple[int, str]:
    """The failing cell's 1-based number in the *original* notebook, and the line of code that raised."""
    cells = _original_cells(executed)
    for number, cell in enumerate(cells or [], start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return number, failing_line(cell)
    return cell_index + 1, ""


def interrupted_cell(executed: Path) -> tuple[int | str, str]:
    """The cell that was running when the kernel died or the time ran out: the last one papermill started."""
    started = [(number, cell) for number, cell in enumerate(_original_cells(executed) or [], start=1)
               if cell.metadata.get("papermill", {}).get("start_time")]
    if not started:
        return "?", ""
    number, cell = started[-1]
    return number, _first_code_line(cell)


def _finish_failed(job: Job, out: Path, report_dir: Path, entry: dict, started: float) -> Outcome:
    entry.update(finished=_now(), seconds=round(time.monotonic() - started, 2))
    failed = out / f"{job.name}{FAILED_SUFFIX}"
    with _lock(out):
        if (report_dir / REPORT_NOTEBOOK).exists():
            os.replace(report_dir / REPORT_NOTEBOOK, failed)
        _update_manifest(out, job.name, entry)
    source = f" (`{entry['failed_source']}`)" if entry["failed_source"] else ""
    message = (f"icdd-report: {job.name} failed in cell {entry['failed_cell']} of {job.notebook.name}{source}: "
               f"{entry['error']}. The previous report is unchanged; the failed notebook is {failed}.")
    return Outcome(job.name, EXIT_FAILED, message=message, seconds=entry["seconds"])
