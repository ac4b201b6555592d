"""Outcome cells: how many people of a launch had each screener total before and after."""

from datetime import datetime

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from ..db import BaseModel
from .org import Launch


class OutcomeCell(BaseModel):
    """People of one launch with one (before, after) pair of totals of one screener.

    `before_items`/`after_items` say how many of the screener's items were
    answered on its first and last day (a total counts only when all were).
    Counted by the clock when a day settles (evaluation/outcomes.py:refresh);
    test participants are never counted.
    """

    launch = ForeignKeyField(Launch, on_delete="CASCADE")
    measure = CharField()
    before = IntegerField(null=True)
    before_items = IntegerField()
    after = IntegerField(null=True)
    after_items = IntegerField()
    people = IntegerField()
    # Which group the row counts (evaluation/outcome_cells.py): "pair" and
    # "left" are published in steps of OUTCOME_MIN_GROUP people, "count" rows
    # hold plain counts (before_items names which), "all" the old undivided cells.
    family = CharField(default="all")
    arm = CharField(null=True)  # "now" or "wait" in a waitlist launch
    counted_at = DateTimeField(default=datetime.utcnow)

    class Meta:
        indexes = ((("launch", "measure"), False),)


class OwnWeekCell(BaseModel):
    """A programme's own question in one programme week, as published: the
    sealed dates counted in runs that each add answers of at least
    OUTCOME_MIN_GROUP different people (evaluation/outcome_cells.py)."""

    launch = ForeignKeyField(Launch, on_delete="CASCADE")
    item = CharField()
    week = IntegerField()
    people = IntegerField()  # different people over the whole week
    answers = IntegerField()
    total = IntegerField()
    total_sq = IntegerField()
    counted_at = DateTimeField(default=datetime.utcnow)

    class Meta:
        indexes = ((("launch", "item", "week"), True),)
