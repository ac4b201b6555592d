"""Waitlist-randomised launches: allocation, texts, the first period, the arms' report.

Each person who says yes is placed at random (permuted blocks of four within
their language, from the launch's seed) to start now or wait the programme's
length; the waiting arm answers the screener on day 0 and again on the
programme's day 1. The report compares the arms' mean change.
"""

import random
import shutil
import statistics
from datetime import datetime, timedelta

import pytest

from service.content.programme import ProgrammeInvalid, get_library, load_programme
from service.conversation import allocation
from service.evaluation import outcomes, rollups, stats
from service.launches import LaunchError, launch_programme
from service.models import Allocation, Enrolment, Message, Participant
from tests.evaluation.answers import PHQ, screener_total


def _waitlist(orgs, words=None):
    return launch_programme(
        orgs[0], "kind-to-the-helper", words or {"en": "WAITEN", "es": "ESPERA"}, design="waitlist"
    )


def test_blocks_are_balanced_and_follow_from_the_seed_alone():
    seq = [allocation.arm_at("abc", "en", i) for i in range(40)]
    assert seq == [allocation.arm_at("abc", "en", i) for i in range(40)]
    for start in range(0, 40, 4):
        assert sorted(seq[start : start + 4]) == ["now", "now", "wait", "wait"]
    assert seq != [allocation.arm_at("abd", "en", i) for i in range(40)]
    assert seq != [allocation.arm_at("abc", "es", i) for i in range(40)]


def test_people_who_say_yes_are_allocated_within_their_language(app, orgs, enrol, phone):
    launch = _waitlist(orgs)
    first = phone("+12125557000").text("WAITEN")
    assert "random draw" in first[0] and "Everyone gets it" in first[0]
    assert "sorteo" in phone("+12125557100").text("ESPERA")[0]
    for n in range(8):
        enrol(f"+1212555701{n}", keyword="WAITEN")
    for n in range(4):
        enrol(f"+1212555711{n}", keyword="ESPERA", consent="SI", time="9")
    rows = list(Allocation.select().order_by(Allocation.stratum, Allocation.position))
    by = {lang: [a.arm for a in rows if a.stratum == lang] for lang in ("en", "es")}
    assert len(by["en"]) == 8 and len(by["es"]) == 4
    assert by["en"].count("now") == 4 and by["es"].count("now") == 2
    assert by["en"] == [allocation.arm_at(launch.allocation_seed, "en", i) for i in range(8)]
    assert allocation.audit(launch) == []
    # Someone moving a person to the other arm is found.
    moved = rows[0]
    moved.arm = "wait" if moved.arm == "now" else "now"
    moved.save()
    assert allocation.audit(launch) == [moved]


def test_the_waiting_arm_answers_on_day_0_and_starts_a_period_later(app, orgs, enrol, tick, clock):
    launch = _waitlist(orgs)
    for n in range(4):
        enrol(f"+1212555720{n}", keyword="WAITEN")
    waiting = Enrolment.get(Enrolment.launch == launch, Enrolment.arm == "wait")
    starting = Enrolment.get(Enrolment.launch == launch, Enrolment.arm == "now")
    assert (waiting.next_day, starting.next_day) == (0, 1)
    tick(clock.now + timedelta(days=1))
    day0 = [m for m in Message.select().where(Message.enrolment == waiting) if m.day == 0]
    assert {m.kind for m in day0} == {"practice", "checkin"}
    practice = next(m for m in day0 if m.kind == "practice")
    assert "You start in 14 days" in practice.body
    assert next(m for m in day0 if m.kind == "checkin").item == "gad2_1"
    waiting = Enrolment.get_by_id(waiting.id)
    starting = Enrolment.get_by_id(starting.id)
    assert waiting.next_day == 1
    # Day 1 of the programme comes 13 days after day 0: as far apart as the
    # other arm's day 1 and day 14.
    assert (waiting.next_due_at - starting.next_due_at).days == 12


def test_the_cli_launches_a_waitlist_design(app, orgs, runner):
    result = runner.invoke(
        args=["launch", "create", "north", "kind-to-the-helper", "--keyword", "en=CLIWAIT"]
        + ["--waitlist"]
    )
    assert result.exit_code == 0, result.output
    (launch,) = [x for x in orgs[0].launches if x.design == "waitlist"]
    assert f"allocation seed {launch.allocation_seed}" in result.output


def test_a_programme_without_waitlist_texts_cannot_run_one(app, orgs):
    with pytest.raises(LaunchError, match="no waitlist texts"):
        launch_programme(orgs[0], "taster", {"en": "TASTEWAIT"}, design="waitlist")


def test_programs_check_refuses_a_consent_that_does_not_say_so(app, tmp_path, runner):
    source = get_library(app.config["PROGRAMS_DIR"]).get("kind-to-the-helper").path
    text = open(source, encoding="utf-8").read()
    text = text.replace("A random draw says: start now or in {days} days. Everyone gets it.", "")
    path = tmp_path / "kind-to-the-helper.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProgrammeInvalid, match="waitlist consent must say plainly"):
        load_programme(path, templates_dir=app.config["TEMPLATES_SMS_DIR"])
    result = runner.invoke(args=["programs", "check", str(path)])
    assert result.exit_code == 1
    assert "waitlist.consent.en" in result.output and "'random'" in result.output
    shutil.copy(source, path)
    assert runner.invoke(args=["programs", "check", str(path)]).exit_code == 0


def test_the_report_recovers_a_synthetic_effect_within_its_interval(app, orgs, clock, dash, people):
    """60 people, 30 a arm; starting now lowers the PHQ-2 by 1.5 on average, waiting by 0."""
    launch = _waitlist(orgs, {"en": "SYNTH"})
    launch.allocation_seed = "5eed0f5e1ec7ed00"  # a fixed seed: the same arms every run
    launch.save()
    rng = random.Random(19)
    start = datetime(2026, 10, 1, 12, 0)
    truth = {"now": [], "wait": []}
    for n in range(60):
        p = Participant.create(phone=f"+1212555{8000 + n}")
        e = Enrolment.create(
            participant=p, launch=launch, language="en", state="active", timezone="UTC"
        )
        arm = allocation.allocate(e, now=clock.now)
        e.save()
        before = rng.choice([3, 4, 4, 5])
        # An effect of -1.5 on average in whole points (-1 or -2), noise of -1, 0 or +1:
        # no rounding or clipping bends the truth the report should recover.
        effect = rng.choice([-1, -2]) if arm == "now" else 0
        after = before + effect + rng.choice([-1, 0, 1])
        truth[arm].append(after - before)
        first, last = (1, 14) if arm == "now" else (0, 1)
        screener_total(e, first, PHQ, before, start)
        screener_total(e, last, PHQ, after, start + timedelta(days=13))
        e.next_day = 15 if arm == "now" else 2
        e.save()
    rollups.seal(clock.now, limit=None)
    programme = get_library(app.config["PROGRAMS_DIR"]).get("kind-to-the-helper")
    r = outcomes.report(launch, programme)
    assert r.waitlist
    assert {arm: str(f["allocated"]) for arm, f in r.flow.items()} == {
        "now": "30–39",
        "wait": "30–39",
    }
    (phq,) = [c for c in r.comparisons if c.name == "PHQ-2"]
    d = phq.itt
    assert (d.n_first, d.n_second) == (30, 30)
    assert d.difference == pytest.approx(
        statistics.fmean(truth["now"]) - statistics.fmean(truth["wait"])
    )
    assert d.ci_low < -1.5 < d.ci_high and d.ci_high < 0
    assert phq.per_protocol.difference == pytest.approx(d.difference)
    rows = outcomes.csv_rows(r)
    assert any(row[2] == "arms" and "intention to treat" in row[6] for row in rows)
    # The page shows the arms, the flow and the interval.
    dash.login(people["north_staff"])
    html = dash.get(f"/dashboard/programmes/{launch.id}/outcomes").get_data(as_text=True)
    assert "CONSORT" in html and "Intention to treat" in html and "Per protocol" in html
    assert f"{d.difference:+.2f}".replace("-", "−") in html or f"{d.difference:+.2f}" in html
    assert f"95% CI {d.ci_low:+.2f} to {d.ci_high:+.2f}" in html


def test_with_no_effect_the_interval_covers_0_in_about_95_percent_of_launches():
    """200 simulated launches of 80 people, allocated as a launch would be, no effect.

    Tolerance: 95% give or take three binomial standard errors
    (sqrt(0.95 x 0.05 / 200) = 0.0154), so 90.4% to 99.6%.
    """
    rng = random.Random(2026)
    covered = 0
    for launch in range(200):
        seed = f"sim{launch}"
        changes = {"now": [], "wait": []}
        for position in range(80):
            arm = allocation.arm_at(seed, "en", position)
            before = rng.randint(1, 6)
            after = max(0, min(6, before + rng.choice([-2, -1, -1, 0, 0, 0, 1, 1, 2])))
            changes[arm].append(after - before)
        d = stats.difference(changes["now"], changes["wait"])
        covered += d.ci_low <= 0 <= d.ci_high
    assert 0.904 <= covered / 200 <= 0.996, covered
