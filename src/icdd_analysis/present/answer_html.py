"""The answer section at the top of the comparison report, as HTML in the page's language.

One line each for what carried over, what is new and what was dropped under the report's scopes (each
function by its label, the code in brackets), one for what other readings of the agendas change, and the
likelihood and confidence scale stated once. Each line is a ``<details>``: the sentence is its summary,
and one click shows the exact shares, the agenda items it rests on (as readable titles) and a link to
the evidence lower in the page. Every data string is escaped (:func:`escaping.html_text`). The data
behind it is :func:`answer.answer_claims`.
"""

from __future__ import annotations

from urllib.parse import quote

from babel.lists import format_list

from ..analysis import STATUS_ORDER, Comparison, Robustness
from ..data import Dataset
from ..escaping import html_attr, html_text
from ..i18n import check, format_percent, has, t, value
from ..items import scopes_for
from ..outputs import ANSWER_MIME
from .answer import LIKELIHOOD_SCALE, Claim, answer_claims, headline, reading_pairs


_STYLE = ("<style>.icdd-answer{border-left:4px solid #1b9e77;padding:.2em .8em;margin:.5em 0;line-height:1.4}"
          ".icdd-answer h2{font-size:1.25em;margin:.2em 0 .3em}.icdd-answer p{margin:.15em 0}"
          ".icdd-answer details{margin:.15em 0}.icdd-answer summary{cursor:pointer}"
          ".icdd-answer .icdd-more{margin:.2em 0 .4em 1.2em;font-size:.92em}"
          ".icdd-answer .icdd-scale{font-size:.85em;color:#444;margin:.3em 0 0}</style>")


def heading_anchor(heading: str) -> str:
    """The id nbconvert (and JupyterLab) gives a Markdown heading: spaces as '-', the rest URL-quoted."""
    return quote(" ".join(heading.split()).replace(" ", "-"), safe="?/:@!$&'()*+,;=")


def _link(heading_key: str, lang: str) -> str:
    anchor = heading_anchor(t(heading_key, lang))
    return f' <a href="#{html_attr(anchor)}">{html_text(t("answer_evidence", lang))}</a>'


def _scope(scope: str, lang: str) -> str:
    key = "scope_" + str(scope).replace("+", "_")
    return t(key, lang) if has(key, lang) else " + ".join(value("kind", k, lang) for k in str(scope).split("+"))


def _event(ds: Dataset, event_id: str) -> str:
    ev = ds.event(event_id)
    return f"{ev.short_name} {ev.start_date.year}" if ev.short_name else str(ev.name)


def condition(ds: Dataset, reference: Comparison, pairs, lang: str) -> str | None:
    """When a claim holds, as words: None under every reading; "RCDD 2019 is read as its whole stated
    agenda" when it depends on one side; both sides joined; else the pairs listed. Escaped HTML."""
    b_event, t_event = reference.baseline.event_id, reference.target.event_id
    every = reading_pairs(ds, b_event, t_event)
    pairs = set(map(tuple, pairs))
    if set(every) <= pairs:
        return None
    names = {"baseline": html_text(_event(ds, b_event)), "target": html_text(_event(ds, t_event))}

    def side(side_name: str, scopes) -> str:
        words = format_list([_scope(s, lang) for s in scopes], style="or", locale=lang)
        return t("answer_when_side", lang, event=names[side_name], scopes=html_text(words))

    b_scopes = [s for s in scopes_for(ds, b_event) if any(p[0] == s for p in pairs)]
    t_scopes = [s for s in scopes_for(ds, t_event) if any(p[1] == s for p in pairs)]
    if {(b, x) for b in b_scopes for x in t_scopes} == pairs:  # a product: say each side once
        parts = []
        if len(b_scopes) < len(scopes_for(ds, b_event)):
            parts.append(side("baseline", b_scopes))
        if len(t_scopes) < len(scopes_for(ds, t_event)):
            parts.append(side("target", t_scopes))
        return t("answer_and", lang).join(parts)
    return t("answer_or", lang).join(side("baseline", [b]) + t("answer_and", lang) + side("target", [x])
                                      for b, x in sorted(pairs, key=every.index))


def _item_title(ds: Dataset, item_id: str, lang: str, field: str | None = None) -> str:
    """'focus area 5 “Economic …”': the item's kind and position, and its text: the title the claim's
    evidence comes from (``field`` text_en or text_id: session 3's Indonesian title carries F4, its English
    one does not), else the text in the page's language. Text in the other language is marked as such."""
    row = ds.agenda_items.set_index("item_id").loc[item_id]
    if field in ("text_en", "text_id") and isinstance(row.get(field), str):
        text, text_lang = row[field], field[-2:]
    elif lang == "id" and isinstance(row.get("text_id"), str):
        text, text_lang = row["text_id"], "id"
    else:
        text, text_lang = row["text_en"], "en"
    shown = html_text(" ".join(str(text).split()))
    if text_lang != lang:
        shown = f'<i lang="{text_lang}">{shown}</i>'
    return f"{html_text(value('kind', row['kind'], lang))} {html_text(row['position'])} “{shown}”"


def _how_sure(claim: Claim, lang: str) -> str:
    level = t("answer_confidence", lang, level=t(claim.confidence, lang))
    if claim.likelihood is None:
        return f"{html_text(t('answer_coding_only_short', lang))}, {html_text(level)}"
    return f"<em>{html_text(t('likelihood_' + claim.likelihood, lang))}</em>, {html_text(level)}"


def _claim_phrase(ds: Dataset, reference: Comparison, claim: Claim, lang: str, with_status: bool = False,
                  with_label: bool = True) -> str:
    parts = []
    if with_label:
        parts.append(f"<strong>{html_text(reference.frame.label(claim.code, lang))}</strong> ({html_text(claim.code)})")
    if with_status:
        parts.append(html_text(t(claim.status, lang)))
    when = condition(ds, reference, claim.pairs, lang)
    if when:
        parts.append(t("answer_only_when" if claim.default else "answer_when", lang, condition=when))
    text = " ".join(parts)
    return f"{text}: {_how_sure(claim, lang)}"


def _method(name: str, lang: str) -> str:
    """'keywords', or 'project coding, item texts only' for the coding restricted to one evidence basis."""
    method, _, basis = name.partition(":")
    if not basis:
        return t(method, lang) if has(method, lang) else method
    key = f"answer_basis_{basis}"
    return t("answer_coding_basis", lang, basis=t(key, lang) if has(key, lang) else basis.replace("_", " "))


def _details_of(ds: Dataset, reference: Comparison, claim: Claim, lang: str) -> str:
    """The exact shares, per scope and per method, and the items the claim rests on."""
    out = []
    if claim.share is None:
        out.append(html_text(t("answer_coding_only", lang)))
    else:
        per_scope = "; ".join(f"{html_text(_scope(p[0], lang))} → {html_text(_scope(p[1], lang))}: "
                              f"{format_percent(s, lang)} ({n})" for p, s, n in claim.by_scope)
        out.append(t("answer_share", lang, share=format_percent(claim.share, lang), n=claim.n_specs, detail=per_scope))
        per_method = "; ".join(f"{html_text(_method(m, lang))} {format_percent(s, lang)}" for m, s in claim.by_method)
        out.append(t("answer_methods_agree" if claim.methods_agree else "answer_methods_disagree", lang,
                     detail=per_method))
    items = []
    for side in ("baseline", "target"):
        found = claim.support.get(side, [])
        if found:
            event = html_text(_event(ds, getattr(reference, side).event_id))
            items.append(f"{event}: " + "; ".join(
                f"{_item_title(ds, e['item'], lang, e.get('field'))} ({html_text(t(e['level'], lang))}"
                + (f", [{html_text(e['source'])}]" if e.get("source") else "") + ")" for e in found))
    out.append(t("answer_rests_on", lang, items=" — ".join(items) or html_text(t("none", lang)),
                 level=html_text(t(claim.weakest_source, lang))))
    return " ".join(out)


def _line(summary: str, body: str) -> str:
    return f"<details><summary>{summary}</summary><div class=\"icdd-more\">{body}</div></details>"


def _scale(n: int, lang: str) -> str:
    terms = "; ".join(f"{html_text(t('likelihood_' + term, lang))} {lo}–{hi}%" for term, lo, hi in LIKELIHOOD_SCALE)
    return f'<p class="icdd-scale">{t("answer_scale", lang, n=n, terms=terms)}</p>'


def answer_section(ds: Dataset, reference: Comparison, rob: Robustness, lang: str, claims=None) -> str:
    """The answer as an HTML block in ``lang``: carried over, new, dropped, other readings, the scale."""
    check(lang)
    claims = answer_claims(ds, reference, rob) if claims is None else claims
    names = {"baseline": html_text(_event(ds, reference.baseline.event_id)),
             "target": html_text(_event(ds, reference.target.event_id))}
    lines = []
    for status in STATUS_ORDER:
        mine = [c for c in claims if c.default and c.status == status]
        head = t(f"answer_{status}", lang, **names)
        if not mine:
            lines.append(f"<p>{head}: {html_text(t('answer_none', lang))}.</p>")
            continue
        summary = f"{head}: " + "; ".join(_claim_phrase(ds, reference, c, lang) for c in mine) + "."
        body = "<br>".join(f"<strong>{html_text(c.code)}</strong>: {_details_of(ds, reference, c, lang)}" for c in mine)
        body += _link("robustness_heading", lang)
        lines.append(_line(summary, body))
    other = [c for c in claims if not c.default]
    for code in dict.fromkeys(c.code for c in other):  # one line per function: its statuses under other readings
        mine = [c for c in other if c.code == code]
        label = f"<strong>{html_text(reference.frame.label(code, lang))}</strong> ({html_text(code)})"
        summary = f"{t('answer_other', lang)}: {label} " + "; ".join(
            _claim_phrase(ds, reference, c, lang, with_status=True, with_label=False) for c in mine) + "."
        body = "<br>".join(f"{html_text(t(c.status, lang))}: {_details_of(ds, reference, c, lang)}" for c in mine)
        lines.append(_line(summary, body + _link("robustness_heading", lang)))
    n = int(rob.specs["ran"].sum()) if len(rob.specs) else 0
    title = t("answer_heading", lang, **names)
    return (f'{_STYLE}<section class="icdd-answer" id="answer"><h2>{title}</h2>'
            + "".join(lines) + _scale(n, lang) + "</section>")


def one_line(ds: Dataset, reference: Comparison, claims, lang: str) -> str:
    """The default reading's answer in one plain-text line (for the index; escaped where it is rendered):
    'Carried over: crisis management and communication (F3, virtually certain); ... New in ICDD 2021: ...'."""
    names = {"baseline": _event(ds, reference.baseline.event_id), "target": _event(ds, reference.target.event_id)}
    parts = []
    for status in STATUS_ORDER:
        mine = [c for c in claims if c.default and c.status == status]
        said = "; ".join(f"{reference.frame.label(c.code, lang)} ({c.code}, "
                         f"{t('likelihood_' + c.likelihood, lang) if c.likelihood else t('answer_coding_only_short', lang)})"
                         for c in mine) or t("answer_none", lang)
        parts.append(f"{t(f'answer_{status}', lang, **names)}: {said}.")
    if any(not c.default for c in claims):
        parts.append(t("answer_other_changes", lang, codes=", ".join(dict.fromkeys(c.code for c in claims if not c.default))))
    return " ".join(" ".join(parts).split())


def show_answer(ds: Dataset, reference: Comparison, rob: Robustness, lang: str, claims=None) -> dict:
    """Display the answer in a notebook, with its headline claims as data (:data:`ANSWER_MIME`) beside the
    HTML, which the report runner reads for the index; returns that data. ``claims``: the study's
    (:attr:`~icdd_analysis.study.run.CompareResults.claims`), computed here when not given."""
    claims = answer_claims(ds, reference, rob) if claims is None else list(claims)
    data = {"lang": lang, "line": one_line(ds, reference, claims, lang), "claims": headline(claims)}
    html = answer_section(ds, reference, rob, lang, claims)
    try:
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        print(html)
        return data
    display({"text/html": html, ANSWER_MIME: data}, raw=True)
    return data
