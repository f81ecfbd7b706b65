"""Working days in England: weekdays that are not bank holidays.

Pure functions, shared by the notice given of an agenda (``publishing.notice``) and the
call-in period of a decision (``decisions.models``). A clear day leaves out the day an
event happens: counting starts the day after.
"""

import datetime
from functools import cache

import holidays

ONE_DAY = datetime.timedelta(days=1)


@cache
def _bank_holidays(year: int):
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def clear_working_days(start: datetime.date, end: datetime.date) -> int:
    """Working days strictly between ``start`` and ``end``."""
    days = 0
    day = start + ONE_DAY
    while day < end:
        days += is_working_day(day)
        day += ONE_DAY
    return days


def working_days_after(start: datetime.date, count: int) -> datetime.date:
    """The last of ``count`` clear working days after ``start`` (``count`` >= 1)."""
    day = start
    while count:
        day += ONE_DAY
        count -= is_working_day(day)
    return day


def next_working_day(day: datetime.date) -> datetime.date:
    return working_days_after(day, 1)
