"""One test per data-table finding of the Nov 2026 data review (table 2a, D1-D21), so none comes back.

Each test hard-codes what the vetted fact sheet (shared/reference/facts.md, cited as "facts.md L<n>") says,
because the reference folder is not beside the checkout in CI: these tests never read ../shared.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import icdd_analysis as icdd
import icdd_analysis.present as nr
from icdd_analysis import plots

LEVELS = ["high", "medium", "low"]



def _visible(markdown: str) -> str:
    """The text a reader sees of report Markdown (data strings are escaped in it), whitespace collapsed."""
    import html
    import re

    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", markdown2html_mistune(markdown))).split())


def _items(ds) -> pd.DataFrame:
    return ds.agenda_items.set_index("item_id")


def _variants(ds) -> pd.DataFrame:
    return ds.variants.set_index("variant_id")


def _not_higher(row_level, part_level) -> bool:
    return LEVELS.index(str(row_level)) >= LEVELS.index(str(part_level))


# --- confidence: what it means, and field-level levels ------------------------------------------------------


def test_D6_press_errors_kept_as_variants_are_low_because_confidence_is_that_the_value_is_true(ds):
    v = _variants(ds)
    # facts.md L42-45 and §4 L337: "Indonesian Conference of Digital Diplomacy" (Detik) and "ICCD" (Liputan6)
    # are press errors. The outlets surely printed them, but the values are wrong.
    for vid in ("icdd-name-detik-idcc", "icdd-name-detik-pre", "icdd-name-liputan6-iccd"):
        assert v.loc[vid, "confidence"] == "low", vid
        assert not v.loc[vid, "preferred"]
    # Consistently: the superseded planned/announced values (facts.md L203-210, L246) are low too, and no
    # non-preferred name of an event is anything but low.
    assert v.loc["rcdd-end-announced", "confidence"] == "low"
    assert v.loc["rcdd-participants-planned", "confidence"] == "low"
    names = v[(v["table_name"] == "events") & v["field"].isin(["name_en", "short_name"]) & (v["preferred"] == False)]  # noqa: E712
    assert len(names) == 3 and set(names["confidence"]) == {"low"}
    # the definition is stated once, the same in every fact table's schema
    import json
    descriptor = json.loads(icdd.bundled_path().read_text(encoding="utf-8"))
    texts = {f["description"].split(" In agenda_items")[0] for r in descriptor["resources"]
             for f in r["schema"]["fields"] if f["name"] == "confidence"}
    assert len(texts) == 1 and "value is TRUE, not merely that a source printed it" in texts.pop()


def test_row_confidence_is_never_higher_than_a_field_level_confidence(ds):
    """The design that keeps `confidence == "high"` honest: the row's level is the lowest of its parts."""
    checks = {"agenda_items": ("text_id", "text_en", "description"), "events": ("participants_stated",)}
    for table, fields in checks.items():
        frame = getattr(ds, table)
        for field in fields:
            level = f"{field}_confidence"
            value = field if field in frame else f"{field}_en"
            filled = frame[level].notna()
            if field != "description":  # a level is given exactly when there is a value to qualify
                assert (filled == frame[value].notna()).all(), (table, field)
            for _, r in frame[filled].iterrows():
                assert _not_higher(r["confidence"], r[level]), (table, r.iloc[0], field)
    high = ds.agenda_items[ds.agenda_items["confidence"] == "high"]
    assert (high[["text_en_confidence"]].fillna("high") == "high").all().all()
    assert (high["text_id_confidence"].dropna() == "high").all()


def test_D11_indonesian_titles_from_one_blog_or_rri_are_medium_beside_a_high_english_title(ds):
    items = _items(ds)
    # facts.md L255-257: RCDD session titles, English High ([S3][S15]), Indonesian Medium (blog [S7]).
    for item in ("rcdd-2019-session-1", "rcdd-2019-session-2", "rcdd-2019-session-3"):
        assert items.loc[item, "text_id_source_id"] == "S7"
        assert (items.loc[item, "text_en_confidence"], items.loc[item, "text_id_confidence"]) == ("high", "medium")
        assert items.loc[item, "confidence"] == "medium"
    # facts.md L230-233: the theme is High in English; RRI's Indonesian rendering [S19] is Medium.
    theme = items.loc["rcdd-2019-theme"]
    assert (theme["text_id_source_id"], theme["text_en_confidence"], theme["text_id_confidence"]) == ("S19", "high", "medium")
    assert ds.agenda_items.loc[ds.agenda_items["confidence"] == "high", "item_id"].str.startswith("rcdd-2019-session").sum() == 0


def test_D11_reports_show_the_level_of_the_text_they_print(ds):
    cmp_ = icdd.compare(ds, baseline="rcdd-2019", target="icdd-2021", method="coding", frame="function")
    rows = {line.split("|")[1].strip(): line for line in nr.items_table(ds, cmp_, "id").splitlines()[2:]}
    assert "| sedang " in rows["rcdd-2019-session-3"]  # the Indonesian title (blog, Medium) is what is shown
    rows = {line.split("|")[1].strip(): line for line in nr.items_table(ds, cmp_, "en").splitlines()[2:]}
    assert "| high " in rows["rcdd-2019-session-3"]  # the official English title (High)
    agenda = nr.agenda_table(ds, "rcdd-2019", "en", kinds="session")
    assert agenda.count("| medium ") == 3 and "| high " not in agenda  # both texts shown: the lower level


def test_D12_stated_participant_numbers_carry_their_own_medium_level(ds):
    ev = ds.events.set_index("event_id")
    # facts.md L246: "lebih dari 200" is Medium; L115: about 4,300 is Medium-High (recorded as the lower level).
    assert (ev.loc["rcdd-2019", "participants_stated"], ev.loc["rcdd-2019", "participants_stated_confidence"]) == (200, "medium")
    assert (ev.loc["icdd-2021", "participants_stated"], ev.loc["icdd-2021", "participants_stated_confidence"]) == (4300, "medium")
    assert set(ev.loc[["rcdd-2019", "icdd-2021"], "confidence"]) == {"medium"}
    table = _visible(nr.conferences_table(ds, "en"))
    assert ">200 (medium)" in table and "~4,300 (medium)" in table and "Confidence (lowest)" in table
    assert "~4.300 (sedang)" in _visible(nr.conferences_table(ds, "id"))  # Indonesian digit grouping (CLDR)


def test_D21_focus_area_5_english_is_low_while_its_indonesian_is_high(ds):
    fa5 = _items(ds).loc["icdd-2021-fa-5"]
    # facts.md L174 and §6 L367: Indonesian High; English "Capacity Building and Digital Inclusion" Low / UNVERIFIED.
    assert (fa5["text_en_basis"], fa5["text_en_confidence"], fa5["text_id_confidence"]) == ("our_translation", "low", "high")
    assert fa5["confidence"] == "low"
    # facts.md L173: focus area 4, Indonesian High, exact English ("SM[Es]") Medium.
    fa4 = _items(ds).loc["icdd-2021-fa-4"]
    assert (fa4["text_en_confidence"], fa4["text_id_confidence"]) == ("medium", "high")
    cmp_ = icdd.compare(ds, baseline="rcdd-2019", target="icdd-2021", method="coding", frame="function")
    rows = {line.split("|")[1].strip(): line for line in nr.items_table(ds, cmp_, "en").splitlines()[2:]}
    assert "Capacity Building and Digital Inclusion" in rows["icdd-2021-fa-5"] and "| low " in rows["icdd-2021-fa-5"]


# --- agenda wording with one source ---------------------------------------------------------------------------


def test_D9_jakarta_globe_description_alone_is_medium(ds):
    item = _items(ds).loc["rcdd-2019-emphasis-2"]
    # facts.md L259: Jakarta Globe [S1] alone; rubric L9-10: one decent source is Medium.
    assert (item["source_id"], item["text_en_basis"]) == ("S1", "press") and pd.isna(item["more_source_ids"])
    assert (item["confidence"], item["text_en_confidence"]) == ("medium", "medium")


def test_D10_content_of_retnos_three_steps_is_medium_from_liputan6_alone(ds):
    items = _items(ds)
    # facts.md L121-122: the opening is High (5 sources), the steps' content is "[A15], translated" only.
    for n in (1, 2, 3):
        item = items.loc[f"icdd-2021-emphasis-{n}"]
        assert item["source_id"] == "A15" and pd.isna(item["more_source_ids"]), n
        assert (item["confidence"], item["text_en_confidence"], item["text_en_basis"]) == ("medium", "medium", "our_translation")


def test_D13_jakarta_globe_is_not_cited_for_the_session_titles(ds):
    items = _items(ds)
    # facts.md L251, L253: titles from [S3] and [S15]; [S1] reports only "three intensive sessions".
    for n in (1, 2, 3):
        item = items.loc[f"rcdd-2019-session-{n}"]
        assert [item["source_id"], *icdd.data.split_ids(item["more_source_ids"])] == ["S3", "S15"]


# --- attribution ------------------------------------------------------------------------------------------------


def test_D1_content_quote_names_the_source_that_contains_it(ds):
    docs = ds.documents.set_index("document_id")
    bali = docs.loc["bali-message-2021"]
    # facts.md L163: this sentence is [A1] Antara's; [A2] (article L11) says only "secara sukarela mengimplementasikan".
    assert bali["content_id"].startswith("dapat diimplementasikan secara sukarela oleh negara-negara")
    assert bali["content_id_source_id"] == "A1"
    assert (bali["content_en_basis"], bali["content_en_source_id"]) == ("our_translation", "A1")
    # facts.md L276 and L282: the Jakarta Message's Indonesian content is [S9]'s, its English description [S1]'s (D15).
    jakarta = docs.loc["jakarta-message-2019"]
    assert (jakarta["content_id_source_id"], jakarta["content_en_source_id"], jakarta["content_en_basis"]) == ("S9", "S1", "press")
    # every quoted content names its source, and nothing names a source for an empty content
    assert (docs["content_id"].isna() == docs["content_id_source_id"].isna()).all()
    assert (docs["content_en"].isna() == docs["content_en_source_id"].isna()).all()
    # a content source is also among the row's cited sources, so the reports' source lists include it
    for document_id, d in docs.iterrows():
        cited = {d["source_id"], *icdd.data.split_ids(d["more_source_ids"])}
        for said_by in d[["content_id_source_id", "content_en_source_id"]].dropna():
            assert said_by in cited, (document_id, said_by)


def test_D1_a_content_source_must_exist(package_copy):
    row = package_copy.set_cell("documents", "bali-message-2021", "content_id_source_id", "A99")
    with pytest.raises(icdd.DataPackageError) as info:
        icdd.load(package_copy.folder)
    assert f"documents.csv, row {row}, field 'content_id_source_id': 'A99' does not exist in sources.csv" in str(info.value)


def test_D2_the_data_governance_rendering_is_the_projects_translation_not_a_source_variant(ds):
    v = _variants(ds).loc["panel3-en-data-governance"]
    # facts.md §1.6 L145: the fact sheet's own English paraphrase in its INFERRED matching table; [A2] is Indonesian.
    assert "data governance" in v["value"]
    assert v["source_id"] == "P1" and pd.isna(v["more_source_ids"])
    assert ds.sources.set_index("source_id").loc["P1", "kind"] == "project"
    assert pd.isna(v["quote"])  # no source's own words are claimed for the project's translation
    assert (v["status"], v["confidence"]) == ("inferred", "medium")
    assert "[A2]" in v["notes"]  # the translated original keeps its source


def test_D3_a_wording_is_not_credited_to_both_outlets_when_facts_md_cannot_say_which_printed_it(ds):
    v = _variants(ds)
    # facts.md L172: "Pengelolaan Data (or "Manajemen Data") untuk Mendukung Diplomasi Digital" for [A20]/[A4],
    # without saying which outlet has which word.
    for vid, level in (("fa3-id-medcom", "medium"), ("fa3-id-manajemen-data", "low")):
        row = v.loc[vid]
        assert pd.isna(row["more_source_ids"]), vid  # not "both did"
        assert pd.isna(row["quote"]), vid  # not a verbatim quote of a known outlet
        assert row["confidence"] == level, vid
        assert "[A20] or [A4]" in row["notes"], vid


def test_D4_title_case_table_cells_are_not_recorded_as_verbatim_quotes(ds):
    v = _variants(ds)
    # facts.md L170-174 gives these wordings as table cells without quotation marks.
    for n in (1, 2, 4, 5):
        row = v.loc[f"fa{n}-id-medcom"]
        assert pd.isna(row["quote"]) and "capitalisation may be the compiler's" in row["notes"]
    assert v.loc["fa1-id-detik", "quote"] == "Kerangka kebijakan Pemerintah untuk mendukung diplomasi digital"  # the article, verbatim


def test_D5_the_tribun_quote_is_only_what_facts_md_records(ds):
    row = _variants(ds).loc["bali-title-tribun"]
    assert row["quote"] == "…in Digital Diplomasi"  # facts.md L161
    assert row["value"].endswith("in Digital Diplomasi") and "reconstructed" in row["notes"]


def test_D7_kumparans_merged_wording_is_tied_to_focus_area_5_too(ds):
    merged = "inovasi untuk mendukung UMKM dan pembangunan kapasitas; serta inklusi digital"  # facts.md L178
    v = ds.variants[ds.variants["value"] == merged].set_index("variant_id")
    # facts.md §5 L351 lists it under "Bali Message item 5"; L178 says it merges items 4 and 5.
    assert list(v.index) == ["fa4-id-kumparan-merged"] and v.loc["fa4-id-kumparan-merged", "source_id"] == "A18"
    assert "items 4 and 5" in v.loc["fa4-id-kumparan-merged", "notes"]
    assert "fa4-id-kumparan-merged" in _items(ds).loc["icdd-2021-fa-5", "notes"]
    assert "fa4-id-kumparan-merged" in set(ds.event("icdd-2021").variants["variant_id"])


# --- names, affiliations, sources -------------------------------------------------------------------------------


def test_D8_no_indonesian_name_is_invented_for_the_2022_workshop(ds):
    ws = ds.events.set_index("event_id").loc["workshop-pacific-2022"]
    # facts.md L184 and L323 give only the English title; "Lokakarya Regional Diplomasi Digital" is in no source.
    assert pd.isna(ws["name_id"])
    assert ws["name_en"] == ("Regional Workshop on Digital Diplomacy: The Essence of Information and Communication "
                             "Technology for Government Leaders")
    assert "Lokakarya Regional" not in ds.events.astype(str).to_csv()


def test_D16_embassy_affiliations_not_in_the_source_stay_empty(ds):
    people = ds.people.set_index("role_id")
    # facts.md §3 L318: only "Australian Deputy Head of Mission" and "Danish Ambassador".
    for role_id, position in (("seminar-2018-cox-spoke", "Australian Deputy Head of Mission"),
                              ("seminar-2018-kristensen-spoke", "Danish Ambassador")):
        assert people.loc[role_id, "position_as_stated"] == position
        assert pd.isna(people.loc[role_id, "affiliation"])


def test_D17_every_indonesian_press_rendering_of_the_names_is_kept(ds):
    v = ds.variants[(ds.variants["table_name"] == "events") & (ds.variants["field"] == "name_id")]
    by_value = v.set_index("value")
    # facts.md L195-196 (RCDD) and L46 (ICDD)
    expected = {"Konferensi Regional Diplomasi Digital": ("rcdd-2019", "S8"),
                "Konferensi Regional tentang Diplomasi Digital": ("rcdd-2019", "S5"),
                "Konferensi Kawasan bagi Diplomasi Digital": ("rcdd-2019", "S19"),
                "Konferensi Diplomasi Digital Internasional": ("icdd-2021", "A1"),
                "Konferensi Internasional Diplomasi Digital": ("icdd-2021", "A3")}
    assert {k: (by_value.loc[k, "record_id"], by_value.loc[k, "source_id"]) for k in expected} == expected
    # the two ICDD renderings are one outlet each: unresolved, not a preference the sources do not make
    assert by_value.loc[["Konferensi Diplomasi Digital Internasional", "Konferensi Internasional Diplomasi Digital"],
                        "preferred"].isna().all()


def test_D18_descriptive_event_labels_are_not_called_official(ds):
    import json
    descriptor = json.loads(icdd.bundled_path().read_text(encoding="utf-8"))
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    name_en = next(f for f in events["schema"]["fields"] if f["name"] == "name_en")
    assert "descriptive label" in name_en["description"]
    ev = ds.events.set_index("event_id")
    for event_id in ("photo-exhibition-2021", "loi-au-id-2020"):
        assert "descriptive label" in ev.loc[event_id, "notes"], event_id


def test_D20_two_copies_of_one_kompas_article_are_flagged(ds):
    src = ds.sources.set_index("source_id")
    # facts.md §7 L415, L422: S13 and S20 carry the same Kompas article id.
    assert "18300031" in src.loc["S13", "url"] and "18300031" in src.loc["S20", "url"]
    for sid in ("S13", "S20"):
        assert "not an independent second outlet" in src.loc[sid, "notes"]


def test_D14_the_unread_completion_of_focus_area_4_is_marked_and_medium(ds):
    fa4 = _items(ds).loc["icdd-2021-fa-4"]
    # facts.md L173 and §6 L368: the excerpt breaks off at "SM"; "[Es]" is near-certain but not read.
    assert fa4["text_en"] == "Innovation to Support SM[Es]"  # the text (and so the shipped embeddings) unchanged
    assert fa4["text_en_confidence"] == "medium" and "our completion" in fa4["notes"]


def test_D15_the_outcomes_table_says_who_says_each_content(ds):
    en, id_ = _visible(nr.outcomes_table(ds, "en")), _visible(nr.outcomes_table(ds, "id"))
    # facts.md L276: the English description is the Jakarta Globe's [S1]; L282: the Indonesian content is [S9]'s.
    assert "digital technology in diplomacy (press) [S1]" in en
    assert "informasi palsu [S9]" in id_
    # facts.md L163: the Bali Message's voluntary-implementation sentence is [A1]'s, in both languages.
    assert "priorities of each. (our translation) [A1]" in en and "masing-masing [A1]" in id_


# --- table 2c: README, narrative and teaching claims (N1-N12) --------------------------------------------------

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def _readme_section(start: str, end: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text[text.index(start):text.index(end)]


def _stored_answer() -> tuple[dict, str]:
    """The answer the default 02 report prints at its top, as stored in the notebook (nbval keeps it current):
    its recorded data and its HTML."""
    import nbformat

    from icdd_analysis.outputs import ANSWER_MIME

    nb = nbformat.read(ROOT / "notebooks" / "02-compare-agendas.ipynb", as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if ANSWER_MIME in output.get("data", {}):
                return output["data"][ANSWER_MIME], output["data"]["text/html"]
    raise AssertionError("the 02 report stores no answer")


def test_N1_N4_readme_conclusions_are_what_the_default_report_prints_with_their_support():
    means = _readme_section("**What it means.**", "**What it does not mean.**")
    data, html = _stored_answer()
    claims = {(c["code"], c["status"]): c for c in data["claims"]}
    n_specs = claims[("F3", "continued")]["n_specs"]  # F3 continues under every reading: all specifications
    assert f"share of the {n_specs} robustness specifications" in means
    for code in ("F3", "F4", "F6"):
        claim = claims[(code, "continued")]
        assert claim["default"] and claim["n_specs"] == n_specs
        bullet = next(b for b in means.split("\n- ") if f"({code})" in b)
        assert f"{round(claim['share'] * 100)}%" in bullet, (code, claim, bullet)
        per_scope = [round(v * 100) for v in claim["by_scope"].values()]
        if len({v > 50 for v in per_scope}) > 1:
            assert "scope-dependent" in bullet, code  # N1, N4: a claim that flips with scope says so
            assert f"{min(per_scope)}%" in bullet
    # F5: new only while 2019 is read as its sessions; against its stated agenda it continues (N1)
    f5 = next(b for b in means.split("\n- ") if "(F5)" in b)
    assert all(p[0] != "stated_agenda" for p in claims[("F5", "new")]["pairs"])
    assert claims[("F5", "continued")]["pairs"][0][0] == "stated_agenda" and "scope-dependent" in f5
    # N4: F4 names the Medium single-blog Indonesian title it rests on, as the report does
    f4 = next(b for b in means.split("\n- ") if "(F4)" in b)
    assert "Medium, single-blog Indonesian title" in f4
    assert 'Pembangunan Ekonomi' in html and "(medium, [S7])" in html
    # N1: "dropped none" is said to be relative to the session titles, and the report says F1 is dropped
    # against the 2019 stated agenda
    assert "only relative to the 2019 session titles" in means and "Dropped none\" is a choice of scope" in means
    assert claims[("F1", "dropped")]["pairs"] == [["stated_agenda", "focus_areas"]] and "dropped F1" in means


def test_N1_the_stated_agenda_changes_what_is_new_and_dropped(ds):
    cmp_ = icdd.compare(ds, method="coding", baseline_scope="stated_agenda", target_scope="focus_areas")
    status = dict(zip(cmp_.continuity["code"], cmp_.continuity["status"]))
    assert status["F5"] == "continued" and status["F1"] == "dropped"  # as the README says


def test_N2_the_compared_items_table_says_when_english_is_our_translation(ds):
    table = nr.items_table(ds, icdd.compare(ds, method="coding"), "en")
    assert re.search(r"Capacity Building and Digital Inclusion\s*\|\s*our translation\s*\|", table)  # the basis column
    assert re.search(r"Crisis Management through Digital Diplomacy\s*\|\s*\|", table)  # official English: no basis


def test_N3_digital_watch_continuity_is_explained_by_the_codes_the_sessions_carry(ds):
    cmp_ = icdd.compare(ds, method="coding", frame="dw")
    assert not cmp_.codes_of("baseline")  # the session titles carry no Digital Watch issue
    not_mean = _readme_section("**What it does not mean.**", "**Methods that check each other.**")
    assert "carry no\nDigital Watch issue" in not_mean or "carry no Digital Watch issue" in not_mean


def test_N5_the_timeline_caption_describes_one_row_per_event(ds):
    from icdd_analysis.i18n import t

    assert "drawn on its line" not in t("timeline_note", "en") and "one row per event" in t("timeline_note", "en")
    assert "digambar pada garisnya" not in t("timeline_note", "id")
    fig = plots.timeline_figure(ds, "en")
    rows = {round(y) for line in fig.axes[0].lines for y in line.get_ydata()}
    assert len(rows) == len(ds.events)  # every event, side events included, on a row of its own
    __import__("matplotlib.pyplot").pyplot.close(fig)


def test_N6_the_teaching_intro_says_produced_not_adopted():
    source = (ROOT / "notebooks" / "teaching" / "case-study.source.yaml").read_text(encoding="utf-8")
    assert "adopted the *Bali Message*" not in source and "produced the *Bali Message*" in source
    import nbformat

    en = nbformat.read(ROOT / "notebooks" / "teaching" / "case-study-en.ipynb", as_version=4)
    assert "produced the *Bali Message*" in en.cells[0].source


def test_N7_N8_readme_notes_on_antara_and_the_resource_count():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "different fourth\n  and fifth" not in text and "different fourth and fifth" not in text
    assert "with \"UMKM\" for \"UKM\"" in text
    import json

    resources = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    assert len(resources) == 15 and text.count("Fifteen resources") == 1


def test_N9_the_overview_states_the_whole_rubric_and_what_confidence_means():
    from icdd_analysis.i18n import t

    assert "or several sources with small differences" in t("overview_intro", "en", events="x", data="y")
    assert "confidence that the value is true" in t("overview_intro", "en", events="x", data="y")
    assert "atau beberapa sumber dengan sedikit perbedaan" in t("overview_intro", "id", events="x", data="y")


def test_N12_the_countries_note_says_listed_not_took_part(ds):
    note = _visible(nr.countries_note(ds, "rcdd-2019", "icdd-2021", "en"))
    assert "took part" not in note and "15 countries are listed for both" in note
    assert "names who was expected, not who came" in note
