"""Every user-visible string of the package in one translation catalogue per language, and locale-aware
formatting of numbers, dates and country names.

The catalogues are gettext ``.po`` files, ``locale/<lang>/LC_MESSAGES/icdd.po`` next to this module, the
format translators' tools (Poedit, Weblate, Babel's ``pybabel``) read and write. Each message id is a
key (``"timeline"``, ``"kind_focus_area"``), and table headers carry the context ``column``. They are
read at run time with Babel (no compile step, nothing generated to keep in step); a language is the
set of folders under ``locale/``, so adding a language is adding one catalogue (README: "How to add a
language"). ``tests/test_i18n.py`` fails when a key is missing in one language or the placeholders of
a message differ between languages.

Numbers, percentages, dates and country names come from Babel's CLDR data (``0,82`` and ``4.300`` in
Indonesian, ``0.82`` and ``4,300`` in English); :data:`COUNTRY_NAME_OVERRIDES` replaces a CLDR country
name where the ministry's usage differs, each override with its source.
"""

from __future__ import annotations

import csv
import re
import string
from functools import lru_cache
from pathlib import Path

from .errors import IcddError

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "icdd"
#: Context of the table-header messages in the catalogues.
COLUMN_CONTEXT = "column"
#: Where CLDR's country name differs from the ministry's usage: iso3, lang, name, source.
COUNTRY_NAME_OVERRIDES = Path(__file__).with_name("country_names.csv")


def _languages() -> tuple[str, ...]:
    # English first: it is the language of the keys and the fallback of nothing (every catalogue is complete).
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return tuple(sorted(found, key=lambda lang: (lang != "en", lang)))


LANGS = _languages()


def check(lang: str) -> str:
    if lang not in LANGS:
        raise IcddError(f"unknown report language {lang!r}; valid: {', '.join(LANGS)}.")
    return lang


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[tuple[str | None, str], str]:
    """The messages of ``lang`` as {(context, key): text} (context None, or ``"column"`` for headers)."""
    from babel.messages.pofile import read_po  # imported when a string is first needed

    path = LOCALE_DIR / check(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as f:
        po = read_po(f, locale=lang, domain=DOMAIN)
    return {(m.context, m.id): m.string for m in po if m.id}


def messages(lang: str) -> dict[str, str]:
    """The plain (context-free) messages of ``lang`` as {key: text}."""
    return {key: text for (context, key), text in catalogue(lang).items() if context is None}


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a message is formatted with."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def has(key: str, lang: str = "en") -> bool:
    return (None, key) in catalogue(lang)


def t(key: str, lang: str = "en", **values) -> str:
    """The message ``key`` in ``lang``, formatted with ``values``."""
    try:
        text = catalogue(lang)[(None, key)]
    except KeyError:
        raise KeyError(f"no message {key!r} in the {lang!r} catalogue ({LOCALE_DIR / lang})") from None
    return text.format(**values)


def column(name: str, lang: str) -> str:
    """A table header in ``lang`` (a header with no catalogue entry is shown as it is)."""
    return catalogue(lang).get((COLUMN_CONTEXT, name), name)


def value(kind: str, raw, lang: str) -> str:
    """An enumerated data value (``kind`` is format, kind, status, role, source_kind, ...) in ``lang``;
    a value the catalogue does not know is shown as it is, with underscores as spaces."""
    key = f"{kind}_{raw}"
    return t(key, lang) if has(key, lang) else str(raw).replace("_", " ")


# --- locale-aware formatting (Babel / CLDR) ----------------------------------------------------------


def format_number(number, lang: str, decimals: int | None = None) -> str:
    """``4300`` as ``4,300`` (en) or ``4.300`` (id); ``decimals`` fixes the digits after the separator."""
    from babel.numbers import format_decimal

    pattern = None if decimals is None else ("#,##0." + "0" * decimals if decimals else "#,##0")
    return format_decimal(number, format=pattern, locale=check(lang))


def format_percent(share, lang: str) -> str:
    """A share in [0, 1] as a whole percentage: ``82%`` (en), ``82%`` (id, CLDR)."""
    from babel.numbers import format_percent as babel_percent

    return babel_percent(share, locale=check(lang))


def format_date(value, lang: str, style: str = "long") -> str:
    """``16 November 2021`` (id and en-GB style long dates: the project writes day month year in both)."""
    import pandas as pd
    from babel.dates import format_date as babel_date

    day = pd.Timestamp(value).date()
    if style == "iso":
        return day.isoformat()
    return babel_date(day, format="d MMMM y", locale=check(lang))


#: The CLDR locale whose date patterns a language's dates follow: the project writes English dates day month
#: year ("16 November 2021"), as British English does.
_DATE_LOCALE = {"en": "en_GB"}
_ABBREVIATED_MONTH = re.compile(r"(?<!M)MMM(?!M)")


def format_date_range(start, end, lang: str) -> str:
    """``10–11 September 2019`` (id), ``10 – 11 September 2019`` (en): CLDR's interval patterns, which write
    only what differs between the two days; a single date when they are the same day.

    Babel's ``format_interval`` has no full-month pattern and does not widen the abbreviated one CLDR gives
    (``Sep``), so the month field of that pattern is widened here, as CLDR's skeleton matching says."""
    import pandas as pd
    from babel import Locale
    from babel.dates import parse_pattern

    first, last = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    if first == last:
        return format_date(first, lang)
    locale = Locale.parse(_DATE_LOCALE.get(check(lang), lang))
    patterns = locale.interval_formats["yMMMd"]
    differing = next(field for field, a, b in (("y", first.year, last.year), ("M", first.month, last.month), ("d", first.day, last.day))
                     if a != b)
    return "".join(parse_pattern(_ABBREVIATED_MONTH.sub("MMMM", pattern)).apply(day, locale)
                   for pattern, day in zip(patterns[differing], (first, last)))


def iso2(iso3: str) -> str:
    """The ISO 3166-1 alpha-2 code of an alpha-3 code, from CLDR's territory aliases."""
    from babel.core import get_global

    aliases = get_global("territory_aliases").get(str(iso3).upper())
    if not aliases:
        raise IcddError(f"unknown ISO 3166-1 alpha-3 country code {iso3!r}")
    return aliases[0]


@lru_cache(maxsize=None)
def _country_overrides() -> dict[tuple[str, str], str]:
    with COUNTRY_NAME_OVERRIDES.open(encoding="utf-8", newline="") as f:
        return {(r["iso3"], r["lang"]): r["name"] for r in csv.DictReader(f)}


def country_name(iso3: str, lang: str, fallback: str | None = None) -> str:
    """The country's name in ``lang`` (CLDR, unless :data:`COUNTRY_NAME_OVERRIDES` says otherwise)."""
    import babel

    override = _country_overrides().get((str(iso3).upper(), check(lang)))
    if override:
        return override
    try:
        return babel.Locale(lang).territories[iso2(iso3)]
    except (IcddError, KeyError):
        if fallback is not None:
            return fallback
        raise


def notebook_lang(notebook) -> str:
    """The report language of an executed notebook: its papermill ``lang`` parameter, else English."""
    params = (notebook.get("metadata", {}).get("papermill", {}) or {}).get("parameters", {}) or {}
    lang = params.get("lang", "en")
    return lang if lang in LANGS else "en"
