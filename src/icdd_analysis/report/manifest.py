"""The output folder's records: ``manifest.json`` (inputs and results of every report), ``index.html`` and
the sweeps' summary pages, rendered from Jinja2 templates shipped in ``templates/`` (autoescaped), and
the inputs that decide whether a report is up to date."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import os
from pathlib import Path

from .. import __version__
from .jobs import INDEX, LOCK, MANIFEST, REPORT_HTML, SUMMARY_SUFFIX, FAILED_SUFFIX

log = logging.getLogger("icdd_analysis.report")

#: Libraries whose version can change what a report shows; a new version re-runs the report.
OUTPUT_LIBRARIES = ("pandas", "numpy", "matplotlib", "seaborn", "scikit-learn", "krippendorff", "nbconvert",
                    "nbformat", "papermill", "mistune", "frictionless")
#: A report's headline results, written by the notebook into its report folder (read by summary pages).
HEADLINE = "headline.json"


def data_hash(data: str) -> str:
    """Content hash of a data package: what the loader reads and the validation record's key covers (the
    descriptor, every schema or dialect file, every resource's file), read through the loader's guard (only
    files inside the package folder; a package that points elsewhere is refused), and within its size limit
    per table, read in blocks: a huge file is refused by its size, as the loader refuses it, not read into
    memory to be hashed. Stdlib only: no pandas."""
    from ..package_guard import bundled_path, check_table_size, locate, read_descriptor

    descriptor, root = locate(data or bundled_path())
    digests: list[tuple[str, str]] = []
    resources = read_descriptor(descriptor, root, digests)
    for name, resource in sorted(resources.items()):
        if "file" in resource:
            file = resource["file"]
            check_table_size(resource["path"], file)
            with file.open("rb") as stream:
                digests.append((f"file:{name}:{file.name}", hashlib.file_digest(stream, "sha256").hexdigest()))
    return hashlib.sha256(json.dumps(sorted(digests)).encode()).hexdigest()


@functools.lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for name in OUTPUT_LIBRARIES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def up_to_date(out: Path, name: str, inputs: dict) -> dict | None:
    """The manifest entry of ``name`` if its last run succeeded with exactly these ``inputs`` and its report
    folder is in place; else None (never after a failed run, nor when the folder was removed)."""
    entry = read_manifest(out, quiet=True)["reports"].get(name)
    if not entry or entry.get("status") != "ok" or entry.get("inputs") != inputs:
        return None
    if not (out / name / REPORT_HTML).is_file():
        return None
    return entry


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _lock(out: Path):
    from filelock import FileLock

    return FileLock(str(out / LOCK), timeout=600)


def read_manifest(out: Path, quiet: bool = False) -> dict:
    """The manifest, or a new one; ``quiet`` reads without moving a corrupt one aside (for a look outside the lock)."""
    if quiet:
        try:
            manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
            if isinstance(manifest, dict) and isinstance(manifest.get("reports"), dict):
                return manifest
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            pass
        return {"generator": f"icdd-analysis {__version__}", "reports": {}}
    return _read_manifest(out)


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
    log.error(f"icdd-report: {manifest_path} was corrupt ({problem}); kept it as {kept.name} and started a new "
          "manifest from this run on.")
    return new


def _update_manifest(out: Path, name: str, entry: dict) -> None:
    _update_manifest_entries(out, {name: entry})


def _update_manifest_entries(out: Path, entries: dict[str, dict], summaries: bool = True) -> None:
    """Record reports' entries (under the folder's lock) and render index.html again, and the sweeps'
    summary pages (all of them, or with ``summaries=False`` only those missing: an up-to-date mark
    changes nothing a summary shows)."""
    manifest = _read_manifest(out)
    for name, entry in entries.items():
        previous = manifest["reports"].get(name, {})
        if entry["status"] == "failed" and previous.get("status") == "ok":
            entry["last_success"] = {k: previous[k] for k in ("finished", "inputs", "parameters") if k in previous}
        elif entry["status"] == "failed" and "last_success" in previous:
            entry["last_success"] = previous["last_success"]
        manifest["reports"][name] = entry
    manifest["generator"] = f"icdd-analysis {__version__}"
    _write_atomic(out / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    _write_atomic(out / INDEX, render_index(manifest))
    for sweep in sorted({r["sweep"] for r in manifest["reports"].values() if r.get("sweep")}):
        page = out / f"{sweep}{SUMMARY_SUFFIX}"
        if summaries or not page.is_file():
            _write_atomic(page, render_summary(out, sweep, manifest))


@functools.lru_cache(maxsize=1)
def _templates():
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("icdd_analysis.report", "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)


#: How index.html names a report's language (the index page itself is in English).
LANGUAGE_NAMES = {"en": "English", "id": "Indonesian (Bahasa Indonesia)"}


def dictionary_pages() -> list[tuple[str, str]]:
    """(language name, page) of each data-dictionary page the runner writes beside the reports."""
    from .dictionary_page import pages

    return [(LANGUAGE_NAMES.get(lang, lang), name) for lang, name in pages().items()]


def render_index(manifest: dict) -> str:
    """index.html: one row per report, with its status ("ok", "up to date" since the run that made it, or
    "failed" in which cell), its parameters, and links to the report, the failed notebook and sweep summaries."""
    reports = sorted(manifest.get("reports", {}).items())
    sweeps = sorted({r["sweep"] for _, r in reports if r.get("sweep")})
    return _templates().get_template("index.html.j2").render(
        generator=manifest.get("generator", ""), reports=reports, sweeps=sweeps, report_html=REPORT_HTML,
        failed_suffix=FAILED_SUFFIX, summary_suffix=SUMMARY_SUFFIX, manifest_name=MANIFEST,
        language_names=LANGUAGE_NAMES, dictionary_pages=dictionary_pages())


def headline_claims(out: Path, name: str) -> list[str]:
    """A report's headline claims: the bullet list under its "In short" heading (any language), as a reader
    reads it in the executed notebook's Markdown output; empty when it has none."""
    import nbformat

    try:
        nb = nbformat.read(str(out / name / "report.ipynb"), as_version=4)
    except (OSError, ValueError):
        return []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown", "")
            lines = text.splitlines()
            for i, line in enumerate(lines):
                if line.startswith("#") and line.lstrip("#").strip().lower() in ("in short", "singkatnya", "ringkasnya"):
                    claims = []
                    for follow in lines[i + 1:]:
                        if follow.startswith("#"):
                            break
                        if follow.startswith(("- ", "* ")):
                            claims.append(_claim_lead(follow[2:].strip()))
                    return claims
    return []


def _claim_lead(claim: str) -> str:
    """A claim's bold lead (``**F3 (...) continued**: evidence...`` -> ``F3 (...) continued``), else the claim."""
    if claim.startswith("**") and "**" in claim[2:]:
        return claim[2:claim.index("**", 2)]
    return claim


def render_summary(out: Path, sweep: str, manifest: dict) -> str:
    """``<sweep>-summary.html``: the sweep's reports side by side, one column per swept parameter and their
    headline claims, so a reader sees which claims hold in which combination."""
    rows = [(name, r) for name, r in sorted(manifest["reports"].items()) if r.get("sweep") == sweep]
    swept = []
    for _, r in rows:
        swept += [k for k in r.get("matrix", {}) if k not in swept]
    from .run import plain_text

    claims = {name: [plain_text(c) for c in headline_claims(out, name)] if r.get("status") == "ok" else []
              for name, r in rows}
    return _templates().get_template("summary.html.j2").render(
        sweep=sweep, rows=rows, swept=swept, claims=claims, report_html=REPORT_HTML)


def write_index(out: Path) -> Path:
    """Render index.html (and the sweeps' summaries) again from manifest.json, under the folder's lock: the
    last step of a scheduler's run (Airflow), after every report task wrote its own entry."""
    out = Path(out)
    with _lock(out):
        manifest = _read_manifest(out)
        _write_atomic(out / INDEX, render_index(manifest))
        for sweep in sorted({r["sweep"] for r in manifest["reports"].values() if r.get("sweep")}):
            _write_atomic(out / f"{sweep}{SUMMARY_SUFFIX}", render_summary(out, sweep, manifest))
    return out / INDEX
