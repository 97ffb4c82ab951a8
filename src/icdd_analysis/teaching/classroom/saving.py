"""Saving one student's coding into a class folder (:func:`save_coding`): the student's name checked as a safe,
personal file name, the coding checked against the lesson, the file written whole or not at all. Reading the
folder back is :mod:`.files`."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from ...data import Dataset
from ...errors import IcddError
from ...frames import get_frame
from ...i18n import check as check_lang
from ..exercises import compared_items
from .agreement import PROJECT_CODER
from .files import CODING_COLUMNS, READ_SUFFIXES, _m, example_folder, is_placeholder

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{1,63}$")
_RESERVED = frozenset({PROJECT_CODER, "con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                       *(f"lpt{i}" for i in range(1, 10))})

#: Files this process wrote: saving again over them is the same student revising their coding.
_saved_here: set[Path] = set()


def _student_name(student, lang: str) -> str:
    name = student.strip() if isinstance(student, str) else ""
    if not name:
        raise IcddError(_m("not_saved", lang, reason=_m("s_name_missing", lang)))
    if not _NAME.match(name):
        raise IcddError(_m("not_saved", lang, reason=_m("s_name_invalid", lang, name=name)))
    if is_placeholder(name):
        raise IcddError(_m("not_saved", lang, reason=_m("s_name_placeholder", lang, name=name)))
    if name.lower() in _RESERVED:
        raise IcddError(_m("not_saved", lang, reason=_m("s_name_reserved", lang, name=name)))
    return name


def _coding_rows(ds: Dataset, coding, frame: str, lang: str) -> list[tuple[str, str, str]]:
    """The rows to write, or IcddError naming the first invalid item or code (the exercise checker's wording)."""
    from ..exercises import _m as exercise_message

    if not isinstance(coding, Mapping):
        raise IcddError(_m("not_saved", lang, reason=exercise_message("coding_not_dict", lang)))
    items = compared_items(ds)
    valid = get_frame(ds, frame).code_ids
    rows = []
    for item, codes in coding.items():
        if item not in items:
            reason = exercise_message("coding_unknown_item", lang, item=item, items=", ".join(items))
            raise IcddError(_m("not_saved", lang, reason=reason))
        for code in [codes] if isinstance(codes, str) else (codes or []):
            if code not in valid:
                reason = exercise_message("coding_bad_code", lang, item=item, code=code, valid=", ".join(valid))
                raise IcddError(_m("not_saved", lang, reason=reason))
            if (item, frame, code) not in rows:
                rows.append((item, frame, code))
    if not rows:
        raise IcddError(_m("not_saved", lang, reason=_m("s_empty", lang)))
    return rows


def save_coding(coding: dict[str, list[str]], student: str, folder: str | Path, frame: str = "function", *,
                ds: Dataset | None = None, lang: str = "en", overwrite: bool = False) -> Path:
    """Write one student's coding to ``<folder>/<student>.csv`` (item_id, frame_id, code), after checking it.

    Nothing is written, and :class:`IcddError` says why in ``lang``, when: the name is missing, unsafe as a
    file name or a placeholder ("student", "nama", "me"); an item or code is not in the lesson (``ds``, by
    default the bundled data); the frame is unknown; the coding has no code at all; or ``<student>.csv``
    already holds another coding that this session did not write (a classmate with the same name; pass
    ``overwrite=True`` to replace your own file from an earlier session). A partial coding is saved, and is
    read back as incomplete. The file is written whole or not at all (a temporary file, then a rename).
    """
    lang = check_lang(lang)
    name = _student_name(student, lang)
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise IcddError(_m("not_saved", lang, reason=_m("s_not_folder", lang, folder=folder)))
    if folder.is_dir() and folder.resolve() == example_folder().resolve():
        raise IcddError(_m("not_saved", lang, reason=_m("s_example", lang)))
    if ds is None:
        from ...data import load

        ds = load()
    from ...frames import frame_ids

    if not isinstance(frame, str) or frame not in frame_ids(ds):
        raise IcddError(_m("not_saved", lang, reason=_m("s_frame", lang, frame=frame, valid=", ".join(frame_ids(ds)))))
    rows = _coding_rows(ds, coding, frame, lang)
    content = "\n".join(",".join(row) for row in [tuple(CODING_COLUMNS), *rows]) + "\n"

    path = folder / f"{name}.csv"
    if folder.is_dir():
        for other in folder.iterdir():
            if other.stem.lower() == name.lower() and other.name != path.name and other.suffix.lower() in READ_SUFFIXES:
                raise IcddError(_m("not_saved", lang, reason=_m("s_clash", lang, other=other.name)))
    # A file this session wrote, or a new one, becomes this session's; identical bytes are written without adopting it.
    owned = overwrite or not path.exists() or path.resolve() in _saved_here
    if not owned:
        try:
            same = path.read_bytes() == content.encode("utf-8")
        except OSError:
            same = False
        if not same:
            raise IcddError(_m("not_saved", lang, reason=_m("s_exists", lang, file=path.name)))
    temporary = folder / f".{name}.csv.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary.write_text(content, encoding="utf-8", newline="")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise IcddError(_m("not_saved", lang, reason=_m("s_write", lang, path=path, reason=error.strerror or error))) from None
    if owned:
        _saved_here.add(path.resolve())
    return path
