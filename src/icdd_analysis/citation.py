"""What a page was made from and how to cite it: the data's version and content hash, the package version,
and the footer every report and teaching page ends with.

The data's version is the ``version`` of its ``datapackage.json``, kept by the rule in ``data/CHANGELOG.md``
(semantic versioning for data); the changelog records the content hash of each version (:mod:`.release`),
and a test fails when the bundled data matches no entry.
"""

from __future__ import annotations

import json

from .escaping import md_text, verbatim
from .i18n import t
from .data.release import REPOSITORY, content_hash, descriptor_facts  # noqa: F401 - citation.content_hash, as documented

#: How the repository is cited (the same as CITATION.cff says).
AUTHORS = "icdd-analysis contributors"


def package_version() -> str:
    from . import __version__

    return __version__


def short_hash(full: str) -> str:
    """The first 12 hex digits, as pages print it (the changelog records the full hash)."""
    return full[:12]


def how_to_cite(ds, lang: str) -> str:
    """One citation line for the data ``ds`` was loaded from, in ``lang`` (Markdown, data strings escaped)."""
    return t(
        "cite_as", lang, authors=AUTHORS, title=verbatim(ds.title, "en", lang, italic=False), version=md_text(ds.version),
        licence=md_text(", ".join(ds.licenses) or "-"), url=REPOSITORY,
    )


def footer(ds, lang: str) -> str:
    """The footer of a report or teaching page: data version, package version, the data's content hash and
    how to cite it, in ``lang`` (Markdown)."""
    made_from = t(
        "footer_made_from", lang, data_version=md_text(ds.version or "-"), package_version=package_version(),
        hash=short_hash(ds.content_hash),
    )
    return f"---\n\n{made_from}\n\n{how_to_cite(ds, lang)}"


if __name__ == "__main__":  # `python -m icdd_analysis.citation [path]`: what a new changelog entry records
    import sys

    where = sys.argv[1] if len(sys.argv) > 1 else None
    print(json.dumps({"version": descriptor_facts(where)["version"], "content_hash": content_hash(where)}))
