"""Keeping to a sender's rate across every dispatcher process (SharedPace).

Twilio queues or refuses what a number sends above its rate, so dispatchers
start requests no faster than SEND_RATE. With several dispatchers on several
machines, one row per sender in the database (SendPace) holds the next free
sending moment; each dispatcher reserves a small block of moments from it in
one atomic statement, and its workers start requests on them. A moment a
worker reaches more than LATE_SECONDS late (the process was busy) is given
up, not used on top of another dispatcher's; one reserved by a dispatcher
that then died is simply lost.

Moments are spaced for HEADROOM of the rate, so that even requests started
up to LATE_SECONDS after their moments never put more than the rate r into
any one-second window: at most floor(0.98 r (1 + 0.02)) + 1 <= r.
"""

import time

from peewee import fn

from ..db import is_postgres, write_transaction
from ..models import SendPace

# How much sending time one reservation covers: short, so that dispatchers
# share the rate finely and a dead one wastes little.
BLOCK_SECONDS = 0.2
# The share of the rate moments are spaced for, and how late a moment may
# still be used; together they keep any one-second window within the rate.
HEADROOM = 0.98
LATE_SECONDS = 0.02


def reserve(sender, count, interval, now):
    """Reserve `count` sending moments of `sender` from Unix time `now`; return the first."""
    step = count * interval
    greatest = fn.GREATEST if is_postgres() else fn.MAX
    with write_transaction():
        rows = list(
            SendPace.insert(sender=sender, next_at=now + step)
            .on_conflict(
                conflict_target=[SendPace.sender],
                update={SendPace.next_at: greatest(SendPace.next_at, now) + step},
            )
            .returning(SendPace.next_at)
            .tuples()
            .execute()
        )
    return rows[0][0] - step


class SharedPace:
    """This process's share of a sender's rate, reserved from the database.

    Used from one thread (the dispatcher's). `take(n)` reserves the next
    moments requests may start at, in Unix seconds; a worker waits for its
    moment and gives it up if it is more than LATE_SECONDS late.
    """

    def __init__(self, sender, rate, *, clock=time.time, block_seconds=BLOCK_SECONDS):
        if not rate or rate <= 0:
            raise ValueError("rate must be a positive number of messages per second")
        self.sender = sender
        self.interval = 1.0 / (rate * HEADROOM)
        self.block = max(1, int(rate * block_seconds))
        self._clock = clock

    def take(self, count):
        """Reserve the next min(count, block) moments for this process; return them."""
        count = min(max(1, count), self.block)
        first = reserve(self.sender, count, self.interval, self._clock())
        return [first + i * self.interval for i in range(count)]
