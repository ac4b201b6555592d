"""How programmes are going, in figures. No Flask here: the clock, the status
webhook and the dashboard call these.

- `rollups.py`: settled days counted once (texts and answers per launch and day).
- `outcomes.py`: a launch's outcome report (screeners before and after, own items by week).
"""
