"""pytest set-up for nbval: the sanitize file resolves from any folder; stderr is not part of a notebook's result.

pyproject's ``addopts`` names ``tests/notebooks/sanitize.cfg`` relative to the repository root, and
nbval opens it relative to the current folder, so ``pytest /path/to/checkout`` run from elsewhere
would not find it. A relative path is therefore resolved against the rootdir (where pyproject.toml
is) when the file is there, else against the current folder as given.

nbval's kernels talk over Unix sockets of their own on Linux, as the report runner's do (see below).
"""

from pathlib import Path


def pytest_configure(config):
    _nbval_kernels_on_their_own_sockets()
    sanitize = getattr(config.option, "nbval_sanitize_with", None)
    if sanitize and not Path(sanitize).is_absolute():
        from_root = Path(config.rootpath, sanitize)
        config.option.nbval_sanitize_with = str(from_root if from_root.is_file() else Path(sanitize).resolve())


def pytest_collection_modifyitems(config, items):
    # A notebook's cells each run in its kernel: slow, so `make test-fast` (-m "not slow") leaves them out.
    import pytest

    # So is every test that reads the default reports (the session fixture runs them first).
    for item in items:
        if item.path.suffix == ".ipynb" or "default_reports_folder" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
    # The longest files first, then the other files with slow tests, then the rest (a stable sort: each file's
    # tests keep their order): xdist hands out whole files in this order, so the long ones start early and the
    # many short ones fill the end on both workers.
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    longest = [config.rootpath / name for name in LONGEST_TEST_FILES]
    items.sort(key=lambda item: (longest.index(item.path) if item.path in longest else len(longest),
                                 item.path not in slow_files))


#: The test files that take longest (see the durations `make test` prints), longest first.
LONGEST_TEST_FILES = ("tests/report/test_schedule.py", "tests/study/test_consistency.py", "tests/report/test_execute.py",
                      "tests/test_benchmarks.py", "tests/test_reproducible.py", "tests/analysis/test_equivalence.py")


def pytest_collectstart(collector):
    # stderr (library warnings) is not part of a notebook's stored result (nbval #88, #168).
    path = getattr(collector, "path", None)
    if path is not None and path.suffix == ".ipynb":
        collector.skip_compare += ("stderr",)


def _nbval_kernels_on_their_own_sockets() -> None:
    """nbval starts each notebook's kernel on TCP ports that jupyter_client picks by binding to port 0 and
    letting go; a process in another xdist worker (a Dask cluster, a report's kernel) can be handed one of
    them before the kernel binds it, and the notebook's kernel dies ("Address already in use"). nbval has no
    setting for the transport, so its kernel manager is given the sockets the report runner uses
    (``icdd_analysis.report.kernels.socket_settings``): on Linux an abstract Unix socket name of its own."""
    from icdd_analysis.report.kernels import socket_settings

    if not socket_settings("icdd-nbval"):  # no folder for socket files: elsewhere than Linux, TCP as nbval has it
        return
    import nbval.kernel
    from jupyter_client.manager import KernelManager

    class SocketKernelManager(KernelManager):
        def __init__(self, **kwargs):
            super().__init__(**socket_settings("icdd-nbval"), **kwargs)

    nbval.kernel.KernelManager = SocketKernelManager
