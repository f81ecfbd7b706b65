"""The public portal through real HTTP: a sample pack imported, then read as a resident would."""

import datetime
import io
import re

import pypdfium2 as pdfium
import pytest
from django.template.loader import render_to_string

from decisions.models import DecisionRecord
from meetings.models import Meeting
from packs.writing import sample_pack
from publishing.imports import pack_import
from reports.models import Minutes, Report

MEETING_DATE = datetime.date(2026, 1, 19)


@pytest.fixture
def pack():
    return sample_pack(committee="Cabinet", meeting_date=MEETING_DATE, seed=0)


@pytest.fixture
def published(media, pack) -> Meeting:
    return pack_import(source=pack.pdf, filename=pack.filename, publish=True).meeting


@pytest.fixture
def exempt_item(published):
    return published.agenda_items.get(is_exempt=True)


def pdf_pages(response) -> list[str]:
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    document = pdfium.PdfDocument(io.BytesIO(content))
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def test_home_lists_the_latest_decisions(client, published):
    response = client.get("/")
    assert response.status_code == 200
    made = DecisionRecord.objects.public().filter(status="made").first()
    assert made.title in response.text
    assert 'role="search"' in response.text


class TestMeetingPage:
    def test_it_shows_when_and_where_and_the_agenda_in_order(self, client, published, pack):
        response = client.get(published.get_absolute_url())
        assert response.status_code == 200
        assert "Monday 19 January 2026" in response.text and "10.00 a.m." in response.text
        assert pack.meeting.venue in response.text
        positions = [response.text.index(f'id="item-{item.number}"') for item in pack.agenda]
        assert positions == sorted(positions)
        first_with_pages = next(item for item in pack.agenda if item.pages and not item.exempt)
        first, last = first_with_pages.pages
        assert f"Pages {first} - {last}" in response.text or f"Page {first}" in response.text

    def test_each_item_lists_its_papers(self, client, published):
        response = client.get(published.get_absolute_url())
        for report in Report.objects.public().filter(document__meeting=published):
            assert report.get_absolute_url() in response.text
        minutes = Minutes.objects.get(document__meeting=published)
        assert minutes.get_absolute_url() in response.text

    def test_a_draft_meeting_is_not_public(self, client, media, pack):
        meeting = pack_import(source=pack.pdf, filename=pack.filename).meeting
        assert client.get(meeting.get_absolute_url()).status_code == 404

    def test_a_cancelled_meeting_says_so(self, client, published):
        published.status = Meeting.Status.CANCELLED
        published.save()
        assert "This meeting has been cancelled." in client.get(published.get_absolute_url()).text

    def test_an_unknown_date_is_a_404(self, client, published):
        url = published.get_absolute_url().replace("2026-01-19", "2026-02-30")
        assert client.get(url).status_code == 404


class TestExemptItems:
    def test_they_appear_by_number_title_and_paragraph_only(self, client, published, exempt_item):
        response = client.get(published.get_absolute_url())
        assert exempt_item.title in response.text
        notice = f"exempt under paragraph {exempt_item.exempt_paragraph} of Part 1 of Schedule 12A"
        assert notice in response.text
        for report in Report.objects.filter(agenda_item=exempt_item):
            assert report.get_absolute_url() not in response.text
            assert client.get(report.get_absolute_url()).status_code == 404
            assert client.get(report.get_pdf_url()).status_code == 404

    def test_their_item_pdf_is_refused(self, client, published, exempt_item):
        url = exempt_item.get_absolute_url() + "pdf/"
        assert client.get(url).status_code == 404

    def test_the_public_pack_leaves_their_pages_out(self, client, published, exempt_item):
        document = published.documents.get()
        # The public pack's placeholder for the item is no paper, but its pages are
        # labelled exempt with the item.
        exempt_text = document.pages.filter(is_exempt=True).first().text
        pages = pdf_pages(client.get(document.get_absolute_url()))
        assert 0 < len(pages) < document.page_count
        assert exempt_text.strip() not in [page.strip() for page in pages]


class TestPapers:
    def test_a_report_reads_page_by_page_with_the_packs_page_numbers(self, client, published):
        report = Report.objects.public().filter(document__meeting=published).first()
        page = report.document.pages.get(number=report.first_page)
        response = client.get(report.get_absolute_url())
        assert response.status_code == 200
        assert f'id="page-{page.printed_number}"' in response.text
        assert "<h3>" in response.text and report.title in response.text

    def test_a_reports_pdf_is_its_own_pages(self, client, published):
        report = Report.objects.public().filter(document__meeting=published).first()
        pages = pdf_pages(client.get(report.get_pdf_url()))
        assert len(pages) == len(report.page_numbers)

    def test_an_items_pdf_holds_its_papers_pages(self, client, published):
        report = Report.objects.public().filter(document__meeting=published).first()
        item = report.agenda_item
        pages = pdf_pages(client.get(item.get_absolute_url() + "pdf/"))
        expected = sum(len(r.page_numbers) for r in item.reports.all())
        expected += sum(len(a.page_numbers) for r in item.reports.all() for a in r.appendices.all())
        assert len(pages) >= expected

    def test_minutes_show_attendance_and_each_minute(self, client, published, pack):
        minutes = Minutes.objects.get(document__meeting=published)
        response = client.get(minutes.get_absolute_url())
        for name in pack.minutes[0].present:
            assert name in response.text
        for item in pack.minutes[0].items:
            assert f"{item.number}. " in response.text


class TestDecisionsRegister:
    def test_it_lists_records_newest_first(self, client, published):
        response = client.get("/decisions/")
        dates = re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})"', response.text)
        assert dates and dates == sorted(dates, reverse=True)

    def test_it_filters_by_status_and_key_decision(self, client, published):
        proposed = DecisionRecord.objects.public().filter(status="proposed")
        response = client.get("/decisions/", {"status": "proposed"})
        assert f"{proposed.count()} decision record" in response.text
        for record in DecisionRecord.objects.public().filter(status="made"):
            assert record.get_absolute_url() not in response.text
        response = client.get("/decisions/", {"key_decision": "no", "status": "made"})
        expected = DecisionRecord.objects.public().filter(status="made", is_key_decision=False)
        assert f"{expected.count()} decision record" in response.text

    def test_it_filters_by_committee_and_dates(self, client, published):
        inside = client.get(
            "/decisions/",
            {"committee": "cabinet", "date_from": "2025-01-01", "date_to": "2026-12-31"},
        )
        outside = client.get("/decisions/", {"date_from": "2030-01-01"})
        assert "No decision records match these filters." in outside.text
        assert "No decision records match" not in inside.text

    def test_a_bad_filter_explains_itself(self, client, published):
        response = client.get("/decisions/", {"date_from": "2026-05-01", "date_to": "2026-01-01"})
        assert response.status_code == 200
        assert "The end date must be on or after the start date." in response.text
        assert (
            client.get("/decisions/", {"date_from": "not a date", "page": "99"}).status_code == 200
        )

    def test_a_decision_page_shows_every_part_and_its_meeting(self, client, published):
        record = DecisionRecord.objects.public().filter(status="made").first()
        response = client.get(record.get_absolute_url())
        for heading in (
            "The decision",
            "Reasons for the decision",
            "Alternatives considered",
            "Conflicts of interest",
            "Approved by",
        ):
            assert heading in response.text
        assert record.meeting.get_absolute_url() in response.text


def test_committees_and_the_calendar(client, published):
    committees = client.get("/committees/")
    assert published.committee.get_absolute_url() in committees.text
    committee = client.get(published.committee.get_absolute_url())
    assert published.get_absolute_url() in committee.text
    assert client.get(published.committee.get_absolute_url() + "1999/").status_code == 404
    calendar = client.get("/meetings/2026/1/")
    assert published.get_absolute_url() in calendar.text
    # Earlier and later months lead to the nearest with meetings, and end where they end.
    days = sorted(Meeting.objects.public().values_list("date", flat=True))
    first, last = (f"/meetings/{day.year}/{day.month}/" for day in (days[0], days[-1]))
    assert 'rel="prev"' not in client.get(first).text
    assert 'rel="next"' not in client.get(last).text
    before = client.get("/meetings/2001/1/").text
    assert f'href="{first}" rel="next"' in before and 'rel="prev"' not in before
    assert client.get("/meetings/").status_code == 302
    assert client.get("/meetings/2026/13/").status_code == 404


def test_the_500_page_is_friendly():
    assert "Sorry, there is a problem with the service" in render_to_string("500.html")
