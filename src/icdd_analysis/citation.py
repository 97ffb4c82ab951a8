"""What a page was made from and how to cite it: the data's version and content hash, the package version,
and the footer every report and teaching page ends with.

The data's version is the ``version`` of its ``datapackage.json``, kept by the rule in ``data/CHANGELOG.md``
(semantic versioning for data); the changelog records the content hash of each version, and a test fails
when the bundled data matches no entry. The content hash is the SHA-256 of what a data package is: its
descriptor and every resource's file, each with line endings made LF (a Windows checkout that converts
them hashes the same), combined in resource-name order. Stdlib only: no pandas.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .escaping import md_text, verbatim
from .i18n import t

#: How the repository is cited (the same as CITATION.cff says).
REPOSITORY = "https://github.com/icdd-analysis/icdd-analysis"
AUTHORS = "icdd-analysis contributors"


def _lf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n")


def content_hash(path: str | Path | None = None) -> str:
    """SHA-256 (hex) of a data package's content: its descriptor and each resource's file (line endings as LF).

    ``path`` is a datapackage.json or its folder; the bundled data by default. Only files inside the package
    folder are read (the loader's guard), each table within the loader's size limit.
    """
    from .package_guard import bundled_path, check_table_size, locate, read_descriptor

    descriptor, root = locate(path or bundled_path())
    resources = read_descriptor(descriptor, root)
    digest = hashlib.sha256()
    digest.update(b"datapackage.json\x00" + hashlib.sha256(_lf(descriptor.read_bytes())).digest())
    for name, resource in sorted(resources.items()):
        if "file" in resource:
            check_table_size(resource["path"], resource["file"])
            data = _lf(resource["file"].read_bytes())
            digest.update(f"\x00{name}\x00".encode() + hashlib.sha256(data).digest())
    return digest.hexdigest()


def descriptor_facts(path: str | Path | None = None) -> dict:
    """The citable facts of a data package's descriptor: version, title, licences (names), homepage."""
    from .package_guard import bundled_path, locate, read_json

    descriptor, _ = locate(path or bundled_path())
    package = read_json(descriptor, descriptor.name)
    return {
        "version": str(package.get("version", "")),
        "title": str(package.get("title", "")),
        "licenses": [str(lic.get("name", "")) for lic in package.get("licenses", []) if isinstance(lic, dict)],
        "homepage": str(package.get("homepage", REPOSITORY)),
    }


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
