"""Two clerks changing one meeting at once: the exempt labels each change raises reach
the other's, whichever commits first (PostgreSQL, where both run side by side; SQLite
lets one writer in at a time)."""

import datetime
import threading
import time

import pytest
from django.db import connection, connections, transaction

from meetings.models import Committee, Meeting
from publishing.exemption import exemption_spread
from reports.models import Document, Page, Report

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="changes side by side need PostgreSQL"
)


def waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else read once a transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def pack_of(pages: int, day: int = 14) -> Document:
    """The pack of ``pages`` pages of the Cabinet's meeting on ``day`` September, committed."""
    committee, _ = Committee.objects.get_or_create(name="Cabinet")
    meeting = Meeting.objects.create(committee=committee, date=datetime.date(2026, 9, day))
    document = Document.objects.create(
        meeting=meeting, sha256=f"{day:064d}", original_name="pack.pdf", page_count=pages
    )
    for number in range(1, pages + 1):
        Page.objects.create(document=document, number=number, text=f"Page {number}")
    return document


def test_a_paper_added_while_another_is_labelled_exempt_is_spread_over(transactional_db):
    document = pack_of(2)
    meeting = document.meeting
    sale = Report.objects.create(document=document, title="Sale", first_page=1, last_page=1)
    labelled, added = threading.Event(), threading.Event()
    failures = []

    def label_the_sale_exempt():
        """Labels the report and spreads, then commits only once the other change waits
        (or, with nothing to wait on, has committed)."""
        try:
            with transaction.atomic():
                Report.objects.filter(pk=sale.pk).update(is_exempt=True)
                exemption_spread(meeting)
                labelled.set()
                deadline = time.monotonic() + 10
                while not (added.is_set() or waiting_for_a_lock()):
                    assert time.monotonic() < deadline, "the other change neither ran nor waited"
                    time.sleep(0.05)
        except BaseException as error:
            failures.append(error)
        finally:
            labelled.set()
            connections.close_all()

    def add_a_paper_over_its_page():
        try:
            assert labelled.wait(10)
            with transaction.atomic():
                Report.objects.create(
                    document=document, title="Sale (continued)", first_page=1, last_page=2
                )
                exemption_spread(meeting)
        except BaseException as error:
            failures.append(error)
        finally:
            added.set()
            connections.close_all()

    clerks = [
        threading.Thread(target=label_the_sale_exempt),
        threading.Thread(target=add_a_paper_over_its_page),
    ]
    for clerk in clerks:
        clerk.start()
    for clerk in clerks:
        clerk.join(30)
    assert not failures, failures
    assert Report.objects.get(title="Sale (continued)").is_exempt
    assert set(document.pages.filter(is_exempt=True).values_list("number", flat=True)) == {1, 2}


def test_the_admin_s_delete_selected_relabels_in_a_transaction_of_its_own(
    transactional_db, admin_client
):
    """Django's "delete selected" runs outside a transaction, where the spread cannot take
    its turn; the admin gives it one."""
    document = pack_of(1)
    reports = [
        Report.objects.create(document=document, title=title, first_page=1, last_page=1)
        for title in ("Sale", "Lease")
    ]
    response = admin_client.post(
        "/admin/reports/report/",
        {"action": "delete_selected", "_selected_action": [reports[0].pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert list(Report.objects.values_list("title", flat=True)) == ["Lease"]


def test_two_meetings_shown_together_published_at_once_take_turns(transactional_db, monkeypatch):
    """Each meeting's pack prints a decision of the other, so publishing either changes what
    the register shows of both. Published by two clerks at once, each publication writes
    both meetings' rows: they take turns, where each holding its own meeting's row while
    waiting for the other's was a deadlock that PostgreSQL ended by failing one of them."""
    from decisions.models import DecisionRecord
    from publishing import services

    first_pack, second_pack = pack_of(1, day=14), pack_of(1, day=21)
    first, second = first_pack.meeting, second_pack.meeting
    for taken, printed_in in ((first, second_pack), (second, first_pack)):
        DecisionRecord.objects.create(
            meeting=taken, document=printed_in, first_page=1, last_page=1, title=f"On {taken}"
        )
    spread_done = {first.pk: threading.Event(), second.pk: threading.Event()}
    failures = []
    spread = services.exemption_spread

    def spread_then_wait_for_the_other(*touched):
        """Both publications past their first lock before either goes on (or, once they
        take turns, the other waiting for it)."""
        raised = spread(*touched)
        spread_done[touched[0].pk].set()
        other = next(done for pk, done in spread_done.items() if pk != touched[0].pk)
        deadline = time.monotonic() + 10
        while not (other.is_set() or waiting_for_a_lock()):
            assert time.monotonic() < deadline, "the other publication neither ran nor waited"
            time.sleep(0.05)
        return raised

    monkeypatch.setattr(services, "exemption_spread", spread_then_wait_for_the_other)

    def publish(meeting):
        try:
            services.meeting_publish(Meeting.objects.get(pk=meeting.pk))
        except BaseException as error:
            failures.append(error)
        finally:
            spread_done[meeting.pk].set()
            connections.close_all()

    clerks = [threading.Thread(target=publish, args=(meeting,)) for meeting in (first, second)]
    for clerk in clerks:
        clerk.start()
    for clerk in clerks:
        clerk.join(30)
    assert not failures, failures
    assert set(Meeting.objects.values_list("status", flat=True)) == {Meeting.Status.PUBLISHED}
    assert DecisionRecord.objects.filter(is_public=True).count() == 2
