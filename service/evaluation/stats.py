"""The arithmetic of the outcome report, on the standard library. No Flask.

Paired figures (before and after in one group) and the difference between two
groups' mean changes (a waitlist launch's arms). Only the t quantile is a
textbook expansion: the standard library has the normal distribution but not
Student's t. Where a figure has no meaning (an interval from one person, or
from changes that are all the same) it is None and `why` says why in words.
"""

import math
import statistics
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..marks import N_

# Two-sided 95% quantiles of Student's t for the few degrees of freedom where the
# expansion below is off in the third decimal (a group that small is hidden anyway).
T_TABLE = {1: 12.706, 2: 4.303, 3: 3.182}


def t_quantile(df, p=0.975):
    """Student's t quantile, from the normal one by the Cornish-Fisher expansion
    (Abramowitz and Stegun 26.7.5); within 0.001 of the tables for df >= 4.
    `df` may be fractional (Welch's degrees of freedom)."""
    if p == 0.975 and df in T_TABLE:
        return T_TABLE[df]
    z = statistics.NormalDist().inv_cdf(p)
    terms = (
        (z**3 + z) / 4,
        (5 * z**5 + 16 * z**3 + 3 * z) / 96,
        (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384,
        (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160,
    )
    return z + sum(term / df ** (k + 1) for k, term in enumerate(terms))


def percent(share):
    """0.125 -> '13%': halves rounded away from zero (not to even), None -> None."""
    if share is None:
        return None
    return f"{Decimal(repr(share * 100)).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


# Why there is no interval, in words: marked for the catalogue, translated where shown.
NO_INTERVAL_ONE = N_("no interval: one person's change says nothing about its spread")
NO_INTERVAL_SAME = N_(
    "no interval: every change was the same, so the data give no spread to work from"
)


@dataclass
class Paired:
    """One screener's totals before and after, for one group of people who answered both."""

    n: int
    before_mean: float
    after_mean: float
    before_sd: float
    after_sd: float
    change: float  # mean of (after - before); negative is fewer symptoms
    change_sd: float
    ci_low: float | None  # None when the interval has no meaning (see `why`)
    ci_high: float | None
    d_z: float | None  # mean change / SD of the changes
    d_av: float | None  # mean change / average of the SDs before and after (Cumming 2012)
    r: float | None  # correlation of before with after
    before_at: int  # people at or above the cut-off before
    after_at: int
    why: str = ""  # why there is no interval, in words

    @property
    def before_share(self):
        """Share at or above the cut-off before."""
        return self.before_at / self.n

    @property
    def after_share(self):
        """Share at or above the cut-off after."""
        return self.after_at / self.n


def moments(counts):
    """(n, mean, sample variance) of whole numbers given as {value: people}.

    Sums are kept as integers, so the variance (n * sum of squares - sum^2) /
    (n (n - 1)) is exact until the one division: a report of 50,000 people
    reads a few dozen cells, never 50,000 values.
    """
    n = sum(counts.values())
    total = sum(v * c for v, c in counts.items())
    squares = sum(v * v * c for v, c in counts.items())
    variance = (n * squares - total * total) / (n * (n - 1)) if n > 1 else 0.0
    return n, total / n, variance


def paired(pairs, cut_off):
    """Paired statistics for [(before, after), ...] totals (at least one pair)."""
    return paired_counts(Counter(pairs), cut_off)


def paired_counts(cells, cut_off):
    """Paired statistics for {(before, after): people} (at least one person)."""
    before, after, changes = Counter(), Counter(), Counter()
    cross = 0
    for (b, a), people in cells.items():
        before[b] += people
        after[a] += people
        changes[a - b] += people
        cross += b * a * people
    n, change, var = moments(changes)
    _n, mean_b, var_b = moments(before)
    _n, mean_a, var_a = moments(after)
    sd, sd_b, sd_a = math.sqrt(var), math.sqrt(var_b), math.sqrt(var_a)
    low = high = None
    why = ""
    if n < 2:
        why = NO_INTERVAL_ONE
    elif sd == 0:
        why = NO_INTERVAL_SAME
    else:
        half = t_quantile(n - 1) * sd / math.sqrt(n)
        low, high = change - half, change + half
    average_sd = (sd_b + sd_a) / 2
    r = None
    if n > 1 and sd_b and sd_a:
        sum_b = sum(v * c for v, c in before.items())
        sum_a = sum(v * c for v, c in after.items())
        covariance = (n * cross - sum_b * sum_a) / (n * (n - 1))
        r = covariance / (sd_b * sd_a)
    return Paired(
        n=n,
        before_mean=mean_b,
        after_mean=mean_a,
        before_sd=sd_b,
        after_sd=sd_a,
        change=change,
        change_sd=sd,
        ci_low=low,
        ci_high=high,
        d_z=change / sd if sd else None,
        d_av=change / average_sd if average_sd else None,
        r=r,
        before_at=sum(c for b, c in before.items() if b >= cut_off),
        after_at=sum(c for a, c in after.items() if a >= cut_off),
        why=why,
    )


@dataclass
class Difference:
    """Difference in mean change between two groups (first minus second), Welch's 95% CI."""

    n_first: int
    n_second: int
    change_first: float
    change_second: float
    difference: float
    ci_low: float | None
    ci_high: float | None
    df: float | None
    why: str = ""


def difference(first, second):
    """Welch's difference in mean change of two lists of changes (each of at least one)."""
    return difference_counts(Counter(first), Counter(second))


def difference_counts(first, second):
    """Welch's difference in mean change of two {change: people} (each of at least one)."""
    n1, m1, var1 = moments(first)
    n2, m2, var2 = moments(second)
    out = Difference(n1, n2, m1, m2, m1 - m2, None, None, None)
    if n1 < 2 or n2 < 2:
        out.why = NO_INTERVAL_ONE
        return out
    v1, v2 = var1 / n1, var2 / n2
    if v1 + v2 == 0:
        out.why = NO_INTERVAL_SAME
        return out
    df = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    half = t_quantile(df) * math.sqrt(v1 + v2)
    out.ci_low, out.ci_high, out.df = out.difference - half, out.difference + half, df
    return out
