"""Write the English and Indonesian student notebooks from their one bilingual source (same cells, same exercises)."""

from __future__ import annotations

import re
from pathlib import Path

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def localise_code(code: str, lang: str) -> str:
    """A code cell for ``lang``: ``{LANG}`` becomes the language, ``{t:key}`` (comments, labels) the catalogue's
    message in it, so a student reads the comments of the cells they edit in their language."""
    from ..i18n import t

    return re.sub(r"\{t:(\w+)\}", lambda m: t(m[1], lang), code.replace("{LANG}", lang))


def notebooks_from_source(source: Path) -> dict[str, tuple[str, object]]:
    """lang -> (file name, notebook without outputs) for every language of the source."""
    import nbformat
    import yaml

    spec = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
    out = {}
    for lang, filename in spec["notebooks"].items():
        cells = []
        for number, cell in enumerate(spec["cells"], 1):
            if "md" in cell:
                new = nbformat.v4.new_markdown_cell(cell["md"][lang].rstrip("\n"))
            else:
                new = nbformat.v4.new_code_cell(localise_code(cell["code"], lang).rstrip("\n"))
            if cell.get("tags"):
                new.metadata["tags"] = list(cell["tags"])
            new["id"] = f"cell-{number:02d}"  # by position, not random: rebuilding an unchanged source changes nothing
            cells.append(new)
        nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
        out[lang] = (filename, nb)
    return out


def build(source: Path) -> list[Path]:
    """Write the notebooks beside the source (without outputs; `icdd-report store-outputs` adds them)."""
    import nbformat

    written = []
    for filename, nb in notebooks_from_source(source).values():
        path = Path(source).parent / filename
        nbformat.write(nb, str(path))
        written.append(path)
    return written


def same_cells(a, b) -> bool:
    """Whether two notebooks have the same cells (type, source, tags), whatever their outputs."""
    def key(nb):
        return [(c.cell_type, c.source, tuple(c.metadata.get("tags", []))) for c in nb.cells]
    return key(a) == key(b)
