"""A waitlist launch's random allocation: start now, or wait the programme's length.

Permuted blocks of four (two "now", two "wait" in a shuffled order), one run of
blocks per stratum (the language the person joined in), so the arms stay
balanced within every language as people arrive. The order of every block
follows from the launch's seed alone (`arm_at`), never from who the person is:
anyone given the seed can recompute each row of the allocation table and check
it (`audit`). The launch row is held while a person is placed, so two people
saying yes at once never take the same place.
"""

import random
import secrets

from peewee import fn

from ..db import lock_row, utc
from ..models import Launch
from ..models.participant import Allocation

BLOCK = ("now", "now", "wait", "wait")
ARMS = ("now", "wait")


def new_seed():
    """A fresh seed for a waitlist launch (recorded on the launch, shown to auditors)."""
    return secrets.token_hex(8)


def block(seed, stratum, number):
    """Block `number` (from 0) of a stratum: a shuffled BLOCK from the seed alone."""
    arms = list(BLOCK)
    random.Random(f"{seed}:{stratum}:{number}").shuffle(arms)
    return arms


def arm_at(seed, stratum, position):
    """The arm at `position` (from 0) of a stratum's sequence."""
    return block(seed, stratum, position // len(BLOCK))[position % len(BLOCK)]


def allocate(enrolment, *, now):
    """Place a person who said yes in a waitlist launch; sets enrolment.arm (not saved)."""
    launch = enrolment.launch
    found = Allocation.get_or_none(Allocation.enrolment == enrolment.id)
    if found is not None:  # said yes again after START: the same arm as before
        enrolment.arm = found.arm
        return found.arm
    lock_row(Launch, launch.id)
    stratum = enrolment.language
    # The next place after the last one taken (an erased person's row is gone,
    # but their place in the sequence stays used).
    last = (
        Allocation.select(fn.MAX(Allocation.position))
        .where(Allocation.launch == launch.id, Allocation.stratum == stratum)
        .scalar()
    )
    position = 0 if last is None else last + 1
    arm = arm_at(launch.allocation_seed, stratum, position)
    Allocation.create(
        launch=launch.id,
        enrolment=enrolment.id,
        stratum=stratum,
        position=position,
        arm=arm,
        allocated_at=utc(now),
    )
    enrolment.arm = arm
    return arm


def audit(launch):
    """Rows of the launch's allocation table that its seed does not give (empty when sound)."""
    return [
        a
        for a in Allocation.select().where(Allocation.launch == launch.id)
        if a.arm != arm_at(launch.allocation_seed, a.stratum, a.position)
        or a.enrolment.arm != a.arm
    ]
