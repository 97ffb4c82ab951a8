"""The explorer server: a maximum number of kernels, --public only with a token, its private folder (with the
Jupyter runtime files) removed on exit, on failure and by the next start."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

import pytest

from icdd_analysis import serve_explorer as se


@pytest.fixture
def fake_voila(monkeypatch, tmp_path):
    """Voilà replaced by a stand-in that records its argv (and may fail); temporary folders in tmp_path."""
    calls = []

    class FakeVoila:
        fail = None

        @classmethod
        def launch_instance(cls, argv, **settings):
            cls.settings = settings
            calls.append((argv, os.environ.get("JUPYTER_RUNTIME_DIR"), sorted(os.listdir(tmp_path))))
            if cls.fail:
                raise cls.fail

    package, app = type(sys)("voila"), type(sys)("voila.app")
    package.app, app.Voila = app, FakeVoila
    monkeypatch.setitem(sys.modules, "voila", package)
    monkeypatch.setitem(sys.modules, "voila.app", app)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "unused"))
    monkeypatch.delenv(se.TOKEN_ENV, raising=False)
    FakeVoila.calls = calls
    return FakeVoila


def test_public_without_a_token_is_refused_and_says_how(fake_voila, capsys):
    assert se.main(["--public", "--port", "8999"]) == 2
    err = capsys.readouterr().err
    assert "--public needs a token" in err and "--token" in err and "--auto-token" in err and "Traceback" not in err
    assert not fake_voila.calls


def test_public_with_a_token_passes_it_to_voila(fake_voila, capsys):
    assert se.main(["--public", "--port", "8999", "--token", "class-secret"]) == 0
    argv = fake_voila.calls[0][0]
    assert "--Voila.token=class-secret" in argv
    assert "?token=class-secret" in capsys.readouterr().out


def test_public_with_the_token_from_the_environment(fake_voila, monkeypatch):
    monkeypatch.setenv(se.TOKEN_ENV, "from-env")
    assert se.main(["--public", "--port", "8999"]) == 0
    assert "--Voila.token=from-env" in fake_voila.calls[0][0]


def test_auto_token_makes_a_long_random_one(fake_voila):
    assert se.main(["--public", "--port", "8999", "--auto-token"]) == 0
    token = next(a for a in fake_voila.calls[0][0] if a.startswith("--Voila.token=")).split("=", 1)[1]
    assert len(token) >= 24


def test_kernels_are_capped_with_a_documented_default(fake_voila):
    assert se.main(["--port", "8999"]) == 0
    argv = fake_voila.calls[0][0]
    assert f"--LimitedKernelManager.max_kernels={se.DEFAULT_MAX_KERNELS}" in argv
    assert "--VoilaConfiguration.multi_kernel_manager_class=icdd_analysis.explorer_kernels.LimitedKernelManager" in argv
    assert f"--MappingKernelManager.cull_idle_timeout={se.CULL_IDLE_SECONDS}" in argv


def test_the_page_may_load_nothing_from_another_host(fake_voila):
    assert se.main(["--port", "8999"]) == 0
    policy = fake_voila.settings["tornado_settings"]["headers"]["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "connect-src 'self'" in policy and "http" not in policy


@pytest.mark.parametrize("value", ["0", "-1", "1001"])
def test_max_kernels_outside_its_range_is_refused(fake_voila, capsys, value):
    assert se.main(["--max-kernels", value]) == 2
    assert f"--max-kernels {value}" in capsys.readouterr().err and not fake_voila.calls


def test_the_private_folder_holds_the_runtime_files_and_is_removed_on_exit(fake_voila, tmp_path):
    assert se.main(["--port", "8999"]) == 0
    _, runtime, during = fake_voila.calls[0]
    assert len(during) == 1 and during[0].startswith(f"{se.TEMP_PREFIX}{os.getpid()}-")
    assert runtime == str(tmp_path / during[0] / "runtime")
    assert not (tmp_path / during[0]).exists()


def test_the_private_folder_is_removed_when_the_server_fails(fake_voila, tmp_path):
    fake_voila.fail = OSError("port in use")
    with pytest.raises(OSError):
        se.main(["--port", "8999"])
    assert [p for p in tmp_path.iterdir() if p.name.startswith(se.TEMP_PREFIX)] == []


def test_folders_of_killed_servers_are_removed_by_the_next_start(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    stale = tmp_path / f"{se.TEMP_PREFIX}{dead_pid}-abc123"
    (stale / "runtime").mkdir(parents=True)
    (stale / "explore-en.ipynb").write_text("{}", encoding="utf-8")
    alive = tmp_path / f"{se.TEMP_PREFIX}{os.getpid()}-def456"
    alive.mkdir()
    users = tmp_path / "icdd-explore-notes"  # not a name the server writes
    users.mkdir()
    linked = tmp_path / f"{se.TEMP_PREFIX}{dead_pid}-link99"
    linked.symlink_to(users, target_is_directory=True)
    removed = se.clean_stale_folders(tmp_path)
    assert removed == [stale] and not stale.exists()
    assert alive.is_dir() and users.is_dir() and linked.is_symlink()
