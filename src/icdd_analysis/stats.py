"""Agreement statistics for binary item x code codings (each method is one more coder), and the permutation p-value."""

from __future__ import annotations

import warnings

import numpy as np

#: A permutation statistic within this distance of the observed one counts as equal to it: floating
#: sums of the same values in another order (or on another CPU or BLAS) differ in their last bits.
TIE_TOLERANCE = 1e-9


def percent_agreement(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b)) if a.size else float("nan")


def cohen_kappa(a: np.ndarray, b: np.ndarray) -> float:
    """Cohen's kappa as scikit-learn's ``cohen_kappa_score`` gives it; NaN where it is undefined (both coders constant).

    Integer and boolean codes (what agreement passes) are counted with numpy in scikit-learn's own steps
    (:func:`_kappa_counted`), so the value is the same to the last bit (a test compares them on thousands of
    random codings): its input validation and confusion matrix cost 2 ms a call, and a study makes about
    twenty. Other labels are scikit-learn's.
    """
    if a.size == 0 or (len(set(a.tolist())) == 1 and len(set(b.tolist())) == 1):
        return float("nan")
    if _counted_here(a) and _counted_here(b) and a.shape == b.shape:
        return _kappa_counted(a, b)
    from sklearn.metrics import cohen_kappa_score

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(cohen_kappa_score(a, b))


def _counted_here(x) -> bool:
    return isinstance(x, np.ndarray) and x.ndim == 1 and (x.dtype == bool or np.issubdtype(x.dtype, np.integer))


def _kappa_counted(a: np.ndarray, b: np.ndarray) -> float:
    """``sklearn.metrics.cohen_kappa_score(a, b)`` (no weights, no labels) for 1-d integer or boolean codes.

    The same steps as scikit-learn 1.x: the confusion matrix over the sorted labels of both coders (exact
    counts), as float64; its column and row sums, their outer product over the total (the expected counts);
    the off-diagonal sums of observed and expected counts; kappa = 1 - observed / expected. The same float
    operations on the same arrays in the same order give the same bits. NaN where scikit-learn returns its
    ``replace_undefined_by`` (NaN): no counts, or no expected disagreement.
    """
    labels, inverse = np.unique(np.concatenate([a, b]), return_inverse=True)
    k, n = len(labels), a.size
    inverse = inverse.reshape(-1)
    confusion = np.bincount(inverse[:n] * k + inverse[n:], minlength=k * k).reshape(k, k).astype(np.float64)
    sum0, sum1 = np.sum(confusion, axis=0), np.sum(confusion, axis=1)
    total = np.sum(sum0)
    if total == 0:
        return float("nan")
    expected = np.outer(sum0, sum1) / total
    weights = np.ones((k, k), dtype=np.float64)
    np.fill_diagonal(weights, 0)
    disagreement = np.sum(weights * expected)
    if disagreement == 0:
        return float("nan")
    return float(1 - np.sum(weights * confusion) / disagreement)


def krippendorff_alpha(a: np.ndarray, b: np.ndarray) -> float:
    """Krippendorff's alpha, nominal level (the ``krippendorff`` package); NaN where undefined."""
    import krippendorff

    data = np.vstack([a, b]).astype(float)
    if data.size == 0 or len(np.unique(data)) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def gwet_ac1(a: np.ndarray, b: np.ndarray) -> float:
    """Gwet's AC1 for two coders and two categories: stable where most cells are 0, unlike kappa.

    No maintained PyPI package computes it for this case without a heavy dependency; the formula is short
    (Gwet 2008): AC1 = (pa - pe) / (1 - pe), pe = 2 * pi * (1 - pi), pi = mean share of 1s over both coders.
    """
    if a.size == 0:
        return float("nan")
    pa = float(np.mean(a == b))
    pi = (float(np.mean(a)) + float(np.mean(b))) / 2
    pe = 2 * pi * (1 - pi)
    return float("nan") if pe == 1 else (pa - pe) / (1 - pe)


def precision_recall(reference: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    """Precision and recall of ``predicted`` against ``reference`` (NaN where nothing was predicted / coded).

    Counted with numpy, as scikit-learn's ``precision_score``/``recall_score`` with ``zero_division=nan`` count
    them (a test checks they agree): their input validation cost 40 ms a call, and agreement makes one per code.
    """
    reference, predicted = np.asarray(reference).astype(bool), np.asarray(predicted).astype(bool)
    hits = int(np.count_nonzero(reference & predicted))
    n_predicted, n_coded = int(np.count_nonzero(predicted)), int(np.count_nonzero(reference))
    return (hits / n_predicted if n_predicted else float("nan"), hits / n_coded if n_coded else float("nan"))


def permutation_p_value(null: np.ndarray, observed: float, tolerance: float = TIE_TOLERANCE) -> float:
    """One-sided permutation p-value, (1 + #{null >= observed - tolerance}) / (1 + #null).

    A null value within ``tolerance`` (default 1e-9) of the observed one counts as equal to it, so the
    p-value does not depend on the last bits of a floating-point result.
    """
    null = np.asarray(null, dtype=np.float64)
    return float((1 + np.count_nonzero(null >= observed - tolerance)) / (1 + null.size))
