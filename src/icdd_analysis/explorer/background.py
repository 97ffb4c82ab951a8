"""The explorer's robustness grid in a child process (:mod:`.worker`), its progress read by a thread.

A process of its own because the grid is CPU-bound Python: in a thread of the kernel it would hold the
interpreter lock and slow every other view. The child runs the study's own robustness step
(:func:`~icdd_analysis.study.run.robustness_step`) and sends back the result or the
:class:`~icdd_analysis.errors.IcddError` whole (every error of the package pickles); the result is cached in
the :class:`~.state.ExplorerState` under the robustness key it was started for.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from ..errors import IcddError


class BackgroundRobustness:
    """One robustness run in a child process (:mod:`.worker`), its progress read by a thread."""

    def __init__(self, state, key: tuple, on_progress, on_done):
        self.state, self.key, self.on_progress, self.on_done = state, key, on_progress, on_done
        self.cancelled = False
        self.process = None
        self.reader: threading.Thread | None = None

    def start(self) -> None:
        import os
        import pickle
        import subprocess
        import sys
        import tempfile
        from pathlib import Path

        self.folder = tempfile.TemporaryDirectory(prefix="icdd-robustness-")
        source, self.result_path = Path(self.folder.name) / "in.pickle", Path(self.folder.name) / "out.pickle"
        with open(source, "wb") as f:
            # Without its cache of Event objects (an Event does not unpickle: its __getattr__ reads its own row).
            pickle.dump((replace(self.state.ds, _events={}), self.state.robustness_request(self.key)), f)
        package_root = str(Path(__file__).resolve().parents[2])  # the folder icdd_analysis is imported from
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH"))
                                                            if p)}
        self.process = subprocess.Popen([sys.executable, "-m", "icdd_analysis.explorer.worker", str(source),
                                         str(self.result_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, env=env)
        with self.state._lock:
            self.state.calls["robustness"] += 1
        self.reader = threading.Thread(target=self._read, name="icdd-robustness-reader", daemon=True)
        self.reader.start()

    def _read(self) -> None:
        import pickle

        for line in self.process.stdout:
            parts = line.split()
            if self.cancelled:
                break
            if len(parts) == 3 and parts[0] == "progress":
                self.on_progress(int(parts[1]), int(parts[2]))
        self.process.wait()
        errors = self.process.stderr.read()
        if self.cancelled:
            self.folder.cleanup()
            return
        if self.process.returncode == 0 and self.result_path.exists():
            with open(self.result_path, "rb") as f:
                kind, result = pickle.load(f)  # ("result", Robustness) or ("error", the IcddError itself)
        else:
            last = errors.strip().splitlines()[-1:] or [f"exit code {self.process.returncode}"]
            result = IcddError(f"the robustness run failed: {last[0]}")
        self.folder.cleanup()
        with self.state._lock:
            self.state._robustness[self.key] = result
        self.on_done(result)

    def cancel(self) -> None:
        """Stop the run (a newer request supersedes it): the child process is ended, nothing is cached."""
        self.cancelled = True
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()

    def wait(self, timeout: float | None = None) -> bool:
        if self.reader is not None:
            self.reader.join(timeout)
            return not self.reader.is_alive()
        return True
