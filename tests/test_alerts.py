"""E-mail alerts without an account, through a real SMTP server (aiosmtpd) started for
each test: sign up, confirm, the daily digest, manage and one-click unsubscribe. No
exempt or unpublished text ever reaches an e-mail."""

from __future__ import annotations

import datetime
import email
import email.policy
import logging
import re
import socket
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts import tokens
from alerts.digest import alerts_send
from alerts.models import Alert, Subscriber
from meetings.access import PUBLIC
from packs.writing import sample_pack
from publishing.imports import pack_import
from search.models import SearchEntry

from . import test_exempt_leak
from .test_exempt_leak import LATE_MARKER, MARKER, MOVED_MARKER, OWN_MARKER
from .walk import candidates, text_of

exempt_pack = test_exempt_leak.exempt_pack  # the leak test's meeting, exempt papers and all
ADDRESS = "resident@example.org"
SECRETS = (MARKER, OWN_MARKER, LATE_MARKER, MOVED_MARKER)


class Inbox:
    """An aiosmtpd handler keeping every message that arrives."""

    def __init__(self):
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"

    def take(self) -> list[EmailMessage]:
        messages, self.messages = self.messages, []
        return messages


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(settings):
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd tells of every line
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    settings.SITE_URL = "https://papers.example.gov.uk"
    yield handler
    controller.stop()


def text(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def link(message: EmailMessage, name: str) -> str:
    """The path of the ``alerts:<name>`` link in the message's text."""
    prefix = reverse(f"alerts:{name}", args=["T"]).removesuffix("T/")
    return re.search(
        rf"https://papers\.example\.gov\.uk({re.escape(prefix)}[^\s/]+/)", text(message)
    )[1]


def sign_up(client: Client, address: str = ADDRESS, **choices):
    return client.post(reverse("alerts:sign_up"), {"email": address, **choices})


def confirmed(client: Client, inbox: Inbox, **choices) -> Subscriber:
    """Sign up and follow the link in the confirmation e-mail."""
    assert sign_up(client, **choices).status_code == 200
    (message,) = inbox.take()
    confirm = link(message, "confirm")
    assert client.post(confirm).status_code == 302
    return Subscriber.objects.get(email=ADDRESS)


def backdate(subscriber: Subscriber, to: datetime.datetime) -> None:
    """As if the address had confirmed at ``to`` (before what a fixture published)."""
    subscriber.alerts.update(confirmed_at=to)
    Subscriber.objects.filter(pk=subscriber.pk).update(confirmed_at=to, created_at=to)


@pytest.fixture
def cabinet_meeting(media):
    pack = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 1, 19), seed=0)
    return pack_import(source=pack.pdf, filename=pack.filename, publish=True).meeting


def test_the_whole_cycle_sends_public_content_once_and_unsubscribes_in_one_click(
    inbox, exempt_pack, client, manage
):
    before = exempt_pack.published_at - datetime.timedelta(hours=1)
    word = max(SearchEntry.objects.filter(kind="report").first().title.split(), key=len)
    subscriber = confirmed(client, inbox, committees=["cabinet"], decisions="all", q=word)
    assert set(subscriber.alerts.values_list("kind", flat=True)) == {
        "committee",
        "decisions",
        "search",
    }
    backdate(subscriber, before)

    assert manage("send_alerts") == (
        0,
        "1 sent, 0 with nothing new, 0 failed; 0 unconfirmed sign-ups forgotten\n",
        "",
    )
    (digest,) = inbox.take()
    assert digest["To"] == ADDRESS
    body, alternative = text(digest), html(digest)
    assert f"https://papers.example.gov.uk{exempt_pack.get_absolute_url()}" in body
    assert f'href="https://papers.example.gov.uk{exempt_pack.get_absolute_url()}"' in alternative
    public = PUBLIC.decisions()
    public = public.current(public).filter(meeting=exempt_pack)
    assert public.exists()
    for record in public:
        assert record.get_absolute_url() in body
    assert f"SEARCH: {word}" in body
    for secret in SECRETS:
        assert secret not in body and secret not in alternative
    for item in exempt_pack.agenda_items.filter(is_exempt=True):
        assert f"{item.number}. {item.title}" not in body
    unsubscribe = link(digest, "unsubscribe")
    # A long header is folded: its value is what follows the fold.
    assert digest["List-Unsubscribe"].strip() == f"<https://papers.example.gov.uk{unsubscribe}>"
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link(digest, "manage")

    assert manage("send_alerts")[1].startswith("0 sent")  # the same day: nothing
    assert inbox.take() == []

    mail_client = Client(enforce_csrf_checks=True)  # as a mail client posts: no token
    assert mail_client.post(unsubscribe, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Subscriber.objects.exists() and not Alert.objects.exists()
    alerts_send(now=timezone.now() + datetime.timedelta(days=1))
    assert inbox.take() == []


def test_nothing_but_the_confirmation_is_sent_before_confirming(inbox, cabinet_meeting, client):
    assert sign_up(client, committees=["cabinet"]).status_code == 200
    (confirmation,) = inbox.take()
    assert "confirm" in text(confirmation).lower()
    assert cabinet_meeting.get_absolute_url() not in text(confirmation)
    Subscriber.objects.update(created_at=cabinet_meeting.published_at - datetime.timedelta(hours=1))
    assert alerts_send().sent == 0
    assert inbox.take() == []


def test_confirming_asks_first_and_a_get_confirms_nothing(inbox, cabinet_meeting, client):
    sign_up(client, committees=["cabinet"])
    confirm = link(inbox.take()[0], "confirm")
    response = client.get(confirm)
    assert b"Confirm my alerts" in response.content
    assert not Alert.objects.filter(confirmed_at__isnull=False).exists()
    assert client.post(confirm).status_code == 302
    assert Subscriber.objects.get().confirmed_at is not None


def test_signing_up_a_known_address_answers_the_same(inbox, cabinet_meeting, client):
    first = sign_up(client, committees=["cabinet"])
    confirm = link(inbox.take()[0], "confirm")
    client.post(confirm)
    again = sign_up(client, committees=["cabinet"])
    other = sign_up(client, "someone.else@example.org", committees=["cabinet"])
    assert first.status_code == again.status_code == other.status_code == 200
    assert first.content == again.content
    assert other.content.replace(b"someone.else@example.org", ADDRESS.encode()) == first.content
    assert len(inbox.take()) == 2  # each address is asked to confirm; nothing else


def test_a_new_sign_up_of_a_confirmed_address_waits_for_its_own_confirmation(
    inbox, cabinet_meeting, client
):
    subscriber = confirmed(client, inbox, committees=["cabinet"])
    sign_up(client, decisions="key")
    assert subscriber.alerts.get(kind="decisions").confirmed_at is None


def test_it_asks_for_something_to_follow(inbox, db, client):
    response = sign_up(client)
    assert response.status_code == 400
    assert b"Choose something to follow" in response.content
    assert inbox.take() == [] and not Subscriber.objects.exists()


def test_sign_ups_are_rate_limited_for_one_address(inbox, db, client):
    answers = [sign_up(client, decisions="all").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert len(inbox.take()) == 3


def test_the_manage_page_deletes_the_address_at_once(inbox, cabinet_meeting, client):
    subscriber = confirmed(client, inbox, committees=["cabinet"], decisions="all")
    page = reverse("alerts:manage", args=[tokens.make("manage", subscriber)])
    response = client.get(page)
    assert ADDRESS in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert client.post(page, {"delete": "1"}).status_code == 200
    assert not Subscriber.objects.exists() and not Alert.objects.exists()
    assert b"no longer exist" in client.get(page).content


def test_removing_one_alert_keeps_the_others(inbox, cabinet_meeting, client):
    subscriber = confirmed(client, inbox, committees=["cabinet"], decisions="all")
    page = reverse("alerts:manage", args=[tokens.make("manage", subscriber)])
    decisions = subscriber.alerts.get(kind="decisions")
    assert client.post(page, {"remove": decisions.pk}).status_code == 302
    assert list(subscriber.alerts.values_list("kind", flat=True)) == ["committee"]
    client.post(page, {"remove": subscriber.alerts.get().pk})
    assert not Subscriber.objects.exists()  # nothing left to follow: the address goes too


def test_bad_and_expired_links_say_so(inbox, cabinet_meeting, client, monkeypatch):
    subscriber = confirmed(client, inbox, committees=["cabinet"])
    for name in ("confirm", "manage", "unsubscribe"):
        response = client.get(reverse(f"alerts:{name}", args=["not-a-link"]))
        assert response.status_code == 400 and b"This link does not work" in response.content
    # A link made for one use is no good for another.
    response = client.get(reverse("alerts:manage", args=[tokens.make("unsubscribe", subscriber)]))
    assert response.status_code == 400
    long_ago = timezone.now() - datetime.timedelta(days=61)
    monkeypatch.setattr("django.core.signing.time.time", long_ago.timestamp)
    stale = tokens.make("manage", subscriber)
    monkeypatch.undo()
    response = client.get(reverse("alerts:manage", args=[stale]))
    assert response.status_code == 400 and b"This link has expired" in response.content


def test_the_unsubscribe_page_asks_before_a_get_unsubscribes(inbox, cabinet_meeting, client):
    subscriber = confirmed(client, inbox, committees=["cabinet"])
    response = client.get(
        reverse("alerts:unsubscribe", args=[tokens.make("unsubscribe", subscriber)])
    )
    assert b"<button" in response.content
    assert Subscriber.objects.exists()


def test_an_unconfirmed_sign_up_is_forgotten_after_three_days(inbox, db, client):
    sign_up(client, decisions="all")
    Subscriber.objects.update(created_at=timezone.now() - datetime.timedelta(days=4))
    Alert.objects.update(created_at=timezone.now() - datetime.timedelta(days=4))
    assert alerts_send().forgotten == 2
    assert not Subscriber.objects.exists()


def test_a_day_with_nothing_new_sends_nothing_and_the_next_day_sends_again(inbox, media, client):
    first = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 1, 19), seed=0)
    pack_import(source=first.pdf, filename=first.filename, publish=True)
    subscriber = confirmed(client, inbox, committees=["cabinet"])
    assert alerts_send().nothing_new == 1
    later = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 2, 16), seed=1)
    meeting = pack_import(source=later.pdf, filename=later.filename, publish=True).meeting
    subscriber.refresh_from_db()
    assert subscriber.last_sent_at is None and subscriber.covered_until is not None
    assert alerts_send().sent == 1
    (digest,) = inbox.take()
    assert meeting.get_absolute_url() in text(digest)
    assert "2026-01-19" not in text(digest)  # covered by the first run


def test_the_digest_runs_each_shared_search_once(
    inbox, cabinet_meeting, django_assert_max_num_queries
):
    now = timezone.now()
    for n in range(30):
        subscriber = Subscriber.objects.create(email=f"r{n}@example.org", confirmed_at=now)
        subscriber.alerts.create(kind="search", search="q=budget", confirmed_at=now)
        subscriber.alerts.create(kind="decisions", confirmed_at=now)
    with django_assert_max_num_queries(20):
        alerts_send(now=now + datetime.timedelta(hours=1))


def test_alert_pages_show_no_exempt_text(inbox, exempt_pack, client):
    confirmed(client, inbox, committees=["cabinet"], decisions="all", q="valuation")
    visitor = Client()
    for name, argument_sets in candidates().items():
        if name.startswith("alerts:"):
            for kwargs in argument_sets:
                page = text_of(visitor.get(reverse(name, kwargs=kwargs)))
                assert not any(secret in page for secret in SECRETS)
    assert Subscriber.objects.exists()  # the walk only looks: GET unsubscribes no one
