"""The explorer's robustness run in its own process: ``python -m icdd_analysis.explorer.worker IN OUT``.

IN is a pickle of (Dataset, CompareRequest) written by the explorer; progress goes to stdout as
``progress DONE TOTAL`` lines, and OUT receives a pickle of ("result", Robustness) or ("error", the
:class:`~icdd_analysis.errors.IcddError` itself: every error of the package pickles whole).
A process of its own because the grid is CPU-bound Python: in a thread of the kernel it would hold the
interpreter lock and slow every other view; and a plain subprocess (not multiprocessing) because spawning
re-imports the caller's main module, which a script or a kernel cannot promise to guard.
"""

from __future__ import annotations

import os
import pickle
import sys


def main(argv: list[str]) -> int:
    from ..errors import IcddError
    from ..study.run import robustness_step

    source, target_path = argv
    with open(source, "rb") as f:
        ds, request = pickle.load(f)

    def progress(done: int, total: int) -> None:
        print(f"progress {done} {total}", flush=True)

    try:  # the study's robustness step, as notebook 02 runs it
        outcome = ("result", robustness_step(ds, request, progress=progress))
    except IcddError as exc:
        outcome = ("error", exc)
    with open(target_path + ".part", "wb") as f:
        pickle.dump(outcome, f)
    os.replace(target_path + ".part", target_path)  # the explorer reads only a complete result
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
