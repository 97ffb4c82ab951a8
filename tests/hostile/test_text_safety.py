"""Bidirectional controls and zero-width characters in data are shown neutralised wherever data is rendered,
and refused in ids by the loader (which compares ids in NFC)."""

from __future__ import annotations

import unicodedata

import pytest

import icdd_analysis as icdd
from icdd_analysis import escaping
from icdd_analysis.controls import INVISIBLE_CONTROLS

CONTROLS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e",
            "\u200f", "\u061c", "\u200b", "\u200c", "\u200d", "\ufeff", "\u2060"]


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_each_control_is_shown_as_a_visible_escape_inside_bdi(char):
    text = escaping.md_text(f"Jakarta{char}gnp.exe")
    assert char not in text and f"U+{ord(char):04X}" in text
    assert text.startswith("<bdi>") and text.endswith("</bdi>")


def test_plain_text_is_unchanged_and_not_wrapped():
    assert escaping.md_text("Bali 2021") == "Bali 2021"
    assert escaping.html_text("a < b") == "a &lt; b"


def test_html_text_escapes_and_isolates():
    shown = escaping.html_text("<b>\u202eevil</b>")
    assert shown == "<bdi>&lt;b&gt;&lt;U+202E&gt;evil&lt;/b&gt;</bdi>"


def test_figure_labels_show_controls_visibly():
    assert escaping.plot_text("a\u202eb$") == "a<U+202E>b\\$"


def test_the_index_page_neutralises_controls_in_parameters():
    from icdd_analysis.report.manifest import render_index

    manifest = {"generator": "t", "reports": {"r": {"status": "ok", "notebook": "n\u202e.ipynb", "title": "T\u202eitle",
                                                    "parameters": {"note": "x\u200by"}, "finished": "", "seconds": 1}}}
    page = render_index(manifest)
    assert not INVISIBLE_CONTROLS.search(page)
    assert "<bdi>T&lt;U+202E&gt;itle</bdi>" in page and "&lt;U+200B&gt;" in page


def test_the_explorer_messages_neutralise_controls():
    from icdd_analysis.explorer.app import _message_html

    shown = _message_html("item \u202eabc")
    assert "\u202e" not in shown and "&lt;U+202E&gt;" in shown and "<bdi>" in shown


def test_a_report_table_cell_neutralises_controls():
    from icdd_analysis.present import md_table
    import pandas as pd

    table = md_table(pd.DataFrame({"label": ["ok", "evil\u202etxt.exe"]}), "en")
    assert not INVISIBLE_CONTROLS.search(table) and "&lt;U+202E&gt;" in table


def test_an_id_with_a_bidi_control_is_refused_by_the_loader(package_copy):
    row = package_copy.set_cell("events", "icdd-2021", "event_id", "icdd-\u202e2021")
    with pytest.raises(icdd.DataPackageError, match=rf"events.csv, row {row}, field 'event_id'.*<U\+202E>.*invisible"):
        icdd.load(package_copy.folder)


def test_an_id_with_a_zero_width_space_is_refused_with_validation_off_too(package_copy):
    package_copy.set_cell("events", "icdd-2021", "event_id", "icdd\u200b-2021")
    with pytest.raises(icdd.DataPackageError, match="<U\\+200B>"):
        icdd.load(package_copy.folder, validate=False)


def test_ids_differing_only_in_nfc_and_nfd_are_duplicates(package_copy):
    rows = package_copy.rows("frame_keywords")
    header, template = rows[0], rows[1]
    keyword = header.index("keyword")
    nfc, nfd = list(template), list(template)
    nfc[keyword], nfd[keyword] = unicodedata.normalize("NFC", "kafé"), unicodedata.normalize("NFD", "kafé")
    package_copy.write("frame_keywords", rows + [nfc, nfd])
    with pytest.raises(icdd.DataPackageError, match="duplicate id 'kafé'.*another Unicode form"):
        icdd.load(package_copy.folder)


def test_indonesian_text_fields_named_id_are_text_not_ids(package_copy):
    package_copy.set_cell("events", "icdd-2021", "name_id", "Konferensi \u202eBali")
    ds = icdd.load(package_copy.folder)  # text may hold anything; it is neutralised where shown
    assert "\u202e" in ds.events.set_index("event_id").at["icdd-2021", "name_id"]
