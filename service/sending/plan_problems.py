"""Enrolments the planner set aside, as warnings for their organisation's staff.

A group of enrolments that cannot be planned (a variable with no value in
its language, a missing or broken programme file, an unknown time zone) is
set aside for BROKEN_RETRY with its reason on each enrolment, and one
PlanProblem row per launch and reason says how many were set aside when it
was last seen. Set-aside enrolments are retried, so a problem still there is
seen again within the hour; one not seen for two hours is gone.
"""

from datetime import timedelta
from zoneinfo import ZoneInfoNotFoundError

from ..content.programme import ProgrammeInvalid, ProgrammeNotFound
from ..content.render import MissingVariable
from ..db import utc, write_transaction
from ..launch_variables import language_label
from ..models import Launch, PlanProblem

# A problem still present is seen at every retry (hourly); older ones are over.
STILL_THERE = timedelta(hours=2)


def problem_reason(exc, lang):
    """Why a group could not be planned, in words for staff (no personal data)."""
    if isinstance(exc, MissingVariable):
        return f"no value for {{{exc.name}}} in {language_label(lang)}"
    if isinstance(exc, ProgrammeNotFound):
        return "the programme file is missing"
    if isinstance(exc, ProgrammeInvalid):
        return "the programme file is broken: " + "; ".join(str(p) for p in exc.problems[:2])
    if isinstance(exc, ZoneInfoNotFoundError):
        return f"unknown time zone: {exc}"
    return f"{type(exc).__name__}: {exc}"


def record_problems(problems, now):
    """Keep one warning per launch and reason for the organisation's staff."""
    with write_transaction():
        for (launch_id, reason), count in problems.items():
            launch = Launch.get_or_none(Launch.id == launch_id)
            if launch is None:
                continue
            reason = reason[:255]
            updated = (
                PlanProblem.update(enrolments=count, last_seen_at=now)
                .where(PlanProblem.launch == launch_id, PlanProblem.reason == reason)
                .execute()
            )
            if not updated:
                PlanProblem.create(
                    organisation=launch.organisation_id,
                    launch=launch_id,
                    reason=reason,
                    enrolments=count,
                    first_seen_at=now,
                    last_seen_at=now,
                )


def current_problems(organisation, now):
    """This organisation's planning problems seen lately, newest first."""
    return list(
        PlanProblem.select(PlanProblem, Launch)
        .join(Launch)
        .where(
            PlanProblem.organisation == organisation,
            PlanProblem.last_seen_at >= utc(now) - STILL_THERE,
        )
        .order_by(PlanProblem.last_seen_at.desc())
    )
