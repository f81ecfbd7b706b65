"""The decisions register and each decision record's page."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from meetings.access import access_for
from reports.pdfcut import cut_response

from .forms import DecisionFilterForm
from .models import with_history

PER_PAGE = 25


def register(request: HttpRequest) -> HttpResponse:
    """Every decision a request may see, newest first, filtered by the GET form; a
    decision made is listed by its made record alone, not also by its proposal."""
    decisions = access_for(request).decisions()
    form = DecisionFilterForm(request.GET or None)
    records = (
        decisions.current(decisions)
        .matching(**form.filters())
        .order_by("-date", "-reference", "-pk")
    )
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
        visible.select_related("meeting__committee", "agenda_item__meeting__committee", "document"),
        pk=pk,
    )
    with_history([record], visible)
    report = None
    if record.report_id:
        report = access_for(request).reports().filter(pk=record.report_id).first()
    return TemplateResponse(
        request, "decisions/decision_detail.html", {"record": record, "report": report}
    )


def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(
        access_for(request).decisions().filter(document__isnull=False, first_page__isnull=False),
        pk=pk,
    )
    return cut_response(request, record.pdf_parts(), f"decision-{pk}.pdf")
