"""Class codings: students' own codings saved as CSV files (one per student), read back and compared live."""

from __future__ import annotations

import csv
import re
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .. import stats
from ..data import Dataset
from ..errors import IcddError
from ..frames import get_frame, project_coding
from .exercises import compared_items

CODING_COLUMNS = ["item_id", "frame_id", "code"]
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")


def example_folder() -> Path:
    """The shipped example class: three fictional students' codings of the eight compared items."""
    return Path(str(resources.files("icdd_analysis.teaching") / "class-codings-example"))


def save_coding(coding: dict[str, list[str]], student: str, folder: str | Path, frame: str = "function") -> Path:
    """Write one student's coding to ``<folder>/<student>.csv`` (item_id, frame_id, code)."""
    if not _NAME.match(student or ""):
        raise IcddError(f"student name {student!r}: use letters, digits, '-' or '_' (it becomes the file name).")
    folder = Path(folder)
    if folder.resolve() == example_folder().resolve():
        raise IcddError("the example class folder ships with the package; save into your own class folder.")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{student}.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(CODING_COLUMNS)
        for item, codes in coding.items():
            for code in codes:
                writer.writerow([item, frame, code])
    return path


def read_class_codings(ds: Dataset, folder: str | Path | None = None, frame: str = "function") -> dict[str, pd.DataFrame]:
    """Every ``*.csv`` in ``folder`` (default: the shipped example) as coder -> items x codes (bool).

    A file with a wrong header, an unknown item or a code outside the frame stops with a message naming
    the file and the row.
    """
    folder = Path(folder) if folder else example_folder()
    if not folder.is_dir():
        raise IcddError(f"class codings folder {folder} does not exist.")
    frame_obj = get_frame(ds, frame)
    items = compared_items(ds)
    codings: dict[str, pd.DataFrame] = {}
    for path in sorted(folder.glob("*.csv")):
        matrix = pd.DataFrame(False, index=pd.Index(items, name="item_id"), columns=frame_obj.code_ids)
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames != CODING_COLUMNS:
                raise IcddError(f"{path.name}, header row: expected columns {', '.join(CODING_COLUMNS)}, got {reader.fieldnames}.")
            for number, row in enumerate(reader, start=2):
                if row["frame_id"] != frame:
                    continue
                if row["item_id"] not in matrix.index:
                    raise IcddError(f"{path.name}, row {number}: item {row['item_id']!r} is not one of {', '.join(items)}.")
                if row["code"] not in matrix.columns:
                    raise IcddError(f"{path.name}, row {number}: code {row['code']!r} is not in frame {frame}; "
                                    f"valid: {', '.join(frame_obj.code_ids)}.")
                matrix.at[row["item_id"], row["code"]] = True
        codings[path.stem] = matrix
    if not codings:
        raise IcddError(f"class codings folder {folder} has no .csv files.")
    return codings


def coding_matrix(ds: Dataset, coding: dict[str, list[str]], frame: str = "function") -> pd.DataFrame:
    """One coding given as a dict (item -> codes) as an items x codes matrix."""
    frame_obj = get_frame(ds, frame)
    matrix = pd.DataFrame(False, index=pd.Index(compared_items(ds), name="item_id"), columns=frame_obj.code_ids)
    for item, codes in coding.items():
        for code in codes:
            matrix.at[item, code] = True
    return matrix


def class_agreement(ds: Dataset, codings: dict[str, pd.DataFrame], frame: str = "function",
                    include_project: bool = True) -> dict[str, object]:
    """Pairwise Cohen's kappa between coders, Krippendorff's alpha over all of them, and where they split."""
    import krippendorff

    coders = dict(codings)
    if include_project:
        frame_obj = get_frame(ds, frame)
        coders = {"project-2026": frame_obj.roll_up(project_coding(ds, frame_obj, compared_items(ds))), **coders}
    names = list(coders)
    flat = {n: m.to_numpy(bool).ravel().astype(int) for n, m in coders.items()}
    pairwise = pd.DataFrame([[stats.cohen_kappa(flat[a], flat[b]) for b in names] for a in names],
                            index=pd.Index(names, name="coder"), columns=pd.Index(names, name="coder"))
    data = np.vstack([flat[n] for n in names]).astype(float)
    alpha = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")) if len(np.unique(data)) > 1 else float("nan")
    stacked = np.stack([coders[n].to_numpy(bool) for n in names])  # coders x items x codes
    share = stacked.mean(axis=0)
    first = coders[names[0]]
    split = [{"item_id": item, "code": code, "coders_who_coded_it": int(round(share[i, j] * len(names))), "of": len(names)}
             for i, item in enumerate(first.index) for j, code in enumerate(first.columns) if 0 < share[i, j] < 1]
    return {"pairwise_kappa": pairwise, "krippendorff_alpha": alpha, "coders": names,
            "disagreements": pd.DataFrame(split, columns=["item_id", "code", "coders_who_coded_it", "of"])}
