"""Dates and times in the forms council papers print them."""

import datetime as dt


def ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def long_date(d: dt.date) -> str:
    """ "Monday, 16th February, 2026", as on a Modern.gov front sheet."""
    return f"{d:%A}, {ordinal(d.day)} {d:%B}, {d.year}"


def plain_date(d: dt.date) -> str:
    """ "16 February 2026"."""
    return f"{d.day} {d:%B %Y}"


def day_date(d: dt.date) -> str:
    """ "Monday, 16 February 2026"."""
    return f"{d:%A}, {plain_date(d)}"


def clock(start_time: str) -> str:
    """ "14:30" as "2.30 pm"."""
    hours, minutes = (int(p) for p in start_time.split(":"))
    half = "am" if hours < 12 else "pm"
    return f"{(hours - 1) % 12 + 1}.{minutes:02d} {half}"


def previous_meeting(d: dt.date, weeks: int = 4) -> dt.date:
    """The same weekday `weeks` weeks earlier."""
    return d - dt.timedelta(weeks=weeks)
