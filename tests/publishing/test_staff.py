"""Members services staff publish through the website: upload, import in the background,
review and correct, publish (with the s.100B notice warning), replace and withdraw."""

import datetime
import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape

from meetings.models import Committee, Meeting
from packs.writing import sample_pack, supplementary_pack
from publishing.imports import pack_import
from publishing.models import AuditEntry, Upload
from publishing.notice import clear_working_days
from reports.models import Document, Report
from search.models import SearchEntry

from .. import badpdfs
from ..review import correct_record, review_data

FAR = datetime.date(2027, 3, 15)


def pdf_file(pack) -> SimpleUploadedFile:
    return SimpleUploadedFile(pack.filename, pack.pdf, content_type="application/pdf")


@pytest.fixture
def pack():
    return sample_pack(committee="Cabinet", meeting_date=FAR, seed=5)


@pytest.fixture
def imported(staff_client, media, pack) -> Meeting:
    response = staff_client.post("/staff/upload/", {"files": [pdf_file(pack)]})
    assert response.status_code == 302
    return Meeting.objects.get(date=FAR)


class TestWhoMayUse:
    def test_the_signed_out_are_asked_to_sign_in(self, client, db):
        response = client.get("/staff/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    def test_councillors_and_residents_are_refused(self, client, councillor, resident):
        for user in (councillor, resident):
            client.force_login(user)
            assert client.get("/staff/").status_code == 403
            assert client.get("/staff/upload/").status_code == 403

    def test_staff_get_their_dashboard(self, staff_client):
        assert "Upload packs" in staff_client.get("/staff/").text

    def test_the_dashboard_offers_the_admin_only_to_those_it_lets_in(
        self, staff_client, admin_client
    ):
        """Members services work without the admin (issue 19): no link to a door that
        refuses them."""
        assert 'href="/admin/"' not in staff_client.get("/staff/").text
        assert 'href="/admin/"' in admin_client.get("/staff/").text


class TestUpload:
    def test_an_upload_is_imported_in_the_background_and_reported(
        self, staff_client, media, pack, clerk
    ):
        response = staff_client.post("/staff/upload/", {"files": [pdf_file(pack)]}, follow=True)
        upload = Upload.objects.get()
        assert upload.status == Upload.Status.DONE and upload.document.page_count == pack.page_count
        assert upload.pages_done == upload.pages_total == pack.page_count
        assert "Imported" in response.text and f"{len(pack.agenda)} items" in response.text
        meeting = upload.document.meeting
        assert meeting.status == Meeting.Status.DRAFT
        actions = set(AuditEntry.objects.filter(actor=clerk).values_list("action", flat=True))
        assert actions == {"upload", "import"}

    def test_several_files_at_once(self, staff_client, media, pack):
        other = sample_pack(committee="County Council", meeting_date=FAR, seed=6)
        staff_client.post("/staff/upload/", {"files": [pdf_file(pack), pdf_file(other)]})
        assert Upload.objects.filter(status="done").count() == 2

    def test_a_file_that_is_not_a_pdf_is_refused_before_parsing(self, staff_client, media):
        fake = SimpleUploadedFile("agenda.pdf", b"<html>not a pdf</html>")
        response = staff_client.post("/staff/upload/", {"files": [fake]})
        assert response.status_code == 200 and "agenda.pdf is not a PDF file." in response.text
        assert not Upload.objects.exists()

    def test_a_file_over_the_limit_is_refused_before_parsing(
        self, staff_client, media, pack, settings
    ):
        settings.PACK_MAX_BYTES = 1000
        response = staff_client.post("/staff/upload/", {"files": [pdf_file(pack)]})
        assert "the largest pack accepted is" in response.text
        assert not Upload.objects.exists()

    def test_a_name_longer_than_the_filesystem_allows_is_imported(self, staff_client, media, pack):
        name = "é" * 200 + ".pdf"
        upload = SimpleUploadedFile(name, pack.pdf, content_type="application/pdf")
        response = staff_client.post("/staff/upload/", {"files": [upload]}, follow=True)
        assert response.status_code == 200 and name in response.text
        stored = Upload.objects.get()
        assert stored.status == Upload.Status.DONE and stored.original_name == name
        assert stored.document.original_name == name
        for file in (stored.file, stored.document.file):
            assert len(Path(file.name).name.encode()) <= 100 and Path(file.path).exists()
        download = staff_client.get(stored.document.get_absolute_url())
        assert download.status_code == 200

    def test_a_pdf_the_import_cannot_use_fails_with_its_reason(self, staff_client, media):
        scan = SimpleUploadedFile("scan.pdf", badpdfs.scanned())
        response = staff_client.post("/staff/upload/", {"files": [scan]}, follow=True)
        upload = Upload.objects.get()
        assert upload.status == Upload.Status.FAILED and "No text layer" in upload.message
        assert "Not imported" in response.text
        assert not Document.objects.exists()


class TestReviewAndPublish:
    def test_review_shows_the_meeting_as_it_will_be_published(self, staff_client, imported, pack):
        response = staff_client.get(f"/staff/meetings/{imported.pk}/")
        for item in pack.agenda:
            assert escape(item.title) in response.text
        assert "Publish this meeting" in response.text

    def test_staff_correct_an_item_and_the_record_says_so(self, staff_client, imported, clerk):
        data = review_data(staff_client, imported)
        item = imported.agenda_items.get(number="6")
        item_title = item.title
        index = next(i for i, pk in enumerate(data["items"]) if pk == item.pk)
        data["post"][f"items-{index}-title"] = "Corrected title"
        data["post"][f"items-{index}-is_exempt"] = "on"
        data["post"][f"items-{index}-exempt_paragraph"] = "5"
        response = staff_client.post(f"/staff/meetings/{imported.pk}/", data["post"])
        assert response.status_code == 302
        item.refresh_from_db()
        assert (item.title, item.is_exempt, item.exempt_paragraph) == ("Corrected title", True, 5)
        reports = Report.objects.filter(agenda_item=item)
        assert reports.exists() and set(reports.exempt()) == set(reports)
        entry = AuditEntry.objects.get(action="correct")
        assert entry.actor == clerk
        assert f"Title “{item_title}” → “Corrected title”" in entry.description
        assert "Is exempt no → yes" in entry.description

    def test_an_impossible_correction_is_explained_and_saves_nothing(self, staff_client, imported):
        data = review_data(staff_client, imported)
        data["post"]["items-0-first_page"] = "9"
        data["post"]["items-0-last_page"] = "2"
        response = staff_client.post(f"/staff/meetings/{imported.pk}/", data["post"])
        assert response.status_code == 200 and "nothing was saved" in response.text
        assert not AuditEntry.objects.filter(action="correct").exists()

    def test_publishing_makes_it_public_and_searchable(self, staff_client, client, imported):
        staff_client.post(f"/staff/meetings/{imported.pk}/publish/")
        imported.refresh_from_db()
        assert imported.is_public and imported.documents.get().published_at
        assert SearchEntry.objects.filter(meeting=imported).exists()
        assert AuditEntry.objects.filter(action="publish", meeting=imported).exists()

    def test_short_notice_is_warned_before_publishing(self, staff_client, media):
        soon = timezone.localdate() + datetime.timedelta(days=3)
        pack = sample_pack(committee="Cabinet", meeting_date=soon, seed=3)
        staff_client.post("/staff/upload/", {"files": [pdf_file(pack)]})
        meeting = Meeting.objects.get(date=soon)
        response = staff_client.post(f"/staff/meetings/{meeting.pk}/publish/", follow=True)
        meeting.refresh_from_db()
        assert not meeting.is_public and "s.100B" in response.text
        staff_client.post(f"/staff/meetings/{meeting.pk}/publish/", {"confirm_short_notice": "1"})
        meeting.refresh_from_db()
        assert not meeting.is_public, "a reason is needed"
        reason = "The chair agreed the item as urgent: the grant deadline is Friday."
        staff_client.post(
            f"/staff/meetings/{meeting.pk}/publish/",
            {"confirm_short_notice": "1", "short_notice_reason": reason},
        )
        meeting.refresh_from_db()
        assert meeting.is_public
        assert reason in AuditEntry.objects.get(action="publish", meeting=meeting).description

    def test_a_meeting_already_held_is_published_without_a_short_notice_warning(
        self, staff_client, media
    ):
        held = datetime.date(2025, 1, 30)
        pack = sample_pack(committee="Cabinet", meeting_date=held, seed=3)
        staff_client.post("/staff/upload/", {"files": [pdf_file(pack)]})
        meeting = Meeting.objects.get(date=held)
        assert "s.100B" not in staff_client.get(f"/staff/meetings/{meeting.pk}/").text
        staff_client.post(f"/staff/meetings/{meeting.pk}/publish/")
        meeting.refresh_from_db()
        assert meeting.is_public

    def test_withdrawing_takes_it_out_of_public_view_and_search(
        self, staff_client, client, imported
    ):
        staff_client.post(f"/staff/meetings/{imported.pk}/publish/")
        staff_client.post(f"/staff/meetings/{imported.pk}/withdraw/", {"reason": "Wrong pack"})
        imported.refresh_from_db()
        assert not imported.is_public
        assert client.get(imported.get_absolute_url()).status_code == 404
        assert not SearchEntry.objects.filter(meeting=imported).exists()
        assert "Wrong pack" in AuditEntry.objects.get(action="withdraw").description


class TestLaterDocuments:
    def test_a_supplementary_pack_joins_the_published_meeting_when_published(
        self, staff_client, client, imported
    ):
        staff_client.post(f"/staff/meetings/{imported.pk}/publish/")
        extra = supplementary_pack(committee="Cabinet", meeting_date=FAR, seed=5)
        staff_client.post("/staff/upload/", {"files": [pdf_file(extra)]})
        supplement = Document.objects.get(kind=Document.Kind.SUPPLEMENTARY_PACK)
        assert supplement.meeting == imported
        assert supplement.get_absolute_url() not in client.get(imported.get_absolute_url()).text
        staff_client.post(f"/staff/meetings/{imported.pk}/publish/")
        page = client.get(imported.get_absolute_url()).text
        assert supplement.get_absolute_url() in page and "Supplementary" in page

    def test_a_replaced_paper_keeps_its_earlier_version_for_staff(
        self, staff_client, client, imported, pack
    ):
        staff_client.post(f"/staff/meetings/{imported.pk}/publish/")
        original = imported.documents.get()
        corrected = sample_pack(committee="Cabinet", meeting_date=FAR, seed=5, start_time="14:00")
        staff_client.post(
            "/staff/upload/", {"files": [pdf_file(corrected)], "replaces": original.pk}
        )
        staff_client.post(f"/staff/meetings/{imported.pk}/publish/")
        original.refresh_from_db()
        assert original.superseded_by is not None
        assert client.get(original.get_absolute_url()).status_code == 404
        assert staff_client.get(original.get_absolute_url()).status_code == 200
        assert (
            "Earlier version, replaced by"
            in staff_client.get(f"/staff/meetings/{imported.pk}/").text
        )
        assert AuditEntry.objects.filter(action="replace").exists()

    def test_a_paper_cannot_replace_itself(self, staff_client, client, imported, pack):
        staff_client.post(f"/staff/meetings/{imported.pk}/publish/")
        original = imported.documents.get()
        form = staff_client.get(f"/staff/upload/?replaces={original.pk}").text
        assert f"Replacing {original.original_name}" in form
        response = staff_client.post(
            "/staff/upload/", {"files": [pdf_file(pack)], "replaces": original.pk}
        )
        assert response.status_code == 200 and "nothing would change" in response.text
        assert not Upload.objects.filter(replaces=original).exists()
        staff_client.post(f"/staff/meetings/{imported.pk}/publish/")
        assert client.get(original.get_absolute_url()).status_code == 200

    def test_a_replacement_with_the_same_text_changes_nothing(
        self, staff_client, client, imported, pack
    ):
        staff_client.post(f"/staff/meetings/{imported.pk}/publish/")
        original = imported.documents.get()
        saved_again = pdfium.PdfDocument(pack.pdf)
        buffer = io.BytesIO()
        saved_again.save(buffer)  # the same pages, saved again: other bytes, the same text
        again = SimpleUploadedFile("again.pdf", buffer.getvalue(), content_type="application/pdf")
        staff_client.post("/staff/upload/", {"files": [again], "replaces": original.pk})
        assert "already imported" in Upload.objects.get(original_name="again.pdf").message
        staff_client.post(f"/staff/meetings/{imported.pk}/publish/")
        original.refresh_from_db()
        assert original.superseded_by is None
        assert client.get(original.get_absolute_url()).status_code == 200

    def test_undoing_a_replacement_restores_the_earlier_version(
        self, staff_client, client, imported
    ):
        staff_client.post(f"/staff/meetings/{imported.pk}/publish/")
        original = imported.documents.get()
        corrected = sample_pack(committee="Cabinet", meeting_date=FAR, seed=5, start_time="14:00")
        staff_client.post(
            "/staff/upload/", {"files": [pdf_file(corrected)], "replaces": original.pk}
        )
        staff_client.post(f"/staff/meetings/{imported.pk}/publish/")
        newer = Document.objects.get(superseded_by__isnull=True, meeting=imported)
        review = staff_client.get(f"/staff/meetings/{imported.pk}/").text
        assert f"/staff/documents/{original.pk}/restore/" in review
        response = staff_client.post(f"/staff/documents/{original.pk}/restore/")
        assert response.status_code == 302
        original.refresh_from_db()
        newer.refresh_from_db()
        assert original.superseded_by is None and newer.withdrawn_at is not None
        assert client.get(original.get_absolute_url()).status_code == 200
        assert client.get(newer.get_absolute_url()).status_code == 404
        assert AuditEntry.objects.filter(description__startswith="Restored").exists()
        assert staff_client.get(f"/staff/documents/{original.pk}/restore/").status_code == 405

    def test_a_pack_for_a_meeting_of_any_year_is_uploaded_by_committee_and_date(
        self, staff_client, media
    ):
        cabinet = Meeting.objects.create(
            committee=Committee.objects.create(name="Cabinet"), date=datetime.date(2012, 5, 1)
        )
        minutes = badpdfs._pdf([["Notes of the discussion", "The chair opened the meeting."]])
        upload = SimpleUploadedFile("notes.pdf", minutes, content_type="application/pdf")
        response = staff_client.post(
            "/staff/upload/",
            {"files": [upload], "committee": cabinet.committee_id, "date": "2012-05-01"},
        )
        assert response.status_code == 302
        assert Upload.objects.get().meeting == cabinet
        missing = staff_client.post("/staff/upload/", {"files": [upload], "date": "2012-05-01"})
        assert "Choose the committee that met on that date." in missing.text


def test_the_audit_trail_is_visible_to_staff(staff_client, imported):
    response = staff_client.get("/staff/audit/")
    assert "Uploaded" in response.text and "Imported" in response.text


def test_clear_working_days_leave_out_weekends_and_bank_holidays():
    # Published Thursday 17 Dec 2026 for Thursday 31 Dec: 18, 21, 22, 23, 24, 29, 30.
    assert clear_working_days(datetime.date(2026, 12, 17), datetime.date(2026, 12, 31)) == 7
    # Friday to the next Friday: Mon-Thu only.
    assert clear_working_days(datetime.date(2026, 11, 20), datetime.date(2026, 11, 27)) == 4


class TestReviewErrors:
    """Every mistake a clerk can make on the review page is a sentence, never a 500, and
    saves nothing; a crafted form cannot reach another meeting."""

    def post(self, staff_client, meeting, changes: dict):
        data = review_data(staff_client, meeting)
        data["post"].update(changes)
        return staff_client.post(f"/staff/meetings/{meeting.pk}/", data["post"])

    def item_index(self, staff_client, meeting, number: str) -> int:
        pks = review_data(staff_client, meeting)["items"]
        return pks.index(meeting.agenda_items.get(number=number).pk)

    def assert_refused(self, response, sentence: str):
        assert response.status_code == 200
        assert "nothing was saved" in response.text
        assert escape(sentence) in response.text
        assert not AuditEntry.objects.filter(action="correct").exists()

    def test_a_number_already_used_is_explained(self, staff_client, imported):
        index = self.item_index(staff_client, imported, "6")
        response = self.post(staff_client, imported, {f"items-{index}-number": "7"})
        self.assert_refused(response, "Two items cannot share a number")
        assert imported.agenda_items.filter(number="6").exists()

    def test_two_numbers_swapped_are_saved(self, staff_client, imported):
        six, seven = (imported.agenda_items.get(number=n) for n in ("6", "7"))
        response = self.post(
            staff_client,
            imported,
            {
                f"items-{self.item_index(staff_client, imported, '6')}-number": "7",
                f"items-{self.item_index(staff_client, imported, '7')}-number": "6",
            },
        )
        assert response.status_code == 302
        six.refresh_from_db()
        seven.refresh_from_db()
        assert (six.number, seven.number) == ("7", "6")

    def test_pages_in_the_wrong_order_are_explained(self, staff_client, imported):
        index = self.item_index(staff_client, imported, "6")
        response = self.post(
            staff_client,
            imported,
            {f"items-{index}-first_page": "10", f"items-{index}-last_page": "5"},
        )
        self.assert_refused(response, "The last page must not come before the first page.")

    def test_a_paragraph_for_an_open_item_is_explained(self, staff_client, imported):
        index = self.item_index(staff_client, imported, "6")
        response = self.post(staff_client, imported, {f"items-{index}-exempt_paragraph": "3"})
        self.assert_refused(response, "Give a Schedule 12A paragraph only for an exempt item.")

    def test_a_form_pointing_at_another_meetings_item_changes_nothing(
        self, staff_client, imported, media
    ):
        other_pack = sample_pack(
            committee="Cabinet", meeting_date=FAR + datetime.timedelta(days=28), seed=6
        )
        other = pack_import(source=other_pack.pdf, filename=other_pack.filename).meeting
        victim = other.agenda_items.get(number="6")
        response = self.post(
            staff_client,
            imported,
            {"items-5-id": str(victim.pk), "items-5-title": "Written through another meeting"},
        )
        self.assert_refused(response, "is not part of this meeting")
        victim.refresh_from_db()
        assert victim.title != "Written through another meeting"
        report = Report.objects.filter(document__meeting=imported).first()
        response = correct_record(
            staff_client, imported, "reports", report, agenda_item=str(victim.pk)
        )
        assert response.status_code == 200 and "Select a valid choice" in response.text
        report.refresh_from_db()
        assert report.agenda_item.meeting == imported

    def test_a_report_can_be_marked_exempt_on_its_own(self, staff_client, imported, client):
        report = Report.objects.filter(document__meeting=imported).first()
        response = correct_record(staff_client, imported, "reports", report, is_exempt="on")
        assert response.status_code == 302
        report.refresh_from_db()
        assert report.is_exempt and not report.agenda_item.is_exempt


def test_a_crafted_extra_row_adds_nothing(staff_client, imported):
    data = review_data(staff_client, imported)
    data["post"]["items-TOTAL_FORMS"] = str(len(data["items"]) + 1)
    extra = len(data["items"])
    data["post"].update({f"items-{extra}-number": "99", f"items-{extra}-title": "Added by hand"})
    response = staff_client.post(f"/staff/meetings/{imported.pk}/", data["post"])
    assert response.status_code in (200, 302)
    assert not imported.agenda_items.filter(number="99").exists()
