"""The outcome report against figures worked out by hand on a small launch.

Ten people answer the PHQ-2 on day 1 and day 14 of "Kind to the Helper":

    before  4 3 5 2 6 3 4 1 3 5   (mean 3.6, 8 of 10 at 3 or more)
    after   2 3 3 1 4 1 2 1 2 3   (mean 2.2, 4 of 10 at 3 or more)
    change -2 0 -2 -1 -2 -2 -2 0 -1 -2

Mean change -1.4; squared deviations add up to 6.4, so the SD is
sqrt(6.4 / 9) = 0.843274; the standard error 0.843274 / sqrt(10) = 0.266667;
t(0.975, 9) = 2.262157, so the 95% interval is -1.4 +/- 0.603242 =
[-2.003242, -0.796758]; d_z = -1.4 / 0.843274 = -1.660204. The SDs before
and after are sqrt(20.4 / 9) = 1.505545 and sqrt(9.6 / 9) = 1.032796, so
d_av = -1.4 / 1.269171 = -1.103083; r = 0.843201.
8 of 10 are at 3 or more before and 4 of 10 after: fewer than ten on one
side each time, so neither share is shown.
Only nine people answer the GAD-2 both times, so it is not shown.
"""

import csv
import io
from datetime import datetime, timedelta

import pytest

from service.content.programme import get_library
from service.evaluation import outcomes, rollups
from service.launches import launch_programme
from service.models import CheckinAnswer, Enrolment, Participant
from tests.evaluation.answers import GAD, PHQ, screener_total

BEFORE = [4, 3, 5, 2, 6, 3, 4, 1, 3, 5]
AFTER = [2, 3, 3, 1, 4, 1, 2, 1, 2, 3]
MORNING = datetime(2026, 11, 1, 12, 0)


def _person(launch, n, *, state="active", next_day=15, is_test=False):
    p = Participant.create(phone=f"+1212555{n:04d}", is_test=is_test)
    return Enrolment.create(
        participant=p, launch=launch, language="en", state=state, timezone="UTC", next_day=next_day
    )


@pytest.fixture
def helper(app, orgs, clock):
    """North runs Kind to the Helper; ten people answered the PHQ-2 twice, and more.

    The answers are weeks old, so the clock has counted them (sealed their days).
    """
    north, _south = orgs
    launch = launch_programme(north, "kind-to-the-helper", {"en": "HELPER", "es": "AYUDANTE"})
    people = [_person(launch, n) for n in range(10)]
    for e, before, after in zip(people, BEFORE, AFTER, strict=True):
        screener_total(e, 1, PHQ, before, MORNING)
        screener_total(e, 14, PHQ, after, MORNING)
    for e in people[:9]:
        screener_total(e, 1, GAD, 2, MORNING)
        screener_total(e, 14, GAD, 1, MORNING)
    # Answered at the start only; answered only one item at the end; a test
    # participant with extreme answers; someone still deciding.
    early = _person(launch, 10, next_day=6)
    screener_total(early, 1, PHQ, 6, MORNING)
    half = _person(launch, 11, next_day=15, state="completed")
    screener_total(half, 1, PHQ, 0, MORNING)
    CheckinAnswer.create(enrolment=half, day=14, item="phq2_1", measure="PHQ-2", raw="3", value=3)
    tester = _person(launch, 12, is_test=True)
    screener_total(tester, 1, PHQ, 0, MORNING)
    screener_total(tester, 14, PHQ, 6, MORNING)
    _person(launch, 13, state="consent", next_day=1)
    # The programme's own 0-10 item "energy" on day 3 (week 1): 10 people, mean 6.5.
    for e, value in zip(people, [5, 6, 7, 8, 9, 4, 5, 6, 7, 8], strict=True):
        CheckinAnswer.create(
            enrolment=e,
            day=3,
            item="energy",
            measure="own",
            raw=str(value),
            value=value,
            answered_at=MORNING,
        )
    # Week 2: only three people answered, so the week is not shown.
    for e in people[:3]:
        CheckinAnswer.create(
            enrolment=e, day=9, item="energy", measure="own", raw="9", value=9, answered_at=MORNING
        )
    rollups.seal(clock.now, limit=None)
    return launch


def _programme(app):
    return get_library(app.config["PROGRAMS_DIR"]).get("kind-to-the-helper")


def test_t_quantile_matches_the_tables():
    for df, table in [(1, 12.706), (4, 2.776), (9, 2.262), (19, 2.093), (29, 2.045), (99, 1.984)]:
        assert outcomes.t_quantile(df) == pytest.approx(table, abs=0.001)


def test_paired_figures_match_hand_computed_values(app, helper):
    r = outcomes.report(helper, _programme(app))
    # 12 started, 11 reached the end (not the one deciding, nor the tester): bands.
    assert (str(r.started), str(r.reached_end)) == ("10–19", "10–19")
    phq = next(s for s in r.screeners if s.name == "PHQ-2")
    assert (phq.first_day, phq.last_day, phq.cut_off) == (1, 14, 3)
    assert str(phq.counts["start"]) == "10–19"  # 12: ten, the early leaver, the half answer
    assert str(phq.counts["end"]) == "10–19"  # 10: one item of two is no total
    p = phq.result
    assert p.n == 10
    assert p.before_mean == pytest.approx(3.6)
    assert p.after_mean == pytest.approx(2.2)
    assert p.change == pytest.approx(-1.4)
    assert p.change_sd == pytest.approx(0.843274, abs=1e-6)
    assert p.ci_low == pytest.approx(-2.003242, abs=1e-4)
    assert p.ci_high == pytest.approx(-0.796758, abs=1e-4)
    assert p.d_z == pytest.approx(-1.660204, abs=1e-5)
    assert p.before_sd == pytest.approx(1.505545, abs=1e-6)
    assert p.after_sd == pytest.approx(1.032796, abs=1e-6)
    assert p.d_av == pytest.approx(-1.103083, abs=1e-5)
    assert p.r == pytest.approx(0.843201, abs=1e-6)
    assert (p.before_at, p.after_at) == (8, 4)
    assert not phq.shows_before_share and not phq.shows_after_share
    assert "Kroenke" in phq.source


def test_groups_under_the_threshold_show_no_figure(app, helper):
    r = outcomes.report(helper, _programme(app))
    gad = next(s for s in r.screeners if s.name == "GAD-2")
    assert gad.result is None  # nine pairs
    rows = outcomes.csv_rows(r)
    gad_rows = [row for row in rows if row[3] == "GAD-2"]
    assert ["answered both: n", "fewer than 10"] in [row[6:] for row in gad_rows]
    assert {row[7] for row in gad_rows} <= {"fewer than 10", "10–19"}
    # A higher threshold hides the PHQ-2 and every count of people too.
    strict = outcomes.report(helper, _programme(app), min_group=13)
    assert strict.screeners == [] and strict.weeks == []
    assert all("fewer than 13" == row[7] for row in outcomes.csv_rows(strict))


def test_own_items_by_week_on_their_own_scale(app, helper, clock):
    r = outcomes.report(helper, _programme(app))
    (week,) = r.weeks
    assert (week.item, week.label, week.week) == ("energy", "How much energy do you have today", 1)
    assert (week.low, week.high, week.answers, week.people) == (0, 10, 10, 10)
    # Week 2: three people answered; no run of ten people yet.
    assert week.mean == pytest.approx(6.5)
    assert week.sd == pytest.approx(1.5)  # population SD of 5,6,7,8,9,4,5,6,7,8
    assert r.hidden_weeks == 1


def test_new_answers_count_once_their_day_settles(app, helper, clock):
    before = outcomes.report(helper, _programme(app))
    late = _person(helper, 20)
    screener_total(late, 1, PHQ, 6, when=clock.now.replace(tzinfo=None))
    screener_total(late, 14, PHQ, 0, when=clock.now.replace(tzinfo=None))
    same = outcomes.report(helper, _programme(app))
    assert same.screeners[1].result == before.screeners[1].result  # not counted yet
    clock.set(clock.now + timedelta(days=2))
    assert rollups.seal(clock.now, limit=None)
    after = outcomes.report(helper, _programme(app))
    # Counted now, but the eleventh pair waits for nine more: people join ten at a time.
    assert str(after.screeners[1].counts["both"]) == "10–19"
    assert after.screeners[1].result == before.screeners[1].result
    assert after.counted_at > before.counted_at


def test_outcome_page_csv_and_comparison(app, helper, dash, people, orgs):
    north, south = orgs
    other = launch_programme(north, "kind-to-the-helper", {"en": "HELPERTWO"})
    dash.login(people["north_staff"])
    page = dash.get(f"/dashboard/programmes/{helper.id}/outcomes")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "−1.4" in html or "-1.4" in html
    assert "no control group" in html.lower()
    assert "Kroenke" in html
    side = dash.get(f"/dashboard/programmes/{helper.id}/outcomes?compare={other.id}")
    text = side.get_data(as_text=True)
    assert "HELPERTWO" in text or f"#{other.id}" in text
    printed = dash.get(f"/dashboard/programmes/{helper.id}/outcomes?print=1")
    assert 'aria-label="Main"' not in printed.get_data(as_text=True)
    # The CSV is an export: administrators only, like every other (issue 17).
    assert "outcomes.csv" not in html
    assert dash.get(f"/dashboard/programmes/{helper.id}/outcomes.csv").status_code == 403
    dash.client.post("/dashboard/logout", data={"csrf_token": dash.token("/dashboard/password")})
    dash.login(people["north_admin"])
    download = dash.get(f"/dashboard/programmes/{helper.id}/outcomes.csv")
    assert download.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True))))
    assert rows[0] == outcomes.CSV_COLUMNS
    name = "answered both: mean change (n=10)"
    assert [str(helper.id), "kind-to-the-helper", "screener", "PHQ-2", "", "", name] == rows[
        [r[6] for r in rows].index(name)
    ][:7]
    # Another organisation's launch cannot be compared or read.
    south_launch = launch_programme(south, "kind-to-the-helper", {"en": "SOUTHHELP"})
    assert dash.get(f"/dashboard/programmes/{south_launch.id}/outcomes").status_code == 404
    assert (
        dash.get(
            f"/dashboard/programmes/{helper.id}/outcomes?compare={south_launch.id}"
        ).status_code
        == 404
    )
