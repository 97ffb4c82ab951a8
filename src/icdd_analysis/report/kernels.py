"""A report's kernel: its connection settings (Unix sockets named by the run, the connection file in the
private work folder), folders for IPython and matplotlib when HOME is not writable, and the first report's
kernel started ahead while the parameters are checked. Also the socket naming nbval's kernels use (conftest.py)."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path

from .folders import work_folder
from .jobs import KERNEL, LOCK, _nearest_existing

log = logging.getLogger("icdd_analysis.report")


#: ipykernel warns at start that local TCP is unencrypted: noise in cron mail, so errors only. History in
#: memory, as nbclient sets it for the kernels it starts.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]
PRESTARTED_KERNEL_ARGUMENTS = [*KERNEL_ARGUMENTS, "--HistoryManager.hist_file=:memory:"]


class KernelStart:
    """The first report's work folder, and its kernel started while the parameters are checked, so that the
    kernel's start-up (a second or so of imports in its own process) overlaps the check instead of following
    it. The kernel runs nothing before the report runs in it; a check that fails closes it unused.

    The work folder is the one :func:`work_folder` makes (in ``--out``, held by its lock, with the kernel's
    connection file, cleaned by the next run if this one is killed). An output folder created for it is
    removed again when the run ends with nothing in it (a refused run writes nothing). Any trouble starting
    the kernel: papermill starts one as usual.
    """

    def __init__(self, out: Path, name: str):
        self._stack = contextlib.ExitStack()
        self._created = [p for p in (out, *out.parents) if not p.exists()]
        out.mkdir(parents=True, exist_ok=True)
        self.out, self.work = out, self._stack.enter_context(work_folder(out, name))
        self.report_dir = self.work / "report"
        self.report_dir.mkdir()
        self.settings = kernel_manager_settings(self.work)
        self.manager = None
        try:
            from jupyter_client.manager import AsyncKernelManager
            from jupyter_core.utils import run_sync

            manager = AsyncKernelManager(kernel_name=KERNEL, **self.settings)
            with tool_dirs(self.work):
                run_sync(manager.start_kernel)(extra_arguments=PRESTARTED_KERNEL_ARGUMENTS, cwd=str(self.report_dir))
            self.manager = manager
        except Exception as exc:  # noqa: BLE001 - an optimisation: without it papermill starts the kernel
            log.debug(f"icdd-report: no kernel started ahead ({type(exc).__name__}: {exc})")

    def shutdown(self) -> None:
        """Stop the kernel (papermill leaves a kernel it was given running)."""
        manager, self.manager = self.manager, None
        if manager is not None:
            from jupyter_core.utils import run_sync

            with contextlib.suppress(Exception):
                run_sync(manager.shutdown_kernel)(now=True)

    def close(self) -> None:
        self.shutdown()
        self._stack.close()
        for folder in self._created:  # deepest first; only what this run created and left empty
            with contextlib.suppress(OSError):
                if [p.name for p in folder.iterdir()] == [LOCK]:
                    (folder / LOCK).unlink()
                folder.rmdir()


def _writable(path: Path) -> bool:
    """``path`` is a writable folder, or could be created as one."""
    existing = _nearest_existing(path)
    return existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)


#: The longest Unix socket path macOS takes (104 bytes; Linux 108), less the "-<n>" the kernel adds to it
#: for each of its five channels.
_MAX_SOCKET_BASE = 96


def kernel_manager_settings(work: Path) -> dict:
    """The ``KernelManager`` settings for a report's kernel: its connection file (a secret) in the private
    work folder, removed with it even when the run is killed (the next run cleans it), and, where the
    platform has them, Unix domain sockets instead of TCP ports.

    Why not TCP: jupyter_client picks a kernel's five ports by binding to port 0 and letting them go, and
    the kernel binds them a moment later. Another process that starts a kernel in that moment (the second
    Dask worker of ``--jobs 2``, another test process) can be handed the same port, and one of the two
    kernels dies before it replies ("Address already in use"). Sockets named by this run have no such race.
    On Linux they are abstract (a name with no file, gone with the kernel even when it is killed, and
    guarded like TCP by the connection file's key); on other Unix systems they are files in the work
    folder when its path is short enough for a socket. Elsewhere, TCP.
    """
    return {"connection_file": str(work / "kernel.json"), **socket_settings("icdd-kernel", work)}


def socket_settings(name: str, folder: Path | None = None) -> dict:
    """``transport`` and ``ip`` for a kernel on Unix domain sockets of its own (see
    :func:`kernel_manager_settings` for why): on Linux an abstract name ``@<name>-<random>``; on other Unix
    systems files in ``folder``, when given and its path is short enough for a socket; else nothing (TCP).
    A new name on every call: one per kernel. nbval's kernels use it too (the root ``conftest.py``)."""
    import secrets

    if sys.platform.startswith("linux"):
        return {"transport": "ipc", "ip": f"@{name}-{secrets.token_hex(8)}"}
    if folder is not None and os.name == "posix" and len(os.fsencode(folder / "k")) <= _MAX_SOCKET_BASE:
        return {"transport": "ipc", "ip": str(folder / "k")}
    return {}


@contextlib.contextmanager
def tool_dirs(work: Path):
    """Give IPython and matplotlib folders in ``work`` when their usual ones (under HOME) are not writable.

    Without a writable HOME (cron, a service user, HOME unset or read-only) IPython warns on stderr
    and matplotlib warns into the report itself. Variables a user set are left alone; the kernel
    inherits the environment, so it is changed for the run and restored afterwards.
    """
    home = Path(os.path.expanduser("~"))
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        matplotlib_dirs = [Path(os.environ.get(var) or home / default) / "matplotlib"
                           for var, default in (("XDG_CONFIG_HOME", ".config"), ("XDG_CACHE_HOME", ".cache"))]
    else:
        matplotlib_dirs = [home / ".matplotlib"]
    changes = {}
    if not os.environ.get("IPYTHONDIR") and not _writable(home / ".ipython"):
        changes["IPYTHONDIR"] = str(work / "ipython")
    if not os.environ.get("MPLCONFIGDIR") and not all(_writable(d) for d in matplotlib_dirs):
        changes["MPLCONFIGDIR"] = str(work / "matplotlib")
    saved = {name: os.environ.get(name) for name in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
