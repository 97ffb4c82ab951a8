"""The floor a report runner is measured against: a notebook's code cells run in one plain Python process.

No kernel, no papermill, no nbconvert, not even IPython: the code cells of the notebook file (read as it is,
so the floor always runs today's notebook) are executed in order in one namespace, with the parameters
cell's defaults overridden like papermill does (``-p name=value`` after the parameters cell). What the cells
display is collected: Markdown is rendered with mistune (nbconvert's Markdown library) and figures are saved
as PNG (matplotlib's Agg, ``bbox_inches="tight"`` like the inline backend), all in one HTML page.

    python benchmarks/floor.py 02-compare-agendas --out build/floor.html [-p lang=id]

``IPython.display`` is replaced by a stub with the names the presentation layer uses (``Markdown``, ``display``, and
``IPython.core.pylabtools.print_figure``: one ``savefig`` per figure): a plain script would not import
IPython, and the floor is what that plain script costs.
"""

from __future__ import annotations

import argparse
import ast
import base64
import io
import json
import os
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class Markdown:
    """What IPython.display.Markdown holds: the text."""

    def __init__(self, data: str):
        self.data = data


def _stub_ipython(outputs: list[tuple[str, object]]) -> None:
    def display(*objects, raw: bool = False, **_):
        for obj in objects:
            if isinstance(obj, Markdown):
                outputs.append(("markdown", obj.data))
            elif raw and isinstance(obj, dict) and "image/png" in obj:  # present.show_figure's rendered PNG
                outputs.append(("png", base64.b64decode(obj["image/png"])))
            elif hasattr(obj, "savefig"):
                buffer = io.BytesIO()
                obj.savefig(buffer, format="png", bbox_inches="tight")
                outputs.append(("png", buffer.getvalue()))
            else:
                outputs.append(("text", repr(obj)))

    package = types.ModuleType("IPython")
    package.get_ipython = lambda: None  # matplotlib and pandas ask whether they run in IPython: no
    package.version_info = (9, 0)  # matplotlib's backend set-up reads it when "IPython" is imported
    module = types.ModuleType("IPython.display")
    module.Markdown, module.display = Markdown, display
    package.display = module

    def print_figure(fig, fmt="png", bbox_inches="tight"):
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, bbox_inches=bbox_inches)
        return buffer.getvalue()

    core, pylabtools = types.ModuleType("IPython.core"), types.ModuleType("IPython.core.pylabtools")
    pylabtools.print_figure = print_figure
    package.core, core.pylabtools = core, pylabtools
    sys.modules.update({"IPython": package, "IPython.display": module, "IPython.core": core,
                        "IPython.core.pylabtools": pylabtools})


def notebook_path(name: str) -> Path:
    path = Path(name)
    if path.suffix == ".ipynb" and path.exists():
        return path
    return ROOT / "notebooks" / f"{name.removesuffix('.ipynb')}.ipynb"


def run_cells(notebook: str | Path, parameters: dict | None = None) -> list[tuple[str, object]]:
    """Execute the notebook's code cells here; return what they displayed: ("markdown", text), ("png", bytes)."""
    os.environ.setdefault("MPLBACKEND", "agg")
    outputs: list[tuple[str, object]] = []
    _stub_ipython(outputs)
    cells = json.loads(notebook_path(str(notebook)).read_text(encoding="utf-8"))["cells"]
    namespace: dict = {"__name__": "__main__"}
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        exec(compile(source, f"<{Path(str(notebook)).stem} cell>", "exec"), namespace)
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            namespace.update(parameters or {})
    return outputs


def html_page(outputs: list[tuple[str, object]], title: str) -> str:
    import html

    import mistune

    render = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "url"])
    parts = []
    for kind, value in outputs:
        if kind == "markdown":
            parts.append(render(value))
        elif kind == "png":
            parts.append(f'<img alt="figure" src="data:image/png;base64,{base64.b64encode(value).decode()}">')
        else:
            parts.append(f"<pre>{html.escape(str(value))}</pre>")
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>\n'
            f"<body>\n{body}\n</body></html>\n")


def _value(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", help="a notebook name (e.g. 02-compare-agendas) or path")
    parser.add_argument("--out", type=Path, default=Path("floor.html"))
    parser.add_argument("-p", "--parameter", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--outputs-json", type=Path, help="also write the Markdown texts and the figure count here")
    args = parser.parse_args(argv)
    parameters = dict((k, _value(v)) for k, v in (p.split("=", 1) for p in args.parameter))
    outputs = run_cells(args.notebook, parameters)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(html_page(outputs, notebook_path(args.notebook).stem), encoding="utf-8")
    if args.outputs_json:
        shown = {"markdown": [v for k, v in outputs if k == "markdown"], "figures": sum(k == "png" for k, _ in outputs)}
        args.outputs_json.write_text(json.dumps(shown, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
