"""What to run: parameters checked against their notebook, report names, the output folder."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys

import pytest

from icdd_analysis import report
from icdd_analysis.parameters import ParameterError, check

from .helpers import run_main, toy_notebook



def test_scope_parameters_are_checked_against_their_event():
    from icdd_analysis.parameters import ParameterError, check

    values = {"baseline": "rcdd-2019", "target": "icdd-2021", "baseline_scope": "stated_agenda",
              "target_scope": "focus_areas+panels+review"}
    assert check(values).event("rcdd-2019")  # valid: no error
    assert check({**values, "baseline_scope": "session+theme"})  # kinds joined by '+' are valid too
    with pytest.raises(ParameterError, match="parameter 'target_scope': preset 'sessions' needs items of kind session"):
        check({**values, "target_scope": "sessions"})


# --- 2. n_permutations has bounds ------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, -1, 10_001, 10**30])
def test_n_permutations_outside_1_to_10000_is_refused(value):
    with pytest.raises(ParameterError, match=rf"'n_permutations': {value} is outside the valid range 1 to 10000 \(the report"):
        check({"n_permutations": value})


def test_n_permutations_bounds_are_accepted():
    for value in (1, 10_000):
        check({"n_permutations": value})


# --- 3. safe report names ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", ".", "..", "../evil", "a/b", "a\\b", ".hidden", "a..b", "index.html",
                                  "INDEX.HTML", "manifest.json", "manifest.json.corrupt-1", ".icdd-report.lock",
                                  "toy.failed.ipynb", ".tmp-toy-123", ".old-toy-1", "con", "nul.txt", "trailing.",
                                  "space name", "ümlaut", "x" * 121, 5])
def test_unsafe_report_names_are_refused_with_what_is_valid(name):
    with pytest.raises(report.ReportInputError, match="letters, digits, '-', '_' and '.', starting with a letter or digit"):
        report.check_report_name(name)


@pytest.mark.parametrize("name", ["toy", "compare-agendas-id", "02-compare-agendas--frame-wsis--lang-id", "v1.2_final"])
def test_safe_report_names_pass(name):
    assert report.check_report_name(name) == name


def test_out_that_is_a_file_exits_2(tmp_path, capsys):
    nb = toy_notebook(tmp_path)
    a_file = tmp_path / "reports"
    a_file.write_text("not a folder", encoding="utf-8")
    code, err = run_main(capsys, "run", str(nb), "--out", str(a_file))
    assert code == 2 and f"--out {a_file} is a file; give a folder" in err
    code, err = run_main(capsys, "run", str(nb), "--out", str(a_file / "sub"))
    assert code == 2 and f"--out {a_file / 'sub'} is inside {a_file}, which is a file" in err
    assert a_file.read_text(encoding="utf-8") == "not a folder"


def _without_root_override():
    """In the child, before exec: drop the capabilities that let root write anywhere (CI containers run as root)."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
        for capability in (cap_dac_override, cap_dac_read_search):
            if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_out_folder_exits_2_and_writes_nothing(tmp_path):
    nb = toy_notebook(tmp_path)
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o555)
    try:
        for out in (read_only, read_only / "reports"):
            result = subprocess.run([sys.executable, "-m", "icdd_analysis.report", "run", str(nb), "--out", str(out)],
                                    capture_output=True, text=True, timeout=120, preexec_fn=_without_root_override)
            assert result.returncode == 2, result.stderr
            assert "not writable; give a folder you may write to." in result.stderr and "Traceback" not in result.stderr
        assert list(read_only.iterdir()) == []
    finally:
        read_only.chmod(0o755)
