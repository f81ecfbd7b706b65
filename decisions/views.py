"""The decisions register and each decision record's page."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from meetings.access import access_for
from reports.pdfcut import cut_response

from .forms import DecisionFilterForm

PER_PAGE = 25


def register(request: HttpRequest) -> HttpResponse:
    """Every decision record a request may see, newest first, filtered by the GET form."""
    decisions = access_for(request).decisions()
    form = DecisionFilterForm(request.GET or None)
    records = decisions.matching(**form.filters()).order_by("-date", "-reference", "-pk")
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
    record = get_object_or_404(
        access_for(request)
        .decisions()
        .select_related("meeting__committee", "agenda_item__meeting__committee", "document"),
        pk=pk,
    )
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
