"""The report's statistics, written out so that each can be checked by hand: the median, and
Krippendorff's alpha for ordinal ratings (Krippendorff, *Content Analysis*, 4th ed., ch. 12;
the tests hold it to the ``krippendorff`` package to 1e-9).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

# The ordinal scale; 'unsure' is no point on it (the interviewer's evidence was inconclusive).
SCALE: Mapping[str, int] = {"strong-no": 1, "no": 2, "yes": 3, "strong-yes": 4}


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def quartiles(values: Sequence[float]) -> tuple[float, float, float] | None:
    """The lower quartile, the median and the upper quartile (medians of the halves)."""
    if len(values) < 2:
        return None
    ordered = sorted(values)
    half = len(ordered) // 2
    lower, upper = ordered[:half], ordered[-half:]
    low, mid, high = median(lower), median(ordered), median(upper)
    assert low is not None and mid is not None and high is not None
    return low, mid, high


def ordinal_alpha(units: Iterable[Sequence[int]]) -> float | None:
    """Krippendorff's alpha, ordinal metric, for units each holding the values its coders gave.

    Units with fewer than two values cannot be paired and are left out. None when there is
    nothing to compare or every value is the same (alpha is then undefined).
    """
    coincidence: dict[tuple[int, int], float] = {}
    for values in units:
        m = len(values)
        if m < 2:
            continue
        counts = Counter(values)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                pairs = n_c * (n_k - (c == k))
                if pairs:
                    coincidence[c, k] = coincidence.get((c, k), 0.0) + pairs / (m - 1)
    marginal: dict[int, float] = {}
    for (c, _), weight in coincidence.items():
        marginal[c] = marginal.get(c, 0.0) + weight
    categories = sorted(marginal)
    n = sum(marginal.values())
    if len(categories) < 2 or n <= 1:
        return None
    # Ordinal distance: squared sum of the marginals between c and k, halving the ends.
    cumulative = {}
    running = 0.0
    for c in categories:
        cumulative[c] = running
        running += marginal[c]

    def distance(c: int, k: int) -> float:
        low, high = min(c, k), max(c, k)
        between = cumulative[high] + marginal[high] - cumulative[low]
        return (between - (marginal[low] + marginal[high]) / 2) ** 2

    observed = sum(w * distance(c, k) for (c, k), w in coincidence.items())
    expected = sum(marginal[c] * marginal[k] * distance(c, k)
                   for c in categories for k in categories) / (n - 1)
    if expected == 0:
        return None
    return 1 - observed / expected
