"""Data about people as it leaves, is accounted for, or is let go. No Flask here.

- `inventory.py`: every column, what it holds, its retention and its erasure (docs/data.md).
- `erasure.py`: forgetting a person, in two steps, driven by the inventory.
- `retention.py`: the clock's pass that lets old bodies, notes and inactive people go.
- `research.py`: the export that identifies no one, and its register.
- `exports.py`: CSV exports with pseudonymous ids, no phone numbers.
- `audit.py`: the audit log: who did what to whose data, and when.
"""

from .clock import settings_for, tick

__all__ = ["settings_for", "tick"]
