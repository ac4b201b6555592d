"""The attacks a funder or an ethics board would try, replayed: none recovers
anything about fewer than ten people.

1. Differencing: a report (and its CSV) with 10 pairs, then again after an
   11th person's answers have settled: 11 x mean11 - 10 x mean10 gave back
   that person's totals. Now both reports are the same; at 20 pairs the
   difference is about the ten who joined.
2. A launch of 9: neither the outcome report nor the launch page, its chart
   data or the overview shows a figure about them.
3. Complements: "complete total on the last day" minus "answered both" was one
   person; a share of 100% said every member screened positive.
Then the fixes: own questions counted by different people over the whole
week; no interval where it has no meaning; only settled days counted.
"""

import json
import re
from datetime import datetime, timedelta

import pytest

from service.content.programme import get_library
from service.evaluation import disclosure, outcome_cells, outcomes, rollups, stats
from service.launches import launch_programme
from service.models import CheckinAnswer, Enrolment, Participant
from tests.evaluation.answers import PHQ, screener_total

DAY1 = datetime(2026, 11, 1, 12, 0)
DAY14 = datetime(2026, 11, 14, 12, 0)


def _person(launch, n, state="active"):
    p = Participant.create(phone=f"+1212666{n:04d}")
    return Enrolment.create(
        participant=p, launch=launch, language="en", state=state, timezone="UTC", next_day=15
    )


def _programme(app):
    return get_library(app.config["PROGRAMS_DIR"]).get("kind-to-the-helper")


@pytest.fixture
def launch(app, orgs):
    return launch_programme(orgs[0], "kind-to-the-helper", {"en": "SAFE"})


def _pairs(launch, start, values, when=(DAY1, DAY14)):
    people = []
    for i, (before, after) in enumerate(values):
        e = _person(launch, start + i)
        screener_total(e, 1, PHQ, before, when[0])
        screener_total(e, 14, PHQ, after, when[1])
        people.append(e)
    return people


def _figures(app, launch):
    r = outcomes.report(launch, _programme(app))
    return [row[6:] for row in outcomes.csv_rows(r) if row[3] == "PHQ-2"]


def _numbers(rows):
    return {name: float(v) for name, v in rows if re.fullmatch(r"-?\d+\.\d+", v)}


def test_differencing_two_reports_around_one_person_recovers_nothing(app, launch, clock):
    _pairs(
        launch, 0, [(2, 2), (3, 2), (4, 3), (1, 1), (2, 3), (3, 3), (4, 2), (2, 1), (3, 2), (1, 0)]
    )
    rollups.seal(clock.now, limit=None)
    ten = _figures(app, launch)
    assert _numbers(ten)["answered both: mean change (n=10)"] == pytest.approx(-0.6)
    # The eleventh person: before 6, after 0 (the attack recovered 5.998 ~ 6).
    late = clock.now.replace(tzinfo=None)
    _pairs(launch, 10, [(6, 0)], when=(late, late))
    clock.set(clock.now + timedelta(days=2))
    assert rollups.seal(clock.now, limit=None)
    eleven = _figures(app, launch)
    assert eleven == ten, "one more person changed a published figure"
    # Nine more: twenty pairs, and the difference is about the ten who joined.
    later = clock.now.replace(tzinfo=None)
    _pairs(launch, 11, [(3, 3)] * 9, when=(later, later))
    clock.set(clock.now + timedelta(days=2))
    rollups.seal(clock.now, limit=None)
    twenty = _numbers(_figures(app, launch))
    before10 = _numbers(ten)["answered both: mean total day 1 (n=10)"]
    before20 = twenty["answered both: mean total day 1 (n=20)"]
    joined = (20 * before20 - 10 * before10) / 10
    assert joined == pytest.approx((6 + 3 * 9) / 10)  # the ten, never one of them


def test_a_launch_of_nine_shows_nothing_about_them(app, launch, clock, dash, people):
    _pairs(launch, 0, [(5, 1)] * 9)
    for e in Enrolment.select().where(Enrolment.launch == launch):
        CheckinAnswer.create(
            enrolment=e, day=3, item="energy", measure="own", raw="7", value=7, answered_at=DAY1
        )
    rollups.seal(clock.now, limit=None)
    r = outcomes.report(launch, _programme(app))
    assert r.screeners == [] and r.weeks == [] and str(r.started) == "fewer than 10"
    dash.login(people["north_staff"])
    html = dash.get(f"/dashboard/programmes/{launch.id}").get_data(as_text=True)
    chart = json.loads(re.search(r'id="chart-data">(.*?)</script>', html, re.S).group(1))
    assert chart["scales"] == []
    assert "5.0" not in html and "7.0" not in html and "2.50" not in html
    assert "fewer than 10" in html
    overview = dash.get("/dashboard/").get_data(as_text=True)
    assert "<td>9</td>" not in overview
    csv_text = dash.get(f"/dashboard/programmes/{launch.id}/outcomes.csv").get_data(as_text=True)
    assert "5.0" not in csv_text and "1.0" not in csv_text


def test_complement_counts_and_whole_group_shares_are_not_shown(app, launch, clock):
    # 41 answered both, 42 answered the last day: one answered only the end.
    _pairs(launch, 0, [(4, 3)] * 41)
    screener_total(_person(launch, 100), 14, PHQ, 2, DAY14)
    rollups.seal(clock.now, limit=None)
    r = outcomes.report(launch, _programme(app))
    phq = next(s for s in r.screeners if s.name == "PHQ-2")
    assert str(phq.counts["end"]) == str(phq.counts["both"]) == "40–49"
    assert phq.result.n == 40
    # Every one of them at 3 or more before: 100% is not shown, nor is 0%.
    assert not phq.shows_before_share
    rows = dict((row[6], row[7]) for row in outcomes.csv_rows(r) if row[3] == "PHQ-2")
    assert rows["answered both: share at or above 3 on day 1"].startswith("not shown")
    assert "100%" not in rows.values()


def test_own_question_week_counts_different_people_over_the_week(app, launch, clock):
    # 36 people, 4 a day on 9 different dates: never 10 on one date.
    people = [_person(launch, n) for n in range(36)]
    for n, e in enumerate(people):
        when = DAY1 + timedelta(days=n % 9)
        day = 1 + n % 7
        CheckinAnswer.create(
            enrolment=e, day=day, item="energy", measure="own", raw="6", value=6, answered_at=when
        )
    rollups.seal(clock.now, limit=None)
    weeks, hidden = outcomes.own_items_by_week(launch, _programme(app))
    (week,) = weeks
    assert (week.week, week.people, week.answers, hidden) == (1, 36, 36, 0)


def test_runs_close_at_ten_different_people():
    d = [datetime(2026, 1, k).date() for k in range(1, 6)]
    dated = [(d[0], p) for p in range(6)] + [(d[1], p) for p in range(4)]  # the same six
    dated += [(d[2], p) for p in range(6, 10)] + [(d[3], 11)]
    assert disclosure.runs(dated, 10) == {d[0], d[1], d[2]}  # d[3]: one person, waits


def test_no_interval_without_a_spread():
    p = stats.paired([(3, 2)] * 12, 3)
    assert (p.ci_low, p.ci_high, p.d_z) == (None, None, None)
    assert "every change was the same" in p.why
    one = stats.paired([(3, 2)], 3)
    assert one.ci_low is None and "one person" in one.why


def test_percentages_round_halves_away_from_zero():
    assert [stats.percent(x) for x in (0.125, 0.135, 0.5, 0.004999, 1 / 3)] == [
        "13%",
        "14%",
        "50%",
        "0%",
        "33%",
    ]


def test_welch_difference_matches_scipy():
    # scipy.stats.ttest_ind(now, wait, equal_var=False).confidence_interval()
    now = [-2, -1, -3, 0, -2, -1, -2, -3]
    wait = [0, -1, 1, 0, -1, 0, 1, 0, 0, -1]
    d = stats.difference(now, wait)
    assert d.difference == pytest.approx(-1.65)
    assert d.ci_low == pytest.approx(-2.593338, abs=5e-4)
    assert d.ci_high == pytest.approx(-0.706662, abs=5e-4)


def test_only_settled_days_are_counted(app, launch, clock):
    _pairs(launch, 0, [(4, 2)] * 10)
    rollups.seal(clock.now, limit=None)
    # Answers given today, after the last sealed date, up to now.
    today = clock.now.replace(tzinfo=None) - timedelta(hours=1)
    _pairs(launch, 10, [(6, 0)] * 10, when=(today, today))
    outcome_cells.refresh(launch, _programme(app), now=clock.now)
    phq = next(s for s in outcomes.report(launch, _programme(app)).screeners if s.name == "PHQ-2")
    assert phq.result.n == 10 and phq.result.change == pytest.approx(-2)


def test_those_with_no_end_total_are_set_beside_those_who_stayed(app, launch, clock):
    """10 pairs with first totals 2 (mean 2.00); 10 who stopped after day 1 with
    first totals 4,4,5,5,5,5,5,5,6,6 (mean 5.00, SD sqrt(4 / 9) = 0.666667);
    2 more still in the programme, not counted as having left."""
    _pairs(launch, 0, [(2, 1)] * 10)
    for n, before in enumerate([4, 4, 5, 5, 5, 5, 5, 5, 6, 6]):
        e = _person(launch, 50 + n, state="stopped")
        e.ended_at = DAY1 + timedelta(days=2)
        e.save()
        screener_total(e, 1, PHQ, before, DAY1)
    for n in range(2):
        screener_total(_person(launch, 80 + n), 1, PHQ, 6, DAY1)
    rollups.seal(clock.now, limit=None)
    r = outcomes.report(launch, _programme(app))
    phq = next(s for s in r.screeners if s.name == "PHQ-2")
    assert (phq.left.n, phq.result.n) == (10, 10)
    assert phq.left.mean == pytest.approx(5.0) and phq.result.before_mean == pytest.approx(2.0)
    assert phq.left.sd == pytest.approx(0.666667, abs=1e-6)
    assert str(phq.counts["no_end"]) == "10–19"
    rows = {row[6]: row[7] for row in outcomes.csv_rows(r) if row[3] == "PHQ-2"}
    assert rows["no end total: mean total day 1 (n=10)"] == "5.000"
