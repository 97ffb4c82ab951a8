"""The explorer's robustness runs in their own process.

``python -m icdd_analysis.explorer.worker --serve DATA``: DATA is a pickle of the Dataset; the process then
reads lines from stdin, ``run ID IN OUT`` (IN a pickle of a CompareRequest) and ``cancel ID``, and answers on
stdout with ``progress ID DONE TOTAL`` lines and ``done ID`` once OUT holds a pickle of ("result",
Robustness) or ("error", the :class:`~icdd_analysis.errors.IcddError` itself: every error of the package
pickles whole). A cancelled run stops at its next specification and is not answered. It exits when stdin
closes (the explorer's process ended or closed it).

``python -m icdd_analysis.explorer.worker IN OUT``: one run of a pickle of (Dataset, CompareRequest).

A plain subprocess (not multiprocessing) because spawning re-imports the caller's main module, which a script
or a kernel cannot promise to guard.
"""

from __future__ import annotations

import os
import pickle
import queue
import sys
import threading


def _outcome(ds, request, progress):
    from ..errors import IcddError
    from ..study.run import robustness_step

    try:  # the study's robustness step, as notebook 02 runs it
        return ("result", robustness_step(ds, request, progress=progress))
    except IcddError as exc:
        return ("error", exc)


def _write(outcome, target_path: str) -> None:
    with open(target_path + ".part", "wb") as f:
        pickle.dump(outcome, f)
    os.replace(target_path + ".part", target_path)  # the explorer reads only a complete result


def serve(data_path: str, lines=None, out=None) -> int:
    """Run requests as they come (see the module's docstring) until the input ends."""
    from ..errors import Superseded

    lines = sys.stdin if lines is None else lines
    out = sys.stdout if out is None else out
    with open(data_path, "rb") as f:
        ds = pickle.load(f)
    runs: queue.Queue = queue.Queue()
    cancelled: set[str] = set()

    def read() -> None:
        for line in lines:
            parts = line.split()
            if len(parts) == 4 and parts[0] == "run":
                runs.put(parts[1:])
            elif len(parts) == 2 and parts[0] == "cancel":
                cancelled.add(parts[1])
        runs.put(None)

    threading.Thread(target=read, daemon=True).start()
    while (job := runs.get()) is not None:
        run_id, source, target = job
        if run_id in cancelled:
            continue
        with open(source, "rb") as f:
            request = pickle.load(f)

        def progress(done: int, total: int) -> None:
            if run_id in cancelled:
                raise Superseded(f"run {run_id} was cancelled")
            print(f"progress {run_id} {done} {total}", file=out, flush=True)

        try:
            outcome = _outcome(ds, request, progress)
        except Superseded:
            continue
        _write(outcome, target)
        print(f"done {run_id}", file=out, flush=True)
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--serve"]:
        return serve(argv[1])
    source, target_path = argv
    with open(source, "rb") as f:
        ds, request = pickle.load(f)
    _write(_outcome(ds, request, lambda done, total: print(f"progress {done} {total}", flush=True)), target_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
