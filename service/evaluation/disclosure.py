"""The rule that keeps every figure about at least ten people, even when two
reports are set side by side. No Flask.

1. Threshold: no figure describes fewer than `min_group` people
   (OUTCOME_MIN_GROUP, 10): the count says "fewer than 10" and the group's
   averages, spreads and shares are not shown.
2. Steps: a group's figures take people in the order their place in it became
   final (their answers on settled days), `step` (= min_group) at a time: a
   group of 47 is published as its first 40. Any two reports, taken whenever,
   differ by whole steps, so subtracting one from the other gives figures about
   ten people or more, never about the one who joined in between.
   Answers by day are published the same way, a run of settled dates at a
   time, each run adding answers of at least ten different people (`runs`).
3. Counts: a count of people is shown as its band of ten ("40–49"), so two
   counts, one inside the other (answered the last day, answered both), cannot
   be subtracted down to a group smaller than ten.
4. Shares: a share at or above a cut-off is shown only when at least ten are on
   each side of it: "100%" would say something about every one of them.
5. No extremes: a range (lowest and highest answer) is one person's answer, so
   it is never shown; the scale is.
"""

from dataclasses import dataclass


def published(members, step):
    """The members a group publishes: the first whole steps, in the order given."""
    return members[: len(members) // step * step] if step > 0 else list(members)


@dataclass(frozen=True)
class Band:
    """A count of people shown as a band of `width` ("40–49"), or as "fewer than"."""

    low: int | None  # None: fewer than min_group
    width: int
    min_group: int

    def __str__(self):
        if self.low is None:
            return f"fewer than {self.min_group}"
        return f"{self.low:,}–{self.low + self.width - 1:,}"


def band(count, min_group):
    """`count` as a Band of min_group (10): 47 -> 40–49, 9 -> fewer than 10."""
    width = max(min_group, 1)
    if count < min_group:
        return Band(None, width, min_group)
    return Band(count // width * width, width, min_group)


def share_shown(at, n, min_group):
    """True when a share at/above a cut-off may be shown: min_group on each side."""
    return at >= min_group and n - at >= min_group


def runs(dated, min_group):
    """The dates whose answers are published, from [(date, person), ...].

    Dates are taken in order into runs; a run closes once it holds answers of
    at least `min_group` different people, and only closed runs are published.
    Sealed dates never change, so runs already closed stay as they are.
    """
    by_date = {}
    for on_date, person in dated:
        by_date.setdefault(on_date, set()).add(person)
    out, pending, people = set(), [], set()
    for on_date in sorted(by_date):
        pending.append(on_date)
        people |= by_date[on_date]
        if len(people) >= min_group:
            out.update(pending)
            pending, people = [], set()
    return out


def runs_of_counts(dated_counts, min_group):
    """Like `runs`, from [(date, people that date)], when each person is counted
    on one date only (one answer per person, day and item)."""
    totals = {}
    for on_date, people in dated_counts:
        totals[on_date] = totals.get(on_date, 0) + people
    out, pending, people = set(), [], 0
    for on_date in sorted(totals):
        pending.append(on_date)
        people += totals[on_date]
        if people >= min_group:
            out.update(pending)
            pending, people = [], 0
    return out
