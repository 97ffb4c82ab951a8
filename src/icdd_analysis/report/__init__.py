"""icdd-report: run the report notebooks with papermill into reports/, render HTML without code.

    icdd-report list
    icdd-report run NOTEBOOK [-p name=value ...] [-f params.yaml] [--name NAME] [--out DIR] [--cell-timeout S] [--quiet]
    icdd-report all [--config FILE] [--out DIR] [--jobs N | --scheduler tcp://HOST:PORT] [--force] [--cell-timeout S] [--quiet]

Contract (the same for cron, Airflow's PapermillOperator or a person): parameters, report names,
parameter and config files and the output folder are checked before any notebook code runs or any job
is submitted (exit 2, nothing written; to save time the first report's kernel, or the Dask cluster,
starts meanwhile and is stopped unused); a report whose inputs equal those of its last successful run
is up to date and not run again (its parameters were checked by that run); a run executes in a
private temporary folder and replaces the previous report only when it succeeded; a failed run (an
error, a dead kernel, a cell over the time limit) exits 1, names the failing cell, leaves the previous report in place and keeps the failed notebook as
``<name>.failed.ipynb``. This module knows papermill and nbconvert, and nothing of diplomacy.
The package, one module per job: :mod:`.jobs` (notebooks, parameters, names, the output folder), :mod:`.config` (parameter and
config files, sweeps),
:mod:`.folders` (private work folders, cleaning after killed runs), :mod:`.kernels` (a report's kernel: sockets,
tool folders, early start), :mod:`.render` (nbconvert: the HTML page, title and answer), :mod:`.execute` (one
report: run, name the failure, replace atomically), :mod:`.schedule` (many reports: serial or on Dask),
:mod:`.manifest` (manifest.json, index.html and sweep summaries from Jinja2 templates), :mod:`.maintain`
(storing notebooks' outputs for nbval), :mod:`.cli` (the command line). The names below are its public face.
"""

from .cli import _parser, configure_logging, list_notebooks, main
from .config import load_config, parse_cli_parameters, read_yaml
from .execute import Outcome, execute, failing_cell, interrupted_cell
from .folders import clean_stale_temp
from .jobs import (DEFAULT_CELL_TIMEOUT, EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, FAILED_SUFFIX, FIGURES, INDEX, KERNEL,
                   MANIFEST, REPORT_HTML, REPORT_NOTEBOOK, Job, ReportInputError, all_notebooks, available_notebooks,
                   check_out_folder, check_report_name, declared_parameters, default_config, find_notebook, job_name,
                   notebooks_dir)
from .maintain import store_outputs
from .manifest import _update_manifest, data_hash, read_manifest, render_index, render_summary, write_index
from .render import REMOVE_TAG, render_html, report_title
from .schedule import run_jobs, run_one

__all__ = [
    "DEFAULT_CELL_TIMEOUT", "EXIT_BAD_INPUT", "EXIT_FAILED", "EXIT_OK", "FAILED_SUFFIX", "FIGURES", "INDEX", "KERNEL",
    "MANIFEST", "REMOVE_TAG", "REPORT_HTML", "REPORT_NOTEBOOK", "Job", "Outcome", "ReportInputError",
    "all_notebooks", "available_notebooks", "check_out_folder", "check_report_name", "clean_stale_temp",
    "configure_logging", "data_hash", "declared_parameters", "default_config", "execute", "failing_cell",
    "find_notebook", "interrupted_cell", "job_name", "list_notebooks", "load_config", "main", "notebooks_dir",
    "parse_cli_parameters", "read_manifest", "read_yaml", "render_html", "render_index", "render_summary",
    "report_title", "run_jobs", "run_one", "store_outputs", "write_index",
]
