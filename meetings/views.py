"""Public pages about committees and their meetings, and the agenda of each meeting.

Every view asks ``access_for(request)`` what it may show; none decides that itself.
"""

from __future__ import annotations

import calendar
import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from council_portal.pagecache import page_shows
from reports.pdfcut import cut_response

from .access import access_for
from .models import Meeting, Member, Membership
from .months import neighbouring_months
from .papers import meeting_papers
from .people import person_sort_key


def home(request: HttpRequest) -> HttpResponse:
    """The next meetings, the latest decisions and a search box."""
    access = access_for(request)
    meetings = access.meetings().select_related("committee")
    today = timezone.localdate()
    decisions = access.decisions().select_related("meeting__committee").order_by("-date", "-pk")
    context = {
        "upcoming": meetings.upcoming(today)[:6],
        "recent": meetings.filter(date__lt=today).order_by("-date", "-start_time")[:6],
        "decisions": decisions.filter(status="made")[:8],
    }
    return TemplateResponse(request, "meetings/home.html", context)


def committee_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    visible = access.meetings()
    committees = (
        access.committees()
        .filter(is_active=True)
        .annotate(meeting_count=Count("meetings", filter=Q(meetings__in=visible)))
    )
    return TemplateResponse(request, "meetings/committee_list.html", {"committees": committees})


def committee_detail(request: HttpRequest, slug: str, year: int | None = None) -> HttpResponse:
    """A committee and its meetings, one year at a time (the latest by default)."""
    access = access_for(request)
    committee = get_object_or_404(access.committees(), slug=slug)
    page_shows(request, committee=committee.pk)
    meetings = access.meetings().filter(committee=committee)
    years = list(
        meetings.annotate(year=ExtractYear("date"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    if year is None:
        year = years[0] if years else timezone.localdate().year
    elif year not in years:
        raise Http404("No meetings that year.")
    context = {
        "committee": committee,
        "year": year,
        "years": years,
        "meetings": meetings.filter(date__year=year)
        .select_related("committee")
        .order_by("date", "start_time"),
        "caption": f"{committee.name} meetings in {year}",
    }
    return TemplateResponse(request, "meetings/committee_detail.html", context)


def meeting_detail(request: HttpRequest, slug: str, date: str) -> HttpResponse:
    access = access_for(request)
    meeting = _meeting(access, slug, date)
    page_shows(request, meetings=[meeting.pk])
    papers = meeting_papers(meeting, access)
    context = {"meeting": meeting, "papers": papers, "today": timezone.localdate()}
    return TemplateResponse(request, "meetings/meeting_detail.html", context)


def agenda_item_detail(request: HttpRequest, slug: str, date: str, number: str) -> HttpResponse:
    meeting, entry = _agenda_item(request, slug, date, number)
    return TemplateResponse(
        request, "meetings/agenda_item.html", {"meeting": meeting, "entry": entry}
    )


def agenda_item_pdf(request: HttpRequest, slug: str, date: str, number: str) -> HttpResponse:
    """The item's pages alone, cut from the stored packs; refused for an exempt item."""
    meeting, entry = _agenda_item(request, slug, date, number)
    parts = entry.pdf_parts() if entry.readable else []
    if not parts:
        raise Http404("This item has no papers to download.")
    filename = f"{meeting.committee.slug}-{meeting.date}-item-{number}.pdf"
    return cut_response(request, parts, filename)


def calendar_redirect(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return redirect("meetings:calendar", year=today.year, month=today.month)


def calendar_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """Every meeting in a month, day by day."""
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        raise Http404("No such month.")
    first = datetime.date(year, month, 1)
    last = first.replace(day=calendar.monthrange(year, month)[1])
    every = access_for(request).meetings()
    meetings = (
        every.filter(date__range=(first, last))
        .select_related("committee")
        .order_by("date", "start_time", "committee__name")
    )
    previous, following = neighbouring_months(every, "date", first)
    context = {
        "month": first,
        "month_label": f"{first:%B %Y}",
        "meetings": meetings,
        "previous": previous,
        "next": following,
    }
    return TemplateResponse(request, "meetings/calendar.html", context)


def councillor_list(request: HttpRequest) -> HttpResponse:
    """Every councillor, current ones first, by surname (``person_sort_key``), with party,
    ward and attendance."""
    access = access_for(request)
    members = sorted(
        access.members().with_attendance(access.attendances()),
        key=lambda member: (not member.is_current, person_sort_key(member.name)),
    )
    return TemplateResponse(request, "meetings/councillor_list.html", {"members": members})


def councillor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A councillor: committees and roles, attendance at published meetings, the public
    decisions they took, and their register of interests."""
    access = access_for(request)
    member = access.members().filter(slug=slug).first()
    if member is None:
        renamed = access.members().once_at(slug)
        if renamed is None:
            raise Http404("No such councillor.")
        return redirect(renamed, permanent=True)
    attendances = list(member.attendance_at(access.attendances()))
    context = {
        "member": member,
        "memberships": member.memberships.select_related("committee").filter(
            committee__in=access.committees()
        ),
        "attendances": attendances,
        "attended": sum(a.status == a.Status.PRESENT for a in attendances),
        "decisions": access.decisions()
        .taken_by(member)
        .select_related("meeting__committee")
        .order_by("-date", "-pk"),
    }
    return TemplateResponse(request, "meetings/councillor_detail.html", context)


def councillor_interests(request: HttpRequest, slug: str) -> HttpResponse:
    """The councillor's register of interests as uploaded: a public document, served by
    itself (the rest of the uploaded files are not)."""
    member = get_object_or_404(access_for(request).members(), slug=slug)
    if not member.register_of_interests:
        raise Http404("No register of interests has been published.")
    return FileResponse(
        member.register_of_interests.open("rb"),
        content_type="application/pdf",
        filename=f"{member.slug}-register-of-interests.pdf",
    )


@login_required
def my_meetings(request: HttpRequest) -> HttpResponse:
    """The signed-in councillor's coming meetings, those of the committees they sit on,
    each with its agenda and papers; every coming meeting when they are no member."""
    access = access_for(request)
    member = Member.objects.filter(user=request.user).first()
    meetings = access.meetings().upcoming().select_related("committee")
    if member is not None:
        current = Membership.objects.filter(member=member).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate())
        )
        meetings = meetings.filter(committee__memberships__in=current).distinct()
    context = {
        "member": member,
        "meetings": [(meeting, meeting_papers(meeting, access)) for meeting in meetings[:12]],
    }
    return TemplateResponse(request, "meetings/my_meetings.html", context)


def _agenda_item(request: HttpRequest, slug: str, date: str, number: str):
    access = access_for(request)
    meeting = _meeting(access, slug, date)
    page_shows(request, meetings=[meeting.pk])
    entry = meeting_papers(meeting, access).item(number)
    if entry is None:
        raise Http404("No such agenda item.")
    return meeting, entry


def _meeting(access, slug: str, date: str) -> Meeting:
    meeting = access.meetings().at_address(slug, date)
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting
