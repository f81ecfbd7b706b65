"""Email alerts without an account: an address (``Subscriber``) and what it follows
(``Alert``: a committee's meetings, a saved search, or decisions).

Nothing is sent to an address until it confirms (double opt-in): each alert is pending
until its confirmation link is followed, and a pending sign-up is forgotten after
``FORGET_AFTER``. An address's owner deletes it, with its alerts, at once."""

from __future__ import annotations

import datetime
import unicodedata

from django.db import models
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from meetings.models import Committee
from search.index import Filters

# A sign-up never confirmed is forgotten this long after it was made (alerts.digest).
FORGET_AFTER = datetime.timedelta(days=3)


def normalise_email(address: str) -> str:
    """One address however typed: NFKC, casefolded (as ``accounts.email_key`` keys it)."""
    return unicodedata.normalize("NFKC", address.strip()).casefold()


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def due(self, now: datetime.datetime):
        """Confirmed addresses not yet sent a digest today (one e-mail a day at most)."""
        today = timezone.make_aware(
            datetime.datetime.combine(timezone.localdate(now), datetime.time())
        )
        return self.confirmed().exclude(last_sent_at__gte=today)

    def forget_unconfirmed(self, now: datetime.datetime) -> int:
        """Delete sign-ups never confirmed within ``FORGET_AFTER``: addresses with no
        confirmed alert, and pending alerts of the others. Returns how many rows went."""
        cutoff = now - FORGET_AFTER
        stale = Alert.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
        alerts, _ = stale.delete()
        addresses, _ = self.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
        return alerts + addresses


class Subscriber(models.Model):
    """An e-mail address that asked for alerts; its owner proves it by a link sent to it."""

    email = models.EmailField(unique=True, help_text="Normalised (normalise_email).")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    covered_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="What was published up to this moment has been considered for a digest.",
    )
    last_sent_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        indexes = [
            # The digest's SubscriberQuerySet.due(): confirmed addresses by their last e-mail.
            models.Index(fields=["confirmed_at", "last_sent_at"], name="subscriber_due"),
        ]

    def __str__(self) -> str:
        return self.email

    def confirm(self, alert_ids: list[int], now: datetime.datetime | None = None) -> int:
        """Confirm these pending alerts of the address (and the address with them).
        Returns how many were confirmed."""
        now = now or timezone.now()
        confirmed = self.alerts.filter(pk__in=alert_ids, confirmed_at__isnull=True).update(
            confirmed_at=now
        )
        if confirmed and self.confirmed_at is None:
            self.confirmed_at = now
            self.save(update_fields=["confirmed_at"])
        return confirmed


class Alert(models.Model):
    """One thing an address follows."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", "A committee's meetings"
        SEARCH = "search", "A search"
        DECISIONS = "decisions", "Decisions"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, null=True, blank=True)
    search = models.CharField(
        max_length=1000,
        blank=True,
        help_text="The search page's query string (words and filters), as its feed takes it.",
    )
    key_only = models.BooleanField(default=False, help_text="Decisions: key decisions only.")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="committee", committee__isnull=False)
                | Q(~Q(kind="committee"), committee__isnull=True),
                name="alert_committee_iff_committee_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind="search") | ~Q(search=""), name="alert_search_has_query"
            ),
        ]
        indexes = [
            # SubscriberQuerySet.forget_unconfirmed(): pending alerts by age.
            models.Index(fields=["confirmed_at", "created_at"], name="alert_pending"),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.COMMITTEE:
            return f"Meetings of the {self.committee}"
        if self.kind == self.Kind.SEARCH:
            return f"New papers matching the search “{self.words}”"
        return "Key decisions" if self.key_only else "All decisions"

    @property
    def words(self) -> str:
        return QueryDict(self.search).get("q", "")

    def search_filters(self) -> Filters:
        """The saved search's filters, as the sign-up form checked them."""
        query = QueryDict(self.search)

        def day(name: str) -> datetime.date | None:
            return datetime.date.fromisoformat(query[name]) if query.get(name) else None

        return Filters(
            kinds=query.getlist("kind"),
            committee=query.get("committee") or None,
            decision_maker=query.get("decision_maker") or None,
            date_from=day("date_from"),
            date_to=day("date_to"),
        )

    def remove(self) -> bool:
        """Delete the alert, and its address with it when nothing else is followed.
        Returns whether the address went."""
        subscriber = self.subscriber
        self.delete()
        if subscriber.alerts.exists():
            return False
        subscriber.delete()
        return True
