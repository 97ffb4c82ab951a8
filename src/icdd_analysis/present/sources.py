"""The list of sources a page cites, each with its publisher, title, date, kind and language."""

from __future__ import annotations

import re

import pandas as pd

from ..data import Dataset, source_sort_key
from ..escaping import md_text, safe_link, verbatim
from ..i18n import has, t, value
from .labels import date_text, is_missing


#: The English words of ``sources.published_as_stated`` and their catalogue keys; months are CLDR's.
_STATED_DATE_WORDS = {
    "c.": "date_word_circa", "undated": "undated", "pre-event": "date_word_pre_event", "after": "date_word_after",
    "reports": "date_word_reports", "about": "date_word_about", "one menu snapshot": "date_word_menu_snapshot",
    "Geneva Plan of Action": "date_word_geneva_plan",
}



_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")



def stated_date_in(stated: str, lang: str) -> str:
    """A source's date as it states it (``c. 8-9 Nov 2021``, ``Aug 2022``, ``undated (after Sep 2019)``) in
    ``lang``: month abbreviations become CLDR's month names, the recorded words the catalogue's."""
    from babel.dates import get_month_names

    if lang == "en":
        return stated
    months = get_month_names("wide", locale=lang)
    words = sorted(_STATED_DATE_WORDS, key=len, reverse=True)
    pattern = re.compile(
        "|".join([rf"\b{re.escape(w)}" + (r"\b" if w[-1].isalpha() else "") for w in words]
                 + [rf"\b{m}\b" for m in _MONTHS])
    )

    def swap(match: re.Match) -> str:
        word = match.group(0)
        if word in _STATED_DATE_WORDS:
            return t(_STATED_DATE_WORDS[word], lang)
        return months[_MONTHS.index(word) + 1]

    return pattern.sub(swap, stated)



def _stated_date(row, lang: str) -> str:
    """When a source was published: as it states it in English; in another language, the recorded day
    formatted for ``lang`` (``sekitar`` when only approximate), or, without a day, the stated date with its
    words and months in ``lang`` (``sekitar 8-9 November 2021``); "undated" only for a source that says so."""
    if lang == "en" and not is_missing(row["published_as_stated"]):
        return str(row["published_as_stated"])
    if is_missing(row["published"]):
        if is_missing(row["published_as_stated"]):
            return t("undated", lang)
        return stated_date_in(str(row["published_as_stated"]), lang)
    day = date_text(row["published"], lang)
    return t("circa", lang, date=day) if str(row["published_circa"]).lower() == "true" else day



def sources_section(ds: Dataset, source_ids, lang: str) -> str:
    src = ds.sources.set_index("source_id")
    lines = [f"## {t('sources', lang)}", ""]
    for sid in sorted(set(source_ids), key=source_sort_key):
        if sid not in src.index:
            continue
        r = src.loc[sid]
        title = ""
        if pd.notna(r["title"]) and r["title_basis"] == "stated":  # the source's own words, in its language
            title = f" “{verbatim(r['title'], r['language'], lang)}”"
        language = t(f"lang_name_{r['language']}", lang) if has(f"lang_name_{r['language']}", lang) else r["language"]
        publisher = verbatim(r["publisher"], r["language"], lang, italic=False)  # a name, in the source's language
        text = t("source_line", lang, publisher=publisher, title=title, date=md_text(_stated_date(r, lang)),
                 kind=md_text(value("source_kind", r["kind"], lang)), language=md_text(language))
        url = f" {safe_link(None, r['url'])}" if pd.notna(r["url"]) else ""  # a link only if http(s)
        lines.append(f"- **{md_text(f'[{sid}]')}** {text}{url}")
    return "\n".join(lines)
