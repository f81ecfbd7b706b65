"""The decisions register and each decision record's page; the forward plan of key
decisions, month by month, and each notice's page."""

import datetime
from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from council_portal.pagecache import page_shows
from meetings.access import access_for
from meetings.months import neighbouring_months
from reports.pdfcut import cut_response

from .forms import DecisionFilterForm
from .models import with_history

PER_PAGE = 25


def register(request: HttpRequest) -> HttpResponse:
    """Every decision a request may see, newest first, filtered by the GET form; a
    decision made is listed by its made record alone, not also by its proposal."""
    page_shows(request, register=True)
    access = access_for(request)
    decisions = access.decisions()
    form = DecisionFilterForm(request.GET or None)
    records = access.register(**form.filters()).order_by("-date", "-reference", "-pk")
    # Page through the ids alone, so a deep page walks an index rather than sorting the
    # records' text, then fetch the page's records by id (not through the filters again,
    # which may hold a full-text search).
    page = Paginator(records.values_list("pk", flat=True), PER_PAGE).get_page(
        request.GET.get("page")
    )
    shown = decisions.select_related("meeting__committee").in_bulk(page.object_list)
    page.object_list = [shown[pk] for pk in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return TemplateResponse(request, "decisions/register.html", context)


def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A decision record, where it stands in its life (proposed, made, call-in) and the
    other records of the same decision the request may see."""
    visible = access_for(request).decisions()
    record = get_object_or_404(
        visible.with_document("meeting__committee", "agenda_item__meeting__committee"),
        pk=pk,
    )
    page_shows(request, meetings=[record.meeting_id, getattr(record.document, "meeting_id", None)])
    with_history([record], visible)
    report = None
    if record.report_id:
        report = access_for(request).reports().filter(pk=record.report_id).first()
    councillors = (
        access_for(request).members().mentioned_in(record.decision_maker, record.approved_by)
    )
    return TemplateResponse(
        request,
        "decisions/decision_detail.html",
        {"record": record, "report": report, "councillors": councillors},
    )


def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(
        access_for(request).decisions().filter(document__isnull=False, first_page__isnull=False),
        pk=pk,
    )
    return cut_response(request, record.pdf_parts(), f"decision-{pk}.pdf")


def _notices(request: HttpRequest):
    """The forward plan notices a request may see. A notice's decision record and report
    are fetched through the request's access: one it may not read comes back as None."""
    access = access_for(request)
    return access.forward_plan().prefetch_related(
        Prefetch("decision", queryset=access.decisions()),
        Prefetch("report", queryset=access.reports()),
    )


def _plan_page(request: HttpRequest, notices, context: dict) -> HttpResponse:
    months = [
        (month, list(group))
        for month, group in groupby(notices, key=lambda n: n.expected_date.replace(day=1))
    ]
    all_months = _notices(request).months()
    return TemplateResponse(
        request,
        "decisions/forward_plan.html",
        {"groups": months, "months": all_months, **context},
    )


def forward_plan(request: HttpRequest) -> HttpResponse:
    """The coming months of the forward plan, from the first of this month on."""
    this_month = timezone.localdate().replace(day=1)
    notices = _notices(request).from_month(this_month).order_by("expected_date", "pk")
    return _plan_page(request, notices, {"from_month": this_month})


def forward_plan_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """The notices of decisions expected in one month."""
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        raise Http404("No such month.")
    first = datetime.date(year, month, 1)
    notices = _notices(request).in_month(first).order_by("expected_date", "pk")
    previous, following = neighbouring_months(_notices(request), "expected_date", first)
    context = {"month": first, "previous": previous, "next": following}
    return _plan_page(request, notices, context)


def forward_plan_notice(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(_notices(request), pk=pk)
    return TemplateResponse(request, "decisions/forward_plan_notice.html", {"notice": notice})
