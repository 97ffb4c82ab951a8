"""A class folder's files read back (:func:`read_class_codings`), every problem listed per student and row, never
raised; the bytes are read by the tolerant reader of :mod:`icdd_analysis.data.tabular`. The rules are in the
package's docstring. Saving one student's coding into the folder is :mod:`.saving`."""

from __future__ import annotations

import io
import re
import stat
import unicodedata
import warnings
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ...data import Dataset
from ...data.tabular import UNCLOSED, normal_header, tolerant_rows
from ...errors import IcddError, TableTooLargeError, UnreadableTableError
from ...frames import get_frame
from ...i18n import check as check_lang, format_number, t
from ..exercises import compared_items
from .agreement import PROJECT_CODER

CODING_COLUMNS = ["item_id", "frame_id", "code"]
READ_SUFFIXES = (".csv", ".tsv", ".xlsx")
UNSUPPORTED_SUFFIXES = (".xls", ".xlsm", ".xlsb", ".ods", ".numbers", ".txt", ".json")
#: A coding file is a few hundred bytes; anything this large is the wrong file (and is not read into memory).
MAX_FILE_BYTES = 1_000_000
#: Names several students could leave in place (the notebook's old default was "me"); checked after lower-casing
#: and removing '-', '_' and trailing digits, so "Student_1" and "nama-2" are placeholders too.
PLACEHOLDER_NAMES = frozenset({
    "me", "you", "student", "students", "studenta", "studentb", "studentc", "name", "myname", "yourname",
    "firstname", "lastname", "test", "example", "anonymous", "user", "x", "xx", "xxx", "abc", "todo",
    "siswa", "mahasiswa", "pelajar", "murid", "nama", "namaku", "namamu", "namasaya", "namasiswa", "saya", "aku",
    "kamu", "tes", "coba", "contoh", "anonim",
})

#: The classroom's messages (problem labels, details, summaries, save_coding refusals) are in the package's
#: translation catalogue, under ``class_<name>``.
PROBLEM_COLUMNS = ["student", "file", "row", "kind", "problem", "detail"]



def _m(key: str, lang: str, **values) -> str:
    return t(f"class_{key}", check_lang(lang), **values)


def example_folder() -> Path:
    """The shipped example class: three fictional students' codings of the eight compared items."""
    return Path(str(resources.files("icdd_analysis.teaching") / "class-codings-example"))


# --- student names ----------------------------------------------------------------------------------


def is_placeholder(name: str) -> bool:
    """Whether ``name`` is a placeholder ("student", "Nama_2", "me") that several students could share."""
    key = re.sub(r"[\s_\-]+", "", str(name).lower()).rstrip("0123456789")
    return key in PLACEHOLDER_NAMES


# --- reading --------------------------------------------------------------------------------------


def _xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
            # a file object, not the path: openpyxl refuses a path not ending in .xlsx (an .xlsx renamed to .csv)
            workbook = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = ["" if v is None else str(v).strip() for v in values]
                if any(cells):
                    rows.append((number, cells))
            return rows
        finally:
            workbook.close()
    except Exception as error:  # noqa: BLE001 - whatever a broken workbook makes openpyxl raise
        raise UnreadableTableError("r_xlsx") from error


def _table_rows(path: Path) -> list[tuple[int, list[str]]]:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TableTooLargeError(size)
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableTableError("r_old_excel")
    if head.startswith(b"PK\x03\x04"):
        return _xlsx_rows(path)
    if path.suffix.lower() == ".xlsx":
        raise UnreadableTableError("r_xlsx")
    return tolerant_rows(path.read_bytes(), CODING_COLUMNS)


class ClassCodings(dict):
    """student -> items x codes matrix (nullable boolean; ``<NA>`` on items the student has not coded).

    Beside the dict: ``problems`` (a DataFrame with one row per problem: student, file, row, kind, problem,
    detail, in the language it was read in), ``files`` (how many files were read), ``incomplete`` and
    ``not_counted`` (students), and :meth:`report` (the Markdown a notebook shows).
    """

    def __init__(self, codings: dict[str, pd.DataFrame] | None = None, problems: pd.DataFrame | None = None,
                 files: int = 0, not_counted: list[str] | None = None, lang: str = "en", frame: str = "function",
                 items: list[str] | None = None, codes: list[str] | None = None):
        super().__init__(codings or {})
        self.problems = problems if problems is not None else pd.DataFrame(columns=PROBLEM_COLUMNS)
        self.files, self.not_counted = files, list(not_counted or [])
        self.lang, self.frame, self._items, self._codes = lang, frame, list(items or []), list(codes or [])

    @property
    def incomplete(self) -> list[str]:
        """Students who left at least one item uncoded."""
        return [name for name, m in self.items() if m.isna().to_numpy().any()]

    def problems_table(self, lang: str | None = None) -> str:
        """The problems as a Markdown table (headers in ``lang``; problem texts in the language they were read in)."""
        from ...present import md_table

        lang = check_lang(lang or self.lang)
        return md_table(self.problems.drop(columns="kind"), lang)  # headers from the catalogue

    def report(self, lang: str | None = None) -> str:
        """A one-line summary, and the table of problems with the valid items and codes when there are any."""
        lang = check_lang(lang or self.lang)
        if not self.files:
            return _m("summary_none", lang)
        if self.problems.empty:
            return _m("summary_ok", lang, n=self.files)
        complete = len(self) - len(self.incomplete)
        summary = _m("summary", lang, n=self.files, complete=complete, incomplete=len(self.incomplete),
                     not_counted=len(self.not_counted))
        valid = _m("valid_values", lang, items=", ".join(self._items), frame=self.frame, codes=", ".join(self._codes))
        return f"{summary}\n\n{self.problems_table(lang)}\n\n{valid}"

    def _repr_markdown_(self) -> str:
        return self.report()


def read_class_codings(ds: Dataset, folder: str | Path | None = None, frame: str = "function",
                       lang: str = "en") -> ClassCodings:
    """Every student file in ``folder`` (default: the shipped example) as student -> items x codes matrix.

    Never raises for a bad student file: each problem (unreadable or empty file, wrong columns, unknown item
    or code, wrong frame, duplicate row, items not coded, ...) becomes a row of ``.problems`` naming the
    student, the file and the row, in ``lang``; rows that can be used are used. A missing folder or an unknown
    ``frame`` (the teacher's parameters) raise :class:`IcddError`. The reading rules are in the module docstring.
    """
    lang = check_lang(lang)
    folder = Path(folder) if folder else example_folder()
    if not folder.is_dir():
        raise IcddError(f"class codings folder {folder} does not exist.")
    example = folder.resolve() == example_folder().resolve()  # its fictional students are named student-a, -b, -c
    frame_obj = get_frame(ds, frame)
    items, codes = compared_items(ds), frame_obj.code_ids
    item_by_key = {i.lower(): i for i in items}
    code_by_key = {c.lower(): j for j, c in enumerate(codes)}
    index = pd.Index(items, name="item_id")
    problems: list[tuple] = []
    codings: dict[str, pd.DataFrame] = {}
    not_counted: list[str] = []
    first_file: dict[str, str] = {}
    files = 0

    def problem(student, file, row, kind, detail):
        problems.append((student, file, row, kind, _m(kind, lang), detail))

    root = folder.resolve()
    for path in sorted(folder.iterdir(), key=lambda p: (p.name.lower(), p.name)):
        name, suffix = path.name, path.suffix.lower()
        if name.startswith((".", "~$")) or name.lower().startswith("readme"):
            continue
        student = unicodedata.normalize("NFC", path.stem)
        refusal = refused_entry(path, root)
        if refusal is not None:
            files += 1
            problem(student, name, None, "refused", _m(f"d_refused_{refusal}", lang))
            not_counted.append(student)
            continue
        if suffix in UNSUPPORTED_SUFFIXES:
            files += 1
            problem(student, name, None, "unsupported", _m("d_unsupported", lang, suffix=suffix))
            not_counted.append(student)
            continue
        if suffix not in READ_SUFFIXES:
            continue
        files += 1
        try:
            student_problems: list[tuple] = []
            matrix = _read_student(path, frame, item_by_key, code_by_key, len(items), lang, student_problems)
        except TableTooLargeError as big:
            matrix, student_problems = None, [(None, "too_large", _m("d_too_large", lang, size=format_number(big.args[0], lang)))]
        except UnreadableTableError as reason:
            matrix, student_problems = None, [(None, "unreadable", _m("d_unreadable", lang, reason=_m(reason.args[0], lang)))]
        except Exception as error:  # noqa: BLE001 - one student's file must never stop the lesson
            reason = (error.strerror if isinstance(error, OSError) and error.strerror else type(error).__name__)
            matrix, student_problems = None, [(None, "unreadable", _m("d_unreadable", lang, reason=reason))]
        for rows, kind, detail in _collapsed(student_problems):
            problem(student, name, rows, kind, detail)
        if is_placeholder(student) and not example:
            problem(student, name, None, "placeholder_name", _m("d_placeholder", lang, name=student))
        if matrix is None:
            not_counted.append(student)
            continue
        coded = ~np.isnan(matrix).all(axis=1)
        if not coded.any():
            problem(student, name, None, "not_counted", _m("d_not_counted", lang))
            not_counted.append(student)
            continue
        if not coded.all():
            missing = [i for i, c in zip(items, coded) if not c]
            problem(student, name, None, "missing_items",
                    _m("d_missing_items", lang, n=len(missing), total=len(items), items=", ".join(missing)))
        key = student
        if student.lower() in first_file or student.lower() == PROJECT_CODER:
            key = f"{student} ({name})"
            problem(student, name, None, "same_name",
                    _m("d_same_name", lang, other=first_file.get(student.lower(), PROJECT_CODER), as_name=key))
        first_file.setdefault(student.lower(), name)
        codings[key] = _boolean_frame(matrix, index, codes)
    table = pd.DataFrame(problems, columns=PROBLEM_COLUMNS).fillna({"row": ""})
    return ClassCodings(codings, table, files, not_counted, lang, frame, items, codes)


def refused_entry(path: Path, root: Path) -> str | None:
    """Why the class-folder entry ``path`` is not read ("outside", "folder", "special"), or None for a regular
    file inside ``root`` (the folder, resolved). Decided from ``lstat``/``stat`` only: nothing is opened."""
    try:
        if path.is_symlink():
            target = path.resolve()
            if target.parent != root and root not in target.parents:
                return "outside"
        mode = path.stat().st_mode  # the link's target, which is inside the folder
    except (OSError, RuntimeError):  # a dangling or looping link
        return "outside"
    if stat.S_ISDIR(mode):
        return "folder"
    if not stat.S_ISREG(mode):
        return "special"
    return None


def _collapsed(problems: list[tuple]) -> list[tuple]:
    """One row per (kind, detail) of a file, its row numbers joined ("2-9", "4, 7"): the table stays short."""
    grouped: dict[tuple, list] = {}
    for row, kind, detail in problems:
        grouped.setdefault((kind, detail), []).append(row)
    out = []
    for (kind, detail), rows in grouped.items():
        numbers = sorted(r for r in rows if r is not None)
        if not numbers:
            text = ""
        elif numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
            text = f"{numbers[0]}-{numbers[-1]}"
        else:
            text = ", ".join(map(str, numbers))
        out.append((text, kind, detail))
    return out


def _boolean_frame(matrix: np.ndarray, index: pd.Index, codes: list[str]) -> pd.DataFrame:
    """A nullable-boolean DataFrame (NaN -> <NA>), built column by column: 7x faster than ``.astype("boolean")``."""
    missing = np.isnan(matrix)
    values = np.where(missing, 0.0, matrix).astype(bool)
    return pd.DataFrame({c: pd.arrays.BooleanArray(values[:, j], missing[:, j]) for j, c in enumerate(codes)}, index=index)


def _read_student(path: Path, frame: str, item_by_key: dict[str, str], code_by_key: dict[str, int], n_items: int,
                  lang: str, problems: list[tuple]) -> np.ndarray | None:
    """One student's items x codes matrix (1.0 coded, 0.0 not, NaN on items without any valid row)."""
    rows = _table_rows(path)
    if not rows:
        problems.append((None, "empty", _m("d_empty", lang)))
        return None
    header_number, header = rows[0]
    names = [normal_header(c) for c in header]
    if not set(CODING_COLUMNS) <= set(names):
        got = ", ".join(c for c in header if c) or "''"
        problems.append((header_number, "wrong_columns", _m("d_header", lang, got=got)))
        return None
    position = {column: names.index(column) for column in CODING_COLUMNS}
    named = {j for j, n in enumerate(names) if n}
    item_index = {item: k for k, item in enumerate(item_by_key.values())}
    matrix = np.full((n_items, len(code_by_key)), np.nan)
    seen: dict[tuple[str, str], int] = {}
    for number, cells in rows[1:]:
        if cells[0] == UNCLOSED:
            problems.append((number, "unclosed_quote", _m("d_unclosed_quote", lang, start=number, end=cells[1])))
            continue
        extra = [c for j, c in enumerate(cells) if c and j not in named]
        if extra:
            problems.append((number, "wrong_columns", _m("d_cells", lang, n=len([c for c in cells if c]))))
            continue
        cells = cells + [""] * (len(names) - len(cells))
        item_cell, frame_cell, code_cell = (cells[position[c]] for c in CODING_COLUMNS)
        if frame_cell.lower() != frame.lower():
            problems.append((number, "wrong_frame", _m("d_wrong_frame", lang, value=frame_cell, frame=frame)))
            continue
        item = item_by_key.get(item_cell.lower())
        if item is None:
            problems.append((number, "unknown_item", _m("d_unknown_item", lang, value=item_cell)))
            continue
        if not code_cell:
            problems.append((number, "missing_code", _m("d_missing_code", lang, item=item)))
            continue
        code = code_by_key.get(code_cell.lower())
        if code is None:
            several = re.search(r"[,;/\s]", code_cell)
            detail = _m("d_one_code", lang, value=code_cell) if several else \
                _m("d_unknown_code", lang, value=code_cell, frame=frame)
            problems.append((number, "unknown_code", detail))
            continue
        key = (item, code_cell.lower())
        if key in seen:
            problems.append((number, "duplicate_row", _m("d_duplicate", lang, first=seen[key])))
            continue
        seen[key] = number
        row = matrix[item_index[item]]
        if np.isnan(row).all():
            row[:] = 0.0
        row[code] = 1.0
    return matrix
