"""A class of 1,000 students: reading the class folder and computing agreement must take seconds, not minutes.

Measured on the shared 2-core development machine (Nov 2026, load average about 7): the old pair-by-pair
scikit-learn kappa took 10 s for 50 students and 97 s for 150 (quadratic: about an hour for 1,000 there, 549 s on an
idle machine); now the agreement of 1,000 students takes 0.8-1.1 s, and reading their 1,000 files 0.8 s (idle) to 3.3 s.
"""

from __future__ import annotations

import numpy as np
import pytest

import icdd_analysis as icdd
from icdd_analysis import teaching as tc
from icdd_analysis.frames import get_frame

STUDENTS = 1_000


@pytest.fixture(scope="module")
def ds():
    return icdd.load()


@pytest.fixture(scope="module")
def class_folder(ds, tmp_path_factory):
    """1,000 students' files as a class would save them: most complete, some incomplete, a few broken."""
    folder = tmp_path_factory.mktemp("class")
    rng = np.random.default_rng(0)
    items, codes = tc.compared_items(ds), get_frame(ds, "function").code_ids
    for s in range(STUDENTS):
        coded = items if s % 10 else items[: rng.integers(1, len(items))]  # every tenth student is incomplete
        rows = [f"{i},function,{c}" for i in coded for c in rng.choice(codes, size=rng.integers(1, 3), replace=False)]
        sep = ";" if s % 3 == 0 else ","  # a third saved under Indonesian regional settings
        text = "\n".join(["item_id,frame_id,code", *rows]).replace(",", sep) + "\n"
        (folder / f"student{s:04d}-x.csv").write_bytes(text.encode("utf-8-sig") if s % 2 else text.encode("cp1252"))
    (folder / "broken.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    return folder


def test_read_a_class_of_1000(benchmark, ds, class_folder):
    codings = benchmark.pedantic(tc.read_class_codings, args=(ds, class_folder), rounds=3, iterations=1)
    assert len(codings) == STUDENTS and len(codings.incomplete) == STUDENTS // 10
    assert list(codings.problems["file"]).count("broken.csv") == 1


def test_agreement_of_a_class_of_1000(benchmark, ds, class_folder):
    codings = tc.read_class_codings(ds, class_folder)
    result = benchmark.pedantic(tc.class_agreement, args=(ds, codings), rounds=3, iterations=1)
    assert result["pairwise_kappa"].shape == (STUDENTS + 1, STUDENTS + 1)
    assert len(result["incomplete"]) == STUDENTS // 10 and -1 <= result["krippendorff_alpha"] <= 1
