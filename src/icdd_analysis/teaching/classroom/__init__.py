"""Class codings: students' own codings saved as files (one per student), read back and compared live.

A teacher reads the class folder at the front of a room, so one student's mistake must never stop the lesson
and no student's work may vanish silently. :func:`read_class_codings` therefore never raises for a bad
student file: it reads what it can and lists every problem per student and row (:class:`ClassCodings`).

What is read, and how (the rule, in this order):

* Files ending in ``.csv`` or ``.tsv`` (any case), and ``.xlsx`` (first sheet, through openpyxl). A ``.csv``
  that is really an ``.xlsx`` (renamed) is read as one. ``.xls``, ``.ods``, ``.numbers`` and ``.txt`` files are
  listed as "save as CSV"; hidden files, spreadsheet lock files (``~$...``) and README files are ignored.
* Bytes are decoded as UTF-16 when they start with a UTF-16 byte-order mark (Excel's "Unicode text"), else as
  UTF-8 (with or without a byte-order mark), else as Windows-1252 (Excel's "CSV" on Windows, Indonesian and
  Western locales), else as Latin-1. Valid UTF-8 is tried first because non-ASCII Windows-1252 text is almost
  never valid UTF-8, while every byte string is "valid" Windows-1252/Latin-1.
* The delimiter is sniffed (:class:`csv.Sniffer`) among comma, semicolon (Excel under Indonesian regional
  settings), tab and ``|``, and checked against the header; an Excel ``sep=;`` first line is honoured.
  Spaces around values are ignored.
* The header needs the columns ``item_id``, ``frame_id`` and ``code`` in any order and any case (``Item ID``
  is ``item_id``); other columns (a note, empty columns from a spreadsheet) are ignored. Item ids, frame ids
  and codes are matched in any case; blank rows are skipped.

A student who left items uncoded is kept, marked incomplete: those items are missing (``<NA>``), never read as
"no code applies", and the agreement counts the student on the items they coded.
"""

from .agreement import PROJECT_CODER, class_agreement, coding_matrix, pairwise_kappa
from .files import (CODING_COLUMNS, PLACEHOLDER_NAMES, PROBLEM_COLUMNS, ClassCodings, example_folder, is_placeholder,
                    read_class_codings, refused_entry)
from .saving import save_coding

__all__ = ["CODING_COLUMNS", "PLACEHOLDER_NAMES", "PROBLEM_COLUMNS", "PROJECT_CODER", "ClassCodings",
           "class_agreement", "coding_matrix", "example_folder", "is_placeholder", "pairwise_kappa",
           "read_class_codings", "refused_entry", "save_coding"]
