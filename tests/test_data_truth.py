"""Every sentence true: the data's values and what the reports say of them hold against the fact sheet's levels
and the schema's own rules (the December 2026 truth review, issue 18)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from icdd_analysis import present as nr
from icdd_analysis.escaping import md_text
from icdd_analysis.present import robustness as sections
from icdd_analysis.present.robustness import support_text

MONTHS_EN = r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"


def _source_lines(ds, lang: str) -> dict[str, str]:
    section = nr.sources_section(ds, list(ds.sources["source_id"]), lang)
    return {re.search(r"\\\[(\w+)\\\]", line).group(1): line for line in section.splitlines() if line.startswith("- ")}


def test_x1_indonesian_source_lists_date_every_source_the_english_one_dates(ds):
    en, idn = _source_lines(ds, "en"), _source_lines(ds, "id")
    stated = ds.sources.set_index("source_id")["published_as_stated"].fillna("")
    for sid, line in idn.items():
        says_undated = str(stated[sid]).startswith("undated")
        assert ("tanpa tanggal" in line) == says_undated, line
        # every year the English line gives, the Indonesian line gives too
        for year in re.findall(r"\b(?:19|20)\d\d\b", en[sid].split(" http")[0].split("<http")[0]):
            assert year in line, (sid, en[sid], line)
        assert not re.search(MONTHS_EN, line.split(" <http")[0]), line  # no English month on the Indonesian page
    assert "sekitar 8-9 November 2021" in idn["A5"] and "Agustus 2022" in idn["A20"] and "2026" in idn["P1"]
    assert "sekitar Januari 2020" in idn["S14"] and "tanpa tanggal (setelah September 2019)" in idn["S7"]


@pytest.mark.parametrize("stated, expected", [
    ("c. 13-15 Nov 2021", "sekitar 13-15 November 2021"),
    ("Nov 2021 (reports 8 Nov)", "November 2021 (memberitakan peristiwa 8 November)"),
    ("undated (pre-event 2021)", "tanpa tanggal (sebelum kegiatan 2021)"),
    ("one menu snapshot, about 2020-22", "satu cuplikan menu, sekitar 2020-22"),
    ("Geneva Plan of Action, 2003", "Rencana Aksi Jenewa, 2003"),
    ("2017-2018", "2017-2018"),
])
def test_x1_stated_dates_in_indonesian(stated, expected):
    assert nr.stated_date_in(stated, "id") == expected
    assert nr.stated_date_in(stated, "en") == stated


def test_x7_jakarta_message_row_takes_its_lowest_value_confidence(ds):
    doc = ds.documents.set_index("document_id").loc["jakarta-message-2019"]
    # fact sheet §2.8: existence High, content Medium-High, exact title Medium; a row takes the lowest (a range: lower)
    assert doc["confidence"] == "medium"
    assert "Medium-High" in doc["notes"] and "title Medium" in doc["notes"]


def test_x8_wsis_c9_widening_is_flagged(ds):
    book = ds.codebook.set_index(["frame_id", "code"])
    c9 = book.loc[("wsis", "C9")]
    assert bool(c9["widened"]) and "rcdd-2019-emphasis-2" in c9["widened_note_en"]
    assert "rcdd-2019-emphasis-2" in c9["widened_note_id"] and c9["published_definition_en"] == "Action Line C9: Media."


# --- what the report says a claim rests on (X5, X6, X21) --------------------------------------------------


@pytest.fixture(scope="module")
def stated(ds):
    import icdd_analysis as icdd

    scopes = dict(baseline_scope="stated_agenda", target_scope="stated_agenda")
    rob = icdd.robustness(ds, methods=("coding",), langs=("en",), units=("label",), normalisations=("raw",),
                          top_ks=(1,), scopes=[("stated_agenda", "stated_agenda")], n_permutations=5)
    return icdd.compare(ds, method="coding", **scopes), rob


def _claim_lines(ds, reference, rob, lang):
    short = nr.in_short(ds, reference, rob, lang)
    return {line.split("**")[1].split(" (")[0]: line for line in short.splitlines() if line.startswith(("- **F", "- **G"))}


def test_x5_in_short_does_not_call_the_weaker_sides_best_text_the_lowest(ds, stated):
    lines = _claim_lines(ds, *stated, "en")
    assert "Lowest confidence of the texts it rests on" not in "".join(lines.values())
    # F3 rests on medium texts (review-1, emphasis-2) beside high ones: the sentence says "at least one per side"
    assert "medium" in lines["F3"] and "Each side has at least one text at this confidence or higher: high." in lines["F3"]


@pytest.mark.parametrize("lang, ours", [("en", "English text: our summary or translation of the source"),
                                        ("id", "teks bahasa Inggris: ringkasan atau terjemahan kami atas sumbernya")])
def test_x6_project_summaries_are_shown_as_ours_where_they_support_a_claim(ds, stated, lang, ours):
    lines = _claim_lines(ds, *stated, lang)
    # F5 continued (stated agenda) rests on rcdd-2019-aim-2, the project's summary of [S3], [S5], [S9]
    aim2 = re.search(r"rcdd-2019-aim-2 \(([^)]*)\)", lines["F5"]).group(1)
    assert aim2.startswith(ours)
    # a wording from a source is not marked as ours
    assert not re.search(r"rcdd-2019-session-2 \(" + re.escape(ours), "".join(lines.values()))


def test_x21_source_context_evidence_is_called_a_paraphrase(ds):
    frame = __import__("icdd_analysis").compare(ds, method="coding").frame
    e = nr.code_support(ds, frame, "icdd-2021-review-2", "F4", "en")
    assert e["field"] == "notes" and e["source"] == "A16"
    text = support_text(ds, [e], "en")
    assert "a paraphrase of a cited source" in text and "words" not in text


# --- the README says what the data and the report say (X3, X20) ---------------------------------------------


def _readme() -> str:
    from .conftest import ROOT

    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_x3_readme_names_every_2021_item_that_carries_f1_against_the_stated_agenda(ds):
    import icdd_analysis as icdd

    cmp_ = icdd.compare(ds, method="coding", baseline_scope="stated_agenda", target_scope="stated_agenda")
    carriers = [i for i in cmp_.codes["target"].index if cmp_.codes["target"].at[i, "F1"]]
    panels = sorted(int(i.rsplit("-", 1)[1]) for i in carriers)
    assert panels == [3, 4] and all(i.startswith("icdd-2021-panel-") for i in carriers)
    bullet = " ".join(next(b for b in _readme().split("\n- ") if b.startswith('**"Dropped none"')).split())
    assert "panels 3 and 4" in bullet and "panel 3's description" not in bullet
    coded = ds.codings[(ds.codings["code"] == "F1") & ds.codings["item_id"].isin(carriers)]
    assert set(coded["basis"]) == {"inferred_description"} and "by inference" in bullet


def test_x20_readme_says_digital_watch_nothing_continues_only_in_the_default_scope(ds):
    import icdd_analysis as icdd

    text = " ".join(_readme().split())
    assert "under Digital Watch issues nothing continues in the default scope" in text
    default = icdd.compare(ds, method="coding", frame="dw")
    stated = icdd.compare(ds, method="coding", frame="dw", baseline_scope="stated_agenda", target_scope="stated_agenda")
    assert "continued" not in set(default.continuity["status"]) and "continued" in set(stated.continuity["status"])


# --- the report's tables and lists (X17, X19) --------------------------------------------------------------


def _table_rows(markdown: str) -> dict[str, list[str]]:
    rows = {}
    for line in markdown.splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0]] = cells
    return rows


def test_x17_the_items_table_cites_the_sources_of_the_text_it_shows(ds):
    import icdd_analysis as icdd

    cmp_ = icdd.compare(ds, method="coding")
    en, idn = _table_rows(nr.items_table(ds, cmp_, "en")), _table_rows(nr.items_table(ds, cmp_, "id"))
    for session in ("rcdd-2019-session-1", "rcdd-2019-session-2", "rcdd-2019-session-3"):
        assert "S7" not in en[session][-1] and "S3" in en[session][-1]  # S7 gives the Indonesian titles only
        assert idn[session][-1] == r"\[S7\]"
    assert en["icdd-2021-fa-1"][-1] == r"\[A19\]"  # the English excerpt; A2, A4, A20 print the Indonesian
    assert "A2" in en["icdd-2021-fa-5"][-1]  # our translation: of the Indonesian sources


def test_x19_in_short_summarises_dozens_of_weak_links(ds, stated, monkeypatch):
    listed = next(line for line in nr.in_short(ds, *stated, "en").splitlines() if "fewer than two thirds" in line)
    n_weak = listed.count("←")
    assert n_weak >= 2
    monkeypatch.setattr(sections, "MAX_WEAK_LINKS_LISTED", 1)  # as if this grid's few weak links were dozens
    weak = next(line for line in nr.in_short(ds, *stated, "en").splitlines() if "fewer than two thirds" in line)
    n = int(re.search(r"^- (\d+) other closest-item links", weak).group(1))
    assert n == n_weak and weak.count("←") == 1 and "the robustness table lists each" in weak
    shares = [int(s) for s in re.findall(r"\((\d+)%\)", weak)]
    assert shares == sorted(shares, reverse=True)


def test_x9_c2_a_claim_resting_on_a_widened_code_says_so(ds):
    import icdd_analysis as icdd

    reference = icdd.compare(ds, method="coding", frame="gdc")
    rob = icdd.robustness(ds, frame="gdc", methods=("coding",), langs=("en",), units=("label",), normalisations=("raw",),
                          top_ks=(1,), scopes=[("sessions", "focus_areas")], n_permutations=5)
    lines = _claim_lines(ds, reference, rob, "en")
    widened = "a code the project describes more widely than its published wording (see the codebook)"
    # GDC2 continues only through session 3's medium blog title, by the codebook's widened GDC2
    assert "rcdd-2019-session-3 (Indonesian text, medium" in lines["GDC2"] and widened in lines["GDC2"]
    assert widened not in lines["GDC1"]  # GDC1 is applied by its published wording
    short = nr.in_short(ds, reference, rob, "id")
    assert "kode yang dideskripsikan proyek lebih luas daripada rumusan yang diterbitkan" in short
    assert "lowest confidence of the texts" not in nr.in_short(ds, reference, rob, "en")


def test_d14_focus_area_4s_completed_english_is_not_shown_as_plain_official(ds):
    import icdd_analysis as icdd

    cmp_ = icdd.compare(ds, method="coding")
    en = _table_rows(nr.items_table(ds, cmp_, "en"))
    assert en["icdd-2021-fa-4"][3] == "official, our completion in brackets" and en["icdd-2021-fa-1"][3] == ""
    e = {"item": "icdd-2021-fa-4", "field": "text_en", "level": "medium", "source": "A19"}
    assert "(English text, official with our completion in brackets, medium" in support_text(ds, [e], "en")


# --- what the text methods read (D19, X22) -----------------------------------------------------------------


def test_x22_descriptions_the_text_methods_read_carry_no_widening_the_coding_does_not_use(ds):
    codes = ds.frame_codes.set_index(["frame_id", "code"])
    for code, widening in (("sustainable-development", "economic development"), ("data-governance", "big data"),
                           ("human-rights-principles", "vulnerable")):
        assert widening not in codes.at[("dw", code), "description_en"], code
        assert not bool(ds.codebook.set_index(["frame_id", "code"]).at[("dw", code), "widened"])
    # the embeddings ship a vector for each description as it now reads
    from icdd_analysis.methods.embedding import code_text, text_key

    stored = set(ds_embeddings_keys())
    for code in ("sustainable-development", "data-governance", "human-rights-principles"):
        row = codes.loc[("dw", code)]
        assert text_key(code_text(row["label"], row["description_en"])) in stored


def ds_embeddings_keys():
    import csv

    from .conftest import ROOT

    with (ROOT / "data" / "embeddings.csv").open(encoding="utf-8") as fh:
        return [r["text_sha256"] for r in csv.DictReader(fh)]


@pytest.mark.parametrize("frame, built_in", [("gdc", "GDC2, GDC4"), ("dw", "digital-business-models")])
def test_x22_agreement_says_which_codes_agreement_is_built_in(ds, frame, built_in):
    import icdd_analysis as icdd

    agr = icdd.agreement(ds, frame=frame, methods=("tfidf",))
    assert f"Partly built in: for {built_in} TF-IDF and the embeddings read" in nr.agreement_table(agr, "en")
    assert f"untuk {built_in}, TF-IDF dan penyematan kalimat (embedding) membaca" in nr.agreement_table(agr, "id")
    plain = icdd.agreement(ds, frame="function", methods=("tfidf",))
    assert "built in" not in nr.agreement_table(plain, "en")  # the project's own frame widens nothing


def test_l12_x18_indonesian_timeline_glosses_every_english_only_event_name_as_ours(ds):
    timeline = nr.timeline_table(ds, "id")
    events = ds.events.set_index("event_id")
    english_only = events[events["name_id"].isna()].drop(index="workshop-pacific-2022")  # D8: no Indonesian for it
    assert len(english_only) == 5 and pd.isna(events.at["workshop-pacific-2022", "name_id_gloss"])
    for event_id, row in english_only.iterrows():
        gloss = row["name_id_gloss"]
        assert isinstance(gloss, str) and gloss.strip(), event_id
        assert f"({md_text(gloss)}; terjemahan kami)" in timeline, event_id
    assert events["name_id_gloss"][events["name_id"].notna()].isna().all()  # a press name needs no gloss
    assert "terjemahan kami" not in nr.timeline_table(ds, "en") and "Pekan ICDD" not in nr.timeline_table(ds, "en")


def test_x6_the_schema_does_not_call_a_project_summary_the_items_own_words(ds):
    import json

    from .conftest import ROOT

    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    codings = next(r for r in package["resources"] if r["name"] == "codings")
    basis = next(f for f in codings["schema"]["fields"] if f["name"] == "basis")["description"]
    assert "item_text: the item's own words" not in basis and "our_translation" in basis
    # the codings the review lists (rows 9-14 and 74-90 of codings.csv: 23, which it counted as 24) rest on such texts
    items = ds.agenda_items.set_index("item_id")
    on_ours = ds.codings[(ds.codings["basis"] == "item_text") & (ds.codings["evidence_field"] == "text_en")
                         & ds.codings["item_id"].map(items["text_en_basis"]).eq("our_translation")]
    assert len(on_ours) == 23
