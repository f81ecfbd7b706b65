"""The data rules clerks rely on, enforced by the database on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from decisions.models import DecisionRecord
from meetings.models import AgendaItem, Attendance, Committee, ExemptLowered, Meeting, Member
from publishing.exemption import exemption_spread
from publishing.services import (
    meeting_corrected,
    meeting_publish,
    meeting_withdraw,
    public_content_changed,
)
from reports.models import Appendix, Document, MinuteItem, Minutes, Page, Report


@pytest.fixture
def document(meeting, settings, tmp_path) -> Document:
    settings.MEDIA_ROOT = tmp_path
    doc = Document(
        meeting=meeting,
        sha256="a" * 64,
        original_name="pack.pdf",
        page_count=3,
        published_at=timezone.now(),
    )
    doc.file.save("pack.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
    doc.save()
    return doc


def item(meeting, order, number=None, **fields) -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=meeting, order=order, number=number or str(order), title=f"Item {order}", **fields
    )


def assert_refused(model, fields):
    """The database itself refuses this row."""
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


class TestCommittee:
    def test_it_makes_a_slug_from_the_name(self, db):
        assert Committee.objects.create(name="Health and Adult Social Care").slug == (
            "health-and-adult-social-care"
        )

    def test_it_refuses_a_second_committee_of_the_same_name(self, cabinet):
        assert_refused(Committee, {"name": "Cabinet", "slug": "cabinet-2"})


class TestMeeting:
    def test_it_refuses_two_meetings_of_a_committee_at_the_same_date_and_time(self, meeting):
        assert_refused(
            Meeting,
            {
                "committee": meeting.committee,
                "date": meeting.date,
                "start_time": meeting.start_time,
            },
        )

    def test_it_allows_a_second_meeting_on_the_same_day_at_another_time(self, meeting):
        Meeting.objects.create(
            committee=meeting.committee, date=meeting.date, start_time=datetime.time(14, 0)
        )
        assert meeting.committee.meetings.count() == 2

    def test_it_refuses_two_untimed_meetings_of_a_committee_on_one_day(self, cabinet):
        day = datetime.date(2026, 5, 1)
        Meeting.objects.create(committee=cabinet, date=day)
        assert_refused(Meeting, {"committee": cabinet, "date": day})

    def test_it_refuses_published_without_a_publication_time(self, cabinet):
        assert_refused(
            Meeting,
            {
                "committee": cabinet,
                "date": datetime.date(2026, 5, 1),
                "status": Meeting.Status.PUBLISHED,
            },
        )

    def test_public_meetings_leave_out_drafts_but_keep_cancelled_ones(self, meeting):
        cancelled = Meeting.objects.create(
            committee=meeting.committee,
            date=datetime.date(2026, 4, 1),
            status=Meeting.Status.CANCELLED,
        )
        published = Meeting.objects.create(
            committee=meeting.committee,
            date=datetime.date(2026, 5, 1),
            status=Meeting.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        assert set(Meeting.objects.public()) == {cancelled, published}

    def test_upcoming_lists_meetings_from_today_soonest_first(self, cabinet):
        dates = [datetime.date(2026, 6, d) for d in (20, 1, 10)]
        for day in [datetime.date(2026, 5, 31), *dates]:
            Meeting.objects.create(committee=cabinet, date=day)
        upcoming = Meeting.objects.upcoming(today=datetime.date(2026, 6, 1))
        assert [m.date for m in upcoming] == sorted(dates)

    def test_deleting_a_committee_with_meetings_is_refused(self, meeting):
        with pytest.raises(ProtectedError):
            meeting.committee.delete()


class TestAgendaItem:
    def test_items_come_in_agenda_order_not_number_order(self, meeting):
        for order, number in enumerate(["1", "2", "10", "7a", "3"], start=1):
            item(meeting, order, number)
        assert [i.number for i in meeting.agenda_items.all()] == ["1", "2", "10", "7a", "3"]

    def test_it_refuses_a_number_twice_on_one_agenda(self, meeting):
        item(meeting, 1, "7a")
        assert_refused(
            AgendaItem, {"meeting": meeting, "order": 2, "number": "7a", "title": "Again"}
        )

    def test_it_refuses_two_items_in_one_place(self, meeting):
        item(meeting, 1)
        assert_refused(
            AgendaItem, {"meeting": meeting, "order": 1, "number": "2", "title": "Clash"}
        )

    def test_it_refuses_a_page_range_that_runs_backwards(self, meeting):
        assert_refused(
            AgendaItem,
            {
                "meeting": meeting,
                "order": 1,
                "number": "1",
                "title": "Backwards",
                "first_page": 9,
                "last_page": 3,
            },
        )

    def test_a_paragraph_of_schedule_12a_needs_the_exempt_flag(self, meeting):
        assert_refused(
            AgendaItem,
            {
                "meeting": meeting,
                "order": 1,
                "number": "1",
                "title": "Not exempt",
                "exempt_paragraph": 3,
            },
        )

    def test_it_refuses_a_paragraph_schedule_12a_does_not_have(self, meeting):
        assert_refused(
            AgendaItem,
            {
                "meeting": meeting,
                "order": 1,
                "number": "1",
                "title": "Exempt",
                "is_exempt": True,
                "exempt_paragraph": 8,
            },
        )

    def test_it_prints_its_page_range_as_the_pack_does(self, meeting):
        assert item(meeting, 1, first_page=19, last_page=36).pages_label == "Pages 19 - 36"
        assert item(meeting, 2, first_page=5, last_page=5).pages_label == "Page 5"
        assert item(meeting, 3).pages_label == ""


class TestPapers:
    def test_it_refuses_the_same_pdf_twice(self, document):
        assert_refused(
            Document,
            {
                "sha256": document.sha256,
                "original_name": "copy.pdf",
                "page_count": 3,
                "file": "x.pdf",
            },
        )

    def test_it_refuses_a_page_twice(self, document):
        Page.objects.create(document=document, number=1, text="Agenda")
        assert_refused(Page, {"document": document, "number": 1, "text": "Again"})

    def test_a_report_on_an_exempt_item_is_labelled_exempt_and_stays_so(self, document, meeting):
        meeting.status, meeting.published_at = Meeting.Status.PUBLISHED, timezone.now()
        meeting.save()
        open_item = item(meeting, 1)
        exempt_item = item(meeting, 2, is_exempt=True, exempt_paragraph=3)
        for number in (1, 2, 3):
            Page.objects.create(document=document, number=number, text=f"Page {number}")
        public = Report.objects.create(
            document=document, agenda_item=open_item, title="Budget", first_page=1, last_page=1
        )
        by_item = Report.objects.create(
            document=document,
            agenda_item=exempt_item,
            title="Sale of land",
            first_page=2,
            last_page=2,
        )
        by_flag = Report.objects.create(
            document=document,
            agenda_item=open_item,
            title="Exempt appendix",
            first_page=3,
            last_page=3,
            is_exempt=True,
            exempt_paragraph=3,
        )
        exemption_spread(meeting)  # as every import, correction and admin save does
        public_content_changed(meeting)
        assert list(Report.objects.public()) == [public]
        assert by_item.is_exempt_here and by_flag.is_exempt_here and not public.is_exempt_here
        assert set(document.pages.filter(is_exempt=True).values_list("number", flat=True)) == {2, 3}
        by_item.refresh_from_db()
        by_item.agenda_item = open_item  # moved off the exempt item: still exempt
        by_item.save()
        by_item.first_page = by_item.last_page = 1  # and off its exempt page
        by_item.save()
        assert list(Report.objects.public()) == [public]
        assert by_item in Report.objects.exempt()

    def test_a_label_spreads_along_pages_papers_and_what_follows_until_nothing_rises(
        self, document, meeting
    ):
        appendices = Document.objects.create(
            meeting=meeting, sha256="b" * 64, original_name="appendices.pdf", page_count=2
        )
        for source in (document, appendices):
            for number in range(1, source.page_count + 1):
                Page.objects.create(document=source, number=number, text=f"Page {number}")
        document.pages.filter(number=1).update(is_exempt=True)  # as an exempt item's range
        first = Report.objects.create(document=document, title="A", first_page=1, last_page=2)
        second = Report.objects.create(document=document, title="B", first_page=2, last_page=3)
        appendix = Appendix.objects.create(
            document=appendices, report=second, title="Map", first_page=1, last_page=1
        )
        record = DecisionRecord.objects.create(
            title="Sale agreed", decision="Agreed.", decision_maker="Cabinet", report=second
        )
        other = Report.objects.create(document=appendices, title="C", first_page=2, last_page=2)
        assert exemption_spread(meeting) == 7
        for paper in (first, second, appendix, record, other):
            paper.refresh_from_db()
        assert first.is_exempt and second.is_exempt and appendix.is_exempt and record.is_exempt
        assert not other.is_exempt
        exempt_pages = Page.objects.filter(is_exempt=True).values_list("document", "number")
        assert set(exempt_pages) == {
            (document.pk, 1),
            (document.pk, 2),
            (document.pk, 3),
            (appendices.pk, 1),
        }
        assert exemption_spread(meeting) == 0

    def test_an_exempt_label_cannot_be_lowered_by_saving(self, document, meeting):
        report = Report.objects.create(
            document=document, title="Sale of land", first_page=1, last_page=1, is_exempt=True
        )
        report.is_exempt = False
        with pytest.raises(ExemptLowered):
            report.save()
        exempt_item = item(meeting, 2, is_exempt=True, exempt_paragraph=3)
        exempt_item.is_exempt, exempt_item.exempt_paragraph = False, None
        with pytest.raises(ExemptLowered):
            exempt_item.save()

    def test_reports_of_a_draft_meeting_are_not_public(self, document, meeting):
        Report.objects.create(document=document, title="Draft", first_page=1, last_page=1)
        assert not Report.objects.public().exists()

    def test_deleting_an_agenda_item_keeps_its_report(self, document, meeting):
        agenda_item = item(meeting, 1)
        report = Report.objects.create(
            document=document, agenda_item=agenda_item, title="Budget", first_page=1, last_page=2
        )
        agenda_item.delete()
        report.refresh_from_db()
        assert report.agenda_item is None

    def test_deleting_a_meeting_with_stored_papers_is_refused(self, document, meeting):
        with pytest.raises(ProtectedError):
            meeting.delete()

    def test_deleting_a_meeting_with_minutes_elsewhere_is_refused(self, document, cabinet):
        earlier = Meeting.objects.create(committee=cabinet, date=datetime.date(2026, 1, 8))
        Minutes.objects.create(meeting=earlier, document=document, first_page=1, last_page=2)
        with pytest.raises(ProtectedError):
            earlier.delete()

    def test_deleting_a_document_removes_what_was_cut_from_it(self, document, meeting):
        Page.objects.create(document=document, number=1, text="Minutes")
        minutes = Minutes.objects.create(
            meeting=meeting, document=document, first_page=1, last_page=1
        )
        MinuteItem.objects.create(minutes=minutes, number="58", order=1, heading="Apologies")
        DecisionRecord.objects.create(title="Budget", decision_maker="Cabinet", document=document)
        document.delete()
        assert not Page.objects.exists() and not MinuteItem.objects.exists()
        assert not DecisionRecord.objects.exists()

    def test_it_refuses_a_paper_whose_pages_run_backwards(self, document):
        assert_refused(
            Report, {"document": document, "title": "R", "first_page": 4, "last_page": 2}
        )


class TestAttendance:
    @pytest.fixture
    def minutes(self, document, meeting) -> Minutes:
        return Minutes.objects.create(meeting=meeting, document=document, first_page=1, last_page=1)

    def test_a_member_is_recorded_once_per_set_of_minutes(self, minutes):
        member = Member.objects.create(name="Councillor Roy Perry")
        row = Attendance.objects.create(minutes=minutes, member=member, status="present")
        assert row.meeting == minutes.meeting
        assert_refused(
            Attendance,
            {
                "minutes": minutes,
                "meeting": minutes.meeting,
                "member": member,
                "status": "apologies",
            },
        )

    def test_deleting_a_member_with_attendance_is_refused(self, minutes):
        member = Member.objects.create(name="Mr R W Gough")
        Attendance.objects.create(minutes=minutes, member=member, status="present")
        with pytest.raises(ProtectedError):
            member.delete()

    def test_deleting_minutes_removes_the_attendance_they_record(self, minutes):
        member = Member.objects.create(name="Mr R W Gough")
        Attendance.objects.create(minutes=minutes, member=member, status="present")
        minutes.delete()
        assert not Attendance.objects.exists()


class TestDecisionRecord:
    def test_it_refuses_a_reference_twice_for_the_same_status(self, db):
        DecisionRecord.objects.create(reference="24/00096", title="A", decision_maker="Cabinet")
        assert_refused(
            DecisionRecord, {"reference": "24/00096", "title": "B", "decision_maker": "Cabinet"}
        )

    def test_a_proposed_and_a_made_record_share_a_reference(self, db):
        for status in DecisionRecord.Status:
            DecisionRecord.objects.create(
                reference="24/00096", title="Plan", decision_maker="Cabinet", status=status
            )
        assert DecisionRecord.objects.filter(reference="24/00096").count() == 2

    def test_records_without_a_reference_may_be_many(self, db):
        for title in ("A", "B"):
            DecisionRecord.objects.create(title=title, decision_maker="Cabinet")
        assert DecisionRecord.objects.count() == 2

    def test_records_are_public_once_their_document_is_published_unless_exempt(
        self, document, meeting
    ):
        exempt_item = item(meeting, 1, is_exempt=True, exempt_paragraph=3)
        in_pack = DecisionRecord.objects.create(
            title="Budget", decision_maker="Cabinet", document=document
        )
        DecisionRecord.objects.create(
            title="Sale of land",
            decision_maker="Cabinet",
            document=document,
            agenda_item=exempt_item,
        )
        DecisionRecord.objects.create(title="Unattached", decision_maker="Director")
        assert not DecisionRecord.objects.public().exists()
        meeting_publish(meeting)
        assert list(DecisionRecord.objects.public()) == [in_pack]
        meeting_withdraw(meeting)
        assert not DecisionRecord.objects.public().exists()

    def test_the_public_flag_follows_a_correction_to_an_items_exemption(self, document, meeting):
        budget = item(meeting, 1)
        DecisionRecord.objects.create(
            title="Budget", decision_maker="Cabinet", document=document, agenda_item=budget
        )
        meeting_publish(meeting)
        assert DecisionRecord.objects.public().count() == 1
        AgendaItem.objects.filter(pk=budget.pk).update(is_exempt=True, exempt_paragraph=3)
        assert DecisionRecord.objects.public().count() == 1  # until the correction is told
        meeting_corrected(meeting, ["Item 1 is exempt"])
        assert not DecisionRecord.objects.public().exists()

    def test_minutes_carried_in_a_published_pack_are_public(self, document, cabinet, meeting):
        earlier = Meeting.objects.create(committee=cabinet, date=datetime.date(2026, 2, 4))
        Minutes.objects.create(meeting=earlier, document=document, first_page=1, last_page=2)
        assert not Minutes.objects.public().exists()
        meeting_publish(meeting)
        assert Minutes.objects.public().get().meeting == earlier
