"""Exempt is sticky: the three ways ordinary staff actions made hidden text public, one test
each (each fails on the code before labels), and what the clerk is told.

1. Four review corrections: deleting an exempt item, merging an open report with the
   exempt report after it, retyping an exempt report as an appendix of an open one, and
   splitting a report exempt on its own.
2. A later pack that prints an existing item as exempt (and one that prints an exempt
   item as open).
3. Attendance read from printed minutes never published.
"""

import datetime

import pytest
from django.test import Client

from meetings.models import Attendance, Meeting, Member
from packs.writing import printed_minutes, sample_pack, supplementary_pack
from publishing.imports import pack_import
from publishing.models import AuditEntry
from publishing.services import meeting_publish
from reports.models import Appendix, Document, Minutes, Report

from .review import correct_record, make_public, record_data, review_data
from .walk import public_text

MEETING_DATE = datetime.date(2026, 9, 14)
MINUTED_DATE = datetime.date(2026, 8, 17)
# One marker a paper, each a word search can look for.
EXEMPT = {
    "report": "Quillfeather valuation",
    "appendix": "Brackenmoor figures",
    "decision": "Tamberlake resolution",
    "minutes": "Oddingley settlement",
}
OWN = "Wrenhallow forecast"  # in a report staff mark exempt on its own


@pytest.fixture
def published(media, staff_client) -> Meeting:
    """The councillors' pack, published: item 11 exempt with its report, proposed record
    and appendix; item 10 the previous meeting's exempt minutes; item 6's report marked
    exempt on its own by the clerk (its item is open)."""
    pack = sample_pack(
        committee="Cabinet",
        meeting_date=MEETING_DATE,
        seed=2,
        exempt_text=EXEMPT,
        report_text={"6": f"The {OWN} was agreed in confidence."},
    )
    meeting = pack_import(source=pack.pdf, filename=pack.filename, publish=True).meeting
    own = Report.objects.get(document__meeting=meeting, agenda_item__number="6")
    data = record_data(staff_client, meeting, "reports", own)
    data.update(is_exempt="on", publish_correction="1")  # the meeting is public
    response = staff_client.post(f"/staff/meetings/{meeting.pk}/reports/{own.pk}/", data)
    assert response.status_code == 302
    return meeting


def correct(staff_client, meeting, **changes):
    """Post the review's agenda form with ``changes``, past the preview."""
    data = review_data(staff_client, meeting)["post"]
    data.update(changes, publish_correction="1")
    response = staff_client.post(f"/staff/meetings/{meeting.pk}/", data)
    assert response.status_code == 302, response.context and response.context.get("items")
    return response


def act(staff_client, meeting, form: str, **fields):
    """Post one of the review page's action forms (split, merge, retype), past the preview."""
    data = {"form": form, "publish_correction": "1"}
    data.update({f"{form}-{name}": value for name, value in fields.items()})
    return staff_client.post(f"/staff/meetings/{meeting.pk}/", data)


def leaked(client, markers) -> list[tuple[str, str]]:
    """Where any of ``markers`` shows, every public URL walked and each searched for."""
    markers = list(markers)
    pages = public_text(client, words=[marker.split()[0] for marker in markers])
    return [(url, marker) for url, text in pages.items() for marker in markers if marker in text]


def exempt_report(meeting) -> Report:
    return Report.objects.get(document__meeting=meeting, agenda_item__number="11")


def test_the_fixture_hides_every_marker_and_a_councillor_reads_them(published, client, councillor):
    assert not leaked(client, [*EXEMPT.values(), OWN])
    reader = Client()
    reader.force_login(councillor)
    seen = "\n".join(public_text(reader, words=["Quillfeather"]).values())
    assert all(marker in seen for marker in [*EXEMPT.values(), OWN])


class TestCorrectionsKeepExemptPapersHidden:
    def test_deleting_an_exempt_item_leaves_its_papers_hidden(
        self, published, staff_client, client
    ):
        report = exempt_report(published)
        rows = review_data(staff_client, published)["items"]
        index = rows.index(report.agenda_item_id)
        correct(staff_client, published, **{f"items-{index}-DELETE": "on"})
        assert not leaked(client, EXEMPT.values())
        assert not published.agenda_items.filter(number="11").exists()
        report.refresh_from_db()
        assert report.agenda_item is None and report in Report.objects.exempt()

    def test_merging_an_open_report_with_the_exempt_one_after_it_hides_the_whole(
        self, published, staff_client, client
    ):
        report = Report.objects.get(document__meeting=published, agenda_item__number="9")
        appendix = exempt_report(published).appendices.get()
        while report.next_paper() != exempt_report(published):
            assert act(staff_client, published, "merge", paper=report.pk).status_code == 302
            report.refresh_from_db()
        assert act(staff_client, published, "merge", paper=report.pk).status_code == 302
        assert not leaked(client, EXEMPT.values())
        report.refresh_from_db()
        assert report.last_page >= 40 and report in Report.objects.exempt()
        assert appendix in report.appendices.all()

    def test_an_exempt_report_retyped_as_an_appendix_of_an_open_report_stays_hidden(
        self, published, staff_client, client
    ):
        report = exempt_report(published)
        owner = report.report_before()
        assert not owner.is_exempt
        assert act(staff_client, published, "retype", paper=report.pk).status_code == 302
        assert not leaked(client, EXEMPT.values())
        appendix = Appendix.objects.get(report=owner, first_page=report.first_page)
        assert appendix in Appendix.objects.exempt()

    def test_splitting_a_report_exempt_on_its_own_keeps_both_parts_exempt(
        self, published, staff_client, client
    ):
        own = Report.objects.get(document__meeting=published, agenda_item__number="6")
        marked = own.document.pages.get(text__contains=OWN).number
        assert own.first_page < marked <= own.last_page
        response = act(staff_client, published, "split", paper=own.pk, at=marked, kind="report")
        assert response.status_code == 302
        assert not leaked(client, [OWN])
        continued = Report.objects.get(document=own.document, first_page=marked)
        assert continued.title.endswith("(continued)") and continued in Report.objects.exempt()

    def test_the_preview_tells_every_page_hidden_and_unticking_exempt_is_refused(
        self, published, staff_client
    ):
        report = Report.objects.get(document__meeting=published, agenda_item__number="9")
        data = {"form": "merge", "merge-paper": report.pk}
        for _ in range(2):
            act(staff_client, published, "merge", paper=report.pk)
        preview = staff_client.post(f"/staff/meetings/{published.pk}/", data).text
        assert "What the public gain and lose" in preview
        assert f"become hidden from the public: Report “{report.title}”" in preview
        assert "become public" not in preview
        refused = correct_record(
            staff_client, published, "reports", exempt_report(published), is_exempt=None
        )
        assert refused.status_code == 200 and "only “Make public”" in refused.text
        assert exempt_report(published).is_exempt


class TestMakePublic:
    def test_it_says_in_words_what_becomes_public_and_only_then_does_it(
        self, published, staff_client, client
    ):
        report = exempt_report(published)
        target = f"item:{report.agenda_item_id}"
        preview = make_public(
            staff_client, published, target, reason="Contract signed.", confirm=False
        )
        assert preview.status_code == 200
        words = preview.text
        assert f"Pages {report.first_page} to" in words and "become public" in words
        assert f"Report “{report.title}”" in words
        assert not Report.objects.filter(pk=report.pk, is_exempt=False).exists()
        assert leaked(client, EXEMPT.values()) == []
        response = make_public(staff_client, published, target, reason="The contract is signed.")
        assert response.status_code == 302
        shown = "\n".join(public_text(client).values())
        assert EXEMPT["report"] in shown and EXEMPT["appendix"] in shown
        assert EXEMPT["minutes"] not in shown and OWN not in shown
        entry = AuditEntry.objects.get(action="make_public")
        assert "because: The contract is signed." in entry.description

    def test_a_paper_on_an_exempt_item_cannot_be_made_public_alone(self, published, staff_client):
        report = exempt_report(published)
        response = make_public(staff_client, published, f"report:{report.pk}", reason="No reason.")
        assert response.status_code == 200
        assert "cannot be made public alone: it is on exempt item 11" in response.text
        assert Report.objects.get(pk=report.pk).is_exempt

    def test_a_reason_is_required(self, published, staff_client):
        own = Report.objects.get(document__meeting=published, agenda_item__number="6")
        response = make_public(staff_client, published, f"report:{own.pk}", reason="  ")
        assert response.status_code == 200 and Report.objects.get(pk=own.pk).is_exempt


class TestLaterPacks:
    @pytest.fixture
    def open_meeting(self, media) -> Meeting:
        pack = sample_pack(committee="Cabinet", meeting_date=MEETING_DATE, seed=2)
        return pack_import(source=pack.pdf, filename=pack.filename, publish=True).meeting

    def test_a_later_pack_that_prints_an_item_exempt_hides_it(
        self, open_meeting, staff_client, client
    ):
        item = open_meeting.agenda_items.get(number="9")
        assert not item.is_exempt
        private = "Ravensworth tender"
        late = supplementary_pack(
            committee="Cabinet",
            meeting_date=MEETING_DATE,
            seed=2,
            number_from=9,
            exempt_text=f"The {private} is commercially confidential.",
        )
        document = pack_import(source=late.pdf, filename=late.filename).document
        meeting_publish(open_meeting)  # the clerk publishes the new pack
        assert not leaked(client, [private])
        item.refresh_from_db()
        assert item.is_exempt
        assert client.get(document.get_absolute_url()).status_code == 404
        earlier = Report.objects.get(document__kind="main_pack", agenda_item=item)
        assert client.get(earlier.get_absolute_url()).status_code == 404
        review = staff_client.get(f"/staff/meetings/{open_meeting.pk}/").text
        assert "prints item 9" in review and "is now exempt" in review

    def test_a_later_pack_that_prints_an_exempt_item_open_does_not_open_it(
        self, open_meeting, staff_client
    ):
        item = open_meeting.agenda_items.get(number="10")
        assert item.is_exempt
        late = supplementary_pack(
            committee="Cabinet", meeting_date=MEETING_DATE, seed=2, number_from=10
        )
        pack_import(source=late.pdf, filename=late.filename)
        item.refresh_from_db()
        assert item.is_exempt
        review = staff_client.get(f"/staff/meetings/{open_meeting.pk}/").text
        assert "prints item 10" in review and "it stays exempt" in review


def test_attendance_from_minutes_never_published_stays_unseen(media, client):
    pack = sample_pack(committee="Cabinet", meeting_date=MEETING_DATE, seed=2)
    pack_import(source=pack.pdf, filename=pack.filename, publish=True)
    minuted = Meeting.objects.get(date=MINUTED_DATE)
    public_minutes = Minutes.objects.public().get(meeting=minuted)
    draft = printed_minutes(committee="Cabinet", meeting_date=MINUTED_DATE, seed=3)
    document = pack_import(source=draft.pdf, filename=draft.filename).document
    assert document.meeting == minuted and document.published_at is None
    shown = set(pack.minutes[0].present)
    unseen = set(draft.minutes[0].present) - shown  # printed without "Councillor"
    assert unseen and shown
    councillors = client.get("/councillors/").text
    minutes_page = client.get(public_minutes.get_absolute_url()).text
    attendance = minutes_page[: minutes_page.index('id="minute-items"')]
    for name in unseen:
        member = Member.objects.get(name=name)
        assert member.get_absolute_url() not in councillors + minutes_page
        assert f">{name}<" not in councillors + attendance
        assert client.get(member.get_absolute_url()).status_code == 404
    assert all(f">{name}<" in attendance for name in shown)


def test_the_councillors_figures_count_a_meeting_once_however_many_minutes_record_it(media, client):
    pack = sample_pack(committee="Cabinet", meeting_date=MEETING_DATE, seed=2)
    pack_import(source=pack.pdf, filename=pack.filename, publish=True)
    minuted = Meeting.objects.get(date=MINUTED_DATE)
    row = Attendance.objects.filter(meeting=minuted).select_related("member").first()
    later = Document.objects.get(kind="main_pack")
    copy = Minutes.objects.create(
        meeting=minuted, document=later, first_page=1, last_page=1
    )  # the same minutes printed again in the pack, say
    Attendance.objects.create(minutes=copy, member=row.member, status="present")
    page = client.get(row.member.get_absolute_url()).text
    assert "Attended 1 of 1 meeting" in page


def test_the_admin_shows_a_set_exempt_label_read_only(published, admin_client):
    """Superusers too: only "Make public" lowers a label, so the admin shows it, not a box."""
    report = exempt_report(published)
    for model, pk in (
        ("reports/report", report.pk),
        ("meetings/agendaitem", report.agenda_item_id),
    ):
        page = admin_client.get(f"/admin/{model}/{pk}/change/")
        assert page.status_code == 200
        assert 'name="is_exempt"' not in page.text
    item = published.agenda_items.get(number="9")
    assert (
        'name="is_exempt"' in admin_client.get(f"/admin/meetings/agendaitem/{item.pk}/change/").text
    )
