"""icdd-analysis: sourced open data and analysis of Indonesia's digital-diplomacy conferences.

    import icdd_analysis as icdd
    ds = icdd.load()              # the bundled data package, validated
    ev = ds.event("icdd-2021")    # one event: ev.items(kind="focus_area"), ev.participants, ...

    from icdd_analysis.study.run import run
    res = run(ds, icdd.CompareRequest(method="tfidf", text_lang="both"))  # every result of notebook 02, once
"""

from .errors import DataPackageError, IcddError, UnknownEventError

__version__ = "0.1.0"
__all__ = [
    "DataPackageError", "Dataset", "Event", "IcddError", "UnknownEventError", "bundled_path", "load",
    "compare", "agreement", "robustness", "explore", "CompareRequest", "__version__",
]

# Imported on first use, not with the package: the data module pulls in pandas, the comparison engine
# scikit-learn (icdd-report decides which reports are up to date without either).
_LAZY = {"Dataset": "data", "Event": "data", "bundled_path": "data", "load": "data",
         "compare": "analysis", "agreement": "analysis", "robustness": "analysis", "plots": None,
         "explore": "explorer",  # the explorer pulls in ipywidgets
         "CompareRequest": "study"}  # a comparison's parameters, checked; run it with icdd_analysis.study.run.run


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f".{_LAZY[name] or name}", __name__)
        return module if _LAZY[name] is None else getattr(module, name)
    raise AttributeError(f"module 'icdd_analysis' has no attribute {name!r}")
