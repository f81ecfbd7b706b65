"""RSS feeds: the latest decisions (filtered as the register is), each committee's
meetings and the papers newly published for them, and any search. Public content only,
whoever asks."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import Truncator

from council_portal.pagecache import page_shows
from decisions.forms import DecisionFilterForm
from decisions.models import DecisionRecord
from meetings.access import PUBLIC
from meetings.models import Committee, Meeting
from reports.models import Minutes, Report
from search.forms import SearchForm
from search.index import Hit, search

ITEMS = 30


def start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the council's time zone: a feed's dates are
    moments."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def when(meeting: Meeting) -> str:
    """The meeting's day and time as the meeting pages print them ("Monday 9 February
    2026 at 10.00 a.m.")."""
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
            .with_document("document__meeting__committee")
            .order_by("-document__published_at", "first_page")[:ITEMS]
        )
        minutes = (
            PUBLIC.minutes()
            .filter(meeting__committee=committee)
            .with_document("meeting__committee")
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


class DecisionsFeed(Feed):
    """Newest published first; public records only, whoever asks."""

    def get_object(self, request: HttpRequest) -> DecisionFilterForm:
        page_shows(request, register=True)
        form = DecisionFilterForm(request.GET or None)
        form.query = request.GET.urlencode()
        return form

    def title(self, form: DecisionFilterForm) -> str:
        return f"Decisions – {settings.COUNCIL_NAME}"

    def description(self, form: DecisionFilterForm) -> str:
        narrowed = " matching the register's filters" if form.query else ""
        return f"The latest decision records published{narrowed}."

    def link(self, form: DecisionFilterForm) -> str:
        register = reverse("decisions:register")
        return f"{register}?{form.query}" if form.query else register

    def items(self, form: DecisionFilterForm):
        return (
            PUBLIC.register(**form.filters())
            .select_related("meeting__committee")
            .order_by("-published_on", "-date", "-pk")[:ITEMS]
        )

    def item_title(self, record: DecisionRecord) -> str:
        status = "" if record.status == record.Status.MADE else f" ({record.get_status_display()})"
        return f"{record.title}{status}"

    def item_description(self, record: DecisionRecord) -> str:
        return Truncator(record.decision or record.title).words(80)

    def item_author_name(self, record: DecisionRecord) -> str:
        return record.decision_maker

    def item_pubdate(self, record: DecisionRecord) -> datetime.datetime | None:
        day = record.published_on or record.date
        return start_of(day) if day else None


class SearchFeed(Feed):
    def get_object(self, request: HttpRequest) -> SearchForm:
        form = SearchForm(request.GET)
        form.query = request.GET.urlencode()
        return form

    def title(self, form: SearchForm) -> str:
        words = form.cleaned_data.get("q") if form.is_valid() else ""
        return f"Search for “{words}” – {settings.COUNCIL_NAME}"

    def description(self, form: SearchForm) -> str:
        return "The newest papers, decisions and agenda items matching a search."

    def link(self, form: SearchForm) -> str:
        return f"{reverse('search:search')}?{form.query}"

    def items(self, form: SearchForm) -> list[Hit]:
        if not (form.is_valid() and form.cleaned_data["q"]):
            return []
        return search(form.cleaned_data["q"], form.filters(), sort="newest").hits

    def item_title(self, hit: Hit) -> str:
        return hit.entry.title

    def item_description(self, hit: Hit) -> str:
        details = [hit.entry.get_kind_display(), hit.entry.page_label, hit.committee_name]
        return f"{', '.join(part for part in details if part)}: {hit.snippet}"

    def item_link(self, hit: Hit) -> str:
        return hit.entry.url

    def item_pubdate(self, hit: Hit) -> datetime.datetime | None:
        return start_of(hit.entry.date) if hit.entry.date else None
