"""pytest set-up for nbval: the sanitize file resolves from any folder; stderr is not part of a notebook's result.

pyproject's ``addopts`` names ``tests/notebooks/sanitize.cfg`` relative to the repository root, and
nbval opens it relative to the current folder, so ``pytest /path/to/checkout`` run from elsewhere
would not find it. A relative path is therefore resolved against the rootdir (where pyproject.toml
is) when the file is there, else against the current folder as given.
"""

from pathlib import Path


def pytest_configure(config):
    sanitize = getattr(config.option, "nbval_sanitize_with", None)
    if sanitize and not Path(sanitize).is_absolute():
        from_root = Path(config.rootpath, sanitize)
        config.option.nbval_sanitize_with = str(from_root if from_root.is_file() else Path(sanitize).resolve())


def pytest_collectstart(collector):
    # stderr (library warnings) is not part of a notebook's stored result (nbval #88, #168).
    path = getattr(collector, "path", None)
    if path is not None and path.suffix == ".ipynb":
        collector.skip_compare += ("stderr",)
