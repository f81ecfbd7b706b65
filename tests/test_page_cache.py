"""The public page cache: signed-out visitors share cached pages, which last until papers
are published, corrected or withdrawn; signed-in readers always get fresh pages."""

import datetime
import os
import threading
import time
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from council_portal.pagecache import LISTINGS, RENDER_WAIT, RENDERING, page_key, versions
from decisions.models import DecisionRecord
from meetings.models import AgendaItem, Meeting
from packs.writing import sample_pack
from publishing.imports import pack_import
from publishing.services import meeting_corrected, meeting_withdraw
from reports.models import Minutes, Report

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def published(media) -> Meeting:
    pack = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 2, 9), seed=5)
    return pack_import(source=pack.pdf, filename=pack.filename, publish=True).meeting


def rename_first_item(meeting: Meeting, title: str) -> AgendaItem:
    """Change an item behind the services' back, as if the cache were the only copy."""
    item = meeting.agenda_items.order_by("order").first()
    AgendaItem.objects.filter(pk=item.pk).update(title=title)
    return item


def test_a_signed_out_visitor_gets_the_cached_page_until_a_correction(
    page_cache, published, client, django_capture_on_commit_callbacks
):
    url = published.get_absolute_url()
    before = client.get(url).text
    rename_first_item(published, "Renamed behind the cache")
    assert client.get(url).text == before
    with django_capture_on_commit_callbacks(execute=True):
        meeting_corrected(published, ["Item 1 renamed"])
    assert "Renamed behind the cache" in client.get(url).text


def test_withdrawal_takes_cached_pages_away_at_once(
    page_cache, published, client, django_capture_on_commit_callbacks
):
    report = Report.objects.filter(document__meeting=published, is_exempt=False).first()
    record = DecisionRecord.objects.public().first()
    urls = [published.get_absolute_url(), report.get_absolute_url(), record.get_absolute_url()]
    register = reverse("decisions:register")
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    assert record.get_absolute_url() in client.get(register).text
    with django_capture_on_commit_callbacks(execute=True):
        meeting_withdraw(published, reason="Wrong pack")
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    assert record.get_absolute_url() not in client.get(register).text


def test_signed_in_readers_always_get_a_fresh_page(page_cache, published, client, councillor):
    url = published.get_absolute_url()
    client.get(url)
    rename_first_item(published, "Seen only by the signed in")
    reader = Client()
    reader.force_login(councillor)
    assert "Seen only by the signed in" in reader.get(url).text
    assert "Seen only by the signed in" not in client.get(url).text


def test_a_page_that_sets_a_cookie_is_never_cached(page_cache, db):
    for _ in range(2):
        response = Client().get(reverse("login"))
        assert response.status_code == 200 and "csrftoken" in response.cookies


def test_only_a_found_page_is_cached(page_cache, published, client):
    url = published.get_absolute_url().replace(published.date.isoformat(), "2026-02-10")
    assert client.get(url).status_code == 404
    Meeting.objects.filter(pk=published.pk).update(date=datetime.date(2026, 2, 10))
    assert client.get(url).status_code == 200


def test_a_change_saved_in_the_admin_reaches_the_cached_pages(
    page_cache, published, client, admin_client, django_capture_on_commit_callbacks
):
    committee = published.committee
    client.get(committee.get_absolute_url())
    change = {
        "name": committee.name,
        "slug": committee.slug,
        "kind": committee.kind,
        "description": "Makes the executive decisions of the council.",
        "is_active": "on",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:meetings_committee_change", args=[committee.pk]), change
        )
    assert response.status_code == 302
    assert change["description"] in client.get(committee.get_absolute_url()).text


def test_it_is_off_in_development_by_default(published, client):
    url = published.get_absolute_url()
    client.get(url)
    rename_first_item(published, "Renamed without a cache")
    assert "Renamed without a cache" in client.get(url).text


@pytest.fixture(params=["files", "redis"])
def shared_cache(request, settings, page_cache):
    """The page cache on files (one host), or on a real Redis server (several hosts)
    under keys of this test's own, removed after it."""
    if request.param == "files":
        yield "files"
        return
    redis = pytest.importorskip("redis")
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.ConnectionError:
        if os.environ.get("REQUIRE_REDIS"):
            raise
        pytest.skip(f"no Redis server at {REDIS_URL} (.ci/run starts one)")
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        name: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{prefix}-{name}",
        }
        for name in ("default", "ratelimit")
    }
    yield "redis"
    for key in server.scan_iter(match=f"{prefix}*"):
        server.delete(key)


def hit(client, url) -> bool:
    response = client.get(url)
    assert response.status_code == 200
    if response.streaming:
        response.getvalue()  # a download is stored once it has all been sent
    return response.get("X-Page-Cache") == "hit"


def test_a_correction_forgets_only_the_pages_that_show_it(
    shared_cache, media, client, django_capture_on_commit_callbacks
):
    """Meeting B's pack carries the minutes of A; C is another committee's. Correcting B
    forgets B's pages, A's (its minutes are B's), the committee's and every listing, and
    keeps C's pages cached, and the register's, since no decision record changed."""
    january, february = datetime.date(2026, 1, 12), datetime.date(2026, 2, 9)
    a = sample_pack(committee="Cabinet", meeting_date=january, seed=3)
    b = sample_pack(committee="Cabinet", meeting_date=february, seed=4, previous_date=january)
    c = sample_pack(committee="Regulatory Committee", meeting_date=february, seed=6)
    meetings = [
        pack_import(source=pack.pdf, filename=pack.filename, publish=True).meeting
        for pack in (a, b, c)
    ]
    first, second, other = meetings
    assert Minutes.objects.filter(meeting=first, document__meeting=second).exists()
    item = AgendaItem.objects.filter(meeting=other).order_by("order").first()
    report = Report.objects.filter(document__meeting=other, is_exempt=False).first()
    kept = [
        other.get_absolute_url(),
        other.committee.get_absolute_url(),
        item.get_absolute_url(),
        report.get_absolute_url(),
        *REGISTER_PAGES,
    ]
    forgotten = [
        first.get_absolute_url(),
        second.get_absolute_url(),
        second.committee.get_absolute_url(),
        reverse("home"),
        reverse("meetings:calendar", args=[2026, 2]),
        reverse("follow:sitemap"),
        reverse("oparl:list", args=["meetings"]),
    ]
    for url in kept + forgotten:
        hit(client, url)
        assert hit(client, url), url
    rename_first_item(second, "Renamed before the correction")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_corrected(second, ["Item 1 renamed"])
    assert [url for url in kept if not hit(client, url)] == []
    assert [url for url in forgotten if hit(client, url)] == []
    assert "Renamed before the correction" in client.get(second.get_absolute_url()).text


REGISTER_PAGES = [
    reverse("decisions:register"),
    reverse("decisions:register") + "?status=made",
    reverse("follow:decisions_csv"),
    reverse("follow:decisions_feed"),
]


def test_the_register_is_forgotten_when_a_correction_changes_a_decision_record(
    shared_cache, published, client, django_capture_on_commit_callbacks
):
    """Its pages, filtered or not, its CSV and its feed show every meeting's decisions:
    a correction keeps them while the decision records are as they were, and forgets
    them all once one of them reads otherwise."""
    record = DecisionRecord.objects.filter(in_register=True, meeting=published).first()
    for url in REGISTER_PAGES:
        hit(client, url)
        assert hit(client, url), url
    rename_first_item(published, "Renamed, no decision changed")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_corrected(published, ["Item 1 renamed"])
    assert [url for url in REGISTER_PAGES if not hit(client, url)] == []
    assert not hit(client, reverse("home"))
    DecisionRecord.objects.filter(pk=record.pk).update(title="Retitled by the correction")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_corrected(published, ["Decision retitled"])
    assert [url for url in REGISTER_PAGES if hit(client, url)] == []
    assert "Retitled by the correction" in client.get(REGISTER_PAGES[0]).text
    assert "Retitled by the correction" in client.get(REGISTER_PAGES[2]).getvalue().decode()


def test_healthz_reports_database_cache_and_storage(shared_cache, media, client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
    }
    assert "no-cache" in response["Cache-Control"]
    assert (
        response.get("X-Page-Cache") is None
        and client.get(reverse("healthz")).get("X-Page-Cache") is None
    )


def test_healthz_says_which_part_is_down(page_cache, media, client, settings):
    settings.CACHES = {
        name: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
        for name in ("default", "ratelimit")
    }
    settings.PAGE_CACHE_SECONDS = 0
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"
    assert "Traceback" not in response.text


def test_a_page_another_request_is_rendering_is_waited_for_not_rendered_again(
    page_cache, db, client
):
    """Fifty visitors on a listing a publication just made cold: one renders it, the
    rest wait for that render."""
    url = reverse("meetings:committees")
    key = page_key("http://testserver" + url)
    cache.add(RENDERING + key, 1)

    def other_render():
        time.sleep(0.2)
        cache.set(key, (200, {"Content-Type": "text/html"}, b"rendered once", versions([LISTINGS])))
        cache.delete(RENDERING + key)

    threading.Thread(target=other_render).start()
    response = client.get(url)
    assert response.content == b"rendered once" and response["X-Page-Cache"] == "hit"


def test_a_render_that_stored_nothing_lets_the_waiting_request_render(page_cache, db, client):
    url = reverse("meetings:committees")
    key = page_key("http://testserver" + url)
    cache.add(RENDERING + key, 1)
    threading.Timer(0.2, lambda: cache.delete(RENDERING + key)).start()
    started = time.monotonic()
    response = client.get(url)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert time.monotonic() - started < RENDER_WAIT


def test_requests_for_a_pdf_never_wait_for_each_other(page_cache, published, client):
    """A PDF is never kept in the cache, so once one has been answered, a request for it
    goes straight through even while another request for it is under way (fifty
    visitors downloading the same agenda item's PDF were served one at a time)."""
    report = Report.objects.filter(document__meeting=published).first()
    url = report.get_pdf_url()
    assert client.get(url).status_code == 200
    cache.add(RENDERING + page_key("http://testserver" + url), 1)  # another request's
    started = time.monotonic()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert time.monotonic() - started < 0.5 * RENDER_WAIT


def test_behind_nginx_an_item_pdf_is_answered_from_the_cache_until_it_turns_exempt(
    page_cache, published, client, settings, django_capture_on_commit_callbacks
):
    """The redirect to an agenda item's PDF is kept like a page, so nginx sends the file
    without the access check being worked out again; making the item exempt takes it
    away at once."""
    settings.PDF_ACCEL_REDIRECT = "/protected-media/"
    item = next(i for i in published.agenda_items.order_by("order") if i.reports.exists())
    url = item.get_absolute_url() + "pdf/"
    first = client.get(url)
    assert first.status_code == 200 and first["X-Accel-Redirect"].startswith("/protected-media/")
    again = client.get(url)
    assert again["X-Page-Cache"] == "hit" and again["X-Accel-Redirect"] == first["X-Accel-Redirect"]
    AgendaItem.objects.filter(pk=item.pk).update(is_exempt=True, exempt_paragraph=3)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_corrected(published, [f"Item {item.number} made exempt"])
    refused = client.get(url)
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused
