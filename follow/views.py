"""Calendars of meetings (``follow.calendars``) and CSV downloads (``follow.downloads``).
Public content only, from ``meetings.access.PUBLIC``, whoever asks."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from council_portal.pagecache import page_shows
from decisions.forms import DecisionFilterForm
from decisions.models import DecisionRecord
from meetings.access import PUBLIC
from meetings.models import Meeting

from .calendars import calendar_response, recent
from .downloads import csv_response


def meetings_calendar(request: HttpRequest) -> HttpResponse:
    """Every committee's public meetings as a calendar to subscribe to."""
    meetings = recent(PUBLIC.meetings()).select_related("committee").order_by("date", "start_time")
    return calendar_response(request, meetings, name="Council meetings", uid="meetings")


def committee_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """One committee's public meetings as a calendar to subscribe to."""
    committee = get_object_or_404(PUBLIC.committees(), slug=slug)
    meetings = recent(PUBLIC.meetings().filter(committee=committee)).select_related("committee")
    return calendar_response(
        request,
        meetings.order_by("date", "start_time"),
        name=f"{committee.name} meetings",
        uid=f"committee-{committee.slug}",
    )


def meeting_calendar(request: HttpRequest, slug: str, date: str) -> HttpResponse:
    """The meeting a meeting page shows, as a file to add to a calendar."""
    meeting = PUBLIC.meetings().at_address(slug, date)
    if meeting is None:
        raise Http404("No such meeting.")
    return calendar_response(
        request,
        [meeting],
        name=str(meeting),
        uid=f"meeting-{meeting.pk}-file",
        filename=f"{meeting.committee.slug}-{meeting.date}.ics",
    )


def meetings_csv(request: HttpRequest) -> HttpResponse:
    """Every public meeting, newest first."""
    meetings = PUBLIC.meetings().select_related("committee").order_by("-date", "-start_time", "pk")
    rows = (
        [*meeting.csv_row(), request.build_absolute_uri(meeting.get_absolute_url())]
        for meeting in meetings.iterator(chunk_size=2000)
    )
    return csv_response("meetings.csv", [*Meeting.CSV_HEADER, "Web page"], rows)


def decisions_csv(request: HttpRequest) -> HttpResponse:
    """The decisions register, filtered as the register page is by the same GET
    parameters, in the register's order."""
    page_shows(request, register=True)
    form = DecisionFilterForm(request.GET or None)
    records = (
        PUBLIC.register(**form.filters())
        .select_related("meeting__committee")
        .order_by("-date", "-reference", "-pk")
    )
    rows = (
        [*record.csv_row(), request.build_absolute_uri(record.get_absolute_url())]
        for record in records.iterator(chunk_size=2000)
    )
    return csv_response("decisions.csv", [*DecisionRecord.CSV_HEADER, "Web page"], rows)
