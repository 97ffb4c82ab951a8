"""Parameter and config files: small YAML files read within limits, ``-p name=value`` pairs, and the reports
config (``notebooks/reports.yaml``) with its ``matrix:`` sweeps, each turned into checked :class:`.jobs.Job` s."""

from __future__ import annotations

import collections
import itertools
import math
from pathlib import Path
from typing import Any

from ..errors import ReportInputError, YamlLimitError
from ..parameters import ParameterError, parse_value
from .jobs import Job, check_report_name, declared_parameters, find_notebook, job_name

#: Parameter and config files are a few lines; bigger or deeper ones are refused before parsing grows.
MAX_YAML_BYTES, MAX_YAML_DEPTH = 1024 * 1024, 32
#: The most reports one config file may make (all matrices together); checked from the product of the lengths.
MAX_SWEEP_JOBS = 1000


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
                raise YamlLimitError("aliases (*name) are not allowed here; write the value out",
                                      self.peek_event().start_mark)
            self.depth += 1
            try:
                if self.depth > MAX_YAML_DEPTH:
                    raise YamlLimitError(f"nested more than {MAX_YAML_DEPTH} levels deep", self.peek_event().start_mark)
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
    except (yaml.YAMLError, YamlLimitError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        prefix = "" if isinstance(exc, YamlLimitError) else "not valid YAML: "
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


def _matrix(entry: dict, where: str) -> list[dict[str, Any]]:
    """The parameter combinations of an entry's ``matrix:`` (name: list of values), in a stable order:
    the names as written, each name's values as listed. Without a matrix: one empty combination."""
    matrix = entry.get("matrix")
    if matrix is None:
        return [{}]
    if not isinstance(matrix, dict) or not matrix:
        raise ReportInputError(f"{where}: 'matrix' must be name: [values] pairs, e.g. matrix: {{lang: [en, id]}}.")
    for name, values in matrix.items():
        if not isinstance(values, list) or not values:
            raise ReportInputError(f"{where}: matrix {name!r} must be a non-empty list of values.")
    names = list(matrix)
    size = math.prod(len(matrix[n]) for n in names)  # from the lengths: nothing is expanded before the check
    if size > MAX_SWEEP_JOBS:
        lengths = " x ".join(f"{len(matrix[n])} {n}" for n in names)
        raise ReportInputError(f"{where}: the matrix makes {size:,} reports ({lengths}); at most {MAX_SWEEP_JOBS:,} "
                               "are allowed per config file: split it into smaller sweeps or fewer values.")
    return [dict(zip(names, combination)) for combination in itertools.product(*(matrix[n] for n in names))]


def _sweep_name(base: str, combination: dict[str, Any]) -> str:
    """A stable report name per combination: the entry's name and each matrix value, e.g. compare-id-dw-all."""
    return "-".join([base, *(str(v) for v in combination.values())])


def load_config(path: Path) -> list[Job]:
    """The jobs of a config file. Relative ``notebook`` and ``data`` paths are relative to the file's folder.

    An entry with ``matrix: {name: [values], ...}`` becomes one job per combination of values, named
    ``<name>-<value>-<value>...`` in the matrix's order, each with ``parameters`` plus its combination.
    """
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
            raise ReportInputError(f"{where}: needs 'notebook' (and optional 'name', 'parameters', 'matrix').")
        params = entry.get("parameters") or {}
        if not isinstance(params, dict):
            raise ReportInputError(f"{where}: 'parameters' must be name: value pairs.")
        notebook = find_notebook(str(entry["notebook"]), base=folder)
        combinations = _matrix(entry, where)
        if len(jobs) + len(combinations) > MAX_SWEEP_JOBS:
            raise ReportInputError(f"{where}: the config makes more than {MAX_SWEEP_JOBS:,} reports; "
                                   "split it into several config files.")
        sweep = None
        if entry.get("matrix") is not None:
            sweep = entry.get("name") or notebook.stem
            try:
                check_report_name(sweep)
            except ReportInputError as exc:
                raise ReportInputError(f"{where}: {exc}") from None
        for combination in combinations:
            values = {**params, **combination}
            _resolve_data(values, folder)
            if sweep is not None:
                name = _sweep_name(sweep, combination)
            else:
                name = entry.get("name") or job_name(notebook, values)
            try:
                check_report_name(name)
            except ReportInputError as exc:
                raise ReportInputError(f"{where}: {exc}") from None
            jobs.append(Job(name, notebook, values, sweep, combination if sweep else None))
    counts = collections.Counter(j.name for j in jobs)
    duplicates = sorted(n for n, k in counts.items() if k > 1)
    if duplicates:
        raise ReportInputError(f"report config {path}: duplicate report name(s) {', '.join(duplicates)}.")
    return jobs
