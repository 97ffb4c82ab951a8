"""Many reports: check them all, set aside those up to date, then run the rest one after another in this
process, or on a Dask cluster (a LocalCluster of warm worker processes, or an existing scheduler)."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from pathlib import Path

from ..errors import IcddError
from .execute import Outcome, execute, report_inputs
from .folders import clean_stale_temp
from .jobs import (DEFAULT_CELL_TIMEOUT, EXIT_FAILED, EXIT_OK, MANIFEST, SCHEDULER_TIMEOUT, Job, ReportInputError,
                   check_out_folder, check_report_name, check_scheduler_address)
from .kernels import KernelStart
from .manifest import _lock, _now, _update_manifest_entries, library_versions, up_to_date
from .render import html_exporter

log = logging.getLogger("icdd_analysis.report")


def skip_slow_iri_checker() -> None:
    """Keep ``rfc3987_syntax`` (seconds of import for nothing) out of icdd-report's own process: see
    :mod:`icdd_analysis._slow_imports`. Called by the command line and its Dask workers, never on import."""
    from .._slow_imports import skip_for_this_process

    skip_for_this_process()


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
        _write_dictionary(out)
        return EXIT_OK
    on_dask = scheduler is not None or (parallel > 1 and len(stale) > 1)
    # The cluster starts (and its workers import what a report needs) while this process checks the
    # parameters: no job is submitted before every one is checked, and a bad one closes the cluster unused.
    # Likewise the first report's kernel starts (and runs nothing) while the parameters are checked.
    cluster = _ClusterStart(min(parallel, len(stale)), scheduler) if on_dask else None
    kernel = KernelStart(out, stale[0].name) if cluster is None else None
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
    _write_dictionary(out)
    return max(o.code for o in outcomes)


def _write_dictionary(out: Path) -> None:
    """The bundled data's dictionary beside the reports (index.html links it), rendered again only when the data
    or the package changed since the pages were made, so that it cannot describe other data than this install's."""
    import hashlib
    import json

    from .dictionary_page import write_data_dictionary
    from .manifest import data_hash, library_versions, package_files_hash

    # The pages depend on the data, this package's files and the libraries that render them.
    inputs = hashlib.sha256(f"{data_hash('')}\n{package_files_hash()}\n{json.dumps(library_versions(), sort_keys=True)}"
                            .encode()).hexdigest()
    write_data_dictionary(out, inputs=inputs)


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

    html_exporter()
    library_versions()


def probe_scheduler(address: str, timeout: float = SCHEDULER_TIMEOUT) -> None:
    """Connect to ``address`` with Dask's protocol and ask who it is, within ``timeout`` seconds; raises when
    nothing answers, or the peer is not a Dask scheduler (including a server speaking another protocol)."""
    import asyncio
    import socket
    from urllib.parse import urlsplit

    from distributed.comm import connect

    try:
        parts = urlsplit(address)
        host, port = (parts.hostname, parts.port) if parts.scheme == "tcp" else (None, None)
    except ValueError:  # a form urllib does not parse (tcp://[1.2.3.4]:8786): Dask's connect alone judges it
        host, port = None, None
    if host and port:
        # Dask's connect retries a refused connection until its timeout; nothing listening is known at once.
        try:
            with socket.create_connection((host, port), timeout=timeout):
                pass
        except ConnectionRefusedError:
            raise ConnectionRefusedError(f"nothing listens at {host}:{port}") from None

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
