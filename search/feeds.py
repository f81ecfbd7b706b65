"""Any search as an RSS feed: the search page's own GET parameters, newest first, so a
resident can follow a subject ("bus lanes") as papers about it are published. The index
holds public content only (``search.index``)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse

from meetings.feeds import start_of

from .forms import SearchForm
from .index import Hit, search


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
