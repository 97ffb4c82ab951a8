"""Report sections in English or Indonesian: headings, prose, Markdown tables and figures.

The report notebooks only call these functions and display what they return, so a report reads the
same under JupyterLab, papermill and nbval, and its logic is unit-tested here. Tables are Markdown
(not pandas HTML) so that stored notebook outputs do not drift with the pandas version.

Every string from the data package is escaped where it enters Markdown (:mod:`.escaping`): table cells
by :func:`md_table`, prose by :func:`md_text` at each f-string, links by :func:`safe_link`. So table
cells are built from raw text, and only :func:`md_table` escapes them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .data import Dataset, cited_source_ids, source_sort_key, split_ids
from .escaping import Verbatim, md_text, plot_text, safe_link, verbatim
from .i18n import check, column, country_name, format_date, format_date_range, format_number, format_percent, has, t, value

CONFERENCE_KINDS = ("conference",)


# --- display helpers -------------------------------------------------------------------------------


def show(markdown: str) -> None:
    """Display Markdown in a notebook (prints it elsewhere)."""
    try:
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        print(markdown)
        return
    display(Markdown(markdown))


def show_figure(fig, name: str, figures_dir: str = "") -> None:
    """Display a figure as PNG, write the same PNG to ``<figures_dir>/<name>.png`` when a folder is given, and
    close it.

    One render serves the page and the file: a render of a labelled figure (two layout passes for the tight
    bounding box) takes about 0.4 s, a report's largest cost after its imports. The PNG is the one IPython's
    inline backend would show for ``fig``, made by the same function.
    """
    import base64

    import matplotlib.pyplot as plt
    from IPython.core.pylabtools import print_figure
    from IPython.display import display

    png = print_figure(fig, "png", bbox_inches="tight")
    if png is None:  # a figure without axes: nothing to show, as in IPython
        plt.close(fig)
        return
    if figures_dir:
        folder = Path(figures_dir)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.png").write_bytes(png)
    # The image's text alternative (HTML alt) is its titles, which are in the report's language; without one
    # nbconvert writes an English "No description has been provided for this image" into every page.
    display({"image/png": base64.b64encode(png).decode("ascii"), "text/plain": repr(fig)}, raw=True,
            metadata={"image/png": {"alt": figure_alt(fig)}})
    plt.close(fig)


def figure_alt(fig) -> str:
    """A figure's text alternative: its title and its panels' titles (already in the report's language)."""
    titles = [fig._suptitle.get_text()] if getattr(fig, "_suptitle", None) else []
    titles += [ax.get_title() for ax in fig.axes]
    return "; ".join(" ".join(title.replace("\\$", "$").split()) for title in titles if title.strip())


def md_table(frame: pd.DataFrame, lang: str = "en") -> str:
    """A Markdown table (tabulate) with headers in ``lang``; every header and cell is shown as literal text,
    a :class:`.escaping.Verbatim` cell marked with its language when it is not ``lang``."""
    frame = frame.rename(columns=lambda c: md_text(column(str(c), lang)))
    safe = frame.astype(object).where(frame.notna(), "").map(lambda v: _cell(v, lang))
    return safe.to_markdown(index=False, disable_numparse=True)  # keep "0.40" as written


def _cell(value, lang: str) -> str:
    if isinstance(value, Verbatim):
        if value.gloss and value.gloss_lang == lang != value.lang:  # "*Bali Message …* (Pesan Bali …; terjemahan kami)"
            return f"{value.markdown(lang)} ({md_text(t('gloss', lang, text=value.gloss))})"
        return value.markdown(lang)
    if lang != "en" and isinstance(value, float) and not isinstance(value, bool):
        return md_text(format_number(value, lang))  # 0,45 in Indonesian (English tables keep 0.45 as written)
    return md_text(value)


def cite(*values) -> str:
    """'[A2, A19]' from source ids and ';'-separated lists of them (plain text: escape it where rendered)."""
    ids: list[str] = []
    for v in values:
        for sid in split_ids(v):
            if sid not in ids:
                ids.append(sid)
    return f"[{', '.join(ids)}]" if ids else ""


def data_label(data: str, lang: str) -> str:
    """Markdown naming the data package: the bundled one, or the user's folder name as escaped text."""
    return t("bundled_data", lang) if not data else md_text(Path(data).name or data)


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _confidence(value, lang: str) -> str:
    return t(str(value), lang) if pd.notna(value) else ""


_LEVELS = ("high", "medium", "low")


def _lowest(row, fields, lang: str) -> str:
    """The lowest confidence among ``fields`` of ``row`` that are filled (e.g. the texts a table shows),
    else the row's own confidence: a table shows the level of what it displays, never a higher one."""
    levels = [str(row[f]) for f in fields if f in row.index and pd.notna(row[f]) and str(row[f]) in _LEVELS]
    return _confidence(max(levels, key=_LEVELS.index) if levels else row["confidence"], lang)


def _date(day, lang: str = "en") -> str:
    return "" if day is None or pd.isna(day) else format_date(day, lang)


def _dates(start, end, lang: str = "en") -> str:
    if pd.isna(end) or end == start:
        return _date(start, lang)
    return format_date_range(start, end, lang)  # "10–11 September 2019", not the whole date twice


def _conferences(ds: Dataset) -> pd.DataFrame:
    return ds.events[ds.events["kind"].isin(CONFERENCE_KINDS)]


def _full_name(row, lang: str) -> str:
    """An event's full name in ``lang``: ``name_<lang>`` (name_id) where the sources give one, else English."""
    name = getattr(row, f"name_{lang}", None) if lang != "en" else None
    return str(name) if not _missing(name) else str(row.name_en)


def _marked_name(row, lang: str) -> Verbatim:
    """The event's full name for a table cell: in ``lang`` where the data has it, else marked English, with the
    project's Indonesian gloss beside it on an Indonesian page (events.name_id_gloss, marked as ours)."""
    name = _full_name(row, lang)
    if name != str(row.name_en):
        return Verbatim(name, lang)
    gloss = getattr(row, f"name_{lang}_gloss", None) if lang != "en" else None
    return Verbatim(name, "en", gloss=None if _missing(gloss) else str(gloss), gloss_lang=lang)


def _event_name(ds: Dataset, event_id: str, lang: str = "en") -> str:
    ev = ds.event(event_id)
    return f"{ev.short_name} {ev.start_date.year}" if ev.short_name else _full_name(ev, lang)


# --- overview report -------------------------------------------------------------------------------


def overview_intro(ds: Dataset, lang: str, data: str = "") -> str:
    check(lang)
    names = [md_text(f"{_full_name(r, lang)} ({_event_name(ds, r.event_id, lang)})") for r in _conferences(ds).itertuples()]
    events = ", ".join(names[:-1]) + f" {t('and', lang)} {names[-1]}" if len(names) > 1 else "".join(names)
    return f"# {t('overview_title', lang)}\n\n" + t("overview_intro", lang, events=events, data=data_label(data, lang))


def timeline_figure(ds: Dataset, lang: str):
    """Every event on a time line, one row each, oldest at the top; multi-day events as bars."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from .plots import FONT_SIZE, wrap

    check(lang)
    events = ds.events.sort_values(["start_date", "event_id"]).reset_index(drop=True)
    colours = {"conference": "#1b9e77", "side_event": "#66a61e", "seminar": "#7570b3", "expert_meeting": "#e7298a",
               "signing": "#d95f02", "workshop": "#e6ab02"}
    fig, ax = plt.subplots(figsize=(10, 0.42 * len(events) + 1.4), constrained_layout=True)
    first = events["start_date"].min()
    last = max(events["start_date"].max(), events["end_date"].dropna().max() if events["end_date"].notna().any() else first)
    middle = first + (last - first) / 2
    for y, r in enumerate(events.itertuples()):
        colour = colours.get(str(r.kind), "#666666")
        end = r.end_date if pd.notna(r.end_date) and r.end_date > r.start_date else r.start_date
        if end > r.start_date:
            ax.plot([r.start_date, end], [y, y], lw=6, color=colour, solid_capstyle="round")
        ax.plot([r.start_date], [y], "o", color=colour, ms=7)
        label = plot_text(wrap(_full_name(r, lang), 60))  # wrapped, never cut inside a word
        weight = "bold" if r.kind in CONFERENCE_KINDS else "normal"
        # Every line of a label starts (or, in the later half, ends) a fixed gap from its marker or bar, so
        # wrapped lines stay beside it and no label runs over a marker or past the last year.
        left = r.start_date > middle
        anchor = r.start_date if left else end
        ax.annotate(label, (anchor, y), xytext=(-9 if left else 9, 0), textcoords="offset points",
                    ha="right" if left else "left", va="center", fontsize=FONT_SIZE, fontweight=weight,
                    linespacing=0.95, multialignment="right" if left else "left")
    ax.set_xlim(first - pd.Timedelta(days=120), last + pd.Timedelta(days=120))
    ax.set_ylim(len(events) - 0.5, -0.7)
    ax.set_yticks([])
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(t("timeline", lang), fontsize=12)
    return fig


def timeline_table(ds: Dataset, lang: str) -> str:
    events = ds.events.sort_values("start_date")
    table = pd.DataFrame({
        "date": [_dates(r.start_date, r.end_date, lang) for r in events.itertuples()],
        "event": [_marked_name(r, lang) for r in events.itertuples()],
        "place": [", ".join(str(p) for p in (r.venue, r.city) if pd.notna(p)) for r in events.itertuples()],
        "confidence": [_confidence(r.confidence, lang) for r in events.itertuples()],
        "sources": [cite(r.source_id, r.more_source_ids) for r in events.itertuples()],
    })
    return md_table(table, lang)


def conferences_table(ds: Dataset, lang: str) -> str:
    """The main facts of each conference side by side, with confidence and sources."""
    conf = _conferences(ds)
    fields = {
        "name_en": "English name", "name_id": "Indonesian name", "dates": "Dates", "place": "Place", "format": "Format",
        "host": "Host", "theme": "Theme", "countries_stated": "Countries (stated)", "participants": "Participants (stated)",
        "confidence": "Confidence (lowest)", "sources": "Sources",
    }
    columns = {}
    for r in conf.itertuples():
        ev = ds.event(r.event_id)
        qualifier = {"about": "~", "more_than": ">"}.get(str(r.participants_qualifier), "")
        values = {
            "name_en": Verbatim(r.name_en, "en"), "name_id": None if _missing(r.name_id) else Verbatim(r.name_id, "id"), "dates": _dates(r.start_date, r.end_date, lang),
            "place": ", ".join(str(p) for p in (r.venue, r.city) if pd.notna(p)),
            "format": None if _missing(r.format) else value("format", r.format, lang), "host": r.host,
            "theme": None if _missing(ev.theme) else Verbatim(ev.theme, "en"), "countries_stated": r.countries_stated,
            "participants": (f"{qualifier}{format_number(r.participants_stated, lang)}" + (f" ({_confidence(r.participants_stated_confidence, lang)})"
                             if pd.notna(r.participants_stated_confidence) else "")) if pd.notna(r.participants_stated) else None,
            "confidence": _confidence(r.confidence, lang), "sources": cite(r.source_id, r.more_source_ids),
        }
        columns[_event_name(ds, r.event_id, lang)] = [t("unknown", lang) if _missing(values[f]) else values[f] for f in fields]
    names = [column(fields[f], lang) for f in fields]
    return md_table(pd.DataFrame({"": names, **columns}), lang)


def _document_title(doc, lang: str):
    """A document's title for a table cell: the official English title, with the project's translation as a
    gloss on a page in that language (title_<lang>); else the project's short title, translated where the data
    has a translation (it is the project's wording, not the source's)."""
    own = getattr(doc, f"title_{lang}", None) if lang != "en" else None
    own = None if _missing(own) else str(own)
    if not _missing(doc.title_en):
        return Verbatim(doc.title_en, "en", gloss=own, gloss_lang=lang)
    return own if own else Verbatim(doc.short_title, "en")


def outcomes_table(ds: Dataset, lang: str) -> str:
    docs = ds.documents.merge(ds.events[["event_id", "start_date"]], on="event_id").sort_values(["start_date", "document_id"])
    rows = []
    for d in docs.itertuples():
        said = d.content_id if lang == "id" and pd.notna(d.content_id) else (d.content_en if pd.notna(d.content_en) else d.content_id)
        basis = f" ({t(str(d.content_en_basis), lang)})" if said is d.content_en and pd.notna(d.content_en_basis) else ""
        said_by = d.content_en_source_id if said is d.content_en else d.content_id_source_id
        basis += f" {cite(said_by)}" if pd.notna(said) and pd.notna(said_by) else ""  # who says it (D1, D15)
        rows.append({
            "event": _event_name(ds, d.event_id, lang) if ds.event(d.event_id).short_name
            else _marked_name(ds.event(d.event_id), lang),
            "document": _document_title(d, lang),
            "what sources say": (Verbatim(said, "id" if said is d.content_id else "en") if pd.notna(said) else t("unknown", lang)),
            "basis": basis.strip(),
            "full text public": t("yes" if d.full_text_public else "no", lang),
            "confidence": _confidence(d.confidence, lang), "sources": cite(d.source_id, d.more_source_ids),
        })
    return md_table(pd.DataFrame(rows), lang)


def country_presence(ds: Dataset, baseline: str, target: str, lang: str = "en") -> pd.DataFrame:
    """One row per country of either event: iso3, name (in ``lang``), in baseline, in target.

    English names are the data's ``country_en``; other languages take CLDR's (:func:`.i18n.country_name`).
    """
    parts = ds.participants[ds.participants["event_id"].isin([baseline, target])]
    names = parts.drop_duplicates("iso3").set_index("iso3")["country_en"]
    if check(lang) != "en":
        names = pd.Series({iso3: country_name(iso3, lang, fallback=str(en)) for iso3, en in names.items()}, dtype=object)
    present = parts.groupby("iso3")["event_id"].apply(set)
    table = pd.DataFrame({"iso3": names.index, "country": names.values})
    table["in_baseline"] = table["iso3"].map(lambda c: baseline in present[c])
    table["in_target"] = table["iso3"].map(lambda c: target in present[c])
    order = table["in_baseline"].astype(int) * 2 + table["in_target"].astype(int)
    return table.assign(_o=-order).sort_values(["_o", "country"]).drop(columns="_o").reset_index(drop=True)


def countries_note(ds: Dataset, baseline: str, target: str, lang: str) -> str:
    p = country_presence(ds, baseline, target, lang)
    both = p[p.in_baseline & p.in_target]
    left = p[p.in_baseline & ~p.in_target]
    joined = p[~p.in_baseline & p.in_target]
    def listed(frame):
        return md_text(f"{len(frame)} ({', '.join(frame['country'])})") if len(frame) else "0"
    return t("countries_note", lang, both=len(both), left=listed(left), joined=listed(joined),
             baseline=md_text(_event_name(ds, baseline, lang)), target=md_text(_event_name(ds, target, lang)))


def countries_table(ds: Dataset, baseline: str, target: str, lang: str) -> str:
    p = country_presence(ds, baseline, target, lang)
    mark = {True: "✓", False: "–"}
    rows = pd.DataFrame({
        "country": p["country"], "ISO 3166-1": p["iso3"],
        _event_name(ds, baseline): p["in_baseline"].map(mark), _event_name(ds, target): p["in_target"].map(mark),
    })
    def principal_first(event_id: str) -> str:
        rows = ds.participants[ds.participants["event_id"] == event_id]
        return cite(*rows["source_id"].unique(), *rows["more_source_ids"].dropna().unique())

    sources = {e: principal_first(e) for e in (baseline, target)}
    foot = md_text("; ".join(f"{_event_name(ds, e)}: {s}" for e, s in sources.items()))
    return md_table(rows, lang) + f"\n\n{t('sources', lang)}: {foot}"


def countries_figure(ds: Dataset, baseline: str, target: str, lang: str):
    import matplotlib.pyplot as plt

    p = country_presence(ds, baseline, target, lang)
    fig, ax = plt.subplots(figsize=(4.2, 0.26 * len(p) + 1.2), constrained_layout=True)
    for j, col in enumerate(("in_baseline", "in_target")):
        for i, present in enumerate(p[col]):
            colour = "#1b9e77" if present else "#eeeeee"
            ax.add_patch(plt.Rectangle((j - 0.4, i - 0.4), 0.8, 0.8, color=colour))
    ax.set_xlim(-0.6, 1.6)
    ax.set_ylim(len(p) - 0.5, -0.5)
    ax.set_xticks([0, 1], [plot_text(_event_name(ds, baseline)), plot_text(_event_name(ds, target))])
    ax.set_yticks(range(len(p)), [plot_text(c) for c in p["country"]], fontsize=11)
    ax.set_title(t("countries", lang), fontsize=12)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return fig


def agenda_section(ds: Dataset, event_id: str, lang: str) -> str:
    """A heading with the event's name, then its agenda table."""
    return f"### {md_text(_full_name(ds.event(event_id), lang))}\n\n" + agenda_table(ds, event_id, lang)


def agenda_table(ds: Dataset, event_id: str, lang: str, kinds=None) -> str:
    items = ds.event(event_id).items(kind=kinds)
    rows = []
    for r in items.itertuples():
        texts = {"en": None if _missing(r.text_en) else Verbatim(r.text_en, "en"),
                 "id": None if _missing(r.text_id) else Verbatim(r.text_id, "id")}
        first, second = (texts["id"], texts["en"]) if lang == "id" else (texts["en"], texts["id"])
        rows.append({
            "kind": value("kind", r.kind, lang), "#": r.position,
            ("Indonesian" if lang == "id" else "English"): first or "",
            ("English" if lang == "id" else "Indonesian"): second or "",
            "English basis": t(str(r.text_en_basis), lang),
            "confidence": _lowest(pd.Series(r._asdict()), ("text_en_confidence", "text_id_confidence"), lang),
            "sources": cite(r.source_id, r.more_source_ids, r.text_id_source_id),
        })
    return md_table(pd.DataFrame(rows), lang)


#: The language of a variant's value, by the field it is a variant of (other fields hold dates and numbers).
_FIELD_LANGS = {"name_en": "en", "title_en": "en", "text_en": "en", "description_en": "en", "position_as_stated": "en",
                "name_id": "id", "text_id": "id"}


def _variant_value(field: str, raw, lang: str):
    if field == "format" and not _missing(raw):
        return value("format", raw, lang)  # an enumerated value: translated, not stored twice
    if field.endswith("_date") and not _missing(raw):
        try:
            return _date(pd.Timestamp(raw), lang)  # "11 September 2019", as the other tables write dates
        except ValueError:
            return raw
    return Verbatim(raw, _FIELD_LANGS[field]) if field in _FIELD_LANGS and not _missing(raw) else raw


def variants_table(ds: Dataset, lang: str, event_ids=None) -> str:
    v = ds.variants
    if event_ids is not None:
        ids = set()
        for e in event_ids:
            ids |= set(ds.event(e).variants["variant_id"])
        v = v[v["variant_id"].isin(ids)]
    rows = [{
        "about": f"{r.record_id} / {value('field', r.field, lang)}", "value": _variant_value(r.field, r.value, lang),
        "preferred": t("unresolved", lang) if pd.isna(r.preferred) else t("yes" if r.preferred else "no", lang),
        "confidence": _confidence(r.confidence, lang), "sources": cite(r.source_id, r.more_source_ids),
    } for r in v.itertuples()]
    return md_table(pd.DataFrame(rows), lang)


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
    if lang == "en" and not _missing(row["published_as_stated"]):
        return str(row["published_as_stated"])
    if _missing(row["published"]):
        if _missing(row["published_as_stated"]):
            return t("undated", lang)
        return stated_date_in(str(row["published_as_stated"]), lang)
    day = _date(row["published"], lang)
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


# --- comparison report -----------------------------------------------------------------------------


def _plain(value) -> str:
    """A data string as literal inline Markdown text (item ids, codes, labels, scope names)."""
    return md_text(" ".join(str(value).split()))


def _side_kinds(ds: Dataset, items, lang: str = "en") -> str:
    kinds = ds.agenda_items.set_index("item_id").loc[list(items.ids), "kind"]
    return ", ".join(sorted({value("kind", k, lang) for k in kinds}))


def compare_intro(ds: Dataset, comparisons, lang: str, data: str = "") -> str:
    """Title and first paragraph: which items of each event are compared (their scope), by which methods.

    Items of a scope left out for lack of text in the report's language are named, so the reader sees
    what the comparison does not cover.
    """
    first = comparisons[0]
    from babel.lists import format_list  # CLDR list pattern: "a, b, dan c" / "a, b, and c" (PUEBI's serial comma)

    methods = md_text(format_list([t(c.spec.method, lang) for c in comparisons], locale=lang))
    own = f" ({t('project_frame', lang)})" if first.frame.is_project else ""
    baseline, target = (_plain(_event_name(ds, g.event_id)) for g in (first.baseline, first.target))
    title = t("compare_title", lang, baseline=baseline, target=target)
    body = t("compare_intro", lang, target=target, target_kinds=_plain(_side_kinds(ds, first.target, lang)),
             target_scope=scope_text(first.target.scope, lang), n_target=len(first.target),
             baseline=baseline, baseline_kinds=_plain(_side_kinds(ds, first.baseline, lang)),
             baseline_scope=scope_text(first.baseline.scope, lang), n_baseline=len(first.baseline),
             methods=_plain(methods), text_lang=t(f"lang_name_{first.spec.lang}", lang), frame=_plain(first.frame.display_name(lang)),
             own=own, data=data_label(data, lang))
    left_out = [i for g in (first.baseline, first.target) for i in g.left_out]
    if left_out:
        body += " " + t("left_out", lang, items=_plain(", ".join(left_out)), text_lang=t(f"lang_name_{first.spec.lang}", lang))
    return f"# {title}\n\n{body}"


def items_table(ds: Dataset, cmp_, lang: str) -> str:
    items = ds.agenda_items.set_index("item_id")
    languages = ds.sources.set_index("source_id")["language"]
    rows = []
    for side, group in (("baseline", cmp_.baseline), ("target", cmp_.target)):
        for item_id in group.ids:
            r = items.loc[item_id]
            shown = "text_id" if lang == "id" and pd.notna(r["text_id"]) else "text_en"
            used = (f"{shown}_confidence",) + (("description_confidence",) if cmp_.spec.unit == "description" else ())
            text = Verbatim(r[shown], shown[-2:])
            basis = r.get(f"{shown}_basis")
            said = ""
            if shown == "text_en" and not _missing(basis) and basis != "official":  # say so when it is not the source's
                said = t(str(basis), lang)
            elif shown == "text_en" and _completed(r[shown]):  # "SM[Es]": official words, our completion in brackets
                said = t("official_completed", lang)
            # the sources of the text shown: the Indonesian text's own source; for a source's English wording the
            # row's sources in English (S7 gives the Indonesian session titles only), for ours all it rests on
            if shown == "text_id" and not _missing(r["text_id_source_id"]):
                sources = [r["text_id_source_id"]]
            else:
                sources = split_ids(r["source_id"]) + split_ids(r["more_source_ids"])
                if basis != "our_translation":
                    in_english = [sid for sid in sources if sid in languages.index and languages[sid] == "en"]
                    sources = in_english or sources
            if cmp_.spec.unit == "description":
                sources.append(r["description_source_id"])
            rows.append({"item": item_id, "event": _event_name(ds, group.event_id, lang), "text": text, "basis": said,
                         "confidence": _lowest(r, used, lang), "sources": cite(*sources)})
    return md_table(pd.DataFrame(rows), lang)


def links_table(comparisons, lang: str) -> str:
    first = comparisons[0]
    rows = []
    for target_item in first.target.ids:
        row = {"": target_item}
        for c in comparisons:
            best = c.links[(c.links["target_item"] == target_item) & (c.links["rank"] == 1)]
            row[t(c.spec.method, lang)] = ", ".join(f"{b} ({format_number(s, lang, decimals=2)})" for b, s in zip(best["baseline_item"], best["score"])) or "–"
        rows.append(row)
    return md_table(pd.DataFrame(rows), lang)


def continuity_table(comparisons, lang: str) -> str:
    frame = comparisons[0].frame
    codes = [c for c in frame.code_ids if any(c in set(x.continuity["code"]) for x in comparisons)]
    rows = []
    for code in codes:
        row = {"code": code, "label": frame.label(code, lang)}
        for c in comparisons:
            status = dict(zip(c.continuity["code"], c.continuity["status"])).get(code, "absent")
            row[t(c.spec.method, lang)] = t(status, lang)
        rows.append(row)
    return md_table(pd.DataFrame(rows), lang)


def agreement_table(agr, lang: str) -> str:
    table = agr.scores.assign(method=agr.scores["method"].map(lambda m: t(m, lang)))
    for col in ("percent_agreement", "cohen_kappa", "krippendorff_alpha", "gwet_ac1"):
        table[col] = table[col].map(lambda v: "–" if pd.isna(v) else format_number(v, lang, decimals=2))
    table = table.rename(columns={"percent_agreement": "agreement", "cohen_kappa": "Cohen's κ",
                                  "krippendorff_alpha": "Krippendorff's α", "gwet_ac1": "Gwet's AC1",
                                  "n_items": "items", "n_codes": "codes"})
    return md_table(table, lang) + _built_in_note(agr, lang)


def _built_in_note(agr, lang: str) -> str:
    """Which codes' agreement is partly built in: the text methods read the project's description of each code,
    and for these codes that description is wider than the published wording in the same way the coding is."""
    codes = agr.frame.base_codes
    if "widened" not in codes.columns:
        return ""
    built_in = [c for c, w in zip(codes["code"], codes["widened"]) if w and c in set(agr.codes)]
    if not built_in:
        return ""
    return "\n\n" + t("built_in_agreement", lang, codes=_plain(", ".join(built_in)))


def _claim_text(kind: str, subject: str, claim: str, frame, lang: str) -> str:
    if kind == "continuity":
        return t(f"claim_{claim}", lang, code=subject, label=frame.label(subject, lang))  # the whole label, never cut
    return t("claim_link", lang, target=subject, baseline=claim)


def _share(value, lang: str = "en") -> str:
    return "–" if pd.isna(value) else format_percent(value, lang)


def robustness_table(rob, frame, lang: str) -> str:
    """The project coding's claims: share of specifications overall and per scope pair, and the scope flag.

    A per-scope share is marked † where the project coding itself does not make the claim under that
    scope; "–" where the claim's items are not in that scope.
    """
    claims = rob.claims[rob.claims["in_reference"]]
    by_scope = rob.claims_by_scope.set_index(["kind", "subject", "claim", "scope"])
    n_per_scope = rob.specs[rob.specs["ran"]].groupby(["baseline_scope", "target_scope"]).size() if len(rob.specs) else {}
    total = int(rob.specs["ran"].sum()) if len(rob.specs) else 0
    rows = []
    for c in claims.itertuples():
        # A link is counted only under the scopes that hold both its items: then its own number is shown.
        overall = _share(c.share, lang) + (f" ({c.n_specs})" if c.n_specs != total and pd.notna(c.share) else "")
        row = {"claim": _claim_text(c.kind, c.subject, c.claim, frame, lang), t("all_scopes", lang, n=total): overall}
        for pair in rob.scopes:
            cell = by_scope.loc[(c.kind, c.subject, c.claim, _scope_label(pair))]
            n = int(n_per_scope.get(pair, 0)) if len(n_per_scope) else 0
            row[f"{scope_pair_text(pair, lang)} ({n})"] = _share(cell["share"], lang) + ("" if cell["in_reference"] or pd.isna(cell["share"]) else " †")
        row[t("scope_dependent", lang)] = t("yes" if c.scope_dependent else "no", lang)
        rows.append(row)
    return md_table(pd.DataFrame(rows), lang)


def _scope_label(pair) -> str:
    """The key of a scope pair in the robustness tables: 'sessions → focus_areas' (data, not shown)."""
    return f"{pair[0]} → {pair[1]}"


def scope_text(scope: str, lang: str) -> str:
    """A scope as words in ``lang``: a preset's catalogue name ('focus areas', 'area fokus'), else its item
    kinds joined by '+' ('panel + tema'). Literal Markdown text."""
    key = "scope_" + str(scope).replace("+", "_")
    if has(key, lang):
        return t(key, lang)
    return _plain(" + ".join(value("kind", kind, lang) for kind in str(scope).split("+")))


def scope_pair_text(pair, lang: str) -> str:
    """'sessions → focus areas' (en), 'sesi → area fokus' (id)."""
    return f"{scope_text(pair[0], lang)} → {scope_text(pair[1], lang)}"


def robustness_section(rob, frame, lang: str) -> str:
    """Heading, note and per-scope table of the robustness grid."""
    ran = rob.specs[rob.specs["ran"]]
    not_run = len(rob.specs) - len(ran)
    note = t("robustness_note", lang, n=len(ran), n_scopes=len(rob.scopes), reference=scope_pair_text(rob.scopes[0], lang))
    if not_run:
        note += " " + t("robustness_not_run", lang, n=not_run)
    return f"## {t('robustness_heading', lang)}\n\n{note}\n\n{robustness_table(rob, frame, lang)}"


#: The agenda_items column that holds the confidence of each text field an evidence can come from.
_FIELD_CONFIDENCE = {"text_en": "text_en_confidence", "text_id": "text_id_confidence",
                     "description_en": "description_confidence", "description_id": "description_confidence"}
_FIELD_SOURCE = {"text_en": "source_id", "text_id": "text_id_source_id", "description_en": "description_source_id",
                 "description_id": "description_source_id"}


def _level(value) -> str | None:
    return str(value) if value is not None and not (not isinstance(value, str) and pd.isna(value)) and str(value) in _LEVELS else None


def _evidence(ds: Dataset, item_id: str, field_name: str, source_id=None) -> dict:
    """One text an item's code rests on: its field, confidence level and source.

    A text field has its own confidence and source columns (text_id: text_id_confidence and
    text_id_source_id); where they are empty, the row's. Evidence quoted from a cited source (the
    item's notes) takes the row's confidence and that source.
    """
    item = ds.agenda_items.set_index("item_id").loc[item_id]
    own_level = _level(item.get(_FIELD_CONFIDENCE[field_name])) if field_name in _FIELD_CONFIDENCE else None
    level = own_level or _level(item.get("confidence")) or "low"
    if own_level and pd.notna(item.get(_FIELD_SOURCE[field_name])):
        source = item.get(_FIELD_SOURCE[field_name])
    elif field_name not in _FIELD_CONFIDENCE and source_id is not None and pd.notna(source_id):
        source = source_id
    else:
        source = item.get("source_id")
    return {"item": item_id, "field": field_name, "level": level, "source": str(source) if pd.notna(source) else ""}


def code_support(ds: Dataset, frame, item_id: str, code: str, lang: str) -> dict:
    """The best-supported text by which ``item_id`` carries ``code`` in the project coding.

    Where codings.csv says which field its evidence comes from (``evidence_field``), that field's
    confidence counts; otherwise the item's text in ``lang``. An item coded by several rows (or
    several base codes of a derived frame) rests on the best of them: one good text is enough.
    """
    codings = ds.codings[(ds.codings["item_id"] == item_id) & (ds.codings["frame_id"] == frame.base_id)]
    if frame.frame_id != frame.base_id:
        parents = frame.base_codes.set_index("code")["parent_code"]
        codings = codings[codings["code"].map(parents) == code]
    else:
        codings = codings[codings["code"] == code]
    found = []
    if "evidence_field" in codings.columns:
        for row in codings.itertuples():
            field_name = getattr(row, "evidence_field", None)
            if isinstance(field_name, str) and field_name:
                found.append({**_evidence(ds, item_id, field_name, getattr(row, "evidence_source_id", None)),
                              "basis": getattr(row, "basis", None)})
    if not found:
        found.append(text_support(ds, item_id, lang))
    best = min(found, key=lambda e: _LEVELS.index(e["level"]))
    return {**best, "widened": _widened(ds, frame.base_id, codings["code"])}


def _widened(ds: Dataset, frame_id: str, codes) -> bool:
    """Whether any of ``codes`` (of frame ``frame_id``) is applied by a project description wider than the
    frame's published wording (codebook.widened)."""
    book = ds.codebook
    if book is None or "widened" not in book.columns:
        return False
    rows = book[(book["frame_id"].astype(str) == str(frame_id)) & book["code"].astype(str).isin([str(c) for c in codes])]
    return bool(rows["widened"].fillna(False).astype(bool).any())


def text_support(ds: Dataset, item_id: str, lang: str) -> dict:
    """The item's text in ``lang`` (else English) as evidence: field, confidence level, source."""
    item = ds.agenda_items.set_index("item_id").loc[item_id]
    return _evidence(ds, item_id, f"text_{lang}" if pd.notna(item.get(f"text_{lang}")) else "text_en")


def _support_text(ds: Dataset, evidence: list[dict], lang: str) -> str:
    """'only through rcdd-2019-session-3 (Indonesian text, medium [S7], blog)' or a list of items."""
    sources = ds.sources.set_index("source_id")
    parts = []
    for e in evidence:
        kind = sources.at[e["source"], "kind"] if e["source"] in sources.index else ""
        kind_name = f", {t('source_kind_' + str(kind), lang)}" if f"source_kind_{kind}" in _SOURCE_KINDS else ""
        source = f" {_plain('[' + e['source'] + ']')}{kind_name}" if e["source"] else ""
        field_label = t(f"field_{e['field']}", lang) if f"field_{e['field']}" in _FIELD_KEYS else _plain(e["field"])
        if e.get("basis") == "inferred_description":
            field_label = t("field_inferred", lang, field=field_label)
        if _text_basis(ds, e["item"], e["field"]) == "our_translation":  # the project's words, not the item's
            field_label = t("field_ours", lang, field=field_label)
        elif e["field"] in ("text_en", "description_en") and _completed(
                ds.agenda_items.set_index("item_id").at[e["item"], e["field"]]):
            field_label = t("field_completed", lang, field=field_label)
        if e.get("widened"):  # the code reaches this item only by the project's wider description
            source += f"; {t('widened_rule', lang)}"
        parts.append(t("item_support", lang, item=_plain(e["item"]), field=field_label, level=t(e["level"], lang),
                       source=source))
    return t("only_through" if len(parts) == 1 else "through", lang, items="; ".join(parts))


_COMPLETION = re.compile(r"\w\[[^\]]+\]")


def _completed(text) -> bool:
    """Whether a text has the project's completion of a broken-off word in brackets (``SM[Es]``)."""
    return isinstance(text, str) and bool(_COMPLETION.search(text))


def _text_basis(ds: Dataset, item_id: str, field_name: str) -> str | None:
    """``official``, ``press`` or ``our_translation`` for an English text field of an item (text_en_basis,
    description_en_basis); None for a field without a basis column (Indonesian texts are verbatim)."""
    column_name = f"{field_name}_basis"
    if column_name not in ds.agenda_items.columns:
        return None
    basis = ds.agenda_items.set_index("item_id").at[item_id, column_name]
    return str(basis) if pd.notna(basis) else None


_FIELD_KEYS = {"field_text_en", "field_text_id", "field_description_en", "field_description_id", "field_notes"}
_SOURCE_KINDS = {"source_kind_news", "source_kind_official", "source_kind_blog", "source_kind_reference",
                 "source_kind_academic", "source_kind_project"}


def _scope_detail(rob, kind: str, subject: str, claim: str, lang: str) -> str:
    """Per-scope shares of one claim, e.g. 'sessions → focus areas: 100%; stated agenda → stated agenda: 0%'."""
    by = rob.claims_by_scope
    rows = by[(by["kind"] == kind) & (by["subject"] == subject) & (by["claim"] == claim)]
    shown = {_scope_label(pair): scope_pair_text(pair, lang) for pair in rob.scopes}
    return "; ".join(f"{shown.get(r.scope) or _plain(r.scope)}: {_share(r.share, lang)}" + ("" if r.in_reference or pd.isna(r.share) else
                                                                f" ({t('not_coded', lang)})") for r in rows.itertuples())


#: "In short" lists the weak links one by one up to this many; beyond it, their number and the strongest.
MAX_WEAK_LINKS_LISTED = 5


def in_short(ds: Dataset, reference, rob, lang: str) -> str:
    """The project coding's claims, each with what it rests on, how sure its texts are and how robust it is.

    One sentence per continuity claim: the items that carry the code on each side (or that none of the
    compared items on the other side does), the confidence of the weaker side's best text (one text per side
    carries a claim), its share of
    the specifications overall and per scope, and a flag when it flips with the scope of items compared.
    Then the closest-item links that hold in at least two thirds of the specifications. Every number
    comes from ``reference`` (the project coding under the report's scopes) and ``rob``.
    """
    check(lang)
    frame = reference.frame
    cont = reference.continuity
    names = {side: _plain(_event_name(ds, getattr(reference, side).event_id)) for side in ("baseline", "target")}

    def codes(status: str) -> str:
        found = list(cont.loc[cont["status"] == status, "code"])
        return _plain(", ".join(found)) if found else t("none", lang)

    claims = rob.claims.set_index(["kind", "subject", "claim"])
    lines = [t("in_short_intro", lang, target=names["target"], n_target=len(reference.target),
               target_scope=scope_text(reference.target.scope, lang), baseline=names["baseline"],
               n_baseline=len(reference.baseline), baseline_scope=scope_text(reference.baseline.scope, lang),
               continued=codes("continued"), new=codes("new"), dropped=codes("dropped"), n=int(rob.specs["ran"].sum()))]
    for row in cont.itertuples():
        code, status = row.code, row.status
        sides = {}
        for side in ("baseline", "target"):
            matrix = reference.codes[side]
            carrying = [i for i in matrix.index if matrix.at[i, code]]
            sides[side] = [code_support(ds, frame, i, code, lang) for i in carrying]
        levels = [min(sides[s], key=lambda e: _LEVELS.index(e["level"]))["level"] for s in sides if sides[s]]
        weaker_best = max(levels, key=_LEVELS.index)  # each side's best text, then the weaker of the two
        parts = []
        for side in ("baseline", "target"):
            if sides[side]:
                parts.append(f"{names[side]} {_support_text(ds, sides[side], lang)}")
            else:
                parts.append(t("none_carries", lang, n=len(getattr(reference, side)), event=names[side],
                               scope=scope_text(getattr(reference, side).scope, lang)))
        claim = claims.loc[("continuity", code, status)] if ("continuity", code, status) in claims.index else None
        sentence = (f"- **{_plain(_claim_text('continuity', code, status, frame, lang))}**: " + "; ".join(parts) + ". "
                    + t("weaker_side_confidence", lang, level=t(weaker_best, lang)))
        if claim is not None:
            sentence += " " + t("holds_in", lang, share=_share(claim["share"], lang), n=int(claim["n_specs"]),
                                detail=_scope_detail(rob, "continuity", code, status, lang))
            if claim["scope_dependent"]:
                sentence += " " + t("scope_dependent_flag", lang)
        lines.append(sentence)
    links = rob.claims[(rob.claims["kind"] == "link") & rob.claims["in_reference"]]
    firm = links[links["share"] >= 2 / 3]
    weak = links[links["share"] < 2 / 3]
    for c in firm.itertuples():
        # A link is found by comparing texts: it rests on both items' texts in the report's language.
        lowest = max((text_support(ds, i, lang)["level"] for i in (c.subject, c.claim)), key=_LEVELS.index)
        sentence = (f"- **{_plain(_claim_text('link', c.subject, c.claim, frame, lang))}**: "
                    + t("holds_in", lang, share=_share(c.share, lang), n=c.n_specs,
                        detail=_scope_detail(rob, c.kind, c.subject, c.claim, lang)) + " "
                    + t("lowest_confidence", lang, level=t(lowest, lang)))
        if c.scope_dependent:
            sentence += " " + t("scope_dependent_flag", lang)
        lines.append(sentence)
    if len(weak) > MAX_WEAK_LINKS_LISTED:  # a broad scope has dozens: their number and the strongest few
        strongest = weak.sort_values(["share", "subject", "claim"], ascending=[False, True, True]).head(MAX_WEAK_LINKS_LISTED)
        lines.append("- " + t("weak_links_many", lang, n=len(weak), k=len(strongest), links=_plain("; ".join(
            f"{c.subject} ← {c.claim} ({_share(c.share, lang)})" for c in strongest.itertuples()))))
    elif len(weak):
        lines.append("- " + t("weak_links", lang, links=_plain("; ".join(
            f"{c.subject} ← {c.claim} ({_share(c.share, lang)})" for c in weak.itertuples()))))
    return f"## {t('summary_heading', lang)}\n\n{lines[0]}\n\n" + "\n".join(lines[1:])


def permutation_table(rob, lang: str) -> str:
    p = rob.permutation.copy()
    p["method"] = p["method"].map(lambda m: t(m, lang))
    p["statistic"] = p["statistic"].map(lambda m: t(m, lang))
    for col in ("observed", "null_mean", "null_p95"):
        p[col] = p[col].map(lambda v: format_number(v, lang, decimals=2))
    p["p_value"] = p["p_value"].map(lambda v: format_number(v, lang, decimals=2))
    return md_table(p.drop(columns="n_permutations"), lang)


def limits(lang: str, n_items: int) -> str:
    return f"## {t('limits_heading', lang)}\n\n" + t("limits", lang, n_items=n_items)


# --- codebook ----------------------------------------------------------------------------------------

#: Headers of the codebook tables (English; md_table shows them in the report's language from the catalogue).
_CODEBOOK_HEADERS = ("frame", "code", "label", "definition", "counts", "does not count", "published wording",
                     "widened (project description)", "rule", "what it says", "example")


def codebook_table(ds: Dataset, lang: str, frames=None, used_only: bool = False) -> str:
    """The codebook as a Markdown table in ``lang``: definition, decision rules with example items,
    the published wording with its source, and how the project widened it.

    ``frames`` limits the rows to some frame ids; ``used_only`` to the codes the project coding uses.
    The Indonesian columns are the project's translation (codebook.id_basis).
    """
    lang = check(lang)
    book = ds.codebook
    if book is None:
        return t("no_codebook", lang)
    if frames is not None:
        book = book[book["frame_id"].isin([frames] if isinstance(frames, str) else list(frames))]
    if used_only:
        used = set(zip(ds.codings["frame_id"].astype(str), ds.codings["code"].astype(str)))
        book = book[[(f, c) in used for f, c in zip(book["frame_id"], book["code"])]]
    h = _CODEBOOK_HEADERS

    def with_example(rule, item) -> str:
        return str(rule) if _missing(item) else f"{rule} ({t('example_prefix', lang)} {item})"

    def published(row) -> str:
        text = row[f"published_definition_{lang}"]
        return "" if _missing(text) else f"{text} {cite(row['source_id'])}"

    rows = [{h[0]: r["frame_id"], h[1]: r["code"], h[2]: r[f"label_{lang}"], h[3]: r[f"definition_{lang}"],
             h[4]: with_example(r[f"includes_{lang}"], r["include_example_item_id"]),
             h[5]: with_example(r[f"excludes_{lang}"], r["exclude_example_item_id"]),
             h[6]: published(r), h[7]: "" if _missing(r[f"widened_note_{lang}"]) else r[f"widened_note_{lang}"]}
            for _, r in book.iterrows()]
    frame = pd.DataFrame(rows, columns=list(h[:8]))
    return md_table(frame.loc[:, (frame != "").any(axis=0)], lang)


def coding_rules_table(ds: Dataset, lang: str) -> str:
    """The general coding rules (R1, R2, ...) as a Markdown table in ``lang``."""
    lang = check(lang)
    if ds.coding_rules is None:
        return t("no_coding_rules", lang)
    h = _CODEBOOK_HEADERS
    rules = ds.coding_rules
    frame = pd.DataFrame({h[8]: rules["rule"], h[9]: rules[f"text_{lang}"], h[10]: rules["example_item_id"]})
    return md_table(frame, lang)
