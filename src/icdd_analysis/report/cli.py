"""The command line: ``icdd-report list | run | all | store-outputs``; progress through :mod:`logging`."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from ..errors import IcddError
from ..parameters import RANGES
from .config import load_config, parse_cli_parameters
from .jobs import (DEFAULT_CELL_TIMEOUT, EXIT_BAD_INPUT, EXIT_OK, FIGURES, MAX_PARALLEL_JOBS, Job, all_notebooks, available_notebooks,
                   declared_parameters, default_config, find_notebook, job_name)
from .maintain import store_outputs
from .schedule import run_jobs, skip_slow_iri_checker

log = logging.getLogger("icdd_analysis.report")


class _StderrHandler(logging.Handler):
    """Writes to whatever ``sys.stderr`` is at the time (so captured and redirected stderr both work)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:  # noqa: BLE001 - logging must never break a run
            self.handleError(record)


def configure_logging(quiet: bool) -> None:
    """Progress at INFO, errors at ERROR; ``--quiet`` (for cron) shows errors only."""
    if not any(isinstance(h, _StderrHandler) for h in log.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.propagate = False
    log.setLevel(logging.WARNING if quiet else logging.INFO)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="icdd-report", description="Run icdd-analysis report notebooks into reports/.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="the notebooks and their parameters")
    run = sub.add_parser("run", help="run one notebook")
    run.add_argument("notebook", help="a notebook name (e.g. 02-compare-agendas) or path")
    run.add_argument("-p", "--parameter", action="append", default=[], metavar="NAME=VALUE")
    run.add_argument("-f", "--parameters-file", action="append", default=[], metavar="FILE", help="YAML name: value pairs")
    run.add_argument("--name", help="report folder name (default: notebook and non-default parameters)")
    refresh = sub.add_parser("store-outputs", help="(maintainers) execute notebooks in place so nbval can compare")
    refresh.add_argument("notebooks", nargs="*", help="notebook names or paths (default: all)")
    everything = sub.add_parser("all", help="run the default set of reports (the config file)")
    everything.add_argument("--config", type=Path, default=None, help="reports config (default: notebooks/reports.yaml)")
    everything.add_argument("--jobs", type=_jobs, default=1, metavar=f"1-{MAX_PARALLEL_JOBS}",
                            help="reports to run at once on a Dask LocalCluster of that many warm worker processes "
                                 "(needs the [dask] extra above 1)")
    everything.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                            help="run the reports on an existing Dask cluster (workers need the package and --out)")
    for p in (run, everything):
        p.add_argument("--out", type=Path, default=Path("reports"), help="output folder (default: reports)")
        p.add_argument("--cell-timeout", type=_seconds, default=DEFAULT_CELL_TIMEOUT, metavar="SECONDS",
                       help=f"stop a cell that runs longer, and fail the run (default: {DEFAULT_CELL_TIMEOUT})")
        p.add_argument("--force", action="store_true",
                       help="re-run reports even when their inputs are unchanged since their last successful run")
        p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors (for cron)")
    return parser


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_PARALLEL_JOBS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of reports from 1 to {MAX_PARALLEL_JOBS}")
    return value


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
            bounds = f" ({RANGES[name]})" if name in RANGES else ""
            lines.append(f"  {name} ({p['inferred_type_name']}, default {p['default']}): {p['help']}{bounds}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    skip_slow_iri_checker()
    configure_logging(getattr(args, "quiet", False))
    try:
        if args.command == "list":
            print(list_notebooks())
            return EXIT_OK
        if args.command == "store-outputs":
            for nb in [find_notebook(n) for n in args.notebooks] or all_notebooks():
                log.info(f"storing outputs of {nb.name}")
                store_outputs(nb)
            return EXIT_OK
        if args.command == "run":
            notebook = find_notebook(args.notebook)
            values = parse_cli_parameters(notebook, args.parameter, args.parameters_file)
            job = Job(args.name or job_name(notebook, values), notebook, values)
            return run_jobs([job], args.out, args.quiet, cell_timeout=args.cell_timeout, force=args.force)
        jobs = load_config(args.config or default_config())
        return run_jobs(jobs, args.out, args.quiet, parallel=args.jobs, cell_timeout=args.cell_timeout,
                        force=args.force, scheduler=args.scheduler)
    except IcddError as exc:
        log.error(f"icdd-report: {exc}")
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
