"""Print what notebooks/02-compare-agendas.ipynb prints, then the robustness grid, for a reproducibility check.

Run as a script (``python tests/print_compare_notebook.py``): it executes the notebook's code cells with
its default parameters in this process, printing every Markdown output the notebook would display (the
outputs strict nbval compares), then the full robustness tables at 10 decimals. Figures are not drawn:
nbval does not compare images, and their text form is sanitised to ``<Figure>``. The maths library's
configuration (``threadpoolctl.threadpool_info()``) goes to stderr, so the caller can check which
kernel ran. With ``--old-engine`` it then compares the default and stemmed robustness grids with the old
engine's fixture (tests/analysis/test_equivalence.py) and prints what differs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02-compare-agendas.ipynb"
#: With ``--old-engine``: this heading, then each table the old engine's fixture has otherwise ("none").
OLD_ENGINE = "--- differences from the old engine"


def main() -> None:
    import threadpoolctl

    from icdd_analysis import plots, present

    present.show = print
    present.show_figure = lambda fig, name, figures_dir="": None
    for name in ("similarity_heatmap", "continuity_plot", "agreement_plot"):
        setattr(plots, name, lambda *args, **kwargs: None)

    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    namespace: dict = {}
    for cell in cells:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), f"{NOTEBOOK.name}", "exec"), namespace)

    rob = namespace["results"].robustness  # the study of the notebook's request
    for table in ("permutation", "claims", "claims_by_scope", "specs", "continuity", "links"):
        print(f"--- robustness.{table}")
        print(getattr(rob, table).to_csv(index=False, float_format="%.10f"), end="")
    if "--old-engine" in sys.argv[1:]:
        # The default and stemmed grids against the old pandas engine's fixture, under this maths library.
        sys.path.insert(0, str(NOTEBOOK.parents[1]))
        from tests.analysis.test_equivalence import differences

        print(OLD_ENGINE)
        print("\n".join(differences(["default", "dw-stem"])) or "none")
    print(json.dumps(threadpoolctl.threadpool_info()), file=sys.stderr)


if __name__ == "__main__":
    main()
