"""The explorer's robustness run in its own process: ``python -m icdd_analysis.explorer.worker IN OUT``.

IN is a pickle of (Dataset, key, n_permutations) written by the explorer; progress goes to stdout as
``progress DONE TOTAL`` lines, and OUT receives a pickle of ("result", Robustness) or ("error", message,
parameter at fault or None).
A process of its own because the grid is CPU-bound Python: in a thread of the kernel it would hold the
interpreter lock and slow every other view; and a plain subprocess (not multiprocessing) because spawning
re-imports the caller's main module, which a script or a kernel cannot promise to guard.
"""

from __future__ import annotations

import pickle
import sys


def main(argv: list[str]) -> int:
    from ..analysis import robustness
    from ..errors import IcddError

    source, target_path = argv
    with open(source, "rb") as f:
        ds, key, n_permutations = pickle.load(f)
    baseline, target, frame, baseline_scope, target_scope = key

    def progress(done: int, total: int) -> None:
        print(f"progress {done} {total}", flush=True)

    try:
        outcome = ("result", robustness(ds, baseline, target, frame=frame, n_permutations=n_permutations,
                                        baseline_scope=baseline_scope, target_scope=target_scope, progress=progress))
    except IcddError as exc:  # sent as text: an exception with its own __init__ arguments does not unpickle
        outcome = ("error", str(exc), exc.parameter)
    with open(target_path + ".part", "wb") as f:
        pickle.dump(outcome, f)
    import os

    os.replace(target_path + ".part", target_path)  # the explorer reads only a complete result
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
