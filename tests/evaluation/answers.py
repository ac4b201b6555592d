"""Check-in answers the evaluation tests build: a screener's total as its items."""

from service.models import CheckinAnswer

PHQ = ("phq2_1", "phq2_2")
GAD = ("gad2_1", "gad2_2")


def screener_total(enrolment, day, items, total, when):
    """Store a two-item screener's total (0-6) as its items' answers (each 0-3)."""
    first = min(total, 3)
    for item, value in zip(items, (first, total - first), strict=True):
        CheckinAnswer.create(
            enrolment=enrolment,
            day=day,
            item=item,
            measure="PHQ-2" if item.startswith("phq") else "GAD-2",
            raw=str(value),
            value=value,
            answered_at=when,
        )
