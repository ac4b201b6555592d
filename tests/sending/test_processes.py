"""The long-running processes: logs without phone numbers, the dispatcher loop, stopping."""

import logging
import threading

from service.models import Message
from service.models.messages import SENT
from service.process import PhoneMaskingFormatter, mask_phones
from service.sending.backends import MemoryBackend
from service.tick import run_tick

from .sending_support import NOW


def test_phone_numbers_are_masked_even_in_database_errors():
    detail = "unique constraint\nDETAIL: Key (phone)=(+12025550123) already exists."
    masked = mask_phones(detail)
    assert "2025550123" not in masked and "0123" in masked
    assert mask_phones("to +1 (202) 555-0199 at 2026-11-23 12:00:01, id 123456789") == (
        "to +••• 0199 at 2026-11-23 12:00:01, id 123456789"
    )


def test_the_formatter_masks_tracebacks_too():
    formatter = PhoneMaskingFormatter("%(message)s")
    try:
        raise ValueError("Key (phone)=(+447700900123) already exists")
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "text to %s", ("+15551234567",), True
        )
        import sys

        record.exc_info = sys.exc_info()
    line = formatter.format(record)
    assert "+15551234567" not in line and "447700900123" not in line
    assert "4567" in line and "0123" in line


def test_the_dispatcher_process_sends_until_stopped(app, build):
    from service.dispatch_worker import run

    rows = [build.message() for _ in range(3)]
    stop = threading.Event()

    class StopWhenDone(MemoryBackend):
        def send(self, to, body, *, status_callback=None):
            result = super().send(to, body)
            if len(self.sent) == len(rows):
                stop.set()  # SIGTERM once the queue is empty
            return result

    backend = StopWhenDone()
    passes = run(app.config, stop, backend=backend, now=lambda: NOW)

    assert passes >= 1 and len(backend.sent) == len(rows)
    assert Message.select().where(Message.state == SENT).count() == len(rows)


def test_a_tick_after_a_stop_plans_but_sends_nothing(app, build):
    build.message()
    stop = threading.Event()
    stop.set()
    sms = MemoryBackend()
    summary = run_tick(NOW, app.config, backend=sms, stop=stop)
    assert not summary["dispatched"] and sms.sent == []
