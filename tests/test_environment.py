"""environment.yml (conda-forge) lists the same dependencies as pyproject.toml (core, test, explore, browser)."""

from __future__ import annotations

import re
import tomllib

import yaml

from .conftest import ROOT

# Extras that conda users get from environment.yml; the others are optional and documented there.
MIRRORED_EXTRAS = ("test", "explore", "browser")
PACKAGE = "icdd-analysis"


def _split(requirement: str) -> tuple[str, str]:
    requirement = requirement.split(";")[0]  # environment markers do not apply to conda
    name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in MIRRORED_EXTRAS:
        requirements += _expand(project["optional-dependencies"], extra)
    return dict(_split(r) for r in requirements)


def _expand(extras: dict[str, list[str]], extra: str) -> list[str]:
    """An extra's requirements, with the package's own extras it names (``icdd-analysis[explore]``) spelled out."""
    requirements = []
    for requirement in extras[extra]:
        own = re.match(rf"^{PACKAGE}\[([\w,-]+)\]$", requirement.strip())
        requirements += ([r for name in own.group(1).split(",") for r in _expand(extras, name)] if own
                         else [requirement])
    return requirements


def _environment() -> tuple[dict[str, str], list]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    return dict(_split(d.replace("=", "==", 1) if re.match(r"^[\w.-]+=[^=<>]", d) else d) for d in conda), pip


def test_environment_lists_the_same_dependencies_as_pyproject():
    conda, pip = _environment()
    conda.pop("python"), conda.pop("pip")
    pip_only = dict(_split(p) for p in pip if not p.startswith("-e"))
    assert not set(conda) & set(pip_only)
    assert {**conda, **pip_only} == _pyproject()


def test_environment_pins_python_and_installs_the_package_editable():
    conda, pip = _environment()
    assert conda["python"] == "==3.11"
    assert "-e ." in pip


def test_the_split_catches_drift():
    assert _split("pandas >=2.2") == ("pandas", ">=2.2")
    assert _split("scikit_learn>=1.4") != _split("scikit-learn>=1.5")


def test_the_package_s_own_extras_are_spelled_out():
    extras = {"explore": ["voila>=0.5"], "browser": ["icdd-analysis[explore]", "playwright>=1.45"]}
    assert _expand(extras, "browser") == ["voila>=0.5", "playwright>=1.45"]
