"""The data says what the vetted fact sheet says: texts verbatim, countries and codes, sources for every row."""

from __future__ import annotations

import csv

import pandas as pd

from icdd_analysis.data import FACT_TABLES, split_ids

from .conftest import ROOT, SHARED_REFERENCE

# Verbatim facts copied into the repository from the vetted reference (see tests/fixtures/README.md).
FIXTURES = ROOT / "tests" / "fixtures"


def _lines(name: str) -> list[str]:
    return (FIXTURES / name).read_text(encoding="utf-8").splitlines()


# The five focus areas exactly as the source article [A2] (detikNews, 17 Nov 2021) lists them.
BALI_FOCUS_AREAS_ID = _lines("focus-areas-2021-11-17-id.txt")
# The other passages of that article the data quotes verbatim.
ARTICLE_QUOTES_ID = _lines("article-quotes-2021-11-17-id.txt")


def _countries() -> list[dict]:
    with (FIXTURES / "participating-countries.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _iso3_of(column: str) -> set[str]:
    return {r["iso3"] for r in _countries() if r[column] == "1"}


def test_fixtures_hold_what_they_promise():
    assert len(BALI_FOCUS_AREAS_ID) == 5 and len(set(BALI_FOCUS_AREAS_ID)) == 5
    assert BALI_FOCUS_AREAS_ID[1] == "Manajemen krisis melalui diplomasi digital"
    assert len(ARTICLE_QUOTES_ID) == 7 and all(q.strip() == q and q for q in ARTICLE_QUOTES_ID)
    assert len(_iso3_of("icdd_2021")) == 21 and len(_iso3_of("rcdd_2019")) == 16


def test_fixtures_match_the_shared_reference_where_it_is_beside_the_checkout():
    """Always checks the fixtures' form; where ../shared/reference exists, also that they are its copies."""
    countries = _countries()
    assert len({r["iso3"] for r in countries}) == len({r["country"] for r in countries}) == len(countries) == 22
    assert all(len(r["iso3"]) == 3 and r["iso3"].isupper() for r in countries)
    article = SHARED_REFERENCE / "source-article-2021-11-17-id.txt"
    if article.exists():
        text = article.read_text(encoding="utf-8")
        for area in BALI_FOCUS_AREAS_ID:
            assert f"- {area}\n" in text, area
        for quote in ARTICLE_QUOTES_ID:
            assert quote in text, quote
    reference_countries = SHARED_REFERENCE / "participating-countries.csv"
    if reference_countries.exists():
        with reference_countries.open(encoding="utf-8", newline="") as fh:
            reference = [{k: r[k] for k in ("country", "rcdd_2019", "icdd_2021")} for r in csv.DictReader(fh)]
        assert [{k: r[k] for k in ("country", "rcdd_2019", "icdd_2021")} for r in countries] == reference


def test_focus_areas_are_the_source_articles_wording(ds):
    focus = ds.event("icdd-2021").items(kind="focus_area")
    assert list(focus["text_id"]) == BALI_FOCUS_AREAS_ID
    assert set(focus["text_id_source_id"]) == {"A2"}


def test_focus_area_english_says_what_is_official(ds):
    focus = ds.event("icdd-2021").items(kind="focus_area").set_index("position")
    assert focus.loc[1, "text_en"] == "Government Policy Framework to Support Digital Diplomacy"
    assert focus.loc[3, "text_en"] == "Data Management to Support Digital Diplomacy"
    assert list(focus["text_en_basis"].astype(str)) == ["official"] * 4 + ["our_translation"]
    assert focus.loc[4, "text_en"] == "Innovation to Support SM[Es]"  # the completion is marked, not silent


def test_every_text_quoted_from_the_article_is_one_of_its_verbatim_passages(ds):
    items = ds.agenda_items
    quoted = pd.concat([
        items.loc[items["text_id_source_id"] == "A2", "text_id"],
        items.loc[items["description_source_id"] == "A2", "description_id"],
    ])
    assert len(quoted) >= 12
    assert set(quoted) == set(BALI_FOCUS_AREAS_ID) | set(ARTICLE_QUOTES_ID)


def test_country_lists_and_codes(ds):
    icdd_iso = set(ds.event("icdd-2021").participants["iso3"])
    rcdd_iso = set(ds.event("rcdd-2019").participants["iso3"])
    assert icdd_iso == _iso3_of("icdd_2021") and len(icdd_iso) == 21
    assert rcdd_iso == _iso3_of("rcdd_2019") and len(rcdd_iso) == 16
    assert rcdd_iso - icdd_iso == {"MMR"}
    assert icdd_iso - rcdd_iso == {"CHL", "FJI", "FIN", "ZAF", "GBR", "USA"}
    assert ds.event("icdd-2021").countries_stated == 21
    assert ds.event("rcdd-2019").countries_stated == 16
    hosts = ds.participants[ds.participants["role"] == "host"]
    assert set(hosts["iso3"]) == {"IDN"} and len(hosts) == 2


def test_country_names_match_the_reference_list(ds):
    names = ds.participants.drop_duplicates("iso3").set_index("iso3")["country_en"]
    assert {r["iso3"]: r["country"] for r in _countries()} == names.to_dict()


def test_event_core_facts(ds):
    rcdd, icdd_ = ds.event("rcdd-2019"), ds.event("icdd-2021")
    assert (rcdd.name_en, rcdd.city, rcdd.venue) == ("Regional Conference on Digital Diplomacy", "Jakarta", "Hotel Mulia")
    assert rcdd.theme == "Digital Diplomacy: Challenges and Opportunities"
    assert icdd_.follows_event_id == "rcdd-2019"
    assert icdd_.venue == "Conrad" and icdd_.time_local == "13:00-17:40 WITA"
    assert list(rcdd.items(kind="session")["text_en"]) == [
        "Digital Diplomacy: Overcoming Challenges and Seizing Opportunities",
        "the Role of Digital Diplomacy in Crisis Situation",
        "Utilizing Digital Technology to Achieve the Goals of Diplomacy",
    ]
    assert list(icdd_.items(kind="panel")["text_en"]) == [
        "Inclusive Digital Economy: Benefits and Challenges",
        "Digital Innovation for SMEs",
        "Making Sense of Data and Digital Diplomacy",
        "Big Data and Crisis Management",
    ]
    assert set(icdd_.items(kind="panel")["description_status"]) == {"inferred"}


def test_every_fact_row_cites_existing_sources_with_a_confidence(ds):
    known = set(ds.sources["source_id"])
    for name in FACT_TABLES:
        frame = getattr(ds, name)
        assert frame["source_id"].notna().all(), name
        assert frame["confidence"].notna().all() and frame["status"].notna().all(), name
        for _, row in frame.iterrows():
            cited = [row["source_id"], *split_ids(row["more_source_ids"])]
            assert set(cited) <= known, (name, row.iloc[0])
    items = ds.agenda_items
    for col in ("text_id_source_id", "description_source_id"):
        assert set(items[col].dropna()) <= known
    # an Indonesian text always says where it comes from
    assert (items["text_id"].isna() == items["text_id_source_id"].isna()).all()


def test_source_register_matches_the_fact_sheet(ds):
    ids = list(ds.sources["source_id"])
    expected = [f"A{i}" for i in range(1, 21)] + [f"S{i}" for i in range(1, 24)] + [f"R{i}" for i in range(1, 6)]
    expected += ["G1", "G2", "W1", "U1", "P1"]  # the reference frames' sources
    assert ids == expected
    by_id = ds.sources.set_index("source_id")
    assert by_id.loc["A2", "publisher"] == "detikNews"
    assert by_id.loc["A2", "published"] == pd.Timestamp("2021-11-17")
    assert by_id.loc["A10", "kind"] == "official"
    assert by_id.loc["S7", "kind"] == "blog"
    assert by_id.loc["A19", "language"] == "en"
    # a date known only to the month stays empty, with the register's words kept
    assert pd.isna(by_id.loc["A20", "published"]) and by_id.loc["A20", "published_as_stated"] == "Aug 2022"
    assert by_id["url"].dropna().str.startswith("https://").all()
    # a URL is left empty only where the register recorded none, and the notes say so
    assert set(by_id.index[by_id["url"].isna()]) == {"U1", "P1"}


def test_disagreements_are_kept_with_their_sources(ds):
    v = ds.variants.set_index("variant_id")
    assert v.loc["icdd-name-detik-idcc", "quote"] == "Indonesian Conference of Digital Diplomacy (IDCC)"
    assert v.loc["icdd-name-detik-idcc", "source_id"] == "A2"
    assert v.loc["fa5-id-antara", "value"] == "peranan data dalam diplomasi digital dalam penanganan krisis"
    assert v.loc["fa5-id-antara", "source_id"] == "A1" and not v.loc["fa5-id-antara", "preferred"]
    assert v.loc["fa4-id-antara-umkm", "value"] == "inovasi bagi UMKM"
    assert "data governance" in v.loc["panel3-en-data-governance", "value"]
    assert v.loc["fa3-en-official", "value"] == "Data Management to Support Digital Diplomacy"
    # unresolved stays unresolved
    assert v.loc[["jakarta-title-in", "jakarta-title-on"], "preferred"].isna().all()
    assert pd.isna(ds.documents.set_index("document_id").loc["jakarta-message-2019", "title_en"])


def test_at_most_one_preferred_variant_per_cell(ds):
    preferred = ds.variants[ds.variants["preferred"].fillna(False)]
    assert not preferred.duplicated(["table_name", "record_id", "field"]).any()


# Names and wordings the fact sheet marks RECALLED / UNVERIFIED (section 6): none may appear as fact.
RECALLED = ["Masafumi", "Yang Xiuping", "Conrad Bali", "Senayan"]


def test_nothing_recalled_or_unverified_is_in_the_data(ds):
    for name in ("events", "agenda_items", "people", "documents", "participants"):
        text = getattr(ds, name).astype(str).to_csv()
        for phrase in RECALLED:
            assert phrase not in text, (name, phrase)
    people = ds.people.set_index("role_id")
    assert people.loc["rcdd-2019-usher-moderated", "person_id"] != "derval-usher"
    focus5 = ds.agenda_items.set_index("item_id").loc["icdd-2021-fa-5"]
    assert focus5["text_en_basis"] == "our_translation"


def test_inferred_rows_say_so(ds):
    assert ds.variants.loc[ds.variants["variant_id"] == "panel3-en-data-governance", "status"].item() == "inferred"
