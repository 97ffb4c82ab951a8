"""The explorer's robustness grid in a warm child process (:mod:`.worker`), its progress read by a thread.

A process of its own because the grid is CPU-bound Python: in a thread of the kernel it would hold the
interpreter lock and slow every other view. One child per explorer, started when the robustness tab is
first opened and kept (it exits when its stdin closes, i.e. with the explorer's process): its imports and
the core's per-scope matrices stay warm, so a later grid takes its arithmetic's time (a few tenths of a
second), not a new interpreter's. The child runs the study's own robustness step
(:func:`~icdd_analysis.study.run.robustness_step`) and sends back the result or the
:class:`~icdd_analysis.errors.IcddError` whole (every error of the package pickles); a newer request
cancels an older run (the child stops it at its next specification), and nothing of it is cached.
"""

from __future__ import annotations

import itertools
import os
import pickle
import subprocess
import sys
import tempfile
import threading
from dataclasses import replace
from pathlib import Path

from ..errors import IcddError


class RobustnessWorker:
    """The warm child process of one explorer: runs are sent as ``run ID IN OUT`` lines, answered by
    ``progress ID DONE TOTAL`` and ``done ID`` lines (see :mod:`.worker`)."""

    def __init__(self, ds):
        self.folder = tempfile.TemporaryDirectory(prefix="icdd-robustness-")
        data = Path(self.folder.name) / "data.pickle"
        with open(data, "wb") as f:
            # Without its cache of Event objects (an Event does not unpickle: its __getattr__ reads its own row).
            pickle.dump(replace(ds, _events={}), f)
        package_root = str(Path(__file__).resolve().parents[2])  # the folder icdd_analysis is imported from
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH"))
                                                            if p)}
        self.process = subprocess.Popen([sys.executable, "-m", "icdd_analysis.explorer.worker", "--serve", str(data)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, bufsize=1, env=env)
        self._runs: dict[int, BackgroundRobustness] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, name="icdd-robustness-reader", daemon=True)
        self.reader.start()

    def alive(self) -> bool:
        return self.process.poll() is None

    def submit(self, run: "BackgroundRobustness", request) -> int:
        run_id = next(self._ids)
        source, result = (Path(self.folder.name) / f"{run_id}.{kind}.pickle" for kind in ("in", "out"))
        with open(source, "wb") as f:
            pickle.dump(request, f)
        with self._lock:
            self._runs[run_id] = run
        self._send(f"run {run_id} {source} {result}")
        return run_id

    def cancel(self, run_id: int) -> None:
        with self._lock:
            self._runs.pop(run_id, None)
        self._send(f"cancel {run_id}")

    def _send(self, line: str) -> None:
        try:
            self.process.stdin.write(line + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, ValueError, OSError):
            pass  # the child is gone: the reader reports it to every waiting run

    def _read(self) -> None:
        for line in self.process.stdout:
            parts = line.split()
            if len(parts) < 2 or not parts[1].isdigit():
                continue
            with self._lock:
                run = self._runs.get(int(parts[1]))
                if parts[0] == "done":
                    self._runs.pop(int(parts[1]), None)
            if run is None:
                continue  # a cancelled run
            if parts[0] == "progress" and len(parts) == 4:
                run.progress(int(parts[2]), int(parts[3]))
            elif parts[0] == "done":
                path = Path(self.folder.name) / f"{parts[1]}.out.pickle"
                with open(path, "rb") as f:
                    kind, result = pickle.load(f)  # ("result", Robustness) or ("error", the IcddError itself)
                path.unlink()
                run.finish(result)
        self.process.wait()
        last = self.process.stderr.read().strip().splitlines()[-1:] or [f"exit code {self.process.returncode}"]
        with self._lock:
            waiting, self._runs = list(self._runs.values()), {}
        for run in waiting:
            run.finish(IcddError(f"the robustness run failed: {last[0]}"))

    def close(self) -> None:
        """End the child (it exits when its stdin closes) and remove its folder."""
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.reader.join(10)
        self.folder.cleanup()


class BackgroundRobustness:
    """One robustness run of ``key`` in the state's warm worker; ``on_done(result)`` is called from the
    worker's reader thread with the Robustness or an IcddError, unless the run is cancelled first."""

    def __init__(self, state, key: tuple, on_progress, on_done):
        self.state, self.key, self.on_progress, self.on_done = state, key, on_progress, on_done
        self.cancelled = False
        self.worker: RobustnessWorker | None = None
        self.run_id: int | None = None
        self._finished = threading.Event()

    @property
    def process(self):
        """The worker's process (shared by the explorer's runs)."""
        return None if self.worker is None else self.worker.process

    def start(self) -> None:
        self.worker = self.state.robustness_worker()
        with self.state._lock:
            self.state.calls["robustness"] += 1
        self.run_id = self.worker.submit(self, self.state.robustness_request(self.key))

    def progress(self, done: int, total: int) -> None:
        if not self.cancelled:
            self.on_progress(done, total)

    def finish(self, result) -> None:
        if not self.cancelled:
            with self.state._lock:
                self.state._robustness[self.key] = result
            self.on_done(result)
        self._finished.set()

    def cancel(self) -> None:
        """Stop the run (a newer request supersedes it): the worker drops it, nothing is cached."""
        self.cancelled = True
        if self.worker is not None and self.run_id is not None:
            self.worker.cancel(self.run_id)
        self._finished.set()

    def done(self) -> bool:
        return self._finished.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._finished.wait(timeout) if self.worker is not None else True
