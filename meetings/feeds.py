"""Each committee's RSS feeds: its meetings as they are published, and the papers newly
published for them. Public content only, whoever asks."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateformat import format as format_date

from reports.models import Minutes, Report

from .access import PUBLIC
from .models import Committee, Meeting

ITEMS = 30


def start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the council's time zone: a feed's dates are
    moments."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def when(meeting: Meeting) -> str:
    """ "Monday 9 February 2026 at 10.00 am", as the meeting pages print it."""
    day = format_date(meeting.date, "l j F Y")
    return f"{day} at {format_date(meeting.start_time, 'g.i a')}" if meeting.start_time else day


class CommitteeFeed(Feed):
    def get_object(self, request: HttpRequest, slug: str) -> Committee:
        return get_object_or_404(PUBLIC.committees(), slug=slug)

    def link(self, committee: Committee) -> str:
        return committee.get_absolute_url()


class CommitteeMeetingsFeed(CommitteeFeed):
    """A committee's meetings, the latest published first; a cancelled one says so."""

    def title(self, committee: Committee) -> str:
        return f"{committee.name} meetings – {settings.COUNCIL_NAME}"

    def description(self, committee: Committee) -> str:
        return f"Meetings of the {committee.name} as their agendas are published."

    def items(self, committee: Committee):
        return (
            PUBLIC.meetings()
            .filter(committee=committee)
            .select_related("committee")
            .order_by("-published_at", "-date", "-start_time")[:ITEMS]
        )

    def item_title(self, meeting: Meeting) -> str:
        cancelled = " (cancelled)" if meeting.is_cancelled else ""
        return f"{meeting.committee.name}, {when(meeting)}{cancelled}"

    def item_description(self, meeting: Meeting) -> str:
        if meeting.is_cancelled:
            return "This meeting has been cancelled."
        venue = f" in {meeting.venue}" if meeting.venue else ""
        return f"The {meeting.committee.name} meets on {when(meeting)}{venue}."

    def item_pubdate(self, meeting: Meeting) -> datetime.datetime:
        return meeting.published_at or meeting.updated_at


class CommitteePapersFeed(CommitteeFeed):
    """Reports and minutes newly published for a committee's meetings, newest first."""

    def title(self, committee: Committee) -> str:
        return f"{committee.name} papers – {settings.COUNCIL_NAME}"

    def description(self, committee: Committee) -> str:
        return f"Reports and minutes published for meetings of the {committee.name}."

    def items(self, committee: Committee) -> list[Report | Minutes]:
        reports = (
            PUBLIC.reports()
            .filter(document__meeting__committee=committee)
            .select_related("document__meeting__committee")
            .order_by("-document__published_at", "first_page")[:ITEMS]
        )
        minutes = (
            PUBLIC.minutes()
            .filter(meeting__committee=committee)
            .select_related("document", "meeting__committee")
            .order_by("-document__published_at", "first_page")[:ITEMS]
        )
        papers = [*reports, *minutes]
        papers.sort(key=lambda paper: paper.document.published_at, reverse=True)
        return papers[:ITEMS]

    def item_title(self, paper: Report | Minutes) -> str:
        return str(paper)

    def item_description(self, paper: Report | Minutes) -> str:
        meeting = paper.meeting if isinstance(paper, Minutes) else paper.document.meeting
        kind = "Minutes of" if isinstance(paper, Minutes) else "A report to"
        return f"{kind} the {meeting.committee.name} meeting on {when(meeting)}."

    def item_pubdate(self, paper: Report | Minutes) -> datetime.datetime:
        return paper.document.published_at
