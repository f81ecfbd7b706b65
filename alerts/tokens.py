"""Signed links in alert e-mails (``django.core.signing``), each with its own salt so
that one kind of link can never be used as another.

- confirm: the address and the alerts it asked for; expires after ``CONFIRM_MAX_AGE``.
- manage: the address's page of alerts; expires after ``MANAGE_MAX_AGE`` (every digest
  carries a fresh one).
- unsubscribe: never expires, as RFC 8058 asks of a List-Unsubscribe address.

A link names the address by its row and its e-mail, so a deleted address's links are dead.
"""

from __future__ import annotations

import datetime

from django.core import signing

from .models import Subscriber

CONFIRM_MAX_AGE = datetime.timedelta(days=3)
MANAGE_MAX_AGE = datetime.timedelta(days=60)
_SALTS = {"confirm": "alerts.confirm", "manage": "alerts.manage", "unsubscribe": "alerts.unsub"}
_MAX_AGES = {"confirm": CONFIRM_MAX_AGE, "manage": MANAGE_MAX_AGE, "unsubscribe": None}


class BadLink(Exception):
    """A link that is mistyped, forged, expired or for an address since deleted."""

    def __init__(self, *, expired: bool = False, gone: bool = False):
        super().__init__("expired" if expired else "gone" if gone else "bad")
        self.expired = expired
        self.gone = gone


def make(purpose: str, subscriber: Subscriber, alert_ids: list[int] | None = None) -> str:
    payload = {"s": subscriber.pk, "e": subscriber.email}
    if alert_ids is not None:
        payload["a"] = alert_ids
    return signing.dumps(payload, salt=_SALTS[purpose], compress=True)


def read(purpose: str, token: str) -> tuple[Subscriber, list[int]]:
    """The address (and, for confirm, the alert ids) a link names; ``BadLink`` otherwise."""
    try:
        payload = signing.loads(token, salt=_SALTS[purpose], max_age=_MAX_AGES[purpose])
    except signing.SignatureExpired:
        raise BadLink(expired=True) from None
    except signing.BadSignature:
        raise BadLink() from None
    try:
        subscriber = Subscriber.objects.get(pk=payload["s"], email=payload["e"])
    except Subscriber.DoesNotExist:
        raise BadLink(gone=True) from None
    except (KeyError, TypeError):
        raise BadLink() from None
    return subscriber, list(payload.get("a", []))
