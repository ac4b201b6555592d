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
    counted_at = DateTimeField(default=datetime.utcnow)

    class Meta:
        indexes = ((("launch", "measure"), False),)
