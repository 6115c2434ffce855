"""Date arithmetic that stays inside the calendar: the one way SST moves a date by some days.

`date + timedelta` raises OverflowError past 9999-12-31 (or before 0001-01-01); a strategy
or an `--as-of` near either end must still check, list what is due and draw.
"""

from __future__ import annotations

from datetime import date, timedelta


def add_days(when: date, days: int) -> date:
    """`when` moved by `days` (negative: earlier), stopping at the first or last day there is."""
    try:
        return when + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min
