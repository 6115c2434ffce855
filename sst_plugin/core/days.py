"""Date arithmetic that stays inside the calendar: the one way SST moves a date by some days.

`date + timedelta` raises OverflowError past 9999-12-31 (or before 0001-01-01); a strategy
or an `--as-of` near either end must still check, list what is due and draw.
"""

from __future__ import annotations

from datetime import date, timedelta

# the most days that may pass between two measurements of a KPI, by its `frequency`, and between
# two reviews of a battle, by its `review_cadence` (a month is 31 days, a quarter 92): what is
# due and what is stale are both read from these
FREQUENCY_DAYS = {"weekly": 7, "monthly": 31, "quarterly": 92}
CADENCE_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 31}


def add_days(when: date, days: int) -> date:
    """`when` moved by `days` (negative: earlier), stopping at the first or last day there is."""
    try:
        return when + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def month_end(day: date) -> date:
    """The last day of DAY's month (31 December 9999 included)."""
    if day.month == 12:
        return date(day.year, 12, 31)
    return add_days(date(day.year, day.month + 1, 1), -1)
