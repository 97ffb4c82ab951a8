"""The data is versioned and citable: its version, content hash and changelog agree, CITATION.cff validates and
agrees with datapackage.json and pyproject.toml, there is a licence for the code, and every page can say what
it was made from (issue 18, part 3)."""

from __future__ import annotations

import json
import re
import shutil
import tomllib

import pytest
import yaml

import icdd_analysis as icdd
from icdd_analysis import citation
from icdd_analysis.i18n import LANGS

from .conftest import ROOT

DATA = ROOT / "data"
CHANGELOG = (DATA / "CHANGELOG.md").read_text(encoding="utf-8")
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
CFF = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


def changelog_entries(text: str = CHANGELOG) -> dict[str, str]:
    """version -> recorded content hash, from the '## <version>' entries of the changelog."""
    entries = {}
    for version, body in re.findall(r"^## (\S+)\n(.*?)(?=^## |\Z)", text, re.M | re.S):
        if SEMVER.match(version):
            found = re.search(r"Content hash[^`]*`([0-9a-f]{64})`", body)
            assert found, f"changelog entry {version} records no content hash"
            entries[version] = found.group(1)
    return entries


def test_changelog_states_the_versioning_rule_for_data():
    rule = " ".join(CHANGELOG.split("## 0.")[0].split())
    for kind in ("**major**", "**minor**", "**patch**"):
        assert kind in rule
    assert "renamed" in rule and "coding changed" in rule and "confidence level" in rule


def test_the_bundled_data_matches_its_changelog_entry():
    ds = icdd.load()
    entries = changelog_entries()
    assert ds.version == DESCRIPTOR["version"] and SEMVER.match(ds.version)
    assert ds.version in entries, f"data/CHANGELOG.md has no entry for version {ds.version}"
    assert entries[ds.version] == ds.content_hash == citation.content_hash(), (
        f"the data changed since version {ds.version} was recorded: add a changelog entry (or update the newest "
        f"one) with content hash {ds.content_hash}, and bump datapackage.json's version by the rule"
    )
    newest = next(iter(entries))
    assert newest == ds.version, "the newest changelog entry is the version in datapackage.json"
    ordered = [tuple(int(p) for p in v.split(".")) for v in entries]
    assert ordered == sorted(ordered, reverse=True) and len(set(entries.values())) == len(entries)


def test_a_changed_file_changes_the_hash_and_matches_no_entry(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    assert citation.content_hash(copy) == citation.content_hash()
    rows = (copy / "documents.csv").read_text(encoding="utf-8")
    (copy / "documents.csv").write_text(rows.replace("medium,confirmed", "high,confirmed", 1), encoding="utf-8")
    assert citation.content_hash(copy) not in changelog_entries().values()


def test_line_endings_do_not_change_the_hash(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    events = copy / "events.csv"
    events.write_bytes(events.read_bytes().replace(b"\n", b"\r\n"))
    assert citation.content_hash(copy) == citation.content_hash()


def test_changelog_entries_say_why_and_cite_a_finding_or_source():
    newest = CHANGELOG.split("## 0.2.0")[1].split("## 0.1.0")[0]
    changes = [line for line in newest.splitlines() if line.startswith("- ")]
    assert changes
    for change in changes:
        body = change + newest.split(change, 1)[1].split("\n- ")[0]
        assert re.search(r"Findings? [A-Z]+\d+|\[[ASPW]\d+\]", body), change


def test_citation_cff_validates_against_the_cff_schema():
    import jsonschema  # the test extra's; cffconvert cannot be installed beside frictionless (pyproject.toml)

    schema = json.loads((ROOT / "tests" / "fixtures" / "citation-file-format-1.2.0.schema.json").read_text())
    jsonschema.validate(CFF, schema)
    broken = {k: v for k, v in CFF.items() if k != "authors"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_citation_cff_agrees_with_the_descriptor_and_pyproject():
    assert CFF["version"] == DESCRIPTOR["version"]
    assert CFF["title"] == DESCRIPTOR["title"]
    assert [CFF["license"]] == [lic["name"] for lic in DESCRIPTOR["licenses"]]
    software = next(r for r in CFF["references"] if r["type"] == "software")
    assert software["version"] == PYPROJECT["version"] == icdd.__version__
    assert software["license"] == PYPROJECT["license"] == "MIT"


def test_code_licence_file_and_readme_state_both_licences():
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Permission is hereby granted" in licence
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Licences and citing")[1].split("\n## ")[0]
    assert "MIT" in section and "CC BY 4.0" in section and "CC BY-NC-SA 3.0" in section
    assert "quoted" in section and "CITATION.cff" in section and "CHANGELOG.md" in section


@pytest.mark.parametrize("lang", LANGS)
def test_footer_says_data_version_package_version_hash_and_how_to_cite(lang):
    ds = icdd.load()
    footer = citation.footer(ds, lang)
    assert ds.version in footer and icdd.__version__ in footer and ds.content_hash[:12] in footer
    assert "CITATION.cff" in footer and citation.REPOSITORY in footer and "CC-BY-4.0" in footer
    words = {"en": ("Made from data version", "How to cite"), "id": ("Dibuat dari data versi", "Cara mengutip")}
    if lang in words:
        assert all(w in footer for w in words[lang])
    if lang != "en":
        assert "How to cite" not in footer and '<span lang="en">' in footer  # the English title is marked


def test_footer_escapes_the_descriptor_it_cites(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    package = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    package["title"] = "<script>x</script> [link](http://evil)"
    package["version"] = "9.9.9 <b>"
    (copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    footer = citation.footer(icdd.load(copy), "en")
    assert "<script>" not in footer and "<b>" not in footer and not re.search(r"(?<!\\)\]\(", footer)
    assert "&lt;script&gt;" in footer and "9.9.9 &lt;b&gt;" in footer
