"""The data dictionary is generated from datapackage.json and the codebook, in English and Indonesian, is
written beside the reports and linked from the index, and cannot drift from the descriptor (issue 18, part 4)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

import icdd_analysis as icdd
from icdd_analysis import data_dictionary as dd
from icdd_analysis.report import dictionary_page, render_index

from .conftest import ROOT

DESCRIPTOR = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))


def _section(text: str, table: str) -> str:
    return text.split(f"## `{table}`")[1].split("\n## ")[0]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_table_and_field_of_the_descriptor_is_described_with_type_and_allowed_values(ds, lang):
    text = "\n\n".join(dd.sections(ds, lang))
    assert len(re.findall(r"^## `", text, re.M)) == len(DESCRIPTOR["resources"])
    for resource in DESCRIPTOR["resources"]:
        section = _section(text, resource["name"])
        rows = [line for line in section.splitlines() if line.startswith("| `")]
        assert [r.split("`")[1] for r in rows] == [f["name"] for f in resource["schema"]["fields"]], resource["name"]
        for row, field in zip(rows, resource["schema"]["fields"]):
            cells = [c.strip() for c in row.strip("|").split(" | ")]
            assert cells[1] == dd.t(f"dict_type_{field['type']}", lang)
            assert cells[2] == dd.t("yes" if field.get("constraints", {}).get("required") else "no", lang)
            for value in field.get("constraints", {}).get("enum", []):
                assert f"`{value}`" in cells[3], (resource["name"], field["name"], value)
            assert cells[4], (resource["name"], field["name"])  # a meaning for every field


def test_english_meanings_are_the_descriptors_own(ds):
    text = "\n\n".join(dd.sections(ds, "en"))
    assert "Confidence that the value is TRUE, not merely that a source printed it" in text
    assert "One row per `event_id` (primary key)." in text
    assert "`source_id` refers to `source_id` of `sources`." in text


def test_indonesian_dictionary_translates_every_table_and_field(ds):
    text = "\n\n".join(dd.sections(ds, "id"))
    untranslated = re.findall(r"\| `(\w+)` \|[^\n]*belum diterjemahkan", text)
    assert not untranslated, f"{len(untranslated)} fields have no Indonesian meaning in the catalogue: {untranslated[:10]}"
    assert "belum diterjemahkan" not in text
    assert "Kamus data" in text and "| kolom | jenis | wajib | nilai yang diperbolehkan | makna |" in text
    assert "Buku kode" in text and "Aturan pengodean" in text


def test_the_dictionary_follows_the_descriptor_it_is_made_from(tmp_path):
    folder = tmp_path / "pkg"
    shutil.copytree(icdd.bundled_path().parent, folder)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    events["description"] = "Changed <b>description</b> [x](http://y)"
    events["schema"]["fields"][1]["description"] = "What sort of event, as changed."
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    mine = icdd.load(folder)
    text = "\n\n".join(dd.sections(mine, "en"))
    assert "What sort of event, as changed." in text and "Changed &lt;b&gt;description&lt;/b&gt; \\[x\\]" in text
    idn = "\n\n".join(dd.sections(mine, "id"))
    # a description changed since its translation is shown in English, marked, never with the stale translation
    assert '<span lang="en">*What sort of event, as changed.*</span> (belum diterjemahkan)' in idn
    assert "| `kind` |" in idn and "Jenis kegiatan." not in idn


def test_the_indonesian_catalogue_holds_no_translation_of_a_description_that_no_longer_exists():
    current = {r.get("description") for r in DESCRIPTOR["resources"]} | {
        f.get("description") for r in DESCRIPTOR["resources"] for f in r["schema"]["fields"]}
    stale = set(dd.translations("id")) - current
    assert not stale, f"datapackage.po translates descriptions no longer in datapackage.json: {sorted(stale)[:5]}"


def test_icdd_report_writes_both_pages_and_the_index_links_them(tmp_path, ds):
    written = dictionary_page.write_data_dictionary(tmp_path)
    assert [p.name for p in written] == ["data-dictionary.html", "data-dictionary-id.html"]
    en, idn = (p.read_text(encoding="utf-8") for p in written)
    assert '<html lang="en">' in en and '<html lang="id">' in idn
    assert "<title>Data dictionary</title>" in en and "<title>Kamus data</title>" in idn
    assert "<td" in en and "frame_codes.csv" in en and ds.version in idn
    index = render_index({"reports": {}})
    assert 'href="data-dictionary.html"' in index and 'href="data-dictionary-id.html"' in index


def test_pages_made_from_the_same_inputs_are_kept_and_rendered_again_when_they_change(tmp_path):
    first = dictionary_page.write_data_dictionary(tmp_path, inputs="a" * 64)
    assert len(first) == 2
    made = {p: p.stat().st_mtime_ns for p in first}
    assert dictionary_page.write_data_dictionary(tmp_path, inputs="a" * 64) == []  # nothing changed: nothing rendered
    assert {p: p.stat().st_mtime_ns for p in first} == made
    (tmp_path / "data-dictionary-id.html").write_text("<html>edited</html>", encoding="utf-8")
    assert [p.name for p in dictionary_page.write_data_dictionary(tmp_path, inputs="a" * 64)] == ["data-dictionary-id.html"]
    assert len(dictionary_page.write_data_dictionary(tmp_path, inputs="b" * 64)) == 2  # other data or package: again


def _quick_render(notebook_path, html_path, nb=None):
    html_path.write_text(f"<html><p>{nb.metadata.papermill.parameters.lang}</p></html>\n", encoding="utf-8")


@pytest.fixture
def page_cache(tmp_path, monkeypatch):
    from icdd_analysis.data import cache

    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path / "cache"))
    return tmp_path / "cache" / dictionary_page.STEM


def test_pages_rendered_once_are_copied_into_the_next_folder_not_rendered_again(tmp_path, page_cache, monkeypatch):
    from icdd_analysis.report import render

    for name in ("one", "two", "three"):
        (tmp_path / name).mkdir()
    monkeypatch.setattr(render, "render_html", _quick_render)  # what is on the pages is another test's
    first = dictionary_page.write_data_dictionary(tmp_path / "one", inputs="c" * 64)
    assert sorted(p.name for p in page_cache.iterdir()) == [f"{'c' * 64}-en.html", f"{'c' * 64}-id.html"]

    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(render, "render_html", no_rendering)
    second = dictionary_page.write_data_dictionary(tmp_path / "two", inputs="c" * 64)
    assert [p.read_bytes() for p in second] == [p.read_bytes() for p in first]
    with pytest.raises(AssertionError, match="rendered again"):  # other inputs: rendered, not copied
        dictionary_page.write_data_dictionary(tmp_path / "three", inputs="d" * 64)


def test_a_linked_page_in_the_cache_is_not_copied_and_the_cache_keeps_a_few_pages(tmp_path, page_cache, monkeypatch):
    from icdd_analysis.report import render

    monkeypatch.setattr(render, "render_html", _quick_render)
    page_cache.mkdir(parents=True)
    for name in ("out", "more"):
        (tmp_path / name).mkdir()
    outside = tmp_path / "not-a-page.html"
    outside.write_text("<script>from elsewhere</script>", encoding="utf-8")
    for lang in ("en", "id"):
        (page_cache / f"{'e' * 64}-{lang}.html").symlink_to(outside)
    written = dictionary_page.write_data_dictionary(tmp_path / "out", inputs="e" * 64)
    assert all("from elsewhere" not in p.read_text(encoding="utf-8") for p in written)
    monkeypatch.setattr(dictionary_page, "KEPT_PAGES", 3)
    dictionary_page.write_data_dictionary(tmp_path / "more", inputs="f" * 64)
    kept = [p for p in page_cache.iterdir() if not p.is_symlink()]
    assert len(kept) == 3 and outside.read_text(encoding="utf-8") == "<script>from elsewhere</script>"


def test_a_kept_page_cut_short_is_rendered_again_and_replaced(tmp_path, page_cache, monkeypatch):
    from icdd_analysis.report import render

    monkeypatch.setattr(render, "render_html", _quick_render)
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    dictionary_page.write_data_dictionary(tmp_path / "one", inputs="a" * 64)
    kept = page_cache / f"{'a' * 64}-en.html"
    kept.write_text("<html><p>cut sh", encoding="utf-8")  # a crash or a full disk while it was written
    written = dictionary_page.write_data_dictionary(tmp_path / "two", inputs="a" * 64)
    page = (tmp_path / "two" / "data-dictionary.html").read_text(encoding="utf-8")
    assert len(written) == 2 and "cut sh" not in page and "<p>en</p>" in page
    assert kept.read_text(encoding="utf-8") == page  # replaced by the page just rendered
