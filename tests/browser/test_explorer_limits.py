"""The explorer server's limits against a real Voilà: at most --max-kernels kernels, a visit beyond them gets
"the explorer is full" (HTTP 503) and starts no kernel; --public needs a token. Only 127.0.0.1 is contacted."""

from __future__ import annotations

import asyncio
import subprocess
import urllib.error
import urllib.request

import psutil
import pytest

from .conftest import free_port, icdd_explore_command, running_server


def _kernels(server: subprocess.Popen) -> int:
    return sum("ipykernel" in " ".join(p.cmdline()) for p in psutil.Process(server.pid).children(recursive=True))


def test_a_visit_beyond_max_kernels_is_refused_without_starting_a_kernel():
    port = free_port()
    argv = [*icdd_explore_command(), "--port", str(port), "--max-kernels", "1"]
    with running_server("voila-limits", argv, port) as server:
        url = f"http://127.0.0.1:{port}/"
        with urllib.request.urlopen(url, timeout=180) as first:  # the first visitor's page starts its kernel
            assert first.status == 200
            first.read()
        try:
            urllib.request.urlopen(url, timeout=180).read()
            status = 200
        except urllib.error.HTTPError as refused:
            status, body = refused.code, refused.read().decode("utf-8", "replace")
        assert status == 503 and "full" in body.lower()
        assert _kernels(server) == 1


def test_public_without_a_token_does_not_start():
    result = subprocess.run([*icdd_explore_command(), "--public", "--port", str(free_port())], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and "--public needs a token" in result.stderr and "Traceback" not in result.stderr


# jupyter_server comes with the explore extra, which `make test-browser` installs (`make test` does not).
def test_the_kernel_manager_refuses_a_kernel_beyond_the_maximum():
    from tornado import web

    from icdd_analysis.explorer_kernels import LimitedKernelManager

    manager = LimitedKernelManager(max_kernels=0)
    with pytest.raises(web.HTTPError) as refused:
        asyncio.run(manager.start_kernel(kernel_name="python3"))
    assert refused.value.status_code == 503 and "full" in refused.value.log_message
    assert manager.list_kernel_ids() == []
