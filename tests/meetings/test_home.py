"""The home page and the error pages, through real HTTP."""

import datetime

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.utils import timezone

from meetings.models import Committee, Meeting
from packs.writing import demo_packs, forthcoming_packs
from reports.models import Document


def test_an_empty_portal_says_nothing_is_published_yet(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "No meetings have been published yet." in response.text


def test_it_lists_the_next_published_meetings_but_not_drafts(client, cabinet):
    soon = timezone.localdate() + datetime.timedelta(days=7)
    Meeting.objects.create(
        committee=cabinet,
        date=soon,
        start_time=datetime.time(10, 0),
        venue="Shire Hall",
        status=Meeting.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    Meeting.objects.create(committee=cabinet, date=soon, start_time=datetime.time(14, 0))
    response = client.get("/")
    assert "Cabinet" in response.text and "10.00 a.m." in response.text
    assert "2.00 p.m." not in response.text


def test_a_missing_page_gets_the_friendly_404(client, db, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert 'href="#main-content"' in response.text


def test_the_demo_loads_the_sample_council_once(media, capsys):
    call_command("demo", no_serve=True)
    assert Committee.objects.filter(name="Cabinet", kind="executive").exists()
    cabinet = Meeting.objects.public().filter(committee__name="Cabinet")
    assert cabinet.count() >= 3
    loaded = len(demo_packs()) + len(forthcoming_packs(timezone.localdate()))
    assert Document.objects.count() == loaded
    assert Meeting.objects.public().upcoming().exists()
    call_command("demo", no_serve=True)
    assert Document.objects.count() == loaded
    out = capsys.readouterr().out
    assert "already imported" in out and "demo-only-password" in out


def test_the_demo_makes_an_account_for_each_role(media):
    call_command("demo", no_serve=True)
    clerk = User.objects.get(username="clerk")
    assert clerk.has_perm("meetings.publish_meeting")
    assert User.objects.get(username="councillor").has_perm("meetings.view_exempt_papers")


def test_the_demo_makes_its_roles_again_where_a_flush_took_them(media):
    """A transactional test's flush takes the groups the migrations made; a demo run after
    it in the same test process still gives each account its role's permissions."""
    Group.objects.all().delete()
    call_command("demo", no_serve=True)
    assert User.objects.get(username="clerk").has_perm("meetings.publish_meeting")
    assert User.objects.get(username="councillor").has_perm("meetings.view_exempt_papers")
