"""The decisions register as an RSS feed: the latest public decision records, filtered by
the register's own GET parameters, so any view of the register can be followed."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.text import Truncator

from meetings.access import PUBLIC
from meetings.feeds import start_of

from .forms import DecisionFilterForm
from .models import DecisionRecord

ITEMS = 30


class DecisionsFeed(Feed):
    """Newest published first; public records only, whoever asks."""

    def get_object(self, request: HttpRequest) -> DecisionFilterForm:
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
            PUBLIC.decisions()
            .in_register(**form.filters())
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
