"""icdd-report keeps its promises with hostile or unlucky input (issue 8, part 3).

Readable output under any umask, bounded parameters, safe report names, paths in config files, a dead
or stuck kernel, a corrupt manifest, stale work folders of killed runs, a quiet run without a usable
HOME, and oversized or malicious YAML files. Bad input exits 2 and writes nothing.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest
from filelock import FileLock

import icdd_analysis as icdd
from icdd_analysis import report
from icdd_analysis.parameters import ParameterError, check

from .test_report import cli, toy_notebook

pytestmark = pytest.mark.slow


def run_main(capsys, *args: str) -> tuple[int, str]:
    """The CLI in this process: an uncaught exception (a traceback for a user) fails the test."""
    code = report.main(list(args))
    return code, capsys.readouterr().err


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


# --- 1. readable output --------------------------------------------------------------------------------


def test_every_report_folder_and_file_is_readable_as_the_umask_allows(tmp_path, umask_022):
    body = 'import os\nos.makedirs(figures_dir, exist_ok=True)\nopen(os.path.join(figures_dir, "plot.png"), "wb").close()'
    nb = toy_notebook(tmp_path, body=body)
    out = tmp_path / "reports"
    result = cli("run", str(nb), "--name", "toy", "--out", str(out), "-q")  # the child inherits the umask
    assert result.returncode == 0, result.stderr
    assert (out / "toy" / "figures" / "plot.png").is_file()
    modes = {str(p.relative_to(out)): stat.S_IMODE(p.stat().st_mode) for p in [out, *out.rglob("*")]}
    assert {name: oct(mode) for name, mode in modes.items() if mode != (0o755 if Path(out, name).is_dir() else 0o644)} == {}
    assert {"toy", "toy/report.html", "toy/report.ipynb", "toy/figures", "index.html", "manifest.json"} <= set(modes)


# --- 2. n_permutations has bounds ------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, -1, 10_001, 10**30])
def test_n_permutations_outside_1_to_10000_is_refused(value):
    with pytest.raises(ParameterError, match=rf"'n_permutations': {value} is outside the valid range 1 to 10000 \(the report"):
        check({"n_permutations": value})


def test_n_permutations_bounds_are_accepted():
    for value in (1, 10_000):
        check({"n_permutations": value})


def test_an_absurd_n_permutations_exits_2_before_a_kernel_starts(tmp_path):
    out = tmp_path / "reports"
    # In a child with a time limit: without the bound this runs for hours.
    result = cli("run", "02-compare-agendas", "-p", "n_permutations=100000000", "--out", str(out), timeout=120)
    assert result.returncode == 2 and "outside the valid range 1 to 10000" in result.stderr and "time" in result.stderr
    assert not out.exists()


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


def test_an_unsafe_name_exits_2_and_writes_nothing(tmp_path, capsys):
    nb = toy_notebook(tmp_path)
    out = tmp_path / "reports"
    code, err = run_main(capsys, "run", str(nb), "--name", "../escaped", "--out", str(out))
    assert code == 2 and "report name '../escaped' contains a path separator" in err
    config = tmp_path / "reports.yaml"
    config.write_text(f"reports:\n  - name: manifest.json\n    notebook: {nb}\n", encoding="utf-8")
    code, err = run_main(capsys, "all", "--config", str(config), "--out", str(out))
    assert code == 2 and f"report config {config}, entry 1: report name 'manifest.json' collides" in err
    assert not out.exists() and not (tmp_path / "escaped").exists()


# --- 4. paths in config files; the output folder ------------------------------------------------------------


def test_relative_paths_in_config_and_parameter_files_are_relative_to_the_file(tmp_path, monkeypatch):
    folder = tmp_path / "config"
    shutil.copytree(icdd.bundled_path().parent, folder / "mydata")
    toy_notebook(folder)
    (folder / "reports.yaml").write_text("reports:\n  - name: mine\n    notebook: toy.ipynb\n"
                                         "    parameters: {data: mydata}\n", encoding="utf-8")
    (folder / "params.yaml").write_text("data: mydata\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # a cron job's working folder is not the config's
    [job] = report.load_config(Path("../config/reports.yaml"))
    assert job.notebook.resolve() == (folder / "toy.ipynb").resolve()
    assert job.parameters == {"data": str((folder / "mydata").resolve())}
    nb = report.find_notebook("01-overview")
    values = report.parse_cli_parameters(nb, ["lang=id"], ["../config/params.yaml"])
    assert values == {"data": str((folder / "mydata").resolve()), "lang": "id"}
    assert report.parse_cli_parameters(nb, ["data=mydata"], [])["data"] == str((elsewhere / "mydata").resolve())  # -p: cwd


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


# --- 5. figures_dir is the runner's ---------------------------------------------------------------------------


def test_figures_dir_is_not_a_runner_parameter(tmp_path, capsys):
    nb = toy_notebook(tmp_path)
    out = tmp_path / "reports"
    code, err = run_main(capsys, "run", str(nb), "-p", "figures_dir=/srv/elsewhere", "--out", str(out))
    assert code == 2 and "parameter 'figures_dir': is set by icdd-report: figures always go to <report>/figures/" in err
    config = tmp_path / "reports.yaml"
    config.write_text(f"reports:\n  - name: toy\n    notebook: {nb}\n    parameters: {{figures_dir: x}}\n", encoding="utf-8")
    code, err = run_main(capsys, "all", "--config", str(config), "--out", str(out))
    assert code == 2 and "parameter 'figures_dir': is set by icdd-report" in err
    assert not out.exists()
    listing = report.list_notebooks()
    assert "  figures_dir: set by icdd-report, figures go to <report>/figures/ (not a runner parameter)" in listing
    assert "figures_dir (str" not in listing


# --- 6. a dead or stuck kernel is a failed run --------------------------------------------------------------


def test_a_dead_kernel_and_a_cell_timeout_fail_the_run_and_keep_the_previous_report(tmp_path):
    nb = toy_notebook(tmp_path, body="if fail:\n    import os\n    os._exit(1)")
    out = tmp_path / "reports"
    assert cli("run", str(nb), "--name", "toy", "--out", str(out), "-q").returncode == 0
    before = (out / "toy" / "report.html").read_bytes()
    cases = [(["-p", "fail=true"], "the kernel died"),
             (["-p", "sleep=60", "--cell-timeout", "2"], "the cell ran longer than the time limit of 2 s")]
    for args, error in cases:
        result = cli("run", str(nb), "--name", "toy", *args, "--out", str(out), "-q")
        assert result.returncode == 1, result.stderr
        assert f"toy failed in cell 3 of toy.ipynb (`import time`): {error}" in result.stderr
        assert "Traceback" not in result.stderr
        assert (out / "toy" / "report.html").read_bytes() == before
        entry = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]["toy"]
        assert entry["status"] == "failed" and entry["failed_cell"] == 3 and entry["error"].startswith(error)
        assert entry["last_success"]["parameters"] == {}
        assert f"<b>failed</b> in cell 3: {error}" in (out / "index.html").read_text(encoding="utf-8")
        assert (out / "toy.failed.ipynb").is_file()
        assert not list(out.glob(".tmp-*"))


def test_cell_timeout_must_be_a_positive_number_of_seconds(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        report.main(["run", "01-overview", "--cell-timeout", "0", "--out", str(tmp_path / "r")])
    assert exit_.value.code == 2 and "not a whole number of seconds of at least 1" in capsys.readouterr().err


# --- 7. a corrupt manifest is kept aside ---------------------------------------------------------------------


@pytest.mark.parametrize("content", [b'{"reports": {"a": ', b"[1, 2]", b'{"reports": []}', b"\xff\xfe not utf-8"])
def test_a_corrupt_manifest_is_kept_aside_and_reported(tmp_path, capsys, content):
    (tmp_path / "manifest.json").write_bytes(content)
    report._update_manifest(tmp_path, "toy", {"status": "ok", "parameters": {}})
    [kept] = tmp_path.glob("manifest.json.corrupt-*")
    assert kept.read_bytes() == content
    assert f"{tmp_path / 'manifest.json'} was corrupt" in capsys.readouterr().err and kept.name
    assert set(json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["reports"]) == {"toy"}


# --- 8. stale work folders: by lock, not by process id ---------------------------------------------------------


def _work_folder(out: Path, name: str) -> Path:
    folder = out / f".tmp-{name}-x1y2z3"
    (folder / "report").mkdir(parents=True)
    (folder / "kernel.json").write_text("{}", encoding="utf-8")
    return folder


def test_stale_work_folders_are_removed_and_live_ones_kept(tmp_path):
    killed = _work_folder(tmp_path, "killed")
    (tmp_path / f"{killed.name}.lock").touch()  # its run died holding nothing
    orphan_lock = tmp_path / ".tmp-gone-abc.lock"
    orphan_lock.touch()
    held_by_thread = _work_folder(tmp_path, "thread")
    held_by_process = _work_folder(tmp_path, "process")
    retired = tmp_path / ".old-toy-abc"  # killed between moving the old report out and the new one in
    (retired / "toy").mkdir(parents=True)
    (retired / "toy" / "report.html").write_text("previous", encoding="utf-8")

    holder = subprocess.Popen([sys.executable, "-c", "import sys; from filelock import FileLock\n"
                               f"lock = FileLock({str(held_by_process) + '.lock'!r}); lock.acquire()\n"
                               "print('held', flush=True); sys.stdin.read()"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    acquired, release = threading.Event(), threading.Event()

    def hold():
        with FileLock(f"{held_by_thread}.lock"):
            acquired.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert holder.stdout.readline() == "held\n" and acquired.wait(30)
        report.clean_stale_temp(tmp_path)
        assert not killed.exists() and not Path(f"{killed}.lock").exists() and not orphan_lock.exists()
        assert (held_by_thread / "kernel.json").is_file() and (held_by_process / "kernel.json").is_file()
        assert not retired.exists() and (tmp_path / "toy" / "report.html").read_text(encoding="utf-8") == "previous"
    finally:
        release.set()
        thread.join()
        holder.communicate("")
    report.clean_stale_temp(tmp_path)  # both runs are gone now
    assert not list(tmp_path.glob(".tmp-*"))


# --- 9. quiet without a usable HOME; no kernel files left behind ----------------------------------------------


def test_quiet_prints_nothing_without_a_usable_home(tmp_path):
    body = ("import matplotlib\nmatplotlib.use('agg')\nimport matplotlib.pyplot as plt\n"
            "fig, ax = plt.subplots()\nax.plot([1, 2])\nplt.show()")
    nb = toy_notebook(tmp_path, body=body)
    home = tmp_path / "home-is-a-file"  # not a folder: unusable even for root
    home.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER_", "XDG_")) and k not in ("IPYTHONDIR", "MPLCONFIGDIR")}
    env["HOME"] = str(home)
    out = tmp_path / "reports"
    result = subprocess.run([sys.executable, "-m", "icdd_analysis.report", "run", str(nb), "--name", "toy",
                             "--out", str(out), "--quiet"], capture_output=True, text=True, env=env, timeout=300)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    executed = nbformat.read(out / "toy" / "report.ipynb", as_version=4)
    assert [o for c in executed.cells for o in c.get("outputs", []) if o.get("name") == "stderr"] == []


# --- 10. YAML files: size, depth, aliases, encoding ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"lang: en\n" + b"# padding\n" * 120_000, "larger than 1024 KiB"),
        (b"lang: " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested more than 32 levels deep"),
        (b'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n'
         b"lang: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n", "aliases (*name) are not allowed here"),
        ("lang: 'español'\n".encode("latin-1"), "not UTF-8 text (byte 0xf1 at offset"),
        (b"lang: [unclosed\n", "not valid YAML"),
    ],
    ids=["too-big", "too-deep", "billion-laughs", "latin-1", "broken"],
)
def test_hostile_parameter_and_config_files_exit_2(tmp_path, capsys, content, message):
    out = tmp_path / "reports"
    params = tmp_path / "params.yaml"
    params.write_bytes(content)
    code, err = run_main(capsys, "run", "01-overview", "-f", str(params), "--out", str(out))
    assert code == 2 and f"icdd-report: parameter file {params}" in err and message in err, err
    config = tmp_path / "reports.yaml"
    config.write_bytes(content.replace(b"lang:", b"reports:", 1))
    code, err = run_main(capsys, "all", "--config", str(config), "--out", str(out))
    assert code == 2 and f"icdd-report: report config {config}" in err and message in err, err
    assert not out.exists()


def test_a_config_with_wrong_shapes_exits_2(tmp_path, capsys):
    config = tmp_path / "reports.yaml"
    for text, message in [("reports: {a: 1}\n", "expected a 'reports:' list"),
                          ("- 1\n", "expected a 'reports:' list"),
                          ("reports:\n  - notebook: 01-overview\n    parameters: [1, 2]\n", "entry 1: 'parameters' must be")]:
        config.write_text(text, encoding="utf-8")
        code, err = run_main(capsys, "all", "--config", str(config), "--out", str(tmp_path / "r"))
        assert code == 2 and message in err, err
