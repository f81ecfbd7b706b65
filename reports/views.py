"""Papers as accessible pages: a report, an appendix or minutes, page by page, and PDFs.

A paper's page shows its text with the pack's own page numbers as anchors ("Page 37"
is ``#page-37``), so a councillor's "see page 37" works, and links its PDF.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from council_portal.pagecache import page_shows
from meetings.access import access_for

from .pdfcut import cut_response
from .textblocks import shown_pages

PAPERS = {
    "report": ("reports", "Report"),
    "appendix": ("appendices", "Appendix"),
    "minutes": ("minutes", "Minutes"),
}


def paper_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    paper = _paper(request, kind, pk)
    page_shows(request, meetings=[paper.document.meeting_id, getattr(paper, "meeting_id", None)])
    pages = shown_pages(
        paper.document.pages.filter(number__gte=paper.first_page, number__lte=paper.last_page)
    )
    context = {"paper": paper, "kind": kind, "pages": pages}
    if kind == "report":
        # Its appendices as the request may see them: an exempt one only for councillors.
        context["appendices"] = access_for(request).appendices().filter(report=paper)
    if kind == "minutes":
        context["attendances"] = paper.attendances.select_related("member")
        context["minute_items"] = paper.items.select_related("agenda_item__meeting__committee")
        context["decisions"] = access_for(request).current_decisions().filter(meeting=paper.meeting)
    return TemplateResponse(request, f"reports/{kind}_detail.html", context)


def paper_pdf(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    paper = _paper(request, kind, pk)
    return cut_response(request, paper.pdf_parts(), f"{kind}-{pk}.pdf")


def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A whole pack as published; for the public, without the pages of exempt items."""
    access = access_for(request)
    document = get_object_or_404(access.documents().select_related("meeting"), pk=pk)
    parts = document.pdf_parts(public=not access.sees_exempt)
    if not parts:
        raise Http404("Every page of this document is exempt.")
    name = document.original_name if access.sees_exempt else f"public-{document.original_name}"
    return cut_response(request, parts, name)


def _paper(request: HttpRequest, kind: str, pk: int):
    access = access_for(request)
    queryset = getattr(access, PAPERS[kind][0])().with_document("document__meeting__committee")
    related = {
        "report": ["agenda_item"],
        "appendix": ["report__agenda_item"],
        "minutes": ["meeting__committee", "agenda_item"],
    }[kind]
    queryset = queryset.select_related(*related)
    return get_object_or_404(queryset, pk=pk)
