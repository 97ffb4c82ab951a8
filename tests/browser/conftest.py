"""Browser-test fixtures: a Voilà server (``icdd-explore``), a JupyterLab server and the system Chromium.

Run by ``make test-browser`` only (tests/conftest.py keeps plain ``pytest`` from collecting this folder).
Every server runs as a subprocess in its own session, with Jupyter's folders under build/browser/, and is
stopped with its kernels at teardown even when a test fails; its log stays in build/browser/ to read. A test
that fails leaves a screenshot of the page there too.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from icdd_analysis.serve_explorer import free_port  # noqa: F401 - the app's own; test_jupyterlab imports it

from ..conftest import ROOT

ARTIFACTS = ROOT / "build" / "browser"
CHROMIUM = Path(os.environ.get("ICDD_CHROMIUM", "/usr/bin/chromium"))
# The machines' network is closed: without these Chromium waits on updates, sync and QUIC probes.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: Generous (the machine is shared) but bounded: a server start, and a page's first full render.
SERVER_START_S = 120
FIRST_RENDER_MS = 180_000
#: One control change until the views say they are up to date again.
UPDATE_MS = 60_000


def server_env(name: str) -> dict[str, str]:
    """The environment of a server: Jupyter's data, config and runtime folders of its own under build/."""
    home = ARTIFACTS / f"{name}-home"
    shutil.rmtree(home, ignore_errors=True)
    folders = {"JUPYTER_DATA_DIR": "data", "JUPYTER_CONFIG_DIR": "config", "JUPYTER_RUNTIME_DIR": "runtime",
               "IPYTHONDIR": "ipython", "MPLCONFIGDIR": "mpl", "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
               "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces"}
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    for variable, folder in folders.items():
        (home / folder).mkdir(parents=True, exist_ok=True)
        env[variable] = str(home / folder)
    return env


def _wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with code {process.returncode} before listening; log: {log}\n"
                        + log.read_text(encoding="utf-8", errors="replace")[-3000:])
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the server did not listen on port {port} within {SERVER_START_S} s; log: {log}")


def _stop(process: subprocess.Popen) -> None:
    """Stop a server and every process it started (Voilà's and JupyterLab's kernels)."""
    import psutil  # ipykernel's own dependency

    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    process.terminate()  # both servers shut their kernels down on SIGTERM
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    _gone, alive = psutil.wait_procs(children, timeout=10)
    for child in alive:
        child.kill()
    try:
        os.killpg(process.pid, signal.SIGKILL)  # anything left in the server's session
    except (ProcessLookupError, PermissionError):
        pass


@contextmanager
def running_server(name: str, argv: list[str], port: int, cwd: Path | None = None):
    """Start ``argv`` (listening on ``port``), its output in build/browser/<name>.log; stop it at the end."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / f"{name}.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=server_env(name), cwd=cwd,
                                   start_new_session=True)
        try:
            _wait_for_port(port, process, log)
            yield process
        finally:
            _stop(process)


def icdd_explore_command() -> list[str]:
    """The installed console script; in a checkout run from source (PYTHONPATH), the same module."""
    script = Path(sys.executable).with_name("icdd-explore")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "icdd_analysis.serve_explorer"]


@pytest.fixture(scope="session")
def voila_url():
    """One Voilà server (English) for every Voilà test: http://127.0.0.1:<free port>/."""
    port = free_port()
    with running_server("voila", [*icdd_explore_command(), "--port", str(port), "--lang", "en"], port):
        yield f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it (Debian/Ubuntu: apt-get install -y chromium) "
                    "or set ICDD_CHROMIUM to its path.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright gives every launch a fresh, temporary profile (user-data-dir).
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(UPDATE_MS)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is None or report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-failure.png"), full_page=True)
    context.close()
