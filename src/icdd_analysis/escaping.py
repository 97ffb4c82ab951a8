"""Show data strings as text wherever they are rendered: Markdown outputs and matplotlib labels.

A data package may come from anyone (``load(path)``, ``-p data=``), so every string taken from it is
escaped where it is put into Markdown or a figure; nothing from data may become an HTML element, a link,
an image, a table cell border or a formula. What each helper escapes, and why:

- ``<``, ``>``, ``&`` become entities: no raw HTML (``<script>``, ``<img onerror=…>``), no ``<…>`` autolinks.
- Backslash escapes (CommonMark lets any ASCII punctuation be escaped, and the renderer removes the
  backslash, so the rendered text is unchanged): ``[`` ``]`` (links, images), backtick (code spans),
  ``*`` ``~`` (emphasis, strikethrough), ``|`` (table cells), ``#`` (heading closers). ``_`` only
  where it could start or end emphasis: between two letters or digits it is inert and stays as is.
- ``://`` and ``www.`` are broken with a backslash so that renderers with GFM autolinking (JupyterLab,
  nbconvert) do not make links of URLs inside text; links come only from :func:`safe_link`.
- ``$`` and ``\\`` are wrapped in a span that MathJax skips (class ``tex2jax_ignore`` for MathJax 2 in
  nbconvert's HTML, ``mathjax_ignore`` for MathJax 3 in JupyterLab): MathJax typesets the rendered page,
  where a backslash escape is already gone, and ``$…$`` or ``\\(…\\)`` would become a formula.
- Line breaks become spaces: a newline could start a heading, a list or a new table row.
- Bidirectional controls (U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C) and zero-width characters
  (U+200B-200D, U+2060, U+FEFF) would make text display reversed or hide characters (a spoofed name or
  number): each is shown as a visible escape (``<U+202E>``) and a value holding one is isolated in
  ``<bdi>`` so that it cannot reorder the text around it (:func:`visible_controls`, :func:`html_text`).

The result is inline text: put it inside a line (a table cell, a sentence, after ``### ``), not at the
start of one. ``(`` and ``)`` need no escape once ``[`` and ``]`` are escaped, so "F3 (crisis management)"
is stored as is.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from .controls import INVISIBLE_CONTROLS, has_invisible_controls, visible_controls  # noqa: F401 - re-exported

#: A span that MathJax 2 and 3 do not typeset; the character inside is an entity, so that neither the
#: Markdown renderer nor JupyterLab's math pre-pass sees a ``$`` or a backslash.
_NO_MATH = '<span class="tex2jax_ignore mathjax_ignore">{}</span>'

_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": _NO_MATH.format("&#36;"), "\\": _NO_MATH.format("&#92;")}
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_MARKDOWN_SPECIAL = re.compile(
    r"(?P<underscores>(?<!_)_+(?!_))"  # a whole run, judged by its neighbours in _escape
    r"|(?<=[a-z0-9])(?P<scheme_colon>:)(?=//)"  # http://…, javascript://…
    r"|(?<![a-z0-9])(?P<www>www)\."
    r"|(?P<entity>[&<>$\\])"
    r"|(?P<backslashed>[`*\[\]|~#])",
    re.IGNORECASE,
)


def _escape(match: re.Match) -> str:
    if match["underscores"]:
        text, start, end = match.string, match.start(), match.end()
        # Between two letters or digits an underscore run can neither open nor close emphasis.
        inert = 0 < start and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()
        return match[0] if inert else "\\_" * len(match[0])
    if match["scheme_colon"]:
        return "\\:"
    if match["www"]:
        return match["www"] + "\\."
    if match["entity"]:
        return _ENTITY[match[0]]
    return "\\" + match[0]


_HOST = re.compile(r"[\w.\-:\[\]%]+")  # a name (IDN too), an IPv4 or an [IPv6] address; no spaces
#: Characters left as they are in a link target: RFC 3986 reserved and unreserved characters and ``%``
#: (already percent-encoded text), except ``$``, which MathJax would read in a shown URL.
_URL_SAFE = ":/?#[]@!&'()*+,;=%~-._"


def md_text(value) -> str:
    """``value`` as literal inline Markdown text: it renders as the same characters and nothing else
    (invisible controls shown as ``<U+XXXX>`` inside ``<bdi>``)."""
    text = str(value)
    controls = has_invisible_controls(text)
    escaped = _MARKDOWN_SPECIAL.sub(_escape, _LINE_BREAKS.sub(" ", visible_controls(text) if controls else text))
    return f"<bdi>{escaped}</bdi>" if controls else escaped


def http_url(value) -> str | None:
    """``value`` as a link target if it is an absolute http(s) URL with a host, else None.

    Characters that may not stand in a Markdown link target (spaces, ``<``, ``>``, quotes, backslashes)
    are percent-encoded, so a valid URL reads the same and no URL can end the link early.
    """
    if value is None or not isinstance(value, str):
        return None
    url = value.strip()
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or not _HOST.fullmatch(parts.hostname):
        return None
    return quote(url, safe=_URL_SAFE)


def safe_link(text, url) -> str:
    """A Markdown link to ``url`` if it is http(s), else ``text`` (or the URL) as plain escaped text.

    With ``text`` None or equal to the URL, the link is an autolink ``<url>`` that shows the URL.
    """
    href = http_url(url)
    shown = url if text is None else text
    if href is None:
        return md_text("" if shown is None else shown)
    if shown == url:
        return f"<{href}>"
    return f"[{md_text(shown)}](<{href}>)"


def plot_text(value) -> str:
    """``value`` as literal matplotlib text: ``$`` is escaped so that no mathtext is parsed.

    (A label with two ``$`` would be drawn as a formula, and a malformed one raises at draw time.)
    """
    return visible_controls(value).replace("$", r"\$")


#: Languages a verbatim span may declare (a BCP 47 primary tag: two or three letters, nothing else).
_LANG_TAG = re.compile(r"[a-z]{2,3}")


def verbatim(value, text_lang, page_lang: str, italic: bool = True) -> str:
    """``value`` (data text) as escaped inline Markdown, marked as the source's own words when its language
    differs from the page's: ``<span lang="en">*…*</span>``, so that readers see, and screen readers
    voice, which words are the source's. The text stays escaped inside the span; a ``text_lang`` that is not
    a plain language tag is not written into the HTML (the text is then shown unmarked). ``italic=False``
    for names (a publisher's): they keep their language, but are not quotations."""
    text = md_text(value)
    lang = str(text_lang).strip().lower()
    if lang == page_lang or not _LANG_TAG.fullmatch(lang) or not text.strip():
        return text
    return f'<span lang="{lang}">*{text}*</span>' if italic else f'<span lang="{lang}">{text}</span>'


class Verbatim(str):
    """Data text in a known language, for a table cell: :func:`.present.md_table` shows it with
    :func:`verbatim` (marked when the page is in another language) instead of plain :func:`md_text`."""

    lang: str
    #: A short translation shown after the text, once, on a page in ``gloss_lang`` (present.md_table adds it,
    #: marked as the project's translation).
    gloss: str | None
    gloss_lang: str | None

    def __new__(cls, value, lang: str, gloss: str | None = None, gloss_lang: str | None = None):
        text = super().__new__(cls, value)
        text.lang = str(lang)
        text.gloss = gloss if isinstance(gloss, str) and gloss.strip() else None
        text.gloss_lang = gloss_lang
        return text

    def markdown(self, page_lang: str) -> str:
        return verbatim(str(self), self.lang, page_lang)


_HTML_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
                "$": _NO_MATH.format("&#36;"), "\\": _NO_MATH.format("&#92;")}
_HTML_SPECIAL = re.compile(r"[&<>\"'$\\]")


def html_text(value) -> str:
    """``value`` (data text) as literal HTML text, for sections rendered as HTML rather than Markdown
    (the answer at the top of a report, the heatmap table): ``& < > " '`` become entities (so it is safe in
    element content and in a quoted attribute), ``$`` and ``\\`` are wrapped so that MathJax typesets
    nothing, and line breaks become spaces. Markdown characters need no escape: HTML output is not
    parsed as Markdown.
    Invisible controls (bidirectional overrides, zero-width characters) are made visible and the value
    isolated in ``<bdi>``, so that it cannot reverse or hide the text around it."""
    text = _LINE_BREAKS.sub(" ", str(value))
    if not has_invisible_controls(text):
        return _HTML_SPECIAL.sub(lambda m: _HTML_ENTITY[m[0]], text)
    return f"<bdi>{_HTML_SPECIAL.sub(lambda m: _HTML_ENTITY[m[0]], visible_controls(text))}</bdi>"


def html_attr(value) -> str:
    """``value`` for a quoted HTML attribute (``title="…"``): entities only, no MathJax span (attributes
    are not typeset)."""
    import html

    return html.escape(visible_controls(_LINE_BREAKS.sub(" ", str(value))), quote=True)
