"""pytest set-up for nbval: stderr (library warnings) is not part of a notebook's stored result (nbval #88, #168)."""


def pytest_collectstart(collector):
    path = getattr(collector, "path", None)
    if path is not None and path.suffix == ".ipynb":
        collector.skip_compare += ("stderr",)
