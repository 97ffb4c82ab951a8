"""The bundled data ships inside the wheel, so a non-editable install loads it from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from .conftest import ROOT


@pytest.mark.slow
def test_wheel_contains_the_data_and_loads_it_outside_the_checkout(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
         "-w", str(dist), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    wheel = next(dist.glob("icdd_analysis-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for table in ("datapackage.json", "events.csv", "agenda_items.csv", "sources.csv", "variants.csv"):
        assert f"icdd_analysis/data/{table}" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import icdd_analysis as icdd, pathlib; ds = icdd.load(); "
        "print(pathlib.Path(icdd.__file__).parent.parent == pathlib.Path(r'%s')); "
        "print(ds.event('icdd-2021').countries_stated)" % site
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "21"]
    # icdd-explore serves the explorer notebook from the installed wheel, not from a checkout.
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/entry_points.txt")))
    assert "icdd-explore = icdd_analysis.serve_explorer:main" in entry_points.decode()
    code = "from icdd_analysis.serve_explorer import explorer_notebook as e; print(e().is_file(), e().parent.parent)"
    out = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", str(site / "icdd_analysis")]
