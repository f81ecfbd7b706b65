"""Feeds, calendars, CSV downloads, the sitemap and robots.txt, each beside the pages it
follows."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.generic import TemplateView

import meetings.urls  # noqa: F401  (registers the "isodate" converter)

from . import feeds, views
from .sitemaps import SITEMAPS

app_name = "follow"
urlpatterns = [
    path("decisions/feed/", feeds.DecisionsFeed(), name="decisions_feed"),
    path("decisions/decisions.csv", views.decisions_csv, name="decisions_csv"),
    path("search/feed/", feeds.SearchFeed(), name="search_feed"),
    path(
        "committees/<slug:slug>/meetings/feed/",
        feeds.CommitteeMeetingsFeed(),
        name="committee_meetings_feed",
    ),
    path(
        "committees/<slug:slug>/papers/feed/",
        feeds.CommitteePapersFeed(),
        name="committee_papers_feed",
    ),
    path(
        "committees/<slug:slug>/meetings.ics", views.committee_calendar, name="committee_calendar"
    ),
    path(
        "committees/<slug:slug>/<isodate:date>/meeting.ics",
        views.meeting_calendar,
        name="meeting_calendar",
    ),
    path("meetings/meetings.ics", views.meetings_calendar, name="meetings_calendar"),
    path("meetings/meetings.csv", views.meetings_csv, name="meetings_csv"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "follow:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]
