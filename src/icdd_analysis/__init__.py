"""icdd-analysis: sourced open data and analysis of Indonesia's digital-diplomacy conferences.

    import icdd_analysis as icdd
    ds = icdd.load()              # the bundled data package, validated
    ev = ds.event("icdd-2021")    # one event: ev.items(kind="focus_area"), ev.participants, ...
"""

from .data import Dataset, Event, bundled_path, load
from .errors import DataPackageError, IcddError, UnknownEventError

__version__ = "0.1.0"
__all__ = ["DataPackageError", "Dataset", "Event", "IcddError", "UnknownEventError", "bundled_path", "load", "__version__"]
