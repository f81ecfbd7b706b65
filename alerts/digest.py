"""The daily digest: each confirmed address gets one e-mail with what the public got
since its last one, matching its alerts, and nothing on a day it already had one.

``alerts_send`` is the one way to send it, called by ``manage.py send_alerts`` (cron)
and by the ``send_alerts_task`` task alike. What was published is read once for every
address (``Published.between``), through the public querysets only
(``meetings.access.PUBLIC`` and the search index, which holds public content alone), so
no exempt item, paper or record can reach an e-mail; each search saved by many addresses
runs once.

An address's window runs from the moment its last digest covered (or the alert's
confirmation) to the start of this run; an address with nothing new gets no e-mail, but
its window moves on.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Max, Min, Prefetch
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from decisions.models import DecisionRecord
from meetings.access import PUBLIC
from meetings.models import Meeting
from search.index import entries_matching
from search.models import SearchEntry

from . import tokens
from .models import Alert, Subscriber

logger = logging.getLogger(__name__)

# However long an address went without a digest, it is sent at most this far back.
LONGEST_WINDOW = datetime.timedelta(days=31)
# Addresses are read, e-mailed and marked this many at a time.
BATCH = 500
# A search lists at most this many papers in one e-mail; the rest are a link away.
SEARCH_HITS = 20


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@dataclass
class Published:
    """What the public got between two moments, for every address at once: each list of
    (moment published, thing), newest first."""

    meetings: dict[int, list[tuple[datetime.datetime, Meeting]]]  # by committee id
    decisions: list[tuple[datetime.datetime, DecisionRecord]]
    searches: dict[str, list[tuple[datetime.datetime, SearchEntry]]]  # by query string

    @classmethod
    def between(
        cls,
        start: datetime.datetime,
        end: datetime.datetime,
        *,
        committees: set[int],
        searches: set[str],
        decisions: bool,
    ) -> Published:
        """A meeting counts when a public document of it is published (its agenda pack,
        or a supplementary pack later); a record or search entry with its document (or,
        with none, its meeting)."""
        window = {"moment__gt": start, "moment__lte": end}
        moments = dict(
            PUBLIC.documents()
            .filter(meeting__committee__in=committees)
            .values("meeting")
            .annotate(moment=Max("published_at"))
            .filter(**window)
            .values_list("meeting", "moment")
        )
        meetings = defaultdict(list)
        items = PUBLIC.agenda_items().filter(is_exempt=False).order_by("order")
        for meeting in (
            PUBLIC.meetings()
            .filter(pk__in=moments)
            .select_related("committee")
            .prefetch_related(Prefetch("agenda_items", items, to_attr="public_items"))
            .order_by("date", "start_time")
        ):
            meetings[meeting.committee_id].append((moments[meeting.pk], meeting))

        records = []
        if decisions:
            records = [
                (record.moment, record)
                for record in PUBLIC.register()
                .annotate(moment=Coalesce("document__published_at", "meeting__published_at"))
                .filter(**window)
                .select_related("meeting__committee")
                .order_by("-moment", "-date", "-pk")
            ]

        found = {}
        for query in searches:
            alert = Alert(kind=Alert.Kind.SEARCH, search=query)
            entries = (
                alert.search_filters()
                .narrow(entries_matching(alert.words))
                .annotate(moment=Coalesce("document__published_at", "meeting__published_at"))
                .filter(**window)
                .order_by("-moment", "-date", "pk")
            )
            papers = {}  # one line per paper, by its first matching page
            for entry in entries:
                papers.setdefault((entry.kind, entry.source_id), (entry.moment, entry))
            found[query] = list(papers.values())
        return cls(meetings, records, found)


@dataclass
class Digest:
    """One address's e-mail: what its alerts found in its window."""

    subscriber: Subscriber
    meetings: list[Meeting] = field(default_factory=list)
    decisions: list[DecisionRecord] = field(default_factory=list)
    searches: list[tuple[Alert, list[SearchEntry], int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.meetings or self.decisions or self.searches)

    @classmethod
    def build(
        cls, subscriber: Subscriber, published: Published, earliest: datetime.datetime
    ) -> Digest:
        """``subscriber``'s alerts (prefetched as ``confirmed_alerts``) against
        ``published``; nothing from before ``earliest``."""
        digest = cls(subscriber)
        key_only = None
        for alert in subscriber.confirmed_alerts:
            since = max(earliest, alert.confirmed_at, subscriber.covered_until or earliest)

            def new(pairs, since=since):
                return [thing for moment, thing in pairs if moment > since]

            if alert.kind == Alert.Kind.COMMITTEE:
                digest.meetings += new(published.meetings.get(alert.committee_id, []))
            elif alert.kind == Alert.Kind.SEARCH:
                if hits := new(published.searches.get(alert.search, [])):
                    digest.searches.append((alert, hits[:SEARCH_HITS], len(hits)))
            else:
                key_only = alert.key_only if key_only is None else key_only and alert.key_only
                digest.decisions = [
                    record
                    for record in new(published.decisions)
                    if record.is_key_decision or not key_only
                ]
        digest.meetings.sort(
            key=lambda meeting: (meeting.date, meeting.start_time or datetime.time())
        )
        return digest

    def message(self, connection=None) -> EmailMultiAlternatives:
        """The e-mail: plain text with an HTML alternative, absolute links, and RFC 8058's
        one-click unsubscribe headers."""
        unsubscribe = absolute(
            reverse("alerts:unsubscribe", args=[tokens.make("unsubscribe", self.subscriber)])
        )
        context = {
            "digest": self,
            "site_url": settings.SITE_URL,
            "council_name": settings.COUNCIL_NAME,
            "manage_url": absolute(
                reverse("alerts:manage", args=[tokens.make("manage", self.subscriber)])
            ),
            "unsubscribe_url": unsubscribe,
        }
        message = EmailMultiAlternatives(
            subject=f"New from {settings.COUNCIL_NAME}: papers and decisions",
            body=render_to_string("alerts/email/digest.txt", context),
            to=[self.subscriber.email],
            connection=connection,
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(
            render_to_string("alerts/email/digest.html", context), "text/html"
        )
        return message


@dataclass
class Summary:
    sent: int = 0
    nothing_new: int = 0
    failed: int = 0
    forgotten: int = 0

    def __str__(self) -> str:
        return (
            f"{self.sent} sent, {self.nothing_new} with nothing new, {self.failed} failed; "
            f"{self.forgotten} unconfirmed sign-ups forgotten"
        )


def alerts_send(*, now: datetime.datetime | None = None, dry_run: bool = False) -> Summary:
    """Send today's digests (see the module's docstring). With ``dry_run``, build them
    and count, but send, mark and forget nothing."""
    now = now or timezone.now()
    summary = Summary()
    if not dry_run:
        summary.forgotten = Subscriber.objects.forget_unconfirmed(now)
    due = Subscriber.objects.due(now)
    alerts = Alert.objects.filter(subscriber__in=due, confirmed_at__isnull=False)
    earliest = now - LONGEST_WINDOW
    first = alerts.aggregate(first=Min("confirmed_at"))["first"]
    if first is None:
        return summary
    covered = due.filter(covered_until__isnull=False).aggregate(first=Min("covered_until"))
    start = max(earliest, min(filter(None, [first, covered["first"]])))
    published = Published.between(
        start,
        now,
        committees=set(
            alerts.filter(kind=Alert.Kind.COMMITTEE).values_list("committee", flat=True)
        ),
        searches=set(alerts.filter(kind=Alert.Kind.SEARCH).values_list("search", flat=True)),
        decisions=alerts.filter(kind=Alert.Kind.DECISIONS).exists(),
    )
    confirmed = Prefetch(
        "alerts", Alert.objects.filter(confirmed_at__isnull=False), to_attr="confirmed_alerts"
    )
    subscribers = due.filter(alerts__confirmed_at__isnull=False).distinct().order_by("pk")
    connection = None if dry_run else get_connection()
    if connection is not None:
        connection.open()  # one connection for every e-mail of the run
    last = 0
    try:
        while batch := list(subscribers.filter(pk__gt=last).prefetch_related(confirmed)[:BATCH]):
            last = batch[-1].pk
            done = []
            for subscriber in batch:
                digest = Digest.build(subscriber, published, earliest)
                if not digest:
                    summary.nothing_new += 1
                elif dry_run:
                    summary.sent += 1
                    continue
                else:
                    try:
                        digest.message(connection).send()
                    except (smtplib.SMTPException, OSError):
                        logger.exception("The alert digest to subscriber %s failed", subscriber.pk)
                        summary.failed += 1
                        continue
                    subscriber.last_sent_at = now
                    summary.sent += 1
                subscriber.covered_until = now
                done.append(subscriber)
            if not dry_run:
                Subscriber.objects.bulk_update(done, ["covered_until", "last_sent_at"])
    finally:
        if connection is not None:
            connection.close()
    return summary


@task()
def send_alerts_task() -> str:
    """Send today's alert digests in the worker; the same as ``manage.py send_alerts``."""
    return str(alerts_send())


def confirmation_send(subscriber: Subscriber, alerts: list[Alert]) -> None:
    """Ask the address to confirm these alerts: nothing is sent to it until it does."""
    context = {
        "alerts": alerts,
        "council_name": settings.COUNCIL_NAME,
        "confirm_url": absolute(
            reverse(
                "alerts:confirm",
                args=[tokens.make("confirm", subscriber, [alert.pk for alert in alerts])],
            )
        ),
        "days": tokens.CONFIRM_MAX_AGE.days,
        "manage_url": absolute(reverse("alerts:manage", args=[tokens.make("manage", subscriber)])),
    }
    EmailMultiAlternatives(
        subject=f"Confirm your e-mail alerts from {settings.COUNCIL_NAME}",
        body=render_to_string("alerts/email/confirm.txt", context),
        to=[subscriber.email],
    ).send()
