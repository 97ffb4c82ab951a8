"""The translation catalogues, locale formatting, the page language, and a language test of rendered output.

The language test reads the pages a user opens: the report.html that ``icdd-report run`` makes of both report
notebooks in Indonesian and in English (run once per test session), and the committed student notebooks. It
checks that each paragraph, list item, heading, table cell, figure text alternative and the ``<title>`` of 8 or
more words is in the page's language (lingua, told to choose between English and Indonesian), apart from text
marked as verbatim (an element with a ``lang`` attribute, or italics); that no English catalogue message shows
on an Indonesian page, nor an Indonesian one on an English page; and that the Indonesian pages say
``lang="id"`` and write numbers, dates and country names the Indonesian way.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from html.parser import HTMLParser

import pandas as pd
import pytest

import icdd_analysis as icdd
from icdd_analysis import i18n
from icdd_analysis import present as nr
from icdd_analysis.errors import IcddError
from icdd_analysis.escaping import Verbatim, verbatim
from icdd_analysis.i18n import t

# --- the catalogues ------------------------------------------------------------------------------------


def test_every_language_has_every_message_with_the_same_placeholders():
    assert i18n.LANGS[0] == "en" and "id" in i18n.LANGS
    english = i18n.catalogue("en")
    assert len(english) > 150
    for lang in i18n.LANGS:
        messages = i18n.catalogue(lang)
        assert set(messages) == set(english), f"{lang}: missing {set(english) - set(messages)}, extra {set(messages) - set(english)}"
        empty = [key for key, text in messages.items() if not text.strip()]
        assert not empty, f"{lang}: untranslated {empty}"
        differ = [key for key in english if i18n.placeholders(english[key]) != i18n.placeholders(messages[key])]
        assert not differ, f"{lang}: placeholders differ from English in {differ}"
        if lang != "en":  # a sentence the same as the English one was copied, not translated
            copied = [key for key, text in english.items() if messages[key] == text and len(_words(text)) >= 3]
            assert not copied, f"{lang}: the same as English in {copied}"


def test_no_message_is_defined_twice_in_a_catalogue():
    """gettext keeps the last of two entries with the same key silently: a merge of two branches that both
    added a key would change a page's wording without any other test noticing."""
    for lang in i18n.LANGS:
        path = Path(i18n.__file__).parent / "locale" / lang / "LC_MESSAGES" / "icdd.po"
        keys = re.findall(r'^(?:msgctxt "(.*)"\n)?msgid "(.*)"$', path.read_text(encoding="utf-8"), re.M)
        twice = sorted({key for key in keys if keys.count(key) > 1})
        assert not twice, f"{path.name} ({lang}): defined twice: {twice}"


def _words(message: str) -> list[str]:
    """A message's words, without placeholders and names (capitalised words: Cecep Herawan, TF-IDF)."""
    return [w for w in re.sub(r"\{[^}]*\}", " ", message).split() if w[:1].islower()]


def test_the_completeness_check_catches_a_missing_key_and_a_renamed_placeholder(monkeypatch):
    english = dict(i18n.catalogue("en"))
    broken = {k: v for k, v in i18n.catalogue("id").items() if k != (None, "timeline")}
    broken[(None, "only")] = "hanya {kegiatan}"
    assert set(broken) != set(english)
    assert i18n.placeholders(broken[(None, "only")]) != i18n.placeholders(english[(None, "only")])


def test_t_formats_and_names_a_missing_message():
    assert t("only", "id", event="RCDD 2019") == "hanya RCDD 2019"
    assert i18n.column("confidence", "id") == "tingkat keyakinan" and i18n.column("confidence", "en") == "confidence"
    with pytest.raises(KeyError, match="no message 'no_such_key' in the 'id' catalogue"):
        t("no_such_key", "id")
    with pytest.raises(IcddError, match="unknown report language 'fr'; valid: en, id"):
        t("timeline", "fr")


def test_enumerated_values_are_translated_at_display_time():
    assert i18n.value("format", "hybrid", "id") == "hibrida" and i18n.value("format", "hybrid", "en") == "hybrid"
    assert i18n.value("kind", "focus_area", "id") == "area fokus" and i18n.value("kind", "focus_area", "en") == "focus area"
    assert i18n.value("role", "delegation", "id") == "delegasi"
    assert i18n.value("kind", "something_new", "id") == "something new"  # unknown values shown as they are


def test_review_L1_to_L12_wording():
    id_ = i18n.messages("id")
    text = " ".join(id_.values())
    for wrong in ("didaftar ", "Linimasa", "terjepit", "Apa yang diberikan kebetulan", "mengoreksi kebetulan",
                  "Di mana sumber", "di mana mereka", "butir berikutnya", "Agenda berikutnya", "yang berikut adalah",
                  "hanya dalam {baseline}"):
        assert wrong not in text, wrong
    assert id_["timeline"] == "Lini masa" and i18n.column("confidence", "id") == "tingkat keyakinan"
    assert "baik Jakarta Message maupun Bali Message" in id_["outcomes_note"]
    assert "mengoreksi faktor kebetulan" in id_["agreement_note"]
    assert not re.search(r"\bdi mana\b", text.replace("di mana diselenggarakan", ""))  # only the interrogative


# --- formatting ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "thousands", "decimal", "share", "date", "date2"), [
    ("en", "4,300", "0.82", "82%", "16 November 2021", "10 September 2019"),
    ("id", "4.300", "0,82", "82%", "16 November 2021", "10 September 2019"),
])
def test_numbers_percentages_and_dates(lang, thousands, decimal, share, date, date2):
    assert i18n.format_number(4300, lang) == thousands
    assert i18n.format_number(0.8249, lang, decimals=2) == decimal
    assert i18n.format_percent(0.82, lang) == share
    assert i18n.format_date("2021-11-16", lang) == date and i18n.format_date(pd.Timestamp("2019-09-10"), lang) == date2


@pytest.mark.parametrize(("lang", "days", "shown"), [
    ("id", ("2019-09-10", "2019-09-11"), "10–11 September 2019"),
    ("id", ("2021-10-30", "2021-11-02"), "30 Oktober–2 November 2021"),
    ("id", ("2021-12-30", "2022-01-02"), "30 Desember 2021–2 Januari 2022"),
    ("en", ("2019-09-10", "2019-09-11"), "10\u2009–\u200911 September 2019"),  # CLDR: thin spaces around the dash
    ("en", ("2021-12-30", "2022-01-02"), "30 December 2021\u2009–\u20092 January 2022"),
    ("id", ("2021-11-16", "2021-11-16"), "16 November 2021"),
])
def test_date_ranges_write_only_what_differs(lang, days, shown):
    assert i18n.format_date_range(*days, lang) == shown


def test_month_names_follow_the_language():
    assert i18n.format_date("2017-05-17", "id") == "17 Mei 2017" and i18n.format_date("2017-05-17", "en") == "17 May 2017"
    assert i18n.format_date("2022-08-01", "id") == "1 Agustus 2022"


def test_country_names_from_cldr_with_the_ministrys_overrides():
    expected = {"CHN": "Tiongkok", "KOR": "Korea Selatan", "NZL": "Selandia Baru", "ZAF": "Afrika Selatan",
                "USA": "Amerika Serikat", "FIN": "Finlandia", "CHL": "Cile", "MMR": "Myanmar", "PHL": "Filipina"}
    assert {iso3: i18n.country_name(iso3, "id") for iso3 in expected} == expected
    assert i18n.country_name("ZAF", "en") == "South Africa"
    assert i18n.iso2("GBR") == "GB"
    with pytest.raises(IcddError, match="unknown ISO 3166-1 alpha-3 country code 'XYZ'"):
        i18n.country_name("XYZ", "id")
    assert i18n.country_name("XYZ", "id", fallback="Somewhere") == "Somewhere"


def test_each_country_override_has_a_source_and_still_differs_from_cldr():
    import babel

    with i18n.COUNTRY_NAME_OVERRIDES.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows
    for row in rows:
        assert row["source"].strip(), row
        cldr = babel.Locale(row["lang"]).territories[i18n.iso2(row["iso3"])]
        assert cldr == row["cldr_name"] != row["name"], f"{row['iso3']}: CLDR now says {cldr!r}; is the override still needed?"


def test_indonesian_reports_use_indonesian_names_numbers_and_dates(ds):
    note = nr.countries_note(ds, "rcdd-2019", "icdd-2021", "id")
    assert "Afrika Selatan, Amerika Serikat, Cile, Fiji, Finlandia, Inggris Raya" in note and "South Africa" not in note
    table = nr.conferences_table(ds, "id")
    assert "\\~4.300" in table and "16 November 2021" in table and "hibrida" in table
    assert "Konferensi Regional Diplomasi Digital (RCDD 2019)" in nr.overview_intro(ds, "id")  # name_id
    english = nr.conferences_table(ds, "en")
    assert "\\~4,300" in english and "16 November 2021" in english and "hybrid" in english


# --- the page says its language ------------------------------------------------------------------------


def test_html_lang_follows_the_notebooks_lang_parameter(tmp_path):
    import nbformat

    from icdd_analysis import report

    def page(metadata: dict) -> str:
        cell = nbformat.v4.new_code_cell("")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": '<p lang="en">Bali Message</p>'})]
        path = tmp_path / "r.ipynb"
        nbformat.write(nbformat.v4.new_notebook(cells=[cell], metadata=metadata), path)
        report.render_html(path, tmp_path / "r.html")
        return (tmp_path / "r.html").read_text(encoding="utf-8")

    indonesian = page({"papermill": {"parameters": {"lang": "id", "data": ""}}})
    assert re.findall(r"<html[^>]*>", indonesian) == ['<html lang="id">']
    assert '<p lang="en">Bali Message</p>' in indonesian  # only the <html> element says the report's language
    assert re.findall(r"<html[^>]*>", page({})) == ['<html lang="en">']  # no parameters: English
    bogus = page({"papermill": {"parameters": {"lang": '"><script>'}}})
    assert re.findall(r"<html[^>]*>", bogus) == ['<html lang="en">']


def test_report_html_of_an_indonesian_notebook_says_lang_id(tmp_path):
    import json

    from icdd_analysis import report

    notebooks = icdd.bundled_path().parent.parent / "notebooks"  # the checkout's, or the wheel's copy
    source = json.loads((notebooks / "01-overview.ipynb").read_text(encoding="utf-8"))
    source.setdefault("metadata", {})["papermill"] = {"parameters": {"lang": "id"}}
    (tmp_path / "r.ipynb").write_text(json.dumps(source), encoding="utf-8")
    report.render_html(tmp_path / "r.ipynb", tmp_path / "r.html")
    assert re.search(r'<html lang="id">', (tmp_path / "r.html").read_text(encoding="utf-8"))


# --- verbatim text ---------------------------------------------------------------------------------------


def test_verbatim_marks_other_language_text_and_keeps_it_escaped():
    assert verbatim("Bali Message", "en", "id") == '<span lang="en">*Bali Message*</span>'
    assert verbatim("Bali Message", "en", "en") == "Bali Message"  # the page's own language: unmarked
    hostile = verbatim("<script>x</script> *a* [l](javascript:y)", "en", "id")
    assert "<script" not in hostile and "&lt;script&gt;" in hostile and "\\*a\\*" in hostile and "\\[l\\]" in hostile
    assert verbatim("text", 'en" onmouseover="x', "id") == "text"  # not a language tag: not written into HTML
    assert Verbatim("Teks", "id").markdown("en") == '<span lang="id">*Teks*</span>'


# --- the language test ----------------------------------------------------------------------------------
# It reads the pages a user opens: the default reports, both report notebooks in both languages (the
# session fixture ``rendered_reports`` in conftest.py), and the committed Indonesian student notebook.


class Blocks(HTMLParser):
    """The text of each paragraph, list item, heading and table cell of a page, without verbatim parts
    (elements with a ``lang`` attribute, italics) and code."""

    BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "title", "figcaption", "caption"}
    SKIP = {"em", "i", "code", "script", "style"}
    VOID = {"img", "br", "hr", "meta", "link", "input", "col", "wbr"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._open: list[list[str]] = []
        self._skip: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "img" and attributes.get("alt") and not attributes.get("lang") and not self._skip:
            self.blocks.append(" ".join(attributes["alt"].split()))  # a figure's text alternative is read too
        if tag in self.BLOCKS:
            self._open.append([])
        if tag in self.VOID:
            return
        if tag in self.SKIP or attributes.get("lang") and tag != "html" or (self._skip and tag == self._skip[-1]):
            self._skip.append(tag)

    def handle_endtag(self, tag):
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()
        elif tag in self.BLOCKS and self._open:
            self.blocks.append(" ".join("".join(self._open.pop()).split()))

    def handle_data(self, data):
        if self._open and not self._skip:
            self._open[-1].append(data)


def rendered_blocks(sections: list[str]) -> list[str]:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return [b for s in sections for b in Blocks(markdown2html_mistune(s)).blocks]


_WORD = re.compile(r"[^\W\d_]{2,}(?:[-'’][^\W\d_]+)*")


def prose(block: str) -> str:
    """A block's words, without quoted words, URLs, source ids ([A1]), item ids (icdd-2021-fa-1), codes (F3) and numbers."""
    block = re.sub(r"(?<![\w])'[^']+'(?![\w])", " ", block)  # quoted words: mentions ('kebijakan' to 'bijak')
    block = re.sub(r"https?://\S+|\[[^\]]*\]|\b[a-z]+(?:-[a-z0-9]+)+\b|\b[A-Z]+\d+\b", " ", block)
    return " ".join(_WORD.findall(block))


def _judge(detector, blocks, expected) -> tuple[int, list[str]]:
    """How many prose blocks of 8 or more words were judged, and those not judged to be in ``expected``."""
    checked, wrong = 0, []
    for block in blocks:
        words = prose(block)
        if len(words.split()) < 8:
            continue
        checked += 1
        # Names (Retno Marsudi, Telkom University, Kemlu) are in no language: judge the other words.
        common = " ".join(w for w in words.split() if not w[0].isupper()) or words
        if detector.detect_language_of(common) != expected:
            wrong.append(block)
    return checked, wrong


@pytest.fixture(scope="module")
def detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.INDONESIAN).build()


@pytest.fixture(scope="module")
def pages(rendered_reports):
    """{(report, lang): the text blocks of the report.html ``icdd-report run`` produced}."""
    return {key: Blocks(path.read_text(encoding="utf-8")).blocks for key, path in rendered_reports.items()}


@pytest.mark.parametrize("report", ["01-overview", "02-compare-agendas"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_prose_block_is_in_the_page_language(pages, detector, report, lang):
    from lingua import Language

    expected = {"en": Language.ENGLISH, "id": Language.INDONESIAN}[lang]
    checked, wrong = _judge(detector, pages[(report, lang)], expected)
    assert checked >= 10, checked  # the test reads the pages' prose, not nothing
    assert not wrong, f"{len(wrong)} of {checked} blocks not in {lang!r}:\n" + "\n".join(wrong[:8])


def other_language_messages(blocks: list[str], lang: str) -> list[tuple]:
    """Catalogue messages of the other language (fragments of 3 or more words, or a whole short message alone
    in a block) found in ``blocks``."""
    import babel

    other = i18n.catalogue("id" if lang == "en" else "en")
    own = i18n.catalogue(lang)
    text = "\n".join(blocks)
    cells = set(blocks)
    # A header of one language can be a country's name in the other ("Indonesia": the language, the country).
    place_names = set(babel.Locale(lang).territories.values())
    own_texts = set(own.values())
    shown = []
    for key, message in other.items():
        if message == own[key] or message in own_texts:
            continue  # a word of both languages (TF-IDF, Format, blog, label)
        for fragment in re.split(r"\{[^}]*\}|[*`()\-:;,.]", message):
            fragment = " ".join(fragment.split())
            if len(fragment.split()) >= 3 and fragment in text:
                shown.append((key, fragment))
        if len(message.split()) < 3 and message in cells and message not in place_names:  # a value or header alone
            shown.append((key, message))
    return shown


@pytest.mark.parametrize("report", ["01-overview", "02-compare-agendas"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_catalogue_message_of_the_other_language_on_a_page(pages, report, lang):
    shown = other_language_messages(pages[(report, lang)], lang)
    assert not shown, shown


def test_the_indonesian_pages_say_their_language_and_format_the_indonesian_way(rendered_reports, pages):
    overview = rendered_reports[("01-overview", "id")].read_text(encoding="utf-8")
    compare = rendered_reports[("02-compare-agendas", "id")].read_text(encoding="utf-8")
    events = {"baseline": "RCDD 2019", "target": "ICDD 2021"}
    for page, title in ((overview, t("overview_title", "id")), (compare, t("compare_title", "id", **events))):
        assert re.search(r'<html lang="id">', page)
        assert f"<title>{title}</title>" in page
    text = "\n".join(pages[("01-overview", "id")])
    assert "16 November 2021" in text and "17 Mei 2017" in text and "~4.300" in text
    assert "1–12 Agustus 2022" in text and "13–15 November 2021" in text  # CLDR date intervals
    for name in ("Tiongkok", "Selandia Baru", "Korea Selatan", "Afrika Selatan", "Amerika Serikat", "Finlandia"):
        assert name in text, name
    assert not re.search(r"\b(China|New Zealand|South Korea|South Africa|United States|Finland)\b", text)
    assert re.search(r"\b0,\d\d\b", "\n".join(pages[("02-compare-agendas", "id")]))  # 0,82
    assert not re.search(r"\b0\.\d\d\b", "\n".join(pages[("02-compare-agendas", "id")]))
    english = "\n".join(pages[("01-overview", "en")])
    assert "~4,300" in english and "China" in english and "1 – 12 August 2022" in english  # (blocks have plain spaces)


# --- the Indonesian student notebook -----------------------------------------------------------------------


STUDENT_NOTEBOOKS = {"id": "studi-kasus-id.ipynb", "en": "case-study-en.ipynb"}


def notebook_blocks(path) -> tuple[list[str], list[str]]:
    """A committed notebook as its reader meets it: its Markdown (cells and Markdown outputs) and its HTML
    pages (HTML outputs, and printed text as paragraphs, split at blank lines)."""
    import html

    import nbformat

    nb = nbformat.read(path, as_version=4)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    pages = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                markdown.append(data["text/markdown"])
            elif "text/html" in data:
                pages.append(data["text/html"])
            elif output.get("output_type") == "stream" and output.get("name") == "stdout":
                pages.extend(f"<p>{html.escape(line)}</p>" for line in output["text"].split("\n\n"))
    return markdown, pages


def student_notebook_blocks(lang: str) -> list[str]:
    """What a student reads in the committed student notebook: its Markdown cells and the outputs stored in it
    (tables, sentences, checker messages, printed text), rendered as HTML blocks; and every checker message
    and hint of the catalogue (a student sees them when an answer is wrong, which the stored run does not show)."""
    path = icdd.bundled_path().parent.parent / "notebooks" / "teaching" / STUDENT_NOTEBOOKS[lang]
    markdown, pages = notebook_blocks(path)
    assert len(markdown) > 20, f"{path} has lost its Markdown cells or stored outputs"
    markdown += [t(key, lang, answer="X1", n=5, items="a, b", item="a", code="F9", valid="F1, F2")
                 for key in i18n.messages(lang) if key.startswith("exercise_")]
    return rendered_blocks(markdown) + [b for page in pages for b in Blocks(page).blocks]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_student_notebook_reads_in_its_language(detector, lang):
    from lingua import Language

    expected = {"en": Language.ENGLISH, "id": Language.INDONESIAN}[lang]
    checked, wrong = _judge(detector, student_notebook_blocks(lang), expected)
    assert checked >= 20, checked
    assert not wrong, f"{len(wrong)} of {checked} blocks not in {lang!r}:\n" + "\n".join(wrong[:10])
    shown = other_language_messages(student_notebook_blocks(lang), lang)
    assert not shown, shown


def instructor_guide_blocks(lang: str) -> list[str]:
    """What a lecturer reads in the committed instructor guide: its Markdown cells and stored outputs, as blocks."""
    name = {"en": "instructor-guide.ipynb", "id": "panduan-pengajar-id.ipynb"}[lang]
    markdown, pages = notebook_blocks(icdd.bundled_path().parent.parent / "notebooks" / "instructor" / name)
    return rendered_blocks(markdown) + [b for page in pages for b in Blocks(page).blocks]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_instructor_guide_reads_in_its_language(detector, lang):
    from lingua import Language

    expected = {"en": Language.ENGLISH, "id": Language.INDONESIAN}[lang]
    checked, wrong = _judge(detector, instructor_guide_blocks(lang), expected)
    assert checked >= 10, checked
    assert not wrong, f"{len(wrong)} of {checked} blocks not in {lang!r}:\n" + "\n".join(wrong[:10])


def test_the_indonesian_index_reads_in_indonesian(detector):
    from lingua import Language

    from icdd_analysis.report.manifest import render_index

    manifest = {"generator": "icdd-analysis", "reports": {
        "compare-agendas-id": {"notebook": "02-compare-agendas.ipynb", "status": "ok", "seconds": 6.5,
                               "finished": "2026-12-04T21:06:39+00:00", "title": "Dari RCDD 2019 ke ICDD 2021: apa yang berlanjut",
                               "parameters": {"lang": "id", "baseline_scope": "stated_agenda", "method": "coding"},
                               "answer": {"lang": "id", "line": "Berlanjut: manajemen dan komunikasi krisis (F3, hampir pasti); "
                                                                "diplomasi ekonomi (F4, sama mungkinnya ada atau tidak)."}},
        "overview-en": {"notebook": "01-overview.ipynb", "status": "failed", "failed_cell": 3, "error": "ValueError: x",
                        "seconds": 1.0, "parameters": {"lang": "en"}, "title": "Indonesia's digital-diplomacy conferences"}}}
    page = render_index(manifest, "id")
    checked, wrong = _judge(detector, Blocks(page).blocks, Language.INDONESIAN)  # titles and answers: marked lang
    assert checked >= 2, checked
    assert '<span lang="en">Indonesia&#39;s digital-diplomacy conferences</span>' in page
    assert not wrong, wrong
    assert other_language_messages(Blocks(page).blocks, "id") == []


def test_the_indonesian_student_notebooks_code_comments_are_indonesian():
    import nbformat

    nb = nbformat.read(icdd.bundled_path().parent.parent / "notebooks" / "teaching" / "studi-kasus-id.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    english = i18n.messages("en")
    left = [key for key in english if key.startswith("nb_") and english[key] in code]
    assert not left, left
    assert t("nb_setup", "id") in code and "✏️ sebuah ID sumber" in code


def test_pages_show_scopes_as_words_and_labels_whole(pages):
    for (report, lang), blocks in pages.items():
        text = "\n".join(blocks)
        assert not re.search(r"focus_areas|stated_agenda|sessions\+theme", text), (report, lang)
        assert not re.search(r"\w…\)", text), (report, lang)  # no label cut short: "F6 (foreign-ministry digital…)"
    assert "sessions → focus areas" in "\n".join(pages[("02-compare-agendas", "en")])
    indonesian = "\n".join(pages[("02-compare-agendas", "id")])
    assert "sesi → area fokus" in indonesian
    assert "F5 (kerja sama pembangunan dan peningkatan kapasitas) baru" in indonesian


def test_an_official_english_title_gets_an_indonesian_gloss_the_first_time(pages):
    gloss = "Pesan Bali tentang Kerja Sama Internasional dalam Diplomasi Digital; terjemahan kami"
    indonesian = "\n".join(pages[("01-overview", "id")])
    assert indonesian.count(gloss) == 1  # once, beside the first appearance of the title
    assert "Kerja sama dengan DFAT Australia" in indonesian  # the project's own short titles: in Indonesian
    english = "\n".join(pages[("01-overview", "en")])
    assert "Pesan Bali" not in english and "our translation" not in english.split("Bali Message on International")[1][:20]


def test_a_gloss_is_marked_and_escaped(ds):
    from icdd_analysis.present import md_table

    cell = Verbatim("Bali Message", "en", gloss="Pesan <b>Bali</b>", gloss_lang="id")
    shown = md_table(pd.DataFrame({"document": [cell]}), "id")
    assert '<span lang="en">*Bali Message*</span> (Pesan &lt;b&gt;Bali&lt;/b&gt;; terjemahan kami)' in shown
    assert "Pesan" not in md_table(pd.DataFrame({"document": [cell]}), "en")


def test_every_figure_has_a_text_alternative_in_the_page_language(rendered_reports):
    for (report, lang), path in rendered_reports.items():
        alts = re.findall(r'<img alt="([^"]*)"', path.read_text(encoding="utf-8"))
        assert alts and all(alts), (report, lang, alts)
        assert not [a for a in alts if "No description" in a], (report, lang)


def test_each_figure_file_is_the_png_the_page_shows(rendered_reports):
    """One render serves both (present.show_figure): figures/<name>.png holds exactly the page's image."""
    import base64

    for (report, lang), path in rendered_reports.items():
        shown = {base64.b64decode(data) for data in
                 re.findall(r'src="data:image/png;base64,([^"]+)"', path.read_text(encoding="utf-8"))}
        files = {f.read_bytes() for f in (path.parent / "figures").glob("*.png")}
        assert len(files) == {"01-overview": 2, "02-compare-agendas": 3}[report] and files == shown, (report, lang)


def test_figures_fit_a_1280_px_page_unshrunk_so_their_text_is_as_large_as_the_body_text(rendered_reports):
    """A figure wider than the page's content is shrunk by the browser, and its 11 pt (15 px) labels with it;
    figures of at most plots.MAX_SHOWN_PX fit the page's content (about 1220 px)."""
    import base64
    import struct

    from icdd_analysis.plots import FONT_SIZE, MAX_SHOWN_PX

    assert FONT_SIZE * 100 / 72 >= 14  # the lab template's body text is 14 px
    widths = []
    for (report, lang), path in rendered_reports.items():
        for data in re.findall(r'src="data:image/png;base64,([^"]+)"', path.read_text(encoding="utf-8")):
            width, _ = struct.unpack(">II", base64.b64decode(data[:64])[16:24])
            assert width <= MAX_SHOWN_PX < 1220, (report, lang, width)
            widths.append(width)
    assert len(widths) == 10  # 2 figures on each overview page, 3 on each comparison page
