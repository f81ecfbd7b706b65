"""Meetings as iCalendar (RFC 5545), for calendar apps to subscribe to or import.

Times are in the council's zone (Europe/London) with its VTIMEZONE; a meeting with no
known time is an all-day event. A cancelled meeting stays, as a cancelled event with the
same UID (``meeting-<pk>@<host>``), so a subscriber's calendar marks it cancelled rather
than keeping the event it had.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from meetings.models import Meeting

# How often calendar apps should fetch a subscribed calendar again.
REFRESH = datetime.timedelta(hours=6)
# A subscription carries a year of past meetings and every coming one: enough to look back
# on, without twenty years of archive fetched every six hours.
YEAR_BACK = datetime.timedelta(days=366)


def recent(meetings):
    """The meetings a subscribed calendar carries: from a year ago on."""
    return meetings.filter(date__gte=timezone.localdate() - YEAR_BACK)


def meeting_event(meeting: Meeting, request: HttpRequest) -> Event:
    host = request.get_host().partition(":")[0]
    url = request.build_absolute_uri(meeting.get_absolute_url())
    zone = timezone.get_default_timezone()
    if meeting.start_time:
        start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone)
        end = None  # the papers give no finishing time
    else:
        start, end = meeting.date, meeting.date + datetime.timedelta(days=1)
    cancelled = meeting.is_cancelled
    lines = ["This meeting has been cancelled."] if cancelled else []
    lines += [f"Agenda and papers: {url}"]
    if meeting.enquiries:
        lines.append(f"Enquiries: {meeting.enquiries}")
    return Event.new(
        uid=f"meeting-{meeting.pk}@{host}",
        summary=f"{'Cancelled: ' if cancelled else ''}{meeting.committee.name}",
        start=start,
        end=end,
        location=meeting.venue or None,
        description="\n".join(lines),
        url=url,
        status="CANCELLED" if cancelled else "CONFIRMED",
        # Cancelling is the one change a calendar must take over the copy it holds.
        sequence=1 if cancelled else 0,
        stamp=meeting.updated_at,
        last_modified=meeting.updated_at,
    )


def calendar_response(
    request: HttpRequest, meetings, *, name: str, uid: str, filename: str | None = None
) -> HttpResponse:
    """``meetings`` as a calendar named ``name``: subscribed to, or with ``filename``
    downloaded as a file to import."""
    host = request.get_host().partition(":")[0]
    calendar = Calendar.new(
        name=f"{name} – {settings.COUNCIL_NAME}",
        prodid=f"-//{settings.COUNCIL_NAME}//Committee papers//EN",
        uid=f"{uid}@{host}",
        refresh_interval=REFRESH,
        method="PUBLISH",
        subcomponents=[meeting_event(meeting, request) for meeting in meetings],
    )
    calendar.add("X-PUBLISHED-TTL", REFRESH)  # REFRESH-INTERVAL as Outlook reads it
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
