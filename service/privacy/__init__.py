"""Data about people as it leaves, is accounted for, or is let go. No Flask here.

- `inventory.py`: every column, what it holds, its retention and its erasure (docs/data.md).
- `erasure.py`: forgetting a person, or one organisation's rows about them, in two steps.
- `retention.py`: the clock's pass that lets old bodies, notes and inactive people go.
- `clock.py`: what the clock's pass does for privacy (erasures, then retention).
- `research.py`: the export that identifies no one, and its register.
- `exports.py`: CSV exports with pseudonymous ids, no phone numbers.
- `audit.py`: the audit log: who did what to whose data, and when.
"""
