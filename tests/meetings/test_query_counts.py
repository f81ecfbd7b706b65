"""Each page runs a bounded number of queries, however big the meeting."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decisions.models import DecisionRecord
from meetings.access import PUBLIC
from meetings.models import AgendaItem, Attendance, Committee, Meeting, Member
from meetings.papers import meeting_papers
from publishing.exemption import exemption_spread
from publishing.services import public_content_changed
from reports.models import Appendix, Document, MinuteItem, Minutes, Page, Report

PAGES_PER_PAPER = 3


def build_meeting(day: int, items: int, papers: int) -> Meeting:
    """A published meeting with ``items`` agenda items and ``papers`` reports and
    appendices spread over them, minutes of an earlier meeting and decision records."""
    committee, _ = Committee.objects.get_or_create(name="Cabinet", slug="cabinet")
    meeting = Meeting.objects.create(
        committee=committee,
        date=datetime.date(2026, 5, day),
        status="published",
        published_at=timezone.now(),
    )
    earlier = Meeting.objects.create(
        committee=committee,
        date=datetime.date(2026, 4, day),
        status="published",
        published_at=timezone.now(),
    )
    document = Document.objects.create(
        meeting=meeting,
        sha256=f"{day:064d}",
        original_name="pack.pdf",
        file="pack.pdf",
        page_count=(papers + 1) * PAGES_PER_PAPER,
        published_at=timezone.now(),
    )
    Page.objects.bulk_create(
        Page(document=document, number=n, printed_number=n, text=f"Page {n}\nSome words.")
        for n in range(1, document.page_count + 1)
    )
    agenda = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            number=str(n),
            order=n,
            title=f"Item {n}",
            is_exempt=n == items,
            exempt_paragraph=3 if n == items else None,
        )
        for n in range(1, items + 1)
    )
    minutes = Minutes.objects.create(
        meeting=earlier,
        document=document,
        agenda_item=agenda[2],
        first_page=1,
        last_page=PAGES_PER_PAPER,
    )
    MinuteItem.objects.bulk_create(
        MinuteItem(minutes=minutes, number=str(100 + n), order=n, heading=f"Minute {n}")
        for n in range(1, items + 1)
    )
    members = Member.objects.bulk_create(
        Member(name=f"Councillor {day} {n}", slug=f"c-{day}-{n}") for n in range(10)
    )
    Attendance.objects.bulk_create(
        Attendance(minutes=minutes, meeting=earlier, member=member, status="present")
        for member in members
    )
    report = None
    for n in range(papers):
        first = (n + 1) * PAGES_PER_PAPER + 1
        item = agenda[n % items]
        if n % 5 == 4 and report is not None:
            Appendix.objects.create(
                report=report,
                document=document,
                title=f"Appendix {n}",
                first_page=first,
                last_page=first + PAGES_PER_PAPER - 1,
            )
            continue
        report = Report.objects.create(
            document=document,
            agenda_item=item,
            title=f"Report {n}",
            first_page=first,
            last_page=first + PAGES_PER_PAPER - 1,
        )
        DecisionRecord.objects.create(
            reference=f"26/{day:02d}{n:03d}",
            title=f"Decision {n}",
            decision_maker="Cabinet",
            date=meeting.date,
            meeting=meeting,
            agenda_item=item,
            report=report,
            document=document,
            first_page=first,
            last_page=first,
        )
    exemption_spread(meeting)  # as importing and publishing do
    public_content_changed()
    return meeting


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def small(db):
    return build_meeting(1, items=4, papers=5)


@pytest.fixture
def large(db):
    return build_meeting(2, items=40, papers=100)


PAGES = {
    "home": lambda m: "/",
    "meeting": lambda m: m.get_absolute_url(),
    "agenda item": lambda m: m.agenda_items.get(number="1").get_absolute_url(),
    "meeting minuted in a later pack": lambda m: Minutes.objects.get(
        document__meeting=m
    ).meeting.get_absolute_url(),
    "report": lambda m: Report.objects.filter(document__meeting=m).first().get_absolute_url(),
    "minutes": lambda m: Minutes.objects.get(document__meeting=m).get_absolute_url(),
    "decisions register": lambda m: "/decisions/",
    "decision": lambda m: DecisionRecord.objects.public().filter(meeting=m)[0].get_absolute_url(),
    "committee": lambda m: m.committee.get_absolute_url(),
    "calendar": lambda m: "/meetings/2026/5/",
}


@pytest.mark.parametrize("page", PAGES)
def test_a_page_of_a_large_meeting_runs_no_more_queries_than_of_a_small_one(
    page, client, small, large, django_assert_max_num_queries
):
    for_small = count_queries(client, PAGES[page](small))
    for_large = count_queries(client, PAGES[page](large))
    assert for_large <= for_small
    url = PAGES[page](large)
    with django_assert_max_num_queries(10):
        client.get(url)


def test_the_large_meeting_page_lists_every_paper(client, large):
    response = client.get(large.get_absolute_url())
    visible = Report.objects.public().filter(document__meeting=large)
    assert visible.count() == 80
    assert all(report.get_absolute_url() in response.text for report in visible)
    assert response.text.count("/appendices/") >= 20


@pytest.mark.parametrize("page", PAGES)
def test_a_page_runs_as_many_queries_in_a_large_archive_as_in_a_small_one(page, client, small):
    """The same meeting's pages, before and after the archive around it grows tenfold in
    meetings, decision records and pages (issue 24)."""
    before = count_queries(client, PAGES[page](small))
    for day in range(3, 13):
        build_meeting(day, items=6, papers=8)
    assert DecisionRecord.objects.public().count() > 60
    assert count_queries(client, PAGES[page](small)) <= before


READ_ONCE_A_PAPER = {
    **PAGES,
    "committee papers feed": lambda m: f"/committees/{m.committee.slug}/papers/feed/",
    "OParl papers": lambda m: "/oparl/v1.1/body/papers/",
    "OParl consultations": lambda m: "/oparl/v1.1/body/consultations/",
    "OParl files": lambda m: "/oparl/v1.1/body/files/",
}


@pytest.mark.parametrize("page", READ_ONCE_A_PAPER)
def test_no_public_page_fetches_what_the_import_read_of_a_pack(page, client, large):
    """A pack's warnings and parts (``IMPORT_READING``: 41 kB of JSON for a 1,000-page
    pack) are for the review pages; fetched with each of a meeting's papers, they made
    that meeting's page 142 ms instead of 61."""
    Document.objects.filter(meeting=large).update(
        warnings=[{"page": 1, "message": "unsure"}], parts=[{"type": "report"}]
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(READ_ONCE_A_PAPER[page](large))
    assert response.status_code == 200
    fetched = [q["sql"] for q in queries if '"reports_document"."parts"' in q["sql"]]
    assert not fetched, fetched[0]


def test_a_meeting_s_own_minutes_cost_no_queries_of_their_own(client, large):
    """The minutes of a meeting, printed in a later pack, are listed on its page with
    the queries the page runs anyway, however many there are."""
    minutes = Minutes.objects.get(document__meeting=large)
    page = minutes.meeting.get_absolute_url()
    once = count_queries(client, page)
    Minutes.objects.create(
        meeting=minutes.meeting,
        document=minutes.document,
        first_page=minutes.last_page + 1,
        last_page=minutes.last_page + 2,
    )
    assert count_queries(client, page) == once


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
@pytest.mark.parametrize("page", ["meeting", "agenda item", "report", "decision"])
def test_a_page_asked_for_again_runs_statements_its_connection_has_prepared(page, client, large):
    """Planning the access rules cost PostgreSQL more than running them; once a connection
    has run a page's statements a few times (psycopg's ``prepare_threshold``), each is
    planned no more (``DATABASE_PREPARED_STATEMENTS``)."""
    url = PAGES[page](large)
    ran: list[str] = []

    def record(execute, sql, params, many, context):
        ran.append(sql)
        return execute(sql, params, many, context)

    for _ in range(6):
        assert client.get(url).status_code == 200
    with connection.execute_wrapper(record):
        assert client.get(url).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = {row[0] for row in cursor.fetchall()}
    assert ran, url
    assert not [sql for sql in ran if as_sent(sql) not in prepared]


def as_sent(sql: str) -> str:
    """A statement as psycopg sends it to be prepared: ``$1, $2 ...`` for Django's ``%s``."""
    numbers = iter(range(1, sql.count("%s") + 1))
    parts = sql.split("%%")
    return "%".join(re.sub("%s", lambda _: f"${next(numbers)}", part) for part in parts)


def test_an_item_s_pdf_parts_need_no_query_of_their_own(large, django_assert_num_queries):
    """An item's papers carry their documents, read once with the meeting's: the item's
    PDF and the worker's cuts ask for nothing more, however many papers it has."""
    entry = meeting_papers(large, PUBLIC).item("1")
    with django_assert_num_queries(0):
        parts = entry.pdf_parts()
    assert [document.meeting_id for document, _ in parts] == [large.pk]
    assert len(parts[0][1]) == PAGES_PER_PAPER * len(entry.reports)  # records lie within


def test_a_meeting_s_decisions_are_listed_by_reference_whatever_order_they_came_in(client, large):
    """Sorted in Python (an ORDER BY over their wide rows costs Django more to compile):
    a record entered last, with the first reference, is listed first under its item."""
    first = DecisionRecord.objects.filter(meeting=large, agenda_item__number="1").first()
    page = page_with_record(
        client, large, reference="26/00001", title="Entered last", agenda_item=first.agenda_item
    )
    item = page[page.index('id="item-1"') : page.index('id="item-2"')]
    references = re.findall(r"decision record (26/\d+)", item)
    assert references[0] == "26/00001"
    assert references == sorted(references)


def test_a_decision_with_no_item_of_its_own_is_listed_under_its_report_s_item(client, large):
    """A record the import tied to a report but not to an item (as a decision printed
    apart from the agenda is) is shown under the item of that report."""
    report = Report.objects.filter(document__meeting=large, agenda_item__number="2").first()
    page = page_with_record(
        client, large, reference="26/00999", title="Decided on the report alone", report=report
    )
    item = page[page.index('id="item-2"') : page.index('id="item-3"')]
    assert "decision record 26/00999: Decided on the report alone" in item


def page_with_record(client, meeting: Meeting, **fields) -> str:
    """The meeting's page once a made record of ``fields`` is published on a page of its
    first item's record."""
    first = DecisionRecord.objects.filter(meeting=meeting, agenda_item__number="1").first()
    DecisionRecord.objects.create(
        decision_maker="Cabinet",
        date=meeting.date,
        meeting=meeting,
        document=first.document,
        first_page=first.first_page,
        last_page=first.first_page,
        **fields,
    )
    public_content_changed()
    return client.get(meeting.get_absolute_url()).text
