"""Following the council without visiting it: RSS feeds, iCalendar subscriptions, CSV
downloads, the sitemap and robots.txt. Public content only, cached like pages."""

import csv
import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from decisions.models import DecisionRecord
from follow.downloads import cell
from meetings.models import Meeting
from packs.writing import sample_pack
from publishing.imports import pack_import
from publishing.services import meeting_corrected, public_content_changed
from reports.models import Report

from .walk import text_of

MARKER = "quokka-lantern-5521"  # in every exempt paper of the councillors' pack
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def published(media) -> Meeting:
    """A published Cabinet meeting whose exempt item's papers (the councillors' pack) hold
    ``MARKER``."""
    pack = sample_pack(
        committee="Cabinet",
        meeting_date=datetime.date(2026, 2, 9),
        seed=5,
        exempt_text=f"The confidential valuation is {MARKER}.",
    )
    return pack_import(source=pack.pdf, filename=pack.filename, publish=True).meeting


@pytest.fixture
def draft(published) -> Meeting:
    return Meeting.objects.create(committee=published.committee, date=datetime.date(2026, 3, 9))


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


def minuted(published: Meeting) -> Meeting:
    """The earlier meeting the pack's minutes record: public, with no time printed."""
    return Meeting.objects.public().exclude(pk=published.pk).get()


def rss_items(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return [{child.tag: child.text for child in item} for item in channel.findall("item")]


def links(items: list[dict]) -> set[str]:
    return {item["link"].removeprefix("http://testserver") for item in items}


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(text_of(response).removeprefix("\ufeff"))))


def uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@testserver"


def event_of(parsed: Calendar, meeting: Meeting):
    (event,) = [event for event in parsed.events if event.uid == uid(meeting)]
    return event


def calendar(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_the_decisions_feed_lists_the_latest_public_records(published, client):
    items = rss_items(client.get(reverse("follow:decisions_feed")))
    register = DecisionRecord.objects.public().current(DecisionRecord.objects.public())
    assert links(items) == {record.get_absolute_url() for record in register}
    exempt = DecisionRecord.objects.filter(is_exempt=True, meeting=published)
    assert exempt and not links(items) & {record.get_absolute_url() for record in exempt}
    assert MARKER not in text_of(client.get(reverse("follow:decisions_feed")))


def test_the_decisions_feed_takes_the_registers_filters(published, client):
    items = rss_items(client.get(reverse("follow:decisions_feed") + "?status=proposed"))
    assert items and all(item["title"].endswith("(Proposed)") for item in items)
    assert (
        rss_items(client.get(reverse("follow:decisions_feed") + "?status=made&date_to=2000-01-01"))
        == []
    )


def test_a_committees_feeds_list_its_meetings_and_new_papers(published, draft, client):
    slug = published.committee.slug
    meetings = rss_items(client.get(reverse("follow:committee_meetings_feed", args=[slug])))
    assert links(meetings) == {published.get_absolute_url(), minuted(published).get_absolute_url()}
    assert meetings[0]["title"] == "Cabinet, Monday 9 February 2026 at 10.00 a.m."
    papers = rss_items(client.get(reverse("follow:committee_papers_feed", args=[slug])))
    public = Report.objects.public().filter(document__meeting=published)
    assert {report.get_absolute_url() for report in public} <= links(papers)
    exempt = Report.objects.exempt().filter(document__meeting=published)
    assert exempt and not links(papers) & {report.get_absolute_url() for report in exempt}
    assert client.get(reverse("follow:committee_papers_feed", args=["nobody"])).status_code == 404


def test_a_search_has_a_feed_of_its_newest_results(published, client):
    report = Report.objects.public().filter(document__meeting=published).first()
    words = report.title.split()[0]
    items = rss_items(client.get(reverse("follow:search_feed"), {"q": words}))
    assert report.get_absolute_url() in {link.partition("#")[0] for link in links(items)}
    assert rss_items(client.get(reverse("follow:search_feed"), {"q": "quokka lantern"})) == []
    assert rss_items(client.get(reverse("follow:search_feed"))) == []


def test_pages_name_their_feeds_in_the_head(published, client):
    def alternates(url: str) -> str:
        page = client.get(url).text
        return page[: page.index("</head>")]

    assert 'type="application/rss+xml"' in alternates("/")
    assert 'href="/decisions/feed/?status=made"' in alternates("/decisions/?status=made")
    committee = alternates(published.committee.get_absolute_url())
    assert 'href="/committees/cabinet/meetings/feed/"' in committee
    assert 'href="/committees/cabinet/papers/feed/"' in committee
    assert 'href="/search/feed/?q=budget"' in alternates("/search/?q=budget")
    register = client.get("/decisions/?status=made").text
    assert 'href="/decisions/decisions.csv?status=made"' in register


def test_a_committees_calendar_is_in_london_time_with_its_timezone(published, client):
    july = published.committee.meetings.create(date=datetime.date(2026, 7, 1), status="cancelled")
    page = client.get(published.committee.get_absolute_url()).text
    ics = reverse("follow:committee_calendar", args=["cabinet"])
    assert f'href="webcal://testserver{ics}">Subscribe to Cabinet’s meetings calendar</a>' in page
    parsed = calendar(client.get(ics))
    assert [zone.tz_name for zone in parsed.timezones] == ["Europe/London"]
    events = {event.uid: event for event in parsed.events}
    timed, untimed = events[uid(published)], events[uid(july)]
    assert timed.start == datetime.datetime(2026, 2, 9, 10, tzinfo=timed.start.tzinfo)
    assert timed["DTSTART"].params["TZID"] == "Europe/London"
    assert timed["STATUS"] == "CONFIRMED" and untimed["STATUS"] == "CANCELLED"
    assert untimed.start == datetime.date(2026, 7, 1) and untimed.end == datetime.date(2026, 7, 2)


def test_a_cancelled_meeting_stays_in_the_calendar_as_cancelled(published, draft, client):
    url = reverse("follow:meetings_calendar")
    assert (
        'href="webcal://testserver/meetings/meetings.ics"' in client.get("/meetings/2026/2/").text
    )
    before = event_of(calendar(client.get(url)), published)
    published.status = Meeting.Status.CANCELLED
    published.save()
    after = event_of(calendar(client.get(url)), published)
    assert after.uid == before.uid
    assert after["STATUS"] == "CANCELLED" and after["SUMMARY"] == "Cancelled: Cabinet"
    assert after["SEQUENCE"] > before.get("SEQUENCE", 0)


def test_a_meeting_page_offers_it_for_a_calendar(published, draft, client):
    url = reverse("follow:meeting_calendar", kwargs=published.url_kwargs())
    assert (
        f'href="{url}">Add this meeting to your calendar'
        in client.get(published.get_absolute_url()).text
    )
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="cabinet-2026-02-09.ics"'
    (event,) = calendar(response).events
    assert event.uid == uid(published)
    assert event["URL"] == f"http://testserver{published.get_absolute_url()}"
    draft_url = reverse("follow:meeting_calendar", kwargs=draft.url_kwargs())
    assert client.get(draft_url).status_code == 404


def test_the_register_csv_holds_the_filtered_public_records(published, client):
    query = "?status=proposed&committee=cabinet"
    rows = csv_rows(client.get(reverse("follow:decisions_csv") + query))
    page = client.get(reverse("decisions:register") + query)
    shown = [record.get_absolute_url() for record in page.context["page"].object_list]
    assert [row["Web page"].removeprefix("http://testserver") for row in rows] == shown
    assert {row["Status"] for row in rows} == {"Proposed"}
    everything = text_of(client.get(reverse("follow:decisions_csv")))
    assert MARKER not in everything
    assert len(csv_rows(client.get(reverse("follow:decisions_csv")))) == (
        DecisionRecord.objects.public().current(DecisionRecord.objects.public()).count()
    )


def test_a_formula_in_a_csv_cell_is_read_as_text(published, client):
    DecisionRecord.objects.create(
        title='=HYPERLINK("http://evil.example","Click")',
        decision_maker="@Cabinet",
        decision="-1+1",
        meeting=published,
        date=datetime.date(2026, 2, 9),
    )
    public_content_changed()
    rows = csv_rows(client.get(reverse("follow:decisions_csv")))
    row = next(row for row in rows if row["Decision maker"] == "'@Cabinet")
    assert row["Title"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["Decision maker"] == "'@Cabinet" and row["Decision"] == "'-1+1"
    assert [cell(v) for v in ("+44", "\tx", "plain", None, 3)] == ["'+44", "'\tx", "plain", "", "3"]


def test_the_meetings_csv_lists_public_meetings_only(published, draft, client):
    response = client.get(reverse("follow:meetings_csv"))
    assert response["Content-Disposition"] == 'attachment; filename="meetings.csv"'
    rows = csv_rows(response)
    assert [row["Date"] for row in rows] == ["2026-02-09", minuted(published).date.isoformat()]
    assert rows[:1] == [
        {
            "Committee": "Cabinet",
            "Date": "2026-02-09",
            "Time": "10:00",
            "Venue": published.venue,
            "Status": "Published",
            "Web page": f"http://testserver{published.get_absolute_url()}",
        }
    ]


def test_the_sitemap_lists_public_pages_and_no_draft(published, draft, client):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert "http://testserver/sitemap-meetings.xml" in sections
    listed = set()
    for section in sections:
        urlset = ET.fromstring(client.get(section.removeprefix("http://testserver")).content)
        listed |= {
            loc.text.removeprefix("http://testserver") for loc in urlset.iter(f"{SITEMAP}loc")
        }
    assert published.get_absolute_url() in listed
    assert draft.get_absolute_url() not in listed
    assert published.committee.get_absolute_url() in listed
    exempt = Report.objects.exempt().filter(document__meeting=published).first()
    public = Report.objects.public().filter(document__meeting=published).first()
    assert public.get_absolute_url() in listed and exempt.get_absolute_url() not in listed


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_staff_pages(db, client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    lines = response.text.splitlines()
    assert {"Disallow: /staff/", "Disallow: /accounts/", "Disallow: /admin/"} <= set(lines)
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.parametrize(
    "url",
    ["/decisions/feed/", "/decisions/decisions.csv", "/meetings/meetings.ics"],
    ids=["feed", "csv", "calendar"],
)
def test_feeds_calendars_and_csv_are_cached_until_a_publication(
    page_cache, published, client, url, django_capture_on_commit_callbacks
):
    before = text_of(client.get(url))
    record = DecisionRecord.objects.public().filter(meeting=published).first()
    DecisionRecord.objects.filter(pk=record.pk).update(title="Renamed behind the cache")
    Meeting.objects.filter(pk=published.pk).update(venue="Renamed behind the cache")
    assert text_of(client.get(url)) == before
    with django_capture_on_commit_callbacks(execute=True):
        meeting_corrected(published, ["Renamed"])
    assert "Renamed behind the cache" in text_of(client.get(url))


def test_a_csv_larger_than_the_limit_streams_afresh(page_cache, settings, published, client):
    settings.PAGE_CACHE_MAX_BYTES = 100
    url = reverse("follow:decisions_csv")
    text_of(client.get(url))
    assert client.get(url).streaming, "not kept: made again, and streamed"
    settings.PAGE_CACHE_MAX_BYTES = 10_000_000
    text_of(client.get(url))
    assert not client.get(url).streaming, "kept whole, and served from the cache"


def test_signed_in_readers_get_public_content_only(published, councillor):
    reader = Client()
    reader.force_login(councillor)
    for url in ("/decisions/feed/", "/decisions/decisions.csv", "/search/feed/?q=quokka"):
        assert MARKER not in text_of(reader.get(url)), url
