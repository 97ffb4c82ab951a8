"""Work folders in the output folder: each run's private ``.tmp-<name>-<random>/`` held by its lock while the
run lasts, and the cleaning of what killed runs left behind (work folders, half-replaced reports, half-written
manifests)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from .jobs import INDEX, MANIFEST, RETIRED_PREFIX, TEMP_PREFIX
from .manifest import _lock


def clean_stale_temp(out: Path) -> None:
    """Remove what killed runs left in ``out``: work folders whose lock nobody holds, orphaned lock files,
    half-replaced reports and half-written manifests.

    A running job holds ``<work folder>.lock`` for as long as its work folder exists, so a lock that can
    be taken without waiting belongs to a run that is gone. (A lock, not a process probe: on Windows
    ``os.kill(pid, 0)`` sends CTRL_C_EVENT instead of probing.) Work folders are created, and cleaned,
    under the output folder's lock, so a cleaner never sees a folder before its run holds the lock.
    """
    from filelock import FileLock, Timeout

    with _lock(out):
        # Reports being replaced and manifests being written exist only under this lock: any seen now are stale.
        for retired in out.glob(f"{RETIRED_PREFIX}*"):
            for previous in retired.iterdir():  # killed between moving the old report out and the new one in
                if not (out / previous.name).exists():
                    os.replace(previous, out / previous.name)
            shutil.rmtree(retired, ignore_errors=True)
        for stale in [*out.glob(f".{MANIFEST}.*.tmp"), *out.glob(f".{INDEX}.*.tmp")]:
            stale.unlink(missing_ok=True)
        work_folders = {p for p in out.glob(f"{TEMP_PREFIX}*") if p.is_dir()}
        lock_files = {p for p in out.glob(f"{TEMP_PREFIX}*.lock") if p.is_file()}
        for work in sorted(work_folders | {p.with_name(p.name[: -len(".lock")]) for p in lock_files}):
            lock = FileLock(f"{work}.lock", timeout=0)
            try:
                lock.acquire()
            except Timeout:
                continue  # its run is alive
            try:
                shutil.rmtree(work, ignore_errors=True)
            finally:
                lock.release()
                with contextlib.suppress(OSError):
                    os.unlink(f"{work}.lock")


@contextlib.contextmanager
def work_folder(out: Path, name: str):
    """A private work folder ``out/.tmp-<name>-<random>/`` held by its lock while the run lasts, then removed.

    The folder itself is private (mode 0700: it holds the kernel's connection file, a secret); the report
    is built in its ``report/`` subfolder, created with the umask's permissions like every report file,
    so that the finished report is as readable as the umask allows when it is moved into place.
    """
    from filelock import FileLock

    with _lock(out):
        work = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{name}-", dir=out)).resolve()  # the kernel runs elsewhere
        lock = FileLock(f"{work}.lock", timeout=0)
        lock.acquire()
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)
        lock.release()
        with contextlib.suppress(OSError):
            os.unlink(f"{work}.lock")
