"""The lifecycle migration gives the records already held their life: each made record
linked from its proposal (and shown under its item), and dates of publication and
call-in from their document's publication."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from meetings.models import AgendaItem, Committee, Meeting
from reports.models import Document

BEFORE = [("decisions", "0004_exempt_flag")]
AFTER = [("decisions", "0006_decision_lifecycle_data")]


@pytest.mark.django_db(transaction=True)
def test_it_links_and_dates_the_records_already_held():
    try:
        links_and_dates_the_records_already_held()
    finally:
        # Later tests, and the flush after this one, need every table of today's models.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def links_and_dates_the_records_already_held():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    # Only decisions/ is rolled back: the other apps' rows are made by today's models.
    DecisionRecord = apps.get_model("decisions", "DecisionRecord")
    published = timezone.make_aware(datetime.datetime(2025, 8, 21, 12))
    cabinet = Committee.objects.create(name="Cabinet", slug="cabinet")
    meeting = Meeting.objects.create(
        committee=cabinet,
        date=datetime.date(2025, 7, 14),
        status="published",
        published_at=published,
    )
    item = AgendaItem.objects.create(meeting=meeting, number="6", order=6, title="Roads")
    pack = Document.objects.create(
        meeting=meeting,
        sha256="a" * 64,
        original_name="p.pdf",
        file="p.pdf",
        page_count=1,
        published_at=published,
    )
    common = {"decision_maker": "Cabinet", "meeting_id": meeting.pk, "document_id": pack.pk}
    proposal = DecisionRecord.objects.create(
        reference="25/1", title="Roads", status="proposed", agenda_item_id=item.pk, **common
    )
    made = DecisionRecord.objects.create(reference="25/1", title="Roads", status="made", **common)
    urgent = DecisionRecord.objects.create(
        title="Bridge", status="made", urgency="The bridge is unsafe.", **common
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    DecisionRecord = apps.get_model("decisions", "DecisionRecord")
    proposal, made, urgent = (DecisionRecord.objects.get(pk=r.pk) for r in (proposal, made, urgent))
    assert proposal.made_as_id == made.pk
    assert made.agenda_item_id == item.pk
    assert made.published_on == datetime.date(2025, 8, 21)
    assert made.call_in_deadline == datetime.date(2025, 8, 29)
    assert made.may_be_implemented_from == datetime.date(2025, 9, 1)
    assert proposal.call_in_deadline is None
    assert urgent.call_in_exempt and urgent.call_in_deadline is None
