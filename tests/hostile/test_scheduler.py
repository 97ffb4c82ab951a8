"""--scheduler: unreachable, malformed and non-Dask addresses are exit 2 naming the address, within seconds.
Only 127.0.0.1 is contacted: a closed port, and a local TCP server that is not Dask."""

from __future__ import annotations

import socket
import threading

import pytest

from icdd_analysis.report import jobs

from .common import clear_error, config, report_cli, small_notebook


@pytest.fixture
def not_dask():
    """A TCP server on 127.0.0.1 that answers anything with an HTTP response (as a web server would)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    stop = threading.Event()

    def serve():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                peer, _ = server.accept()
            except OSError:
                continue
            with peer:
                try:
                    peer.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello" * 50)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    server.close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


def run_with(tmp_path, address):
    nb = small_notebook(tmp_path)
    path = config(tmp_path, f"reports:\n  - name: a\n    notebook: {nb}\n  - name: b\n    notebook: {nb}\n")
    return report_cli("all", "--config", str(path), "--out", str(tmp_path / "out"), "--scheduler", address,
                      timeout=120)


@pytest.mark.slow
def test_a_server_that_is_not_dask_is_exit_2_naming_it(tmp_path, not_dask):
    result = run_with(tmp_path, not_dask)
    clear_error(result, f"--scheduler {not_dask}", "no Dask scheduler answered")
    assert "EiB" not in result.stderr or "MemoryError" in result.stderr  # the peer's garbage is a reason, not a crash


@pytest.mark.slow
def test_a_closed_port_is_exit_2_naming_it(tmp_path):
    address = f"tcp://127.0.0.1:{closed_port()}"
    result = run_with(tmp_path, address)
    clear_error(result, f"--scheduler {address}", f"within {jobs.SCHEDULER_TIMEOUT} s")


@pytest.mark.parametrize("address", ["127.0.0.1", "tcp://127.0.0.1", "tcp://127.0.0.1:99999", "http://x:1",
                                     "tcp://host name:8786", ""])
def test_a_malformed_address_is_refused_before_connecting(address):
    with pytest.raises(jobs.ReportInputError, match="is not a Dask scheduler address"):
        jobs.check_scheduler_address(address)


def test_a_malformed_address_on_the_command_line_is_exit_2(tmp_path):
    result = run_with(tmp_path, "tcp:/127.0.0.1:8786")
    clear_error(result, "'tcp:/127.0.0.1:8786'", "tcp://HOST:PORT")
