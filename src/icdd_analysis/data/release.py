"""The data's version and content hash, read from a data package's files (stdlib and the loader's guard only,
so that the loader can record them on every Dataset). What a page says of them is :mod:`.citation`.

The content hash is the SHA-256 of what a data package is: its descriptor and every resource's file, each with
line endings made LF (a Windows checkout that converts them hashes the same), combined in resource-name order.
``data/CHANGELOG.md`` records it for every version of the bundled data.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

#: The repository, named in a descriptor without a homepage.
REPOSITORY = "https://github.com/icdd-analysis/icdd-analysis"


def _lf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n")


def content_hash(path: str | Path | None = None) -> str:
    """SHA-256 (hex) of a data package's content: its descriptor and each resource's file (line endings as LF).

    ``path`` is a datapackage.json or its folder; the bundled data by default. Only files inside the package
    folder are read (the loader's guard), each table within the loader's size limit.
    """
    from .guard import bundled_path, check_table_size, locate, read_descriptor

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
    from .guard import bundled_path, locate, read_json

    descriptor, _ = locate(path or bundled_path())
    package = read_json(descriptor, descriptor.name)
    return {
        "version": str(package.get("version", "")),
        "title": str(package.get("title", "")),
        "licenses": [str(lic.get("name", "")) for lic in package.get("licenses", []) if isinstance(lic, dict)],
        "homepage": str(package.get("homepage", REPOSITORY)),
    }
