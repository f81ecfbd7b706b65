"""The search page: papers, decisions and agenda items, through ``search.index.search``,
rendered with ``search/search.html``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from .forms import SearchForm
from .index import search


def search_page(request: HttpRequest) -> HttpResponse:
    """Search papers, decisions and agenda items; GET parameters, so results can be shared."""
    form = SearchForm(request.GET)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        try:
            page = int(request.GET.get("page", "1"))
        except ValueError:
            page = 1
        results = search(
            form.cleaned_data["q"],
            form.filters(),
            sort=form.cleaned_data.get("sort") or "relevance",
            page=min(max(page, 1), 10_000),
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "results": results, "query": query.urlencode()}
    return TemplateResponse(request, "search/search.html", context)
