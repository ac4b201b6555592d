"""The dashboard's reads: every one scoped to one organisation, aggregated in the database.

Test participants (made by the simulator) are left out of every count here.
No Flask: the pages, the exports and the benchmark call these with `now`.
One module per page: `overview`, `programme`, `participants`, `alerts`, and
`common` for what they share. Import from the package: `queries.overview(...)`.
"""

from .alerts import AlertContext, alert_context
from .common import (
    JOINING,
    PER_PAGE,
    REPLY_DAYS,
    SENT_STATES,
    launch_of,
    launches_of,
    local_day,
    organisations,
    test_enrolment_ids,
    zone,
)
from .overview import LaunchSummary, MessageCounts, Overview, overview
from .participants import (
    SORTS,
    Entry,
    Filters,
    answers_of,
    conversation,
    day_at,
    enrolment_of,
    enrolments_with,
    languages,
    participant_of,
    participants,
    test_conversation,
)
from .programme import AnswerStats, FunnelDay, answer_stats, funnel, programme_figures

__all__ = [
    "AnswerStats",
    "Entry",
    "Filters",
    "FunnelDay",
    "JOINING",
    "LaunchSummary",
    "MessageCounts",
    "Overview",
    "PER_PAGE",
    "REPLY_DAYS",
    "SENT_STATES",
    "SORTS",
    "AlertContext",
    "alert_context",
    "answer_stats",
    "answers_of",
    "conversation",
    "day_at",
    "enrolment_of",
    "enrolments_with",
    "funnel",
    "languages",
    "launch_of",
    "launches_of",
    "local_day",
    "organisations",
    "overview",
    "participant_of",
    "participants",
    "programme_figures",
    "test_conversation",
    "test_enrolment_ids",
    "zone",
]
