"""The robustness sections of report 02: "In short" (items, codes, confidence, share, scope flag) and the
per-scope robustness table."""

from __future__ import annotations

import pandas as pd
import pytest

import icdd_analysis as icdd
from icdd_analysis import present as nr


def _with_function_coding(ds, rows):
    """``ds`` whose function-frame coding is exactly ``rows``: (item, code, evidence_field or None)."""
    import dataclasses

    others = ds.codings[ds.codings["frame_id"].astype(str) != "function"].astype(object)
    extra = pd.DataFrame([{"item_id": i, "frame_id": "function", "code": c, "rationale": "test", "coder": "project-2026",
                           **({"evidence_field": f, "basis": "item_text"} if f else {})} for i, c, f in rows])
    return dataclasses.replace(ds, codings=pd.concat([others, extra], ignore_index=True), _events={})



#: F3 on both sides everywhere; F4 only through session 3's Indonesian title (Medium, one blog [S7]);
#: F5 new against the sessions, but carried by the 2019 theme: continued once the theme is compared.
CONSTRUCTED = [("rcdd-2019-session-2", "F3", "text_en"), ("icdd-2021-fa-2", "F3", "text_id"),
               ("rcdd-2019-session-3", "F4", "text_id"), ("icdd-2021-fa-4", "F4", "text_id"),
               ("rcdd-2019-theme", "F5", "text_en"), ("icdd-2021-fa-5", "F5", "text_id")]



SCOPES = [("sessions", "focus_areas"), ("sessions+theme", "focus_areas")]



@pytest.fixture(scope="module")
def constructed(ds):
    mine = _with_function_coding(ds, CONSTRUCTED)
    rob = icdd.robustness(mine, methods=("coding",), langs=("en",), units=("label",), normalisations=("raw",),
                          top_ks=(1,), scopes=SCOPES, bases=(), n_permutations=5)
    return mine, icdd.compare(mine, method="coding"), rob



@pytest.mark.parametrize("lang", ["en", "id"])
def test_in_short_states_items_codes_confidence_share_and_scope_flag(constructed, lang):
    mine, reference, rob = constructed
    short = nr.in_short(mine, reference, rob, lang)
    lines = {line.split("**")[1].split(" (")[0]: line for line in short.splitlines() if line.startswith("- **F")}
    assert set(lines) == {"F3", "F4", "F5"}
    blog = {"en": "rcdd-2019-session-3 (Indonesian text, medium \\[S7\\], blog)",
            "id": "rcdd-2019-session-3 (teks bahasa Indonesia, sedang \\[S7\\], blog)"}[lang]
    only = {"en": "only through", "id": "hanya melalui"}[lang]
    assert f"{only} {blog}" in lines["F4"]
    lowest = {"en": "Each side has at least one text at this confidence or higher: {}.",
              "id": "Setiap sisi memiliki sedikitnya satu teks dengan tingkat keyakinan ini atau lebih tinggi: {}."}[lang]
    assert lowest.format({"en": "medium", "id": "sedang"}[lang]) in lines["F4"]
    assert lowest.format({"en": "high", "id": "tinggi"}[lang]) in lines["F3"]
    flag = {"en": "**Scope-dependent:**", "id": "**Bergantung pada cakupan:**"}[lang]
    assert flag in lines["F5"] and flag not in lines["F3"] and flag not in lines["F4"]
    # F5 is new in one scope of two: half the specifications, each scope's share named
    scopes = {"en": ("sessions → focus areas", "sessions and theme → focus areas"),
              "id": ("sesi → area fokus", "sesi dan tema → area fokus")}[lang]  # scopes as words (issue 10)
    assert "50%" in lines["F5"] and f"{scopes[0]}: 100%" in lines["F5"]
    assert f"{scopes[1]}: 0%" in lines["F5"]
    # the numbers come from the data: 3 sessions, 5 focus areas
    none_of = {"en": "none of the 3 RCDD 2019 items compared (sessions) carries it",
               "id": "tidak satu pun dari 3 butir RCDD 2019 yang dibandingkan (sesi) mendapat kode ini"}[lang]
    assert none_of in lines["F5"]
    assert {"en": "ICDD 2021 (5 items: focus areas)", "id": "ICDD 2021 (5 butir: area fokus)"}[lang] in short



def test_in_short_without_evidence_fields_uses_the_texts_in_the_report_language(ds):
    plain = _with_function_coding(ds, [(i, c, None) for i, c, _ in CONSTRUCTED])
    function = plain.codings[plain.codings["frame_id"].astype(str) == "function"]
    assert function["evidence_field"].isna().all()
    rob = icdd.robustness(plain, methods=("coding",), langs=("en",), units=("label",), normalisations=("raw",),
                          top_ks=(1,), scopes=SCOPES[:1], n_permutations=5)
    reference = icdd.compare(plain, method="coding")
    f5 = {lang: next(l for l in nr.in_short(plain, reference, rob, lang).splitlines() if l.startswith("- **F5"))
          for lang in ("en", "id")}
    assert "icdd-2021-fa-5 (English text: our summary or translation of the source, low" in f5["en"]  # N2, X6
    assert "icdd-2021-fa-5 (teks bahasa Indonesia, tinggi" in f5["id"]



def test_robustness_table_shows_each_scope_and_the_flag(constructed):
    mine, reference, rob = constructed
    table = nr.robustness_table(rob, reference.frame, "en")
    header = table.splitlines()[0]
    assert "all scopes (2)" in header and "sessions → focus areas (1)" in header and "sessions and theme → focus areas (1)" in header
    f5 = next(line for line in table.splitlines() if line.startswith("| F5"))
    cells = [c.strip() for c in f5.strip("|").split("|")]
    assert cells[1:] == ["50%", "100%", "0% †", "yes"]
    section = nr.robustness_section(rob, reference.frame, "id")
    assert "bergantung pada cakupan" in section and "semua cakupan (2)" in section
