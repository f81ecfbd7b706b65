"""Corrections a clerk makes beyond the agenda: the meeting itself, and papers the import
could not place. Nothing is a dead end."""

import datetime

import pypdfium2 as pdfium
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F

from decisions.models import DecisionRecord
from meetings.models import Committee, CommitteeAlias, Meeting
from packs.writing import sample_pack
from publishing.imports import pack_import
from publishing.models import AuditEntry, Upload
from reports.models import Document, Minutes, Report

from .. import badpdfs
from ..conftest import KENT, shared_path
from ..review import correct_record, review_data

FAR = datetime.date(2027, 3, 1)


def details(meeting: Meeting, **changes) -> dict:
    data = {
        "form": "details",
        "meeting-committee": str(meeting.committee_id),
        "meeting-new_committee": "",
        "meeting-date": meeting.date.isoformat(),
        "meeting-start_time": meeting.start_time.strftime("%H:%M") if meeting.start_time else "",
        "meeting-venue": meeting.venue,
    }
    data.update({f"meeting-{name}": value for name, value in changes.items()})
    return data


@pytest.fixture
def imported(media) -> Meeting:
    pack = sample_pack(committee="Cabinet", meeting_date=FAR, seed=5)
    return pack_import(source=pack.pdf, filename=pack.filename).meeting


def test_the_meetings_date_time_and_venue_are_corrected_with_old_and_new_values(
    staff_client, imported
):
    response = staff_client.post(
        f"/staff/meetings/{imported.pk}/",
        details(imported, date="2027-03-02", start_time="14:00", venue="Shire Hall, Room 2"),
    )
    assert response.status_code == 302
    imported.refresh_from_db()
    assert (imported.date, imported.start_time, imported.venue) == (
        datetime.date(2027, 3, 2),
        datetime.time(14, 0),
        "Shire Hall, Room 2",
    )
    entry = AuditEntry.objects.get(action="correct", meeting=imported)
    assert "Date “2027-03-01” → “2027-03-02”" in entry.description
    assert "Venue" in entry.description and "Shire Hall, Room 2" in entry.description


def test_choosing_the_right_committee_keeps_the_misread_name_as_its_alias(staff_client, media):
    pack = sample_pack(committee="Cabinet", meeting_date=FAR, seed=5)
    misread = pack_import(source=pack.pdf, filename=pack.filename, committee="Cabinett").meeting
    cabinet = Committee.objects.get(name="Cabinet")  # made for the minutes the pack carries
    response = staff_client.post(
        f"/staff/meetings/{misread.pk}/", details(misread, committee=str(cabinet.pk))
    )
    assert response.status_code == 302
    misread.refresh_from_db()
    assert misread.committee == cabinet
    assert CommitteeAlias.objects.get(name="Cabinett").committee == cabinet
    assert not Committee.objects.filter(name="Cabinett").exists()
    later = sample_pack(committee="Cabinet", meeting_date=FAR + datetime.timedelta(days=28))
    again = pack_import(source=later.pdf, filename=later.filename, committee="Cabinett")
    assert again.meeting.committee == cabinet


def test_a_new_committee_can_be_named(staff_client, imported):
    staff_client.post(
        f"/staff/meetings/{imported.pk}/",
        details(imported, committee="", new_committee="Cabinet Committee for Growth"),
    )
    imported.refresh_from_db()
    assert imported.committee.name == "Cabinet Committee for Growth"


def test_a_clash_with_another_meeting_is_a_sentence(staff_client, imported):
    other = Meeting.objects.create(
        committee=imported.committee, date=FAR + datetime.timedelta(days=7), start_time=None
    )
    response = staff_client.post(
        f"/staff/meetings/{imported.pk}/",
        details(imported, date=other.date.isoformat(), start_time=""),
    )
    assert response.status_code == 200
    assert "is already in the portal" in response.text
    imported.refresh_from_db()
    assert imported.date == FAR


def unplaced_pdf() -> bytes:
    """A summons whose heading names a place, not a body: the import places it nowhere."""
    return badpdfs._pdf(
        [
            [
                "Maidstone",
                "Thursday, 13 February 2025 at 10.00 am",
                "Council Chamber, Sessions House",
                "AGENDA",
                "1. Apologies for Absence",
                "2. Declarations of Interest",
                "3. Revenue Budget 2025-26",
            ]
        ]
    )


def upload(staff_client, pdf: bytes, name: str):
    file = SimpleUploadedFile(name, pdf, content_type="application/pdf")
    return staff_client.post("/staff/upload/", {"files": [file]}, follow=True)


def test_a_paper_with_no_meeting_waits_on_the_dashboard_and_is_attached(
    staff_client, media, client
):
    response = upload(staff_client, unplaced_pdf(), "summons.pdf")
    document = Document.objects.get()
    assert document.meeting is None
    assert f"/staff/documents/{document.pk}/attach/" in response.text
    dashboard = staff_client.get("/staff/").text
    assert "Unassigned papers" in dashboard and "summons.pdf" in dashboard
    cabinet = Committee.objects.create(name="Cabinet", kind=Committee.Kind.EXECUTIVE)
    response = staff_client.post(
        f"/staff/documents/{document.pk}/attach/",
        {
            "attach-committee": str(cabinet.pk),
            "attach-new_committee": "",
            "attach-date": "2025-02-13",
            "attach-start_time": "10:00",
            "attach-venue": "Council Chamber, Sessions House",
        },
    )
    meeting = Meeting.objects.get(committee=cabinet, date=datetime.date(2025, 2, 13))
    assert response.status_code == 302 and response["Location"] == f"/staff/meetings/{meeting.pk}/"
    attached = Document.objects.get()
    assert attached.pk == document.pk, "attached in place: its address is kept"
    assert attached.meeting == meeting
    assert [item.number for item in meeting.agenda_items.all()] == ["1", "2", "3"]
    assert Upload.objects.get().document == attached
    assert "None: every paper has its meeting." in staff_client.get("/staff/").text
    assert AuditEntry.objects.filter(action="correct", description__contains="Attached").exists()


def test_attaching_to_a_meeting_already_in_the_portal_of_any_year(staff_client, media):
    long_ago = sample_pack(committee="Cabinet", meeting_date=datetime.date(2014, 3, 3), seed=5)
    held = pack_import(source=long_ago.pdf, filename=long_ago.filename).meeting
    pack_import(source=unplaced_pdf(), filename="summons.pdf")
    document = Document.objects.get(meeting__isnull=True)
    response = staff_client.post(
        f"/staff/documents/{document.pk}/attach/",
        {
            "attach-committee": str(held.committee_id),
            "attach-date": "2014-03-03",
            "attach-start_time": "",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.meeting == held
    assert Meeting.objects.filter(date=held.date).count() == 1


def test_attaching_keeps_the_address_and_queues_the_pictures(
    staff_client, media, django_capture_on_commit_callbacks
):
    pack_import(source=unplaced_pdf(), filename="summons.pdf")
    document = Document.objects.get()
    url = f"/staff/documents/{document.pk}/pages/1/"
    assert staff_client.get(url).status_code == 200
    cabinet = Committee.objects.create(name="Cabinet", kind=Committee.Kind.EXECUTIVE)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/staff/documents/{document.pk}/attach/",
            {"attach-committee": str(cabinet.pk), "attach-date": "2025-02-13"},
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.meeting.committee == cabinet
    assert staff_client.get(url).status_code == 200, "earlier links still work"
    assert document.pictures == document.page_count
    picture = staff_client.get(f"/staff/documents/{document.pk}/pages/1/small/")
    assert picture.status_code == 200


def test_attaching_needs_a_meeting_or_a_date(staff_client, media):
    pack_import(source=unplaced_pdf(), filename="summons.pdf")
    document = Document.objects.get()
    response = staff_client.post(
        f"/staff/documents/{document.pk}/attach/",
        {"attach-committee": "", "attach-date": ""},
    )
    assert response.status_code == 200
    assert "Choose the committee, or name a new one." in response.text
    assert Document.objects.get().meeting is None


def test_a_file_already_held_offers_to_open_it(staff_client, media, imported):
    pack = sample_pack(committee="Cabinet", meeting_date=FAR, seed=5)
    response = upload(staff_client, pack.pdf, "again.pdf")
    assert "already imported" in response.text
    assert f"/staff/meetings/{imported.pk}/" in response.text


def agenda_post(staff_client, meeting) -> tuple[dict, list]:
    data = review_data(staff_client, meeting)
    data["post"]["form"] = "agenda"
    return data["post"], data["items"]


def test_item_pages_beyond_the_pack_are_refused_with_a_sentence(staff_client, imported):
    post, items = agenda_post(staff_client, imported)
    index = items.index(imported.agenda_items.get(number="6").pk)
    post[f"items-{index}-first_page"] = "30"
    post[f"items-{index}-last_page"] = "99"
    response = staff_client.post(f"/staff/meetings/{imported.pk}/", post)
    assert response.status_code == 200
    assert "The pack&#x27;s pages are numbered up to" in response.text
    assert "page 99 is not in it" in response.text


def test_a_reports_pages_must_lie_in_its_pdf(staff_client, imported):
    report = Report.objects.filter(document__meeting=imported).first()
    beyond = str(report.document.page_count + 5)
    response = correct_record(staff_client, imported, "reports", report, last_page=beyond)
    assert response.status_code == 200
    assert f"This PDF has {report.document.page_count} pages" in response.text
    before = str(report.first_page - 1)
    response = correct_record(staff_client, imported, "reports", report, last_page=before)
    assert "The last page must not come before the first page." in response.text


def test_a_corrected_range_re_cuts_the_reports_and_its_items_pdf(
    staff_client, imported, django_capture_on_commit_callbacks
):
    report = (
        Report.objects.filter(document__meeting=imported, agenda_item__isnull=False)
        .filter(last_page__gt=F("first_page"))
        .first()
    )
    item_pdf = report.agenda_item.get_absolute_url() + "pdf/"
    before = b"".join(staff_client.get(item_pdf).streaming_content)
    with django_capture_on_commit_callbacks(execute=True):
        response = correct_record(
            staff_client, imported, "reports", report, last_page=str(report.first_page)
        )
        assert response.status_code == 302
    one_page = b"".join(staff_client.get(report.get_pdf_url()).streaming_content)
    assert len(pdfium.PdfDocument(one_page)) == 1
    after = b"".join(staff_client.get(item_pdf).streaming_content)
    assert len(pdfium.PdfDocument(after)) < len(pdfium.PdfDocument(before))
    entry = AuditEntry.objects.filter(action="correct").latest("at")
    assert f"Last page “{report.last_page}” → “{report.first_page}”" in entry.description


def test_items_are_added_removed_and_described(staff_client, imported):
    response = staff_client.post(
        f"/staff/meetings/{imported.pk}/",
        {
            "form": "add_item",
            "add_item-number": "6a",
            "add_item-title": "Urgent Business",
            "add_item-description": "Any item the chair agrees is urgent.",
        },
    )
    assert response.status_code == 302
    added = imported.agenda_items.get(number="6a")
    assert added.description == "Any item the chair agrees is urgent."
    response = staff_client.post(
        f"/staff/meetings/{imported.pk}/",
        {"form": "add_item", "add_item-number": "6a", "add_item-title": "Again"},
    )
    assert "Another item of this meeting already has that number." in response.text
    post, items = agenda_post(staff_client, imported)
    post[f"items-{items.index(added.pk)}-DELETE"] = "on"
    index = items.index(imported.agenda_items.get(number="1").pk)
    post[f"items-{index}-description"] = "Apologies received before the meeting."
    assert staff_client.post(f"/staff/meetings/{imported.pk}/", post).status_code == 302
    assert not imported.agenda_items.filter(number="6a").exists()
    assert imported.agenda_items.get(number="1").description.startswith("Apologies received")
    entry = AuditEntry.objects.filter(action="correct").latest("at")
    assert "Removed item 6a. Urgent Business" in entry.description


def test_a_paper_is_split_and_merged_again(staff_client, imported):
    report = (
        Report.objects.filter(document__meeting=imported)
        .filter(last_page__gt=F("first_page"))
        .first()
    )
    first, last = report.first_page, report.last_page
    response = staff_client.post(
        f"/staff/meetings/{imported.pk}/",
        {
            "form": "split",
            "split-paper": str(report.pk),
            "split-at": str(first),
            "split-kind": "appendix",
        },
    )
    assert response.status_code == 200
    assert f"split it at a page after {first} and up to {last}" in response.text
    response = staff_client.post(
        f"/staff/meetings/{imported.pk}/",
        {
            "form": "split",
            "split-paper": str(report.pk),
            "split-at": str(last),
            "split-kind": "appendix",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    appendix = report.appendices.get(first_page=last)
    assert (report.last_page, appendix.last_page) == (last - 1, last)
    assert "Split" in AuditEntry.objects.filter(action="correct").latest("at").description
    response = staff_client.post(
        f"/staff/meetings/{imported.pk}/", {"form": "merge", "merge-paper": str(report.pk)}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.last_page >= last
    assert not report.appendices.filter(pk=appendix.pk).exists()


def test_a_decision_record_and_minutes_are_corrected_with_their_old_values(
    staff_client, imported, client
):
    record = DecisionRecord.objects.filter(document__meeting=imported).first()
    url = f"/staff/meetings/{imported.pk}/decisions/{record.pk}/"
    form = staff_client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["is_key_decision"] = "on" if record.is_key_decision else ""
    data["is_exempt"] = ""
    data["title"] = "Corrected decision title"
    assert staff_client.post(url, data).status_code == 302
    record.refresh_from_db()
    assert record.title == "Corrected decision title"
    entry = AuditEntry.objects.filter(action="correct").latest("at")
    assert "→ “Corrected decision title”" in entry.description
    minutes = Minutes.objects.filter(document__meeting=imported).first()
    url = f"/staff/meetings/{imported.pk}/minutes/{minutes.pk}/"
    beyond = minutes.document.page_count + 1
    response = correct_record(
        staff_client, imported, "minutes", minutes, is_exempt="on", last_page=beyond
    )
    assert response.status_code == 200 and "within the PDF" in response.text
    response = correct_record(staff_client, imported, "minutes", minutes, is_exempt="on")
    assert response.status_code == 302
    assert Minutes.objects.get(pk=minutes.pk).is_exempt
    assert staff_client.get(f"/staff/meetings/{imported.pk}/nothing/1/").status_code == 404
    assert client.get(url).status_code == 302  # the public are sent to sign in


@pytest.fixture
def published(media) -> Meeting:
    pack = sample_pack(committee="Cabinet", meeting_date=FAR, seed=6)
    return pack_import(source=pack.pdf, filename=pack.filename, publish=True).meeting


def test_a_correction_to_a_published_meeting_is_previewed_then_published(
    staff_client, published, client, django_capture_on_commit_callbacks
):
    item = published.agenda_items.get(number="1")
    old_title = item.title
    post, items = agenda_post(staff_client, published)
    post[f"items-{items.index(item.pk)}-title"] = "Apologies (as corrected)"
    corrections = AuditEntry.objects.filter(action="correct")
    with django_capture_on_commit_callbacks(execute=True):
        preview = staff_client.post(f"/staff/meetings/{published.pk}/", post)
    assert preview.status_code == 200
    assert f"Title “{old_title}” → “Apologies (as corrected)”" in preview.text
    assert "Apologies (as corrected)" in preview.text
    item.refresh_from_db()
    assert item.title == old_title and not corrections.exists()
    assert "Apologies (as corrected)" not in client.get(published.get_absolute_url()).text
    confirmed = dict(preview.context["posted"])
    confirmed["publish_correction"] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/staff/meetings/{published.pk}/", confirmed)
    assert response.status_code == 302
    assert "Apologies (as corrected)" in client.get(published.get_absolute_url()).text
    assert f"“{old_title}” → “Apologies (as corrected)”" in corrections.get().description


def test_previewing_a_split_of_a_published_paper_changes_nothing(staff_client, published):
    report = (
        Report.objects.filter(document__meeting=published)
        .filter(last_page__gt=F("first_page"))
        .first()
    )
    split = {
        "form": "split",
        "split-paper": str(report.pk),
        "split-at": str(report.last_page),
        "split-kind": "appendix",
    }
    preview = staff_client.post(f"/staff/meetings/{published.pk}/", split)
    assert preview.status_code == 200 and "Check the correction" in preview.text
    assert f"Split “{report.title}” at page {report.last_page}" in preview.text
    assert not report.appendices.filter(first_page=report.last_page).exists()
    split["publish_correction"] = "1"
    assert staff_client.post(f"/staff/meetings/{published.pk}/", split).status_code == 302
    assert report.appendices.filter(first_page=report.last_page).exists()


def test_a_published_decision_records_correction_is_previewed(staff_client, published):
    record = DecisionRecord.objects.filter(document__meeting=published).first()
    url = f"/staff/meetings/{published.pk}/decisions/{record.pk}/"
    form = staff_client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["is_key_decision"] = "on" if record.is_key_decision else ""
    data["is_exempt"] = "on" if record.is_exempt else ""
    data["title"] = "A title the clerk checks first"
    assert staff_client.post(url, data).status_code == 200
    record.refresh_from_db()
    assert record.title != "A title the clerk checks first"
    data["publish_correction"] = "1"
    assert staff_client.post(url, data).status_code == 302
    record.refresh_from_db()
    assert record.title == "A title the clerk checks first"


def test_an_appendix_becomes_a_report_and_keeps_its_reports_exempt_flag(staff_client, imported):
    report = (
        Report.objects.filter(document__meeting=imported)
        .filter(last_page__gt=F("first_page"))
        .first()
    )
    Report.objects.filter(pk=report.pk).update(is_exempt=True, exempt_paragraph=3)
    split = {
        "form": "split",
        "split-paper": str(report.pk),
        "split-at": str(report.last_page),
        "split-kind": "appendix",
    }
    assert staff_client.post(f"/staff/meetings/{imported.pk}/", split).status_code == 302
    appendix = report.appendices.get(first_page=report.last_page)
    response = staff_client.post(
        f"/staff/meetings/{imported.pk}/",
        {"form": "as_report", "as_report-appendix": str(appendix.pk)},
    )
    assert response.status_code == 302
    promoted = Report.objects.get(document=report.document, first_page=report.last_page)
    assert (promoted.agenda_item, promoted.is_exempt, promoted.exempt_paragraph) == (
        report.agenda_item,
        True,
        3,
    )
    entry = AuditEntry.objects.filter(action="correct").latest("at")
    assert f"appendix of “{report.title}” → report" in entry.description


def test_a_boundary_is_moved_from_the_page_where_the_new_paper_starts(staff_client, imported):
    report = (
        Report.objects.filter(document__meeting=imported)
        .filter(last_page__gt=F("first_page"))
        .first()
    )
    at = report.last_page
    page = staff_client.get(f"/staff/documents/{report.document_id}/pages/{at}/")
    form = page.context["boundary"]
    assert form["split"] == report and "Start a new paper here" in page.text
    response = staff_client.post(
        f"/staff/meetings/{imported.pk}/",
        {"form": "split", "split-paper": report.pk, "split-at": at, "split-kind": "report"},
    )
    assert response.status_code == 302
    page = staff_client.get(f"/staff/documents/{report.document_id}/pages/{at}/")
    assert page.context["boundary"] == {"split": None, "merge": report, "unplaced": None}
    assert f"Join it to “{report.title}”" in page.text
    response = staff_client.post(
        f"/staff/meetings/{imported.pk}/", {"form": "merge", "merge-paper": report.pk}
    )
    report.refresh_from_db()
    assert response.status_code == 302 and report.last_page == at


def test_what_the_import_could_not_make_whole_is_said_in_words(staff_client, media):
    """No meeting named, pages it could not tell the kind of, with the page each starts
    on: on the upload's page, the page to attach it, and the review; no internal names."""
    response = upload(staff_client, unplaced_pdf(), "summons.pdf")
    assert "No meeting is named: attach it to its meeting." in response.text
    form = shared_path(KENT / "cabinet" / "2025-01-30" / "originals" / "24-00096 - EQIA.pdf")
    response = upload(staff_client, form.read_bytes(), form.name)
    document = Document.objects.get(original_name=form.name)
    told = "Pages 1 to 4</a>: the import could not tell what they are."
    assert "No meeting is named" in response.text and told in response.text
    assert f'href="/staff/documents/{document.pk}/pages/1/"' in response.text
    attach = staff_client.get(f"/staff/documents/{document.pk}/attach/").text
    assert told in attach
    assert "documents[" not in response.text + attach
    cabinet = Committee.objects.create(name="Cabinet", kind=Committee.Kind.EXECUTIVE)
    staff_client.post(
        f"/staff/documents/{document.pk}/attach/",
        {"attach-committee": str(cabinet.pk), "attach-date": "2025-01-30"},
    )
    document.refresh_from_db()
    review = staff_client.get(f"/staff/meetings/{document.meeting_id}/").text
    assert told in review and "No meeting is named" not in review
