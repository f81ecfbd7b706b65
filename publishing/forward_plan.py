"""The forward plan of key decisions, as staff keep it: save and publish notices, each
recorded in the audit trail, and link each notice to the decision that made it when the
meeting that took the decision is published."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from council_portal.pagecache import public_pages_changed
from decisions.models import DecisionRecord, ForwardPlanNotice
from meetings.models import Meeting

from .models import AuditEntry
from .notice import short_key_decision_notice


def notice_warning(notice: ForwardPlanNotice, *, today: datetime.date) -> str:
    """Whether the notice gives the public too little time: counted from the day it was
    first published, or from today for a draft."""
    return short_key_decision_notice(
        notice.first_published_on or today,
        notice.expected_date,
        key=notice.is_key_decision,
        private=notice.is_private,
    )


@transaction.atomic
def forward_plan_notice_save(
    notice: ForwardPlanNotice, *, changes: list[str], by=None
) -> ForwardPlanNotice:
    """Save a notice staff added or edited; ``changes`` says what changed, for the audit
    trail (empty for a new notice). A published notice keeps a first publication date."""
    adding = notice.pk is None
    if notice.is_published and not notice.first_published_on:
        notice.first_published_on = timezone.localdate(notice.published_at)
    notice.save()
    if adding:
        AuditEntry.record(
            AuditEntry.Action.CORRECT, f"Added to the forward plan: {notice}", actor=by
        )
    elif changes:
        AuditEntry.record(
            AuditEntry.Action.CORRECT,
            "Forward plan notice " + "; ".join(changes),
            actor=by,
        )
    if notice.is_published:
        public_pages_changed()
    return notice


@transaction.atomic
def forward_plan_notice_publish(notice: ForwardPlanNotice, *, by=None, when=None) -> None:
    """Put a draft notice in the public forward plan; its first publication date is today
    unless staff gave an earlier one (a notice first published before it was entered)."""
    when = when or timezone.now()
    notice.published_at = when
    notice.first_published_on = notice.first_published_on or timezone.localdate(when)
    notice.save(update_fields=["published_at", "first_published_on", "updated_at"])
    AuditEntry.record(
        AuditEntry.Action.PUBLISH, f"Published forward plan notice {notice}", actor=by
    )
    public_pages_changed()


def forward_plan_decisions_link(meeting: Meeting, *, by=None) -> list[ForwardPlanNotice]:
    """Link the decisions made at ``meeting`` (or printed in its papers) to the notices
    that announced them, each link in the audit trail."""
    linked = ForwardPlanNotice.objects.link_decisions(
        DecisionRecord.objects.of_meetings([meeting.pk])
    )
    for notice in linked:
        AuditEntry.record(
            AuditEntry.Action.CORRECT,
            f"Forward plan notice {notice} linked to its decision {notice.decision}",
            actor=by,
            meeting=meeting,
        )
    return linked
