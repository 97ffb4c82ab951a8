"""items.py: scope presets chosen by item kind, for the bundled events and a user's third conference;
and the one-way flow data -> items -> methods -> analysis -> present, checked on the import graph."""

from __future__ import annotations

import ast
import shutil
import warnings
from pathlib import Path

import pytest

import icdd_analysis as icdd
from icdd_analysis import items as it
from icdd_analysis.items import PRESETS, ScopeError, default_scope, default_scope_pairs, scope_kinds, scopes_for, select_scope

from .conftest import ROOT, PackageCopy

PACKAGE = Path(icdd.__file__).resolve().parent


def _kinds_of(ds, item_ids) -> set[str]:
    return set(ds.agenda_items.set_index("item_id").loc[list(item_ids), "kind"].astype(str))


@pytest.mark.parametrize(("event_id", "scope", "kinds", "n_items"), [
    ("rcdd-2019", "sessions", {"session"}, 3),
    ("rcdd-2019", "sessions+theme", {"session", "theme"}, 4),
    ("rcdd-2019", "stated_agenda", {"theme", "session", "aim", "emphasis", "outcome_point"}, 11),
    ("icdd-2021", "focus_areas", {"focus_area"}, 5),
    ("icdd-2021", "focus_areas+panels+review", {"focus_area", "panel", "review_theme"}, 11),
    ("icdd-2021", "stated_agenda", {"theme", "review_theme", "panel", "focus_area", "aim", "emphasis"}, 21),
    ("icdd-2021", "panel+theme", {"panel", "theme"}, 5),
])
def test_presets_select_the_items_of_their_kinds(ds, event_id, scope, kinds, n_items):
    chosen = select_scope(ds, event_id, scope, ("en",), "label")
    assert _kinds_of(ds, chosen.ids) == kinds
    assert len(chosen) == n_items == len(ds.event(event_id).items(kind=sorted(kinds)))
    assert chosen.scope == scope


def test_stated_agenda_is_every_item_the_event_has(ds):
    for event_id in ("rcdd-2019", "icdd-2021"):
        chosen = select_scope(ds, event_id, "stated_agenda", ("en",), "label")
        assert set(chosen.ids) == set(ds.event(event_id).items()["item_id"])


def test_which_presets_apply_and_the_defaults(ds):
    assert scopes_for(ds, "rcdd-2019") == ["sessions", "sessions+theme", "stated_agenda"]
    assert scopes_for(ds, "icdd-2021") == ["focus_areas", "focus_areas+panels+review", "stated_agenda"]
    assert (default_scope(ds, "rcdd-2019"), default_scope(ds, "icdd-2021")) == ("sessions", "focus_areas")
    assert default_scope_pairs(ds, "rcdd-2019", "icdd-2021") == [
        ("sessions", "focus_areas"), ("sessions+theme", "focus_areas+panels+review"), ("stated_agenda", "stated_agenda")]
    # the presets are generic kind lists: none names an event
    assert all(not any(ch.isdigit() for ch in name) for name in PRESETS)


@pytest.mark.parametrize(("event_id", "scope", "message"), [
    ("rcdd-2019", "focus_areas", "preset 'focus_areas' needs items of kind focus_area, which rcdd-2019 does not have; "
                                 "presets for rcdd-2019: sessions, sessions+theme, stated_agenda"),
    ("icdd-2021", "sessions+theme", "preset 'sessions+theme' needs items of kind session, which icdd-2021 does not have"),
    ("icdd-2021", "everything", "'everything' is neither a preset (focus_areas, sessions, focus_areas+panels+review, "
                                "sessions+theme, stated_agenda) nor item kinds joined by '+'"),
    ("icdd-2021", "panel+session", "icdd-2021 has no items of kind session; presets for icdd-2021: focus_areas"),
    ("icdd-2021", "", "'' is not a scope"),
])
def test_a_scope_that_does_not_apply_is_a_clear_error(ds, event_id, scope, message):
    with pytest.raises(ScopeError, match="target_scope: ") as info:
        scope_kinds(ds, event_id, scope, "target_scope")
    assert message in str(info.value)
    assert info.value.parameter == "target_scope"


def test_a_bad_scope_in_compare_and_robustness_names_the_parameter(ds):
    with pytest.raises(ScopeError, match="baseline_scope: preset 'focus_areas' needs items of kind focus_area"):
        icdd.compare(ds, baseline_scope="focus_areas")
    with pytest.raises(ScopeError, match="target_scope: icdd-2021 has no items of kind outcome_point"):
        icdd.robustness(ds, scopes=[("sessions", "outcome_point")], n_permutations=1)
    with pytest.raises(ScopeError, match="scopes: 'sessions' is not a pair"):
        icdd.robustness(ds, scopes=["sessions"], n_permutations=1)
    with pytest.raises(ScopeError, match="give either target_scope or kinds"):
        icdd.compare(ds, target_scope="focus_areas", kinds={"target": "panel"})


@pytest.fixture(scope="module")
def third(tmp_path_factory):
    """A user's package with a third conference that has focus areas and a theme, but no panels."""
    pkg = PackageCopy(tmp_path_factory.mktemp("third") / "pkg")
    shutil.copytree(ROOT / "data", pkg.folder)
    cite = {"source_id": "A2", "confidence": "high", "status": "confirmed"}
    pkg.append("events", event_id="example-2025", kind="conference", short_name="EX", name_en="Example conference",
               start_date="2025-05-20", **cite)
    for position, (kind, text) in enumerate([("focus_area", "Crisis Management through Digital Diplomacy"),
                                             ("focus_area", "Capacity Building for Digital Diplomats"),
                                             ("theme", "Digital Diplomacy for Everyone")], start=1):
        pkg.append("agenda_items", item_id=f"example-2025-{position}", event_id="example-2025", kind=kind,
                   position=str(position), text_en=text, text_en_basis="official", **cite)
    return icdd.load(pkg.descriptor)


def test_a_third_conference_gets_the_presets_its_kinds_allow(third):
    assert scopes_for(third, "example-2025") == ["focus_areas", "stated_agenda"]
    assert default_scope(third, "example-2025") == "focus_areas"
    assert len(select_scope(third, "example-2025", "stated_agenda", ("en",), "label")) == 3
    assert default_scope_pairs(third, "icdd-2021", "example-2025") == [
        ("focus_areas", "focus_areas"), ("stated_agenda", "stated_agenda")]
    with pytest.raises(ScopeError, match="needs items of kind panel, review_theme, which example-2025 does not have"):
        scope_kinds(third, "example-2025", "focus_areas+panels+review")
    cmp_ = icdd.compare(third, "icdd-2021", "example-2025", method="tfidf", target_scope="stated_agenda")
    assert cmp_.target.scope == "stated_agenda" and len(cmp_.target) == 3


def test_items_left_out_for_lack_of_text_are_kept_on_the_items(ds):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", it.MissingTextWarning)
        chosen = select_scope(ds, "rcdd-2019", "stated_agenda", ("id",), "label")
    assert chosen.left_out == ("rcdd-2019-aim-1", "rcdd-2019-aim-2", "rcdd-2019-emphasis-2")
    assert len(chosen) == 8


# --- one-way flow ---------------------------------------------------------------------------------

#: Each module's layer: a module may import only from its own layer or a lower one.
LAYERS = {
    "errors": 0, "memo": 0, "stats": 0, "i18n": 0, "_slow_imports": 0,
    "naming": 0, "outputs": 0, "controls": 0, "data": 1, "frames": 2, "text": 2, "items": 3, "methods": 4, "analysis": 5,
    "escaping": 6, "present": 6, "plots": 6, "citation": 6, "data_dictionary": 6, "study": 7,
    "parameters": 7, "report": 8, "teaching": 9, "explorer": 9,
    "explorer_kernels": 10,  # the explorer server's kernel manager (Voilà imports it by name)
    "serve_explorer": 10,  # serves the explorer's notebook, found where the runner finds notebooks
}


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


def _imports(path: Path) -> set[str]:
    """Package-internal modules imported anywhere in ``path``, in functions too."""
    module = _module_name(path).split(".")
    package = module[:-1] if path.name != "__init__.py" else module[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if node.module and node.module.startswith("icdd_analysis."):
                    found.add(node.module.split(".")[1])
                continue
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            target = base + (node.module.split(".") if node.module else [])
            if target:
                found.add(target[0])
            else:  # "from . import stats"
                found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("icdd_analysis."))
    return found


def _top(path: Path) -> str:
    return _module_name(path).split(".")[0]


def test_every_module_has_a_layer():
    tops = {_top(p) for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE}
    assert tops <= set(LAYERS), f"give these modules a layer: {sorted(tops - set(LAYERS))}"


def test_no_module_imports_one_downstream_of_it():
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        if path.parent == PACKAGE and path.name == "__init__.py":
            continue  # the package's front door re-exports lazily
        own = _top(path)
        for imported in _imports(path):
            if imported in LAYERS and imported != own and LAYERS[imported] > LAYERS[own]:
                wrong.append(f"{_module_name(path)} imports {imported}")
    assert not wrong, wrong


#: The report runner's modules in layers within ``report``: a module imports only from a strictly lower layer, so
#: that no import circle can form among the runner's files.
REPORT_LAYERS = {
    "jobs": 0, "render": 0, "config": 1, "dictionary_page": 1, "manifest": 2, "folders": 3, "kernels": 4,
    "maintain": 5, "execute": 5, "schedule": 6, "cli": 7, "__init__": 8, "__main__": 8,
}


def _report_imports(path: Path) -> set[str]:
    """The ``report`` modules that the report module at ``path`` imports, in functions too."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                found.update([node.module.split(".")[0]] if node.module else [a.name for a in node.names])
            elif node.level == 0 and (node.module or "").startswith("icdd_analysis.report."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[2] for a in node.names if a.name.startswith("icdd_analysis.report."))
    return found


def test_every_report_module_has_a_layer_and_imports_only_from_lower_ones():
    modules = {p.stem: p for p in (PACKAGE / "report").glob("*.py")}
    assert set(modules) <= set(REPORT_LAYERS), f"give these report modules a layer: {sorted(set(modules) - set(REPORT_LAYERS))}"
    wrong = [f"report.{name} imports report.{imported}" for name, path in modules.items() for imported in _report_imports(path)
             if REPORT_LAYERS.get(imported, -1) >= REPORT_LAYERS[name]]
    assert not wrong, wrong


def test_the_import_check_sees_imports_inside_functions(tmp_path):
    # The check would catch the old circle: methods/embedding.py importing the analysis inside a function.
    sample = PACKAGE / "methods" / "embedding.py"
    source = sample.read_text(encoding="utf-8") + "\n\ndef _late():\n    from ..analysis import compare\n"
    fake = tmp_path / "icdd_analysis" / "methods" / "embedding.py"
    fake.parent.mkdir(parents=True)
    fake.write_text(source, encoding="utf-8")
    original = PACKAGE
    try:
        globals()["PACKAGE"] = tmp_path / "icdd_analysis"
        assert "analysis" in _imports(fake)
    finally:
        globals()["PACKAGE"] = original


def test_items_and_methods_import_without_analysis():
    for module in ("items", "methods"):
        imported = set()
        for path in [PACKAGE / f"{module}.py"] if (PACKAGE / f"{module}.py").exists() else (PACKAGE / module).rglob("*.py"):
            imported |= _imports(path)
        assert "analysis" not in imported and "present" not in imported, (module, imported)
