"""Work folders: what killed runs left is cleaned, what live runs hold is kept."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from filelock import FileLock

from icdd_analysis import report



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
