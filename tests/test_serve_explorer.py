"""icdd-explore without a browser: where it listens, what it says when Voilà is missing, what it serves."""

from __future__ import annotations

import sys

import nbformat
import pytest

from icdd_analysis import serve_explorer
from icdd_analysis.serve_explorer import listen_address, main, prepare_notebook, voila_argv


def test_it_listens_on_loopback_unless_public():
    assert listen_address(None, public=False) == "127.0.0.1"
    assert listen_address("localhost", public=False) == "localhost"
    assert listen_address(None, public=True) == "0.0.0.0"
    assert listen_address("10.1.2.3", public=True) == "10.1.2.3"


@pytest.mark.parametrize("ip", ["0.0.0.0", "10.1.2.3", "::"])
def test_a_non_local_address_without_public_is_refused_before_anything_starts(ip, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "voila.app", None)  # never reached
    assert main(["--ip", ip]) == 2
    err = capsys.readouterr().err
    assert f"--ip {ip}" in err and "--public" in err and "Traceback" not in err


def test_public_prints_the_warning_about_kernels_per_visitor(capsys, monkeypatch):
    started = []

    class FakeVoila:
        @staticmethod
        def launch_instance(argv, **settings):
            started.append(argv)

    # A stand-in for Voilà (the test extra does not install it): main() hands it the argv it would run.
    fake_package, fake_app = type(sys)("voila"), type(sys)("voila.app")
    fake_package.app, fake_app.Voila = fake_app, FakeVoila
    monkeypatch.setitem(sys.modules, "voila", fake_package)
    monkeypatch.setitem(sys.modules, "voila.app", fake_app)
    assert main(["--public", "--port", "8999", "--lang", "id", "--token", "s3cret"]) == 0
    err = capsys.readouterr().err
    assert "0.0.0.0" in err and "one Python kernel per visitor" in err and "token" in err
    argv = started[0]
    assert "--Voila.ip=0.0.0.0" in argv and "--port=8999" in argv and "--strip_sources=True" in argv
    assert argv[0].endswith("explore-id.ipynb")
    assert "--VoilaExporter.language_code=id" in argv  # <html lang="id">


def test_without_voila_it_names_the_extra_and_exits_2(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "voila.app", None)  # import fails as when Voilà is not installed
    assert main(["--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'icdd-analysis[explore]'" in err and "Traceback" not in err


def test_bad_port_and_language_are_refused(capsys):
    assert main(["--port", "70000"]) == 2
    assert "--port 70000" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "fr"])
    assert exit_info.value.code == 2


def test_the_served_notebook_is_the_explorer_with_the_language_injected(tmp_path):
    source = serve_explorer.explorer_notebook()
    assert source.is_file(), "notebooks/03-explore.ipynb is what icdd-explore serves"
    served = nbformat.read(prepare_notebook("id", tmp_path), as_version=4)
    original = nbformat.read(source, as_version=4)
    tags = [cell.metadata.get("tags", []) for cell in served.cells]
    parameters = next(i for i, t in enumerate(tags) if "parameters" in t)
    assert "injected-parameters" in tags[parameters + 1]
    assert served.cells[parameters + 1].source.strip().endswith('lang = "id"')
    assert [c.source for c in served.cells if "injected-parameters" not in c.metadata.get("tags", [])] == \
        [c.source for c in original.cells if c.cell_type == "code"]  # the Markdown is for notebook readers
    assert all(c.cell_type == "code" and not c.outputs for c in served.cells)
    assert [p.name for p in tmp_path.iterdir()] == ["explore-id.ipynb"]  # Voilà's folder holds nothing else
    assert served.metadata["title"] == "Jelajahi perbandingan agenda"  # the page's <title> in the app's language


def test_voila_is_told_to_hide_code_and_not_to_wander_to_another_port(tmp_path):
    argv = voila_argv(tmp_path / "explore-en.ipynb", "127.0.0.1", 8866, open_browser=False, cull_idle=300)
    assert "--strip_sources=True" in argv and "--Voila.port_retries=0" in argv and "--no-browser" in argv
    assert "--MappingKernelManager.cull_idle_timeout=300" in argv  # kernels of closed pages do not pile up
