"""The codebook and the evidence of the project coding (issue 9 §2; review findings C1-C10, D19)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import icdd_analysis as icdd
from icdd_analysis.errors import DataPackageError, IcddError
from icdd_analysis.escaping import md_text
from icdd_analysis.frames import evidence_problems

ID_COLUMNS = ("label_id", "definition_id", "includes_id", "excludes_id", "published_definition_id", "widened_note_id")


def codes_of(ds, item_id: str) -> set[tuple[str, str]]:
    c = ds.codings[ds.codings["item_id"] == item_id]
    return set(zip(c["frame_id"].astype(str), c["code"].astype(str)))


def coded(ds, item_id: str, frame_id: str, code: str) -> bool:
    return (frame_id, code) in codes_of(ds, item_id)


# --- the codebook ---------------------------------------------------------------------------------


def test_codebook_covers_every_code_of_every_frame_in_both_languages(ds):
    book = ds.codebook
    assert book is not None
    keys = set(zip(book["frame_id"], book["code"]))
    assert keys == set(zip(ds.frame_codes["frame_id"], ds.frame_codes["code"]))
    assert len(book) == len(keys)
    for column in ("label_en", "label_id", "definition_en", "definition_id", "includes_en", "includes_id",
                   "excludes_en", "excludes_id"):
        assert book[column].notna().all() and book[column].str.len().gt(3).all(), column
    merged = book.merge(ds.frame_codes[["frame_id", "code", "label"]], on=["frame_id", "code"])
    assert len(merged) == len(book) and (merged["label_en"] == merged["label"]).all()
    assert set(book["id_basis"]) == {"our_translation"}  # no official Indonesian text of any frame was found


def test_codebook_examples_are_real_items_coded_as_the_rule_says(ds):
    book = ds.codebook
    item_ids = set(ds.agenda_items["item_id"])
    used = set(zip(ds.codings["frame_id"], ds.codings["code"]))
    for row in book.itertuples():
        key = (row.frame_id, row.code)
        if pd.notna(row.include_example_item_id):
            assert row.include_example_item_id in item_ids
            assert coded(ds, row.include_example_item_id, *key), key
        elif key in used:
            pytest.fail(f"{key} is used by the coding but has no included example")
        if pd.notna(row.exclude_example_item_id):
            assert row.exclude_example_item_id in item_ids
            assert not coded(ds, row.exclude_example_item_id, *key), key


def test_published_frames_give_their_wording_and_source_the_project_frame_says_it_is_its_own(ds):
    book = ds.codebook.merge(ds.frames[["frame_id", "kind"]], on="frame_id")
    published, own = book[book["kind"] == "published"], book[book["kind"] == "project"]
    assert published["published_definition_en"].notna().all() and published["published_definition_id"].notna().all()
    assert set(published["source_id"]) <= {"G1", "G2", "W1", "U1"} and set(published["source_id"]) >= {"G2", "W1", "U1"}
    assert own["published_definition_en"].isna().all() and set(own["source_id"]) == {"P1"}
    gdc = book.set_index("code").loc["GDC5"]
    assert gdc["published_definition_en"] == (
        "Objective 5: enhance international governance of artificial intelligence for the benefit of humanity.")


def test_d19_widened_descriptions_are_flagged_in_both_languages(ds):
    book = ds.codebook.set_index(["frame_id", "code"])
    widened = set(book.index[book["widened"].astype(bool)])
    # the unused widenings of sustainable-development, data-governance and human-rights-principles were taken out of
    # their descriptions (truth review X22); what is left is the widening the coding uses
    assert widened == {("dw", "digital-business-models"), ("gdc", "GDC2"), ("gdc", "GDC4"), ("wsis", "C9")}
    for key in widened:  # a note in each language, naming no internal review finding (readers see it; X16)
        en, idn = book.at[key, "widened_note_en"], book.at[key, "widened_note_id"]
        assert en.strip() and idn.strip() and "D19" not in en + idn
    assert book["widened_note_en"].notna().sum() == len(widened)


def test_rules_referred_to_exist_and_indonesian_avoids_relative_di_mana(ds):
    rules = set(ds.coding_rules["rule"])
    text = " ".join(ds.codebook[[c for c in ds.codebook.columns if c.endswith("_en") or c.endswith("_id")]]
                    .fillna("").astype(str).to_numpy().ravel())
    assert set(re.findall(r"\bR\d+\b", text)) <= rules and len(rules) >= 7
    indonesian = " ".join(ds.codebook[list(ID_COLUMNS)].fillna("").astype(str).to_numpy().ravel())
    indonesian += " ".join(ds.coding_rules["text_id"].astype(str))
    assert not re.search(r"\bdi ?mana\b", indonesian, flags=re.IGNORECASE)
    assert "kerja sama" in indonesian and "kerjasama" not in indonesian  # KBBI spelling


def test_a_package_without_codebook_loads(package_copy):
    descriptor = json.loads(package_copy.descriptor.read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] not in ("codebook", "coding_rules")]
    package_copy.descriptor.write_text(json.dumps(descriptor), encoding="utf-8")
    ds = icdd.load(package_copy.folder)
    assert ds.codebook is None and ds.coding_rules is None and len(ds.codings)


def test_a_codebook_example_that_is_no_item_is_refused(package_copy):
    rows = package_copy.rows("codebook")
    column = rows[0].index("include_example_item_id")
    rows[1][column] = "no-such-item"
    package_copy.write("codebook", rows)
    with pytest.raises(DataPackageError, match="codebook.csv, row 2.*no-such-item"):
        icdd.load(package_copy.folder)


# --- evidence --------------------------------------------------------------------------------------


def test_every_coding_row_has_evidence_that_is_a_substring_of_what_it_cites(ds):
    assert ds.codings["evidence"].notna().all() and ds.codings["basis"].notna().all()
    assert evidence_problems(ds) == []
    items = ds.agenda_items.set_index("item_id")
    for row in ds.codings.itertuples():  # the same check written out, so it cannot pass vacuously
        assert str(row.evidence) in str(items.at[row.item_id, str(row.evidence_field)])
    assert set(ds.codings["basis"].astype(str)) == {"item_text", "inferred_description", "source_context"}


def test_evidence_that_is_not_in_the_item_is_reported(package_copy):
    rows = package_copy.rows("codings")
    header = rows[0]
    rows[1][header.index("evidence")] = "words the item does not contain"
    first_inferred = next(i for i, r in enumerate(rows) if r[header.index("basis")] == "inferred_description")
    rows[first_inferred][header.index("basis")] = "item_text"
    package_copy.write("codings", rows)
    problems = evidence_problems(icdd.load(package_copy.folder))
    assert len(problems) == 2
    assert problems[0].startswith("codings.csv, row 2 (rcdd-2019-theme, function F6): evidence 'words the item")
    assert f"row {first_inferred + 1}" in problems[1] and "does not suit basis 'item_text'" in problems[1]


def test_source_context_evidence_names_the_source_quoted_in_the_item(ds):
    context = ds.codings[ds.codings["basis"] == "source_context"]
    assert set(context["item_id"]) == {"icdd-2021-review-2"} and set(context["evidence_source_id"]) == {"A16"}
    assert "[A16]" in ds.agenda_items.set_index("item_id").at["icdd-2021-review-2", "notes"]


# --- consistency -------------------------------------------------------------------------------------

#: Items with the same wording (rule R7): the crisis items of both years, and the SME items of 2021.
TWINS = [("rcdd-2019-session-2", "icdd-2021-fa-2", "icdd-2021-review-1"), ("icdd-2021-fa-4", "icdd-2021-panel-2")]


@pytest.mark.parametrize("group", TWINS, ids=lambda g: "+".join(g))
def test_items_with_the_same_wording_get_the_same_codes(ds, group):
    first = codes_of(ds, group[0])
    assert first
    for item_id in group[1:]:
        assert codes_of(ds, item_id) == first, item_id


def same_wording_conflicts(ds) -> list[list[str]]:
    """Groups of items with the same text (ignoring case) in one language whose codes differ."""
    items, conflicts = ds.agenda_items, []
    for column in ("text_en", "text_id"):
        for _, same in items[items[column].notna()].groupby(items[column].str.casefold()):
            ids = list(same["item_id"])
            if any(codes_of(ds, i) != codes_of(ds, ids[0]) for i in ids):
                conflicts.append(sorted(ids))
    return conflicts


def test_identical_texts_get_identical_codes_and_a_conflict_is_found(ds, toy):
    assert same_wording_conflicts(ds) == []
    # The toy codes its crisis twins with content-policy; the bundled focus area 2, same words, has F3 only.
    assert ["alpha-2000-session-1", "beta-2001-session-1", "icdd-2021-fa-2"] in same_wording_conflicts(toy)


# --- one test per review finding -----------------------------------------------------------------


def test_c1_no_code_from_the_christchurch_anecdote_and_twins_agree(ds):
    assert codes_of(ds, "rcdd-2019-session-2") == {("function", "F3")}
    text = " ".join(ds.codings["rationale"].astype(str)) + " ".join(ds.codings["evidence"].astype(str))
    assert "Christchurch" not in text and "S19" not in set(ds.codings["evidence_source_id"].dropna())


def test_c2_session_3_economic_codes_rest_visibly_on_the_medium_indonesian_title(ds):
    assert not coded(ds, "rcdd-2019-session-3", "dw", "sustainable-development")
    c = ds.codings[(ds.codings["item_id"] == "rcdd-2019-session-3") & ds.codings["code"].isin(["F4", "GDC2"])]
    assert len(c) == 2 and set(c["evidence_field"]) == {"text_id"}
    assert ds.agenda_items.set_index("item_id").at["rcdd-2019-session-3", "text_id_confidence"] == "medium"
    assert "S1" not in " ".join(c["rationale"])  # not the Jakarta Globe's description of the whole conference


def test_c3_big_data_is_not_data_governance(ds):
    assert not coded(ds, "icdd-2021-panel-4", "dw", "data-governance")
    assert not coded(ds, "icdd-2021-panel-4", "gdc", "GDC4")


def test_c4_no_human_rights_code_from_the_inferred_description_and_inferred_is_said(ds):
    assert not coded(ds, "icdd-2021-panel-3", "dw", "human-rights-principles")
    from_descriptions = ds.codings[ds.codings["evidence_field"].astype(str).str.startswith("description_")]
    assert len(from_descriptions) and set(from_descriptions["basis"]) == {"inferred_description"}


def test_c5_no_wsis_c1_from_the_word_government(ds):
    assert not coded(ds, "icdd-2021-fa-1", "wsis", "C1")
    assert codes_of(ds, "icdd-2021-fa-1") == {("wsis", "C6"), ("function", "F6")}


def test_c6_to_c10_small_recodings(ds):
    assert not coded(ds, "rcdd-2019-theme", "wsis", "C11") and not coded(ds, "rcdd-2019-session-1", "wsis", "C11")  # C6
    assert not coded(ds, "icdd-2021-emphasis-2", "dw", "access")  # C7
    review_f4 = ds.codings[(ds.codings["item_id"] == "icdd-2021-review-2") & (ds.codings["code"] == "F4")]
    assert list(review_f4["basis"]) == ["source_context"]  # C8
    assert not coded(ds, "rcdd-2019-outcome-2", "wsis", "C1")  # C9
    assert not coded(ds, "icdd-2021-emphasis-4", "function", "F4")  # C10
    assert ds.codings["rationale"].str.split().str.len().gt(1).all()  # no one-word rationale ("Growth.")


# --- the basis option -------------------------------------------------------------------------------


def test_basis_item_text_drops_codes_from_source_context_and_inferred_descriptions(ds):
    kinds = {"baseline": "session", "target": ["review_theme", "panel"]}
    everything = icdd.compare(ds, method="coding", kinds=kinds)
    own_words = icdd.compare(ds, method="coding", kinds=kinds, basis="item_text")
    assert everything.codes["target"].at["icdd-2021-review-2", "F4"]
    assert not own_words.codes["target"].at["icdd-2021-review-2", "F4"]
    assert everything.codes["target"].at["icdd-2021-panel-3", "F1"]
    assert not own_words.codes["target"].at["icdd-2021-panel-3", "F1"]
    assert own_words.codes["target"].at["icdd-2021-panel-3", "F6"]  # from the title: kept
    both = icdd.compare(ds, method="coding", kinds=kinds, basis="item_text+source_context")
    assert both.codes["target"].at["icdd-2021-review-2", "F4"] and not both.codes["target"].at["icdd-2021-panel-3", "F1"]
    assert own_words.spec.basis == "item_text"


def test_basis_is_checked(ds):
    with pytest.raises(IcddError, match="unknown basis 'text'; valid: all, item_text"):
        icdd.compare(ds, method="coding", basis="text")
    with pytest.raises(IcddError, match="applies to method='coding' only"):
        icdd.compare(ds, method="tfidf", basis="item_text")


def test_robustness_includes_the_coding_on_item_text(ds):
    rob = icdd.robustness(ds, methods=("keywords",), langs=("en",), units=("label",), normalisations=("raw",),
                          top_ks=(1,), scopes=[(None, None)], n_permutations=2)
    coding = rob.specs[rob.specs["method"] == "coding"]
    assert list(coding["basis"]) == ["item_text"] and coding["ran"].all()
    assert set(rob.specs["spec_id"]) == {1, 2} and (rob.claims["n_specs"] == 2).all()
    f5 = rob.claims.query("kind == 'continuity' and subject == 'F5' and claim == 'new'")
    assert float(f5["share"].iloc[0]) >= 0.5  # the item_text coding says F5 is new too


# --- shown in the instructor guide ----------------------------------------------------------------


def test_codebook_tables_in_english_and_indonesian(ds):
    from icdd_analysis import present as nr

    en = nr.codebook_table(ds, "en", frames="function")
    idn = nr.codebook_table(ds, "id", frames="function")
    assert en.count("\n| function ") == 7 and idn.count("\n| function ") == 7
    assert "| code " in en and "| kode " in idn and "| termasuk " in idn and "| tidak termasuk " in idn
    assert "consular affairs and citizen protection" in en and "urusan konsuler dan pelindungan warga negara" in idn
    assert "(e.g. icdd-2021-fa-5)" in en and "(contoh: icdd-2021-fa-5)" in idn
    published = nr.codebook_table(ds, "id", frames=("dw", "wsis", "gdc"), used_only=True)
    used = ds.codings[ds.codings["frame_id"] != "function"][["frame_id", "code"]].drop_duplicates()
    assert published.count("\n| ") == len(used)  # one row per code the coding uses
    assert r"Lini Aksi C11: Kerja sama internasional dan regional. \[W1\]" in published and "D19" not in published
    assert "| diperluas (deskripsi proyek) " in published
    rules = nr.coding_rules_table(ds, "id")
    assert "| aturan " in rules and "| R7 " in rules and "Butir dengan rumusan yang sama" in rules


def test_readme_recoding_table_counts_the_current_codings(ds):
    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| (\d+) -> (\d+) \| (\d\.\d\d) \|", readme, flags=re.M)
    assert [r[0] for r in rows] == ["function", "dw", "wsis", "gdc"]
    counts = ds.codings["frame_id"].astype(str).value_counts()
    for frame_id, _before, after, _kappa in rows:
        assert int(after) == counts[frame_id], frame_id


def test_every_frame_code_description_has_an_indonesian_translation_with_a_basis(ds):
    codes = ds.frame_codes
    described = codes["description_en"].notna()
    assert described.sum() > 60
    assert (codes["description_id"].notna() == described).all(), "description_id exactly where description_en is"
    assert set(codes.loc[described, "description_id_basis"]) <= {"official", "our_translation"}
    assert codes.loc[~described, "description_id_basis"].isna().all()
    same = codes[described & (codes["description_id"] == codes["description_en"])]
    assert same.empty, list(same["code"])  # translated, not copied


def test_the_indonesian_student_frame_table_shows_the_indonesian_descriptions(ds):
    from icdd_analysis import teaching as tc

    f3 = ds.frame_codes.set_index("code").loc["F3"]
    indonesian, english = tc.frame_table(ds, "function", "id"), tc.frame_table(ds, "function", "en")
    assert md_text(f3["description_id"]) in indonesian and md_text(f3["description_en"]) not in indonesian
    assert md_text(f3["description_en"]) in english
