"""How much notice the public had of an agenda, and of a key decision.

Local Government Act 1972, s.100B: an agenda and its reports are open to inspection at
least five clear days before the meeting. Clear days leave out the day the agenda is
published and the day of the meeting; councils count working days, so weekends and
bank holidays in England do not count either.

The Local Authorities (Executive Arrangements) (Meetings and Access to Information)
(England) Regulations 2012: a key decision is announced in the forward plan at least 28
clear days before it is taken (reg. 9), and so is the intention to take a decision in
private (reg. 5). These are calendar days: only the day of the notice and the day of the
decision are left out.
"""

import datetime

from meetings.working_days import clear_working_days

REQUIRED_CLEAR_DAYS = 5
KEY_DECISION_CLEAR_DAYS = 28


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


def clear_days(published: datetime.date, decision: datetime.date) -> int:
    """Calendar days strictly between a notice and the decision."""
    return max(0, (decision - published).days - 1)


def short_key_decision_notice(
    published: datetime.date, decision: datetime.date, *, key: bool, private: bool
) -> str:
    """A warning when a forward plan notice published on ``published`` gives less notice
    than regs. 9 and 5 ask of a key decision or one to be taken in private; none for
    other decisions, or for a decision expected before the notice (entered for the
    record)."""
    if not (key or private) or decision < published:
        return ""
    days = clear_days(published, decision)
    if days >= KEY_DECISION_CLEAR_DAYS:
        return ""
    needs = "a key decision (reg. 9)" if key else "a decision to be taken in private (reg. 5)"
    return (
        f"The notice gives {days} clear day{'s' if days != 1 else ''} before the decision is "
        f"expected; the 2012 Regulations ask for at least {KEY_DECISION_CLEAR_DAYS} for "
        f"{needs}. Unless the date moves, it needs the general exception or special urgency "
        "procedure (regs. 10 and 11)."
    )
