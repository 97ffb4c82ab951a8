"""Keep a third-party import that costs seconds and brings nothing here out of a process.

``rfc3987_syntax``: jsonschema's format checkers import it when it is installed (jupyter-events asks for
``jsonschema[format-nongpl]``), and it builds Earley parsers for the IRI grammar at import time: 1-4 s, in
every process that validates a notebook (nbformat) or a data package descriptor (Frictionless), for the
"iri" formats that neither schema uses (python-jsonschema/jsonschema#1428). Marked as not installed
(``sys.modules[name] = None`` makes its import raise ImportError), jsonschema simply has no "iri" checker.
"""

from __future__ import annotations

import contextlib
import sys

SLOW = "rfc3987_syntax"


def skip_for_this_process() -> None:
    """For icdd-report's own processes (its command line, its Dask workers), never on ``import``."""
    if SLOW not in sys.modules:
        sys.modules[SLOW] = None


@contextlib.contextmanager
def skipped_while_jsonschema_loads():
    """Inside a library call: only while jsonschema is first imported (a later import of it is untouched)."""
    if SLOW in sys.modules or "jsonschema" in sys.modules:
        yield
        return
    sys.modules[SLOW] = None
    try:
        yield
    finally:
        if SLOW in sys.modules and sys.modules[SLOW] is None:
            del sys.modules[SLOW]
