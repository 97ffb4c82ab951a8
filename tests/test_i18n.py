"""The translation catalogues, locale formatting, the page language, and a language test of rendered output.

The language test renders every section the two report notebooks show (by calling the functions their
cells call; no kernel) in Indonesian and in English, as report.html renders Markdown, and checks that each
paragraph, list item and table cell of 8 or more words is in the page's language (lingua, told to choose
between English and Indonesian), apart from text marked as verbatim (an element with a ``lang`` attribute,
or italics); and that no English catalogue message shows on an Indonesian page.
"""

from __future__ import annotations

import csv
import re
import warnings
from html.parser import HTMLParser

import pandas as pd
import pytest

import icdd_analysis as icdd
from icdd_analysis import i18n
from icdd_analysis import narrative as nr
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


def test_html_lang_follows_the_notebooks_lang_parameter():
    page = '<!DOCTYPE html>\n<html lang="en">\n<head><title>x</title></head><body><p lang="en">a</p></body></html>'
    indonesian = {"metadata": {"papermill": {"parameters": {"lang": "id", "data": ""}}}}
    assert i18n.html_lang(page, indonesian).splitlines()[1] == '<html lang="id">'
    assert i18n.html_lang(page, indonesian).count('lang="en"') == 1  # only the <html> element changes
    assert i18n.html_lang(page, {"metadata": {}}).splitlines()[1] == '<html lang="en">'  # no parameters: English
    assert i18n.html_lang("<html>\n<body></body></html>", indonesian).startswith('<html lang="id">')
    bogus = {"metadata": {"papermill": {"parameters": {"lang": '"><script>'}}}}
    assert i18n.html_lang(page, bogus).splitlines()[1] == '<html lang="en">'


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


def overview_sections(ds, lang: str) -> list[str]:
    """The Markdown 01-overview shows, from the functions its cells call (no kernel)."""
    baseline, target = "rcdd-2019", "icdd-2021"
    shown_items = ds.agenda_items[ds.agenda_items["event_id"].isin([baseline, target])]
    shown_participants = ds.participants[ds.participants["event_id"].isin([baseline, target])]
    cited = nr.cited_source_ids(ds.events, ds.documents, shown_participants, shown_items, ds.variants)
    return [
        nr.overview_intro(ds, lang),
        f"## {t('timeline', lang)}\n\n{t('timeline_note', lang)}", nr.timeline_table(ds, lang),
        f"## {t('events', lang)}\n\n" + nr.conferences_table(ds, lang),
        f"## {t('outcomes', lang)}\n\n{t('outcomes_note', lang)}\n\n" + nr.outcomes_table(ds, lang),
        f"## {t('countries', lang)}\n\n" + nr.countries_note(ds, baseline, target, lang),
        nr.countries_table(ds, baseline, target, lang),
        f"## {t('agenda', lang)}", *(nr.agenda_section(ds, e, lang) for e in (baseline, target)),
        f"## {t('variants', lang)}\n\n{t('variants_note', lang)}\n\n" + nr.variants_table(ds, lang, [baseline, target]),
        nr.sources_section(ds, cited, lang),
    ]


def compare_sections(ds, lang: str) -> list[str]:
    """The Markdown 02-compare-agendas shows (fewer methods and permutations: the text is the same)."""
    from icdd_analysis.items import MissingTextWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingTextWarning)
        comps = [icdd.compare(ds, method=m, lang=lang) for m in ("coding", "keywords", "tfidf")]
        agr = icdd.agreement(ds, methods=["keywords", "tfidf"], lang=lang)
        rob = icdd.robustness(ds, methods=("tfidf",), n_permutations=5)
        reference = icdd.compare(ds, method="coding")
    n_items = len(comps[0].baseline) + len(comps[0].target)
    shown = ds.agenda_items[ds.agenda_items["item_id"].isin(comps[0].baseline.ids + comps[0].target.ids)]
    frame_source = ds.frames[ds.frames["frame_id"] == comps[0].frame.base_id]
    return [
        nr.compare_intro(ds, comps, lang), f"## {t('items_compared', lang)}\n\n" + nr.items_table(ds, comps[0], lang),
        f"## {t('similarity_heading', lang)}\n\n{t('similarity_note', lang)}",
        f"## {t('links_heading', lang)}\n\n" + nr.links_table(comps, lang),
        f"## {t('continuity_heading', lang)}", nr.continuity_table(comps, lang),
        f"## {t('agreement_heading', lang)}\n\n{t('agreement_note', lang)}\n\n" + nr.agreement_table(agr, lang),
        nr.robustness_section(rob, comps[0].frame, lang),
        t("permutation_note", lang, n=5, n_items=n_items) + "\n\n" + nr.permutation_table(rob, lang),
        nr.in_short(ds, reference, rob, lang), nr.limits(lang, n_items),
        nr.sources_section(ds, nr.cited_source_ids(shown, frame_source), lang),
    ]


class Blocks(HTMLParser):
    """The text of each paragraph, list item, heading and table cell of a page, without verbatim parts
    (elements with a ``lang`` attribute, italics) and code."""

    BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4"}
    SKIP = {"em", "i", "code"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._open: list[list[str]] = []
        self._skip: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self._open.append([])
        if tag in self.SKIP or dict(attrs).get("lang") or (self._skip and tag == self._skip[-1]):
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
def pages(ds):
    return {(report, lang): rendered_blocks(build(ds, lang))
            for report, build in (("01-overview", overview_sections), ("02-compare-agendas", compare_sections))
            for lang in ("en", "id")}


@pytest.mark.parametrize("report", ["01-overview", "02-compare-agendas"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_prose_block_is_in_the_page_language(pages, detector, report, lang):
    from lingua import Language

    expected = {"en": Language.ENGLISH, "id": Language.INDONESIAN}[lang]
    checked, wrong = _judge(detector, pages[(report, lang)], expected)
    assert checked >= 10, checked  # the test reads the pages' prose, not nothing
    assert not wrong, f"{len(wrong)} of {checked} blocks not in {lang!r}:\n" + "\n".join(wrong[:8])


@pytest.mark.parametrize("report", ["01-overview", "02-compare-agendas"])
def test_no_english_catalogue_message_on_an_indonesian_page(pages, report):
    english, indonesian = i18n.catalogue("en"), i18n.catalogue("id")
    text = "\n".join(pages[(report, "id")])
    cells = set(pages[(report, "id")])
    shown = []
    for key, message in english.items():
        if message == indonesian[key]:
            continue  # the same in both languages (TF-IDF, Format, blog)
        for fragment in re.split(r"\{[^}]*\}|[*`()\-:;,.]", message):
            fragment = " ".join(fragment.split())
            if len(fragment.split()) >= 3 and fragment in text:
                shown.append((key, fragment))
        if len(message.split()) < 3 and message in cells:  # a value or header alone in a cell
            shown.append((key, message))
    assert not shown, shown


# --- the Indonesian student notebook -----------------------------------------------------------------------


def student_notebook_blocks(ds, lang: str) -> list[str]:
    """What a student reads: the notebook's Markdown cells, and the outputs of the teaching helpers its cells
    show (tables, sentences, checker messages, glossary), rendered as HTML blocks."""
    from icdd_analysis import teaching as tc
    from icdd_analysis.teaching.build import notebooks_from_source  # as the committed notebooks are built

    source = icdd.bundled_path().parent.parent / "notebooks" / "teaching" / "case-study.source.yaml"
    _, nb = notebooks_from_source(source)[lang]
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    keywords = {name: icdd.compare(ds, method="keywords", lang=x) for name, x in (("en", "en"), ("id", "id"))}
    outputs = [
        tc.variants_of_focus_areas(ds, lang), tc.frame_table(ds, "function", lang), tc.glossary_table(lang),
        tc.continuity_by_wording({t("preferred_list", lang): keywords["id"]}, lang),
        tc.uncoded_items_table(keywords, lang),
        tc.tokens_table({"general_stoplist": ["kerja", "negeri"], "protected_first": ["kerja_sama", "luar_negeri"]}, lang),
        *(t(key, lang, answer="X1", n=5, items="a, b", item="a", code="F9", valid="F1, F2")
          for key in i18n.messages(lang) if key.startswith("exercise_")),
    ]
    return rendered_blocks(markdown + outputs)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_student_notebook_reads_in_its_language(ds, detector, lang):
    from lingua import Language

    expected = {"en": Language.ENGLISH, "id": Language.INDONESIAN}[lang]
    checked, wrong = _judge(detector, student_notebook_blocks(ds, lang), expected)
    assert checked >= 20, checked
    assert not wrong, f"{len(wrong)} of {checked} blocks not in {lang!r}:\n" + "\n".join(wrong[:10])


def test_the_indonesian_student_notebooks_code_comments_are_indonesian():
    import nbformat

    nb = nbformat.read(icdd.bundled_path().parent.parent / "notebooks" / "teaching" / "studi-kasus-id.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    english = i18n.messages("en")
    left = [key for key in english if key.startswith("nb_") and english[key] in code]
    assert not left, left
    assert t("nb_setup", "id") in code and "✏️ sebuah ID sumber" in code
