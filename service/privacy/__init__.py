"""Data about people as it leaves or is accounted for. No Flask here.

- `exports.py`: CSV exports with pseudonymous ids, no phone numbers.
- `audit.py`: the audit log: who did what to whose data, and when.
"""
