"""The manifest and the index: languages, titles, answers and parameters in words, hostile manifests, the data hash."""

from __future__ import annotations

import json

import pytest

from icdd_analysis import report
from icdd_analysis.errors import DataPackageError



def test_index_shows_each_reports_language():
    from html.parser import HTMLParser

    from icdd_analysis.report.manifest import render_index

    manifest = {"generator": "icdd-analysis", "reports": {
        "02-compare-agendas--lang-id": {"notebook": "02-compare-agendas.ipynb", "parameters": {"lang": "id"},
                                        "status": "ok", "finished": "2026-11-29T00:00:00+00:00", "seconds": 1.0},
        "01-overview": {"notebook": "01-overview.ipynb", "parameters": {}, "status": "ok",
                        "finished": "2026-11-29T00:00:00+00:00", "seconds": 1.0}}}
    rows: list[list[str]] = []
    links: dict[str, str] = {}

    class Rows(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                rows.append([])
            if tag == "a" and dict(attrs).get("hreflang"):
                links[dict(attrs)["href"]] = dict(attrs)["hreflang"]

        def handle_data(self, data):
            if rows and data.strip():
                rows[-1].append(data.strip())

    Rows().feed(render_index(manifest))
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["02-compare-agendas--lang-id"][1] == "Indonesian (Bahasa Indonesia)"
    assert by_name["01-overview"][1] == "English"
    assert links == {"02-compare-agendas--lang-id/report.html": "id", "01-overview/report.html": "en",
                     "index.id.html": "id",  # the index in the other language
                     "data-dictionary.html": "en", "data-dictionary-id.html": "id"}  # the data dictionary in each


def test_the_index_names_reports_by_title_with_their_answer_and_parameters_in_words_in_each_language():
    from icdd_analysis.report.manifest import render_index

    line = 'Berlanjut: manajemen krisis (F3, hampir pasti). <script>'
    manifest = {"generator": "icdd-analysis", "reports": {
        "compare-agendas-id": {"notebook": "02-compare-agendas.ipynb", "status": "ok", "seconds": 6.5,
                               "finished": "2026-12-04T21:06:39+00:00", "title": "Dari RCDD 2019 ke ICDD 2021",
                               "parameters": {"lang": "id", "baseline_scope": "stated_agenda", "method": "tfidf"},
                               "answer": {"lang": "id", "line": line}}}}
    en, id_ = render_index(manifest, "en"), render_index(manifest, "id")
    assert '<html lang="en">' in en and '<html lang="id">' in id_
    assert 'title="compare-agendas-id" lang="id">Dari RCDD 2019 ke ICDD 2021</a>' in en  # the title, not the slug
    assert '<span lang="id">Berlanjut: manajemen krisis (F3, hampir pasti). &lt;script&gt;</span>' in en  # escaped
    assert "earlier agenda&#39;s items: whole stated agenda" in en and "method: TF-IDF" in en
    every = render_index({"reports": {"r": {**manifest["reports"]["compare-agendas-id"], "parameters": {"method": "all"}}}}, "id")
    assert "metode: semua metode" in every  # "all" in words, as the explorer says it
    assert "butir agenda terdahulu: seluruh agenda yang dinyatakan" in id_
    assert "<th>the answer in one line</th>" in en and "<th>jawaban dalam satu baris</th>" in id_
    assert "4 Dec 2026, 21:06" in en and "4 Des 2026, 21:06" in id_ and "6,5 s" in id_
    assert "baseline_scope" not in id_ and "lang=id" not in id_


def test_the_data_hash_refuses_a_table_over_the_loaders_size_limit_instead_of_reading_it(package_copy):
    """The up-to-date check hashes a user's package before anything loads it: a huge table is refused by its
    size, as the loader refuses it, never read into memory."""
    from icdd_analysis.data.guard import MAX_TABLE_BYTES
    from icdd_analysis.report.manifest import data_hash

    before = data_hash(str(package_copy.folder))
    assert before == data_hash(str(package_copy.folder))
    with (package_copy.folder / "frames.csv").open("r+b") as table:
        table.truncate(MAX_TABLE_BYTES + 1)  # sparse: no disk space used
    with pytest.raises(DataPackageError, match=r"^frames\.csv: 50,000,001 bytes, larger than the 50,000,000 bytes"):
        data_hash(str(package_copy.folder))


# --- 7. a corrupt manifest is kept aside ---------------------------------------------------------------------


@pytest.mark.parametrize("content", [b'{"reports": {"a": ', b"[1, 2]", b'{"reports": []}', b"\xff\xfe not utf-8"])
def test_a_corrupt_manifest_is_kept_aside_and_reported(tmp_path, caplog, content):
    (tmp_path / "manifest.json").write_bytes(content)
    with caplog.at_level("INFO"):  # the runner's log, whatever handlers an earlier test left configured
        report._update_manifest(tmp_path, "toy", {"status": "ok", "parameters": {}})
    [kept] = tmp_path.glob("manifest.json.corrupt-*")
    assert kept.read_bytes() == content
    assert f"{tmp_path / 'manifest.json'} was corrupt" in caplog.text and kept.name
    assert set(json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["reports"]) == {"toy"}
