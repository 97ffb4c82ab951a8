"""The package's front door: every public name of ``icdd_analysis.data`` resolves to its module's object, and the
guard and the validation records import without pandas (the runner's up-to-date check uses them)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import icdd_analysis as icdd
from icdd_analysis import data
from icdd_analysis.data import guard, links, loader, model


def test_every_public_name_is_the_object_of_the_module_that_defines_it():
    homes = {"loader": loader, "model": model, "guard": guard, "links": links}
    for name in data.__all__:
        home = homes[data._HOMES[name]]
        assert getattr(data, name) is getattr(home, name), name
    assert callable(data.load) and data.load is loader.load  # the function, never a submodule of that name
    assert icdd.load is data.load and icdd.Dataset is model.Dataset and icdd.bundled_path is guard.bundled_path


@pytest.mark.slow
def test_the_guard_and_the_cache_import_without_pandas_or_the_loader():
    code = ("import sys, icdd_analysis.data.guard, icdd_analysis.data.cache, icdd_analysis.data.contract; "
            "print(sorted(m for m in ('pandas', 'frictionless', 'icdd_analysis.data.loader', "
            "'icdd_analysis.data.model') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
