"""The one rule for a report's default name: the notebook's slug and the parameters given, short enough to run.

Used by the runner (``icdd-report run`` without ``--name``, config entries without ``name``) and by the
explorer (its "keep this view as a report" command and YAML entry), so both give a view the same name.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Mapping

MAX_NAME_LENGTH = 120  # leaves room for the runner's prefixes and suffixes within 255-byte file names
#: Parameters that do not name a report: where its data comes from and where its figures go.
UNNAMED = ("data", "figures_dir")
HASH_LENGTH = 10


def report_name(slug: str, given: Mapping[str, Any]) -> str:
    """``slug--name-value--...`` over the parameters ``given`` (sorted; data and figures_dir left out), with
    every character outside letters, digits, '.', '_' and '-' as '-' ('+' of a scope, so ``sessions+theme`` reads
    ``sessions-theme``, as the README names the presets' reports); when that would be
    longer than :data:`MAX_NAME_LENGTH`, ``slug--`` and a stable 10-character hash of the parameters instead."""
    named = {k: v for k, v in sorted(given.items()) if k not in UNNAMED}
    name = re.sub(r"[^A-Za-z0-9._-]", "-", slug + "".join(f"--{k}-{v}" for k, v in named.items()))
    if len(name) <= MAX_NAME_LENGTH:
        return name
    digest = hashlib.sha256(json.dumps(named, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:HASH_LENGTH]
    return f"{re.sub(r'[^A-Za-z0-9._-]', '-', slug)[:MAX_NAME_LENGTH - HASH_LENGTH - 2]}--{digest}"
