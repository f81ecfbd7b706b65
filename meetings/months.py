"""The month pages' neighbours: the nearest month before and after that holds anything,
so that "earlier" and "later" links lead somewhere and end where the records end."""

from __future__ import annotations

import datetime

from django.db.models import Max, Min, Q, QuerySet


def neighbouring_months(
    rows: QuerySet, field: str, month: datetime.date
) -> tuple[datetime.date | None, datetime.date | None]:
    """The first day of the nearest month before ``month`` and after it in which one of
    ``rows`` falls (by its date ``field``); None where there is none."""
    following = (month + datetime.timedelta(days=31)).replace(day=1)
    found = rows.order_by().aggregate(
        before=Max(field, filter=Q(**{f"{field}__lt": month})),
        after=Min(field, filter=Q(**{f"{field}__gte": following})),
    )
    return tuple(day.replace(day=1) if day else None for day in (found["before"], found["after"]))
