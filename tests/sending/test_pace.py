"""The sending rate shared through the database by any number of dispatchers."""

import time

import pytest

from service.models import SendPace
from service.sending.backends import MemoryBackend
from service.sending.dispatcher import MISSED, _send_at
from service.sending.pace import SharedPace, reserve


class Wall:
    """A wall clock that moves only when told to."""

    def __init__(self, t=1_000_000.0):
        self.t = t

    def __call__(self):
        return self.t


def test_reservations_follow_one_another_and_restart_after_idle(app):
    assert reserve("+15005550006", 3, 0.1, 100.0) == 100.0
    assert reserve("+15005550006", 2, 0.1, 100.0) == pytest.approx(100.3)
    assert reserve("+15005550006", 1, 0.1, 100.1) == pytest.approx(100.5)
    # Idle for a while: the next moment is now, not a backlog of past ones.
    assert reserve("+15005550006", 1, 0.1, 500.0) == 500.0
    # Another sender has its own pace.
    assert reserve("MG" + "a" * 32, 1, 0.1, 100.0) == 100.0
    assert SendPace.select().count() == 2


def test_three_dispatchers_share_one_rate(app):
    wall = Wall()
    paces = [SharedPace("+15005550006", 50, clock=wall) for _ in range(3)]
    moments = []
    for turn in range(300):
        # The dispatchers ask in turn, each as if it had plenty to send.
        moments.extend(paces[turn % 3].take(4))
    moments.sort()
    gaps = [b - a for a, b in zip(moments, moments[1:], strict=False)]
    assert min(gaps) >= 0.02 - 1e-9  # never closer than 1/rate
    assert max(gaps) <= 0.02 / 0.98 + 1e-9  # and no closer than needed
    assert len(set(moments)) == len(moments)


def test_a_block_is_at_most_a_fifth_of_a_second_of_sending(app):
    pace = SharedPace("+15005550006", 100, clock=Wall())
    assert len(pace.take(1000)) == 20
    assert len(pace.take(3)) == 3


def test_a_worker_late_for_its_moment_does_not_send(app):
    sms = MemoryBackend()
    assert _send_at(sms, time.time() - 0.5, "+12025550123", "hi") is MISSED
    assert sms.sent == []
    result = _send_at(sms, time.time() + 0.01, "+12025550123", "hi")
    assert result is not MISSED and sms.sent == [("+12025550123", "hi")]


def test_rate_must_be_positive():
    with pytest.raises(ValueError):
        SharedPace("x", 0)
