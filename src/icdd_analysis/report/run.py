"""Execution: one report through papermill and nbconvert in a private work folder, replaced atomically;
many reports one after another, or on a Dask cluster (a LocalCluster of warm worker processes, or an
existing scheduler). Reports whose inputs are unchanged since their last successful run are skipped."""

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
from ..errors import IcddError
from .folders import _work_folder, clean_stale_temp
from .jobs import (DEFAULT_CELL_TIMEOUT, EXIT_FAILED, EXIT_OK, FAILED_SUFFIX, FIGURES, KERNEL, MANIFEST, REPORT_HTML,
                   REPORT_NOTEBOOK, RETIRED_PREFIX, Job, check_out_folder,
                   check_report_name, check_scheduler_address, declared_parameters, notebook_sha256,
                   ReportInputError, SCHEDULER_TIMEOUT)
from .kernels import KERNEL_ARGUMENTS, _KernelStart, _tool_dirs, kernel_manager_settings
from .manifest import (_lock, _now, _update_manifest, _update_manifest_entries, data_hash, library_versions,
                       package_files_hash, up_to_date)
from .render import _html_exporter, _prepare_rendering, render_html, report_answer, report_title

log = logging.getLogger("icdd_analysis.report")


@dataclass
class Outcome:
    """What became of one job: its exit code, whether it was skipped as up to date, and a message."""

    name: str
    code: int
    skipped: bool = False
    message: str = ""
    seconds: float = 0.0


def skip_slow_iri_checker() -> None:
    """Keep ``rfc3987_syntax`` (seconds of import for nothing) out of icdd-report's own process: see
    :mod:`icdd_analysis._slow_imports`. Called by the command line and its Dask workers, never on import."""
    from .._slow_imports import skip_for_this_process

    skip_for_this_process()


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
    from ..package_guard import bundled_path, locate

    descriptor, _ = locate(data or bundled_path())
    folder = Path(descriptor).parent
    key = (str(data), *((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.rglob("*")) if p.is_file()))
    if key not in _data_hashes:
        _data_hashes[key] = data_hash(data)
    return _data_hashes[key]


def execute(job: Job, out: Path, quiet: bool = False, position: str = "",
            cell_timeout: int = DEFAULT_CELL_TIMEOUT, force: bool = False, kernel: "_KernelStart | None" = None) -> Outcome:
    """Run one checked job, unless its report is up to date (and not ``force``). ``kernel``: one started for
    it while the parameters were checked (see :class:`_KernelStart`); it is shut down here in any case."""
    with contextlib.ExitStack() as stack:
        if kernel is not None:
            stack.callback(kernel.close)
        return _execute(job, out, quiet, position, cell_timeout, force, kernel)


def _execute(job: Job, out: Path, quiet: bool, position: str, cell_timeout: int, force: bool,
             kernel: "_KernelStart | None") -> Outcome:
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
        work = kernel.work if kernel is not None else stack.enter_context(_work_folder(out, job.name))
        report_dir = work / "report"
        report_dir.mkdir(exist_ok=kernel is not None)
        settings = kernel.settings if kernel is not None else kernel_manager_settings(work)
        connection = Config({"KernelManager": settings})
        started_kernel = kernel.manager if kernel is not None else None
        preparing = threading.Thread(target=_prepare_rendering, name="icdd-report-prepare-rendering", daemon=True)
        preparing.start()
        with _tool_dirs(work):
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


def run_jobs(jobs: list[Job], out: Path, quiet: bool = False, parallel: int = 1,
             cell_timeout: int = DEFAULT_CELL_TIMEOUT, force: bool = False, scheduler: str | None = None) -> int:
    """Check every job, then run them: here one after another, or on Dask (``parallel`` > 1 worker processes
    of a LocalCluster, or the cluster at ``scheduler``). Returns the exit code: 0, or 1 if any report failed.

    Reports that are up to date are set aside first, in this process, before anything heavy is imported
    (papermill, nbconvert, pandas, Dask) and before any cluster starts: with nothing changed, a run costs
    little more than hashing its inputs. Their parameters are not checked again: a report is up to date only
    when its notebook, parameters, data, package and library versions equal those of a successful run, whose
    parameters were checked then (and the check depends on nothing else). The reports that must run are
    all checked before any of them starts or is submitted, as always.
    """
    out = Path(out).resolve()  # workers may run elsewhere: they get the absolute folder
    if scheduler is not None:
        check_scheduler_address(scheduler)
    for job in jobs:
        check_report_name(job.name)
    check_out_folder(out, jobs)
    stale = jobs if force else _set_aside_up_to_date(jobs, out)
    if not stale:
        return EXIT_OK
    on_dask = scheduler is not None or (parallel > 1 and len(stale) > 1)
    # The cluster starts (and its workers import what a report needs) while this process checks the
    # parameters: no job is submitted before every one is checked, and a bad one closes the cluster unused.
    # Likewise the first report's kernel starts (and runs nothing) while the parameters are checked.
    cluster = _ClusterStart(min(parallel, len(stale)), scheduler) if on_dask else None
    kernel = _KernelStart(out, stale[0].name) if cluster is None else None
    try:
        datasets: dict = {}
        for job in stale:  # every parameter is checked before any notebook cell runs or any job is submitted
            job.checked(datasets)
        if cluster is None:
            outcomes = []
            for i, job in enumerate(stale, start=1):
                first, kernel = kernel, None
                outcome = execute(job, out, quiet, f"[{i}/{len(stale)}] ", cell_timeout, force, kernel=first)
                if outcome.message:
                    log.error(outcome.message)
                outcomes.append(outcome)
        else:
            outcomes = _run_on_dask(cluster.client(), stale, out, cell_timeout, force)
    finally:
        if cluster is not None:
            cluster.close()
        if kernel is not None:  # not handed to a report: a check failed
            kernel.close()
    return max(o.code for o in outcomes)


def _set_aside_up_to_date(jobs: list[Job], out: Path) -> list[Job]:
    """The jobs that must run; those up to date are marked so in the manifest and index (one write for all)
    and logged. A job whose inputs cannot be read (a missing data package...) must run: its check says why."""
    if not (out / MANIFEST).is_file():
        return jobs
    inputs = {}
    for job in jobs:
        try:
            inputs[job.name] = report_inputs(job)
        except (IcddError, OSError):
            pass
    fresh = {job.name: up_to_date(out, job.name, inputs[job.name]) for job in jobs if job.name in inputs}
    if not any(fresh.values()):
        return jobs
    clean_stale_temp(out)
    with _lock(out):  # again, now that we hold the lock: another run may have changed a report meanwhile
        fresh = {name: up_to_date(out, name, inputs[name]) for name, entry in fresh.items() if entry is not None}
        fresh = {name: entry for name, entry in fresh.items() if entry is not None}
        if fresh:
            checked = _now()
            for entry in fresh.values():
                entry["up_to_date"] = checked
            _update_manifest_entries(out, fresh, summaries=False)  # their summary pages are unchanged
    for i, job in enumerate(jobs, start=1):
        if job.name in fresh:
            log.info(f"[{i}/{len(jobs)}] {job.name}: up to date (made by the run of {fresh[job.name].get('finished')})")
    return [job for job in jobs if job.name not in fresh]


def run_one(job: Job, out: str, cell_timeout: int, force: bool) -> Outcome:
    """One job on a Dask worker (or an Airflow task): quiet (progress is the caller's), outcome returned."""
    logging.getLogger("icdd_analysis.report").setLevel(logging.WARNING)
    return execute(job, Path(out), True, "", cell_timeout, force)


def warm_worker(own_process: bool) -> None:
    """Import on a Dask worker, once, what every report needs (papermill, nbclient, nbconvert's exporter and
    its templates), so that its first report does not pay for them. ``own_process``: a LocalCluster worker of
    this run (see :func:`skip_slow_iri_checker`), not a worker of someone's existing cluster."""
    if own_process:
        skip_slow_iri_checker()
    import nbclient  # noqa: F401
    import papermill  # noqa: F401

    _html_exporter()
    library_versions()


def probe_scheduler(address: str, timeout: float = SCHEDULER_TIMEOUT) -> None:
    """Connect to ``address`` with Dask's protocol and ask who it is, within ``timeout`` seconds; raises when
    nothing answers, or the peer is not a Dask scheduler (including a server speaking another protocol)."""
    import asyncio

    from distributed.comm import connect

    async def ask():
        comm = await connect(address, timeout=timeout)
        try:
            await comm.write({"op": "identity", "reply": True})
            answer = await asyncio.wait_for(comm.read(), timeout)
        finally:
            comm.abort()
        if not isinstance(answer, dict) or answer.get("type") != "Scheduler":
            raise OSError(f"the peer answered, but is not a Dask scheduler ({str(answer)[:80]})")

    asyncio.run(asyncio.wait_for(ask(), timeout * 2))


class _ClusterStart:
    """A Dask cluster being started in a background thread: a LocalCluster of ``workers`` processes (one
    thread each), or a client of the cluster at ``scheduler``; its workers warmed up (:func:`warm_worker`)."""

    def __init__(self, workers: int, scheduler: str | None):
        import importlib.util

        if scheduler is not None:
            check_scheduler_address(scheduler)

        if importlib.util.find_spec("distributed") is None:
            from .jobs import ReportInputError

            raise ReportInputError("--jobs above 1 and --scheduler run reports on Dask, which is not installed; "
                                   "install it with pip install 'icdd-analysis[dask]' (or run with --jobs 1).")
        self.workers, self.scheduler = workers, scheduler
        self._client = self._cluster = self._error = None
        self._thread = threading.Thread(target=self._start, name="icdd-report-dask-start", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        try:
            from dask.distributed import Client, LocalCluster

            if self.scheduler:
                import dask

                # Within SCHEDULER_TIMEOUT the scheduler must accept and answer Dask's handshake; whatever fails
                # (refused, unreachable, a server that is not Dask and sends anything else) is exit 2 naming it.
                # A probe first (one connection, closed whatever happens): a Client that fails half-way leaves a
                # background close that waits 10 s and prints a traceback.
                try:
                    probe_scheduler(self.scheduler)
                    with dask.config.set({"distributed.comm.timeouts.connect": f"{SCHEDULER_TIMEOUT}s"}):
                        self._client = Client(self.scheduler, timeout=SCHEDULER_TIMEOUT)
                except Exception as error:  # noqa: BLE001 - OSError, TimeoutError, MemoryError from a non-Dask peer...
                    raise ReportInputError(
                        f"--scheduler {self.scheduler}: no Dask scheduler answered within {SCHEDULER_TIMEOUT} s "
                        f"({type(error).__name__}: {str(error)[:200] or 'no detail'}); check the address and that "
                        "dask-scheduler runs there.") from None
            else:
                # One thread per worker process: a worker runs one kernel at a time (kernels started from one
                # process can race on ports, papermill #239, #511), and its imports stay warm across reports.
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None, silence_logs=logging.ERROR)
                self._client = Client(self._cluster)
            self._client.run(warm_worker, self.scheduler is None)
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread by client()
            self._error = exc

    def client(self):
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._client

    def close(self) -> None:
        self._thread.join()
        for part in (self._client, self._cluster):
            if part is not None:
                with contextlib.suppress(Exception):
                    part.close()


def _run_on_dask(client, jobs: list[Job], out: Path, cell_timeout: int, force: bool) -> list[Outcome]:
    from dask.distributed import as_completed

    futures = {}
    for i, job in enumerate(jobs, start=1):
        future = client.submit(run_one, job, str(out), cell_timeout, force, pure=False,
                               key=f"icdd-report-{job.name}-{os.getpid()}-{time.time_ns()}")
        futures[future] = job
        log.info(f"[{i}/{len(jobs)}] started {job.name}")
    outcomes = []
    for future in as_completed(futures):
        job = futures[future]
        try:
            outcome = future.result()
        except Exception as exc:  # the worker died or the job raised: the report failed, named
            outcome = Outcome(job.name, EXIT_FAILED,
                              message=f"icdd-report: {job.name} failed on its Dask worker: {type(exc).__name__}: {exc}")
        if outcome.message:
            log.error(outcome.message)
        log.info(f"{job.name}: {'up to date' if outcome.skipped else 'done' if outcome.code == 0 else 'FAILED'}")
        outcomes.append(outcome)
    return outcomes
