"""A report's kernel: Unix sockets of its own, on each path a kernel starts."""

from __future__ import annotations

import sys

import nbformat
import pytest

from icdd_analysis.report.kernels import kernel_manager_settings, socket_settings

from .helpers import cli, toy_notebook


SHOW_TRANSPORT = ('from ipykernel.connect import get_connection_info\n'
                  'info = get_connection_info(unpack=True)\n'
                  'print(f"kernel transport: {info[\'transport\']} {info[\'ip\'][:12]}")')


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract Unix sockets are Linux's")
def test_report_kernels_talk_over_sockets_no_other_process_can_take_from_them(tmp_path):
    """A kernel on TCP ports chosen by another process's bind-and-release can lose them to a kernel started at
    the same moment by a second Dask worker or test process ("Address already in use": CI failed so). The
    runner gives every kernel its own abstract Unix socket name instead, on each path: the kernel started
    ahead during the checks (``run``) and the Dask workers' kernels (``all --jobs 2``)."""
    nb = toy_notebook(tmp_path, body=SHOW_TRANSPORT)
    config = tmp_path / "reports.yaml"
    config.write_text(f"reports:\n  - name: one\n    notebook: {nb}\n  - name: two\n    notebook: {nb}\n")
    out = tmp_path / "reports"
    ran = cli("run", str(nb), "--name", "alone", "--out", str(out))
    assert ran.returncode == 0, ran.stderr
    both = cli("all", "--config", str(config), "--out", str(out), "--jobs", "2")
    assert both.returncode == 0, both.stderr
    for name in ("alone", "one", "two"):
        cells = nbformat.read(out / name / "report.ipynb", as_version=4).cells
        printed = [o["text"] for c in cells if c.cell_type == "code" for o in c.outputs if o.get("name") == "stdout"]
        assert printed[0] == "kernel transport: ipc @icdd-kernel\n", (name, printed)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract Unix sockets are Linux's")
def test_each_kernel_gets_an_abstract_socket_name_of_its_own_and_its_connection_file_in_the_work_folder(tmp_path):
    first, second = socket_settings("icdd-nbval"), socket_settings("icdd-nbval")
    assert first["transport"] == "ipc" and first["ip"].startswith("@icdd-nbval-") and first["ip"] != second["ip"]
    settings = kernel_manager_settings(tmp_path)
    assert settings["connection_file"] == str(tmp_path / "kernel.json")
    assert settings["transport"] == "ipc" and settings["ip"].startswith("@icdd-kernel-")
