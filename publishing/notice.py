"""How much notice the public had of an agenda.

Local Government Act 1972, s.100B: an agenda and its reports are open to inspection at
least five clear days before the meeting. Clear days leave out the day the agenda is
published and the day of the meeting; councils count working days, so weekends and
bank holidays in England do not count either.
"""

import datetime

from meetings.working_days import clear_working_days

REQUIRED_CLEAR_DAYS = 5


def short_notice(published: datetime.date, meeting: datetime.date) -> str:
    """A warning when publishing on ``published`` gives less notice than s.100B asks; none
    for a meeting already held (its papers are published for the record)."""
    if meeting < published:
        return ""
    days = clear_working_days(published, meeting)
    if days >= REQUIRED_CLEAR_DAYS:
        return ""
    return (
        f"Publishing today gives {days} clear working day{'s' if days != 1 else ''} before "
        f"the meeting; the Local Government Act 1972 (s.100B) asks for at least "
        f"{REQUIRED_CLEAR_DAYS}. Publish anyway only if the chair has agreed the item as "
        "urgent, and give the reason."
    )
