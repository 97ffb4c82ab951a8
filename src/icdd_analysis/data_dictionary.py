"""A data dictionary people can read, generated from the data package itself: every table with what it holds,
every field with its type, whether it is required, its allowed values and its meaning, the keys that tie the
tables together, then the codebook (how each frame code is applied) and the coding rules; in English or
Indonesian.

English meanings are the descriptions in ``datapackage.json``; another language's are in its gettext catalogue
of the ``datapackage`` domain (``locale/<lang>/LC_MESSAGES/datapackage.po``), whose message ids are the English
descriptions themselves. A description the catalogue does not know (a new field, or a description changed
since it was translated) is shown in English, marked as English and as not yet translated, so that any package
still gets a complete dictionary, and a test names it. Nothing is copied by hand: a field added to or removed
from ``datapackage.json`` is added to or removed from the dictionary.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from functools import lru_cache

from .escaping import md_text, verbatim
from .i18n import LOCALE_DIR, catalogue, check, t

#: The gettext domain of the descriptions' translations.
DOMAIN = "datapackage"
#: Constraints shown beside "allowed values" (enum is listed itself; required has its own column).
_SHOWN_CONSTRAINTS = ("pattern", "minimum", "maximum", "unique")


def resources(ds) -> list[dict]:
    """The resources of the descriptor ``ds`` was loaded from, as written there (schemas inline)."""
    return json.loads(Path(ds.descriptor).read_text(encoding="utf-8-sig"))["resources"]


@lru_cache(maxsize=None)
def translations(lang: str) -> dict[str, str]:
    """English description -> its translation in ``lang`` (empty for English or a language without one)."""
    from babel.messages.pofile import read_po

    path = LOCALE_DIR / check(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == "en" or not path.is_file():
        return {}
    with path.open("rb") as f:
        return {m.id: m.string for m in read_po(f, locale=lang, domain=DOMAIN) if m.id and m.string}


def _meaning(english: str, lang: str) -> str:
    if lang == "en":
        return md_text(english)
    translated = translations(lang).get(english)
    if translated:
        return md_text(translated)
    if not english:
        return ""
    return f"{verbatim(english, 'en', lang)} ({md_text(t('dict_untranslated', lang))})"


def _allowed(field: dict, lang: str) -> str:
    constraints = field.get("constraints", {})
    parts = []
    if "enum" in constraints:
        parts.append(", ".join(f"`{md_text(v)}`".replace("\\`", "") for v in constraints["enum"]))
    for name in _SHOWN_CONSTRAINTS:
        if name in constraints and constraints[name] is not False:
            shown = "" if constraints[name] is True else f" {md_text(constraints[name])}"
            parts.append(f"{t('dict_constraint_' + name, lang)}{shown}")
    if field.get("format") and field.get("format") != "default":
        parts.append(f"{t('dict_format', lang)} {md_text(field['format'])}")
    return "; ".join(parts)


def field_rows(resource: dict, lang: str) -> pd.DataFrame:
    """One row per field of ``resource``: field, type, required, allowed values, meaning (Markdown cells)."""
    rows = []
    for field in resource["schema"]["fields"]:
        kind = str(field.get("type", "string"))
        rows.append({
            "field": f"`{field['name']}`",
            "type": t(f"dict_type_{kind}", lang) if catalogue(lang).get((None, f"dict_type_{kind}")) else md_text(kind),
            "required": t("yes" if field.get("constraints", {}).get("required") else "no", lang),
            "allowed values": _allowed(field, lang),
            "meaning": _meaning(field.get("description", ""), lang),
        })
    return pd.DataFrame(rows, columns=["field", "type", "required", "allowed values", "meaning"])


def _table(frame: pd.DataFrame, lang: str) -> str:
    """A Markdown table of cells already made safe (escaped above), headers from the catalogue."""
    from .i18n import column

    headers = [md_text(column(c, lang)) for c in frame.columns]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(":--" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(v).replace("\n", " ") for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def _keys(resource: dict, lang: str) -> str:
    schema = resource["schema"]
    names = lambda fields: ", ".join(f"`{md_text(f)}`" for f in ([fields] if isinstance(fields, str) else fields))
    lines = []
    if schema.get("primaryKey"):
        lines.append(t("dict_primary_key", lang, fields=names(schema["primaryKey"])))
    for fk in schema.get("foreignKeys", []):
        target = fk["reference"].get("resource") or resource["name"]
        lines.append(t("dict_foreign_key", lang, fields=names(fk["fields"]), table=f"`{md_text(target)}`",
                       target=names(fk["reference"]["fields"])))
    return "\n".join(f"- {line}" for line in lines)


def table_section(resource: dict, lang: str) -> str:
    """One table: heading, what it holds, its keys and its fields."""
    name = resource["name"]
    meaning = _meaning(resource.get("description", ""), lang)
    rows = len(field_rows(resource, lang))
    head = f"## `{md_text(name)}` ({md_text(resource.get('path', ''))}, {t('dict_n_fields', lang, n=rows)})"
    return "\n\n".join(part for part in (head, meaning, _keys(resource, lang), _table(field_rows(resource, lang), lang)) if part)


def sections(ds, lang: str) -> list[str]:
    """The dictionary as Markdown sections: title and introduction, one per table, the codebook, the rules."""
    from . import citation
    from .present import codebook as nr

    lang = check(lang)
    parts = [f"# {t('dict_title', lang)}\n\n" + t("dict_intro", lang, version=md_text(ds.version),
                                                     hash=citation.short_hash(ds.content_hash))]
    parts += [table_section(resource, lang) for resource in resources(ds)]
    if ds.codebook is not None:
        parts.append(f"## {t('dict_codebook_heading', lang)}\n\n{t('dict_codebook_intro', lang)}\n\n"
                     + nr.codebook_table(ds, lang))
    if ds.coding_rules is not None:
        parts.append(f"## {t('dict_rules_heading', lang)}\n\n" + nr.coding_rules_table(ds, lang))
    parts.append(citation.footer(ds, lang))
    return parts
