"""Pictures of a pack's pages: drawn by the worker after an upload's import, served to
staff only, read large beside the page's text, and shown grouped into the papers the
import found on the review page (``staff/pack_pages.html``)."""

import datetime
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from PIL import Image

from meetings.models import AgendaItem
from packs.writing import sample_pack
from publishing.imports import pack_import
from reports.models import Appendix, Document, Page, Report
from reports.pictures import SIZES, picture_name, pictures_draw

from ..test_browser_walks import CHROMIUM, assert_accessible

FAR = datetime.date(2027, 3, 15)


@pytest.fixture
def pack():
    return sample_pack(committee="Cabinet", meeting_date=FAR, seed=5)


@pytest.fixture
def document(staff_client, media, pack) -> Document:
    """A pack uploaded by the clerk and imported, with the worker's work done at once."""
    upload = SimpleUploadedFile(pack.filename, pack.pdf, content_type="application/pdf")
    assert staff_client.post("/staff/upload/", {"files": [upload]}).status_code == 302
    return Document.objects.get()


@pytest.fixture
def papers(meeting) -> Document:
    """A six-page document with a report on pages 2 to 3, its appendix on page 4, and a
    warning about page 3; no file, no pictures."""
    document = Document.objects.create(
        meeting=meeting,
        file="packs/2026/03/made-up.pdf",
        sha256="0" * 64,
        original_name="made-up.pdf",
        page_count=6,
        warnings=[
            {"field": "agenda_item", "page": 3, "message": "Two item numbers on one page."},
            {"field": "meeting", "page": None, "message": "No venue on the front sheet."},
        ],
    )
    item = AgendaItem.objects.create(meeting=meeting, number="5", title="Highways", order=1)
    report = Report.objects.create(
        document=document, agenda_item=item, title="Road repairs", first_page=2, last_page=3
    )
    Appendix.objects.create(
        document=document,
        report=report,
        label="Appendix A",
        title="Appendix A: Costs",
        first_page=4,
        last_page=4,
    )
    Page.objects.bulk_create(
        Page(document=document, number=n, text=f"Text of page {n}") for n in range(1, 7)
    )
    return document


class TestDrawing:
    def test_an_uploaded_pack_gets_a_small_and_a_large_picture_of_every_page(self, document):
        assert document.pictures == document.page_count > 1
        for number in range(1, document.page_count + 1):
            for size, width in SIZES.items():
                stored = default_storage.open(picture_name(document, number, size))
                with stored, Image.open(stored) as image:
                    assert image.width == width and image.format == "WEBP"

    def test_pages_already_drawn_are_not_drawn_again(self, document):
        default_storage.delete(picture_name(document, 2, "large"))
        assert pictures_draw(document) == 1
        assert pictures_draw(document) == 0
        assert document.pictures == document.page_count

    def test_a_document_whose_file_is_gone_keeps_its_count(self, media, meeting):
        document = Document.objects.create(
            file="packs/gone.pdf", sha256="1" * 64, original_name="gone.pdf", page_count=2
        )
        assert pictures_draw(document) == 0
        document.refresh_from_db()
        assert document.pictures == 0

    def test_the_command_draws_the_documents_imported_without_pictures(self, media, manage):
        pack = sample_pack(committee="Cabinet", meeting_date=FAR, seed=7)
        imported = pack_import(source=pack.pdf, filename=pack.filename).document
        assert imported.pictures == 0
        code, out, _ = manage("pictures_draw")
        assert code == 0 and f"drew {pack.page_count} of {pack.page_count} pages" in out
        assert "0 documents looked at, 0 pages drawn." in manage("pictures_draw")[1]
        default_storage.delete(picture_name(imported, 1, "small"))
        code, out, _ = manage("pictures_draw", "--all")
        assert f"drew 1 of {pack.page_count} pages" in out


class TestServing:
    def test_the_clerk_gets_a_picture_the_browser_may_keep(self, staff_client, document):
        response = staff_client.get(f"/staff/documents/{document.pk}/pages/1/small/")
        assert response.status_code == 200 and response["Content-Type"] == "image/webp"
        assert b"".join(response.streaming_content)[8:12] == b"WEBP"
        control = response["Cache-Control"]
        assert "private" in control and "max-age=3600" in control

    def test_a_page_or_size_it_does_not_have_is_not_found(self, staff_client, document):
        base = f"/staff/documents/{document.pk}/pages"
        assert staff_client.get(f"{base}/{document.page_count + 1}/small/").status_code == 404
        assert staff_client.get(f"{base}/0/large/").status_code == 404
        assert staff_client.get(f"{base}/1/huge/").status_code == 404
        assert (
            staff_client.get(f"/staff/documents/{document.pk + 1}/pages/1/small/").status_code
            == 404
        )

    def test_a_picture_not_drawn_yet_is_not_found(self, staff_client, papers):
        assert staff_client.get(f"/staff/documents/{papers.pk}/pages/1/small/").status_code == 404

    def test_the_public_and_councillors_are_refused(self, client, document, councillor):
        url = f"/staff/documents/{document.pk}/pages/1/large/"
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        client.force_login(councillor)
        assert client.get(url).status_code == 403
        assert client.get(f"/staff/documents/{document.pk}/pages/1/").status_code == 403


class TestPageView:
    def test_it_shows_the_page_large_with_its_text_and_the_pages_either_side(
        self, staff_client, document
    ):
        text = document.pages.get(number=2).text
        response = staff_client.get(f"/staff/documents/{document.pk}/pages/2/")
        assert response.status_code == 200
        html = response.text
        first_line = text.strip().splitlines()[0]
        assert re.sub(r"\s+", " ", first_line).strip() in re.sub(
            r"\s+", " ", html.replace("&#x27;", "'")
        )
        assert f'src="/staff/documents/{document.pk}/pages/2/large/"' in html
        assert f'href="/staff/documents/{document.pk}/pages/1/" rel="prev"' in html
        assert f'href="/staff/documents/{document.pk}/pages/3/" rel="next"' in html

    def test_it_says_which_papers_hold_the_page_and_what_the_import_doubted(
        self, staff_client, papers
    ):
        html = staff_client.get(f"/staff/documents/{papers.pk}/pages/3/").text
        assert "In Report: Road repairs (agenda item 5)<" in html
        assert "Two item numbers on one page." in html
        assert "Text of page 3" in html and "being drawn" in html

    def test_a_page_past_the_end_is_not_found(self, staff_client, papers):
        assert staff_client.get(f"/staff/documents/{papers.pk}/pages/7/").status_code == 404


class TestPageGroups:
    def test_pages_are_grouped_as_the_papers_say_then_the_rest(self, papers):
        groups = papers.page_groups()
        assert [(g.label, g.numbers) for g in groups] == [
            ("Report: Road repairs (agenda item 5)", [2, 3]),
            ("Appendix: Appendix A: Costs (agenda item 5)", [4]),
            ("Unassigned pages", [1, 5, 6]),
        ]
        assert groups[-1].pages_label == "Pages 1, 5 to 6"
        warned = {page.number: page.warnings for group in groups for page in group.pages}
        assert [w["message"] for w in warned[3]] == ["Two item numbers on one page."]
        assert warned[2] == []
        assert [w["message"] for w in papers.document_warnings()] == [
            "No venue on the front sheet."
        ]

    def test_an_imported_pack_is_grouped_by_its_reports(self, document):
        groups = {g.title: g for g in document.page_groups() if g.kind == "Report"}
        for report in document.reports.select_related("agenda_item"):
            group = groups[report.title]
            assert group.numbers == list(report.page_numbers)
            assert group.agenda_item == (report.agenda_item.number if report.agenda_item else "")


class TestInclude:
    def test_the_review_lists_each_paper_with_its_pages_and_doubts(self, papers):
        html = render_to_string("staff/pack_papers.html", {"document": papers})
        rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]
        cells = [
            [
                re.sub(r"<[^>]+>", "", cell).strip()
                for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            ]
            for row in rows
        ]
        assert [row[:3] for row in cells] == [
            ["Report: Road repairs Item 5", "Pages 2 to 3", "1 page"],
            ["Appendix: Appendix A: Costs Item 5", "Page 4", "–"],
            ["Unassigned pages", "Pages 1, 5 to 6", "–"],
        ]
        for number in (1, 2, 3):
            assert f'href="/staff/documents/{papers.pk}/pages/?paper={number}"' in html
        assert "No venue on the front sheet." in html
        assert "<img" not in html  # pictures are a paper at a time, never the whole pack

    def test_a_papers_pages_are_pictures_with_each_warning_under_its_page(self, papers):
        papers.pictures = papers.page_count
        report = papers.page_groups()[0]
        html = render_to_string("staff/paper_pages.html", {"document": papers, "group": report})
        page_3 = re.search(r'alt="Page 3".*?</li>\s*</ul>\s*</li>', html, re.S).group(0)
        assert "Two item numbers on one page." in page_3
        assert html.count("<img") == 2 and f'href="/staff/documents/{papers.pk}/pages/2/"' in html

    def test_before_the_pictures_are_drawn_it_lists_page_numbers(self, papers):
        appendix = papers.page_groups()[1]
        html = render_to_string("staff/paper_pages.html", {"document": papers, "group": appendix})
        assert "being drawn" in html and "<img" not in html
        assert f'<a href="/staff/documents/{papers.pk}/pages/4/">Page 4</a>' in html

    def test_the_pages_view_shows_one_paper_and_finds_the_one_holding_a_page(
        self, staff_client, papers
    ):
        url = f"/staff/documents/{papers.pk}/pages/"
        first = staff_client.get(url).text
        assert "Road repairs" in first and "paper 1 of 3" in first
        assert 'href="?paper=2" rel="next"' in first
        holding = staff_client.get(url + "?page=5").text
        assert "paper 3 of 3" in holding and 'href="?paper=2" rel="prev"' in holding
        assert "paper 1 of 3" in staff_client.get(url + "?paper=99").text


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed")
def test_a_pack_s_pages_pass_axe_and_fit_320_pixels(transactional_db, media, live_server, chromium):
    from django.contrib.auth.models import User
    from playwright.sync_api import expect

    from ..conftest import role

    pack = sample_pack(committee="Cabinet", meeting_date=FAR, seed=5)
    document = pack_import(source=pack.pdf, filename=pack.filename).document
    document.warnings = [{"field": "agenda_item", "page": 3, "message": "Two item numbers."}]
    document.save(update_fields=["warnings"])
    pictures_draw(document)
    clerk = User.objects.create_user("clerk", password="correct horse battery staple")
    clerk.groups.add(role("Members services"))
    page = chromium.new_context().new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("clerk")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server.url}/staff/documents/{document.pk}/pages/?page=3")
        assert page.get_by_role("img", name="Page 3", exact=True).first.is_visible()
        assert "Two item numbers." in page.inner_text("main")
        assert_accessible(page)
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        page.get_by_role("link", name="Page 3", exact=True).first.click()
        assert (
            page.get_by_role("heading", level=1)
            .inner_text()
            .endswith(f"Page 3 of {document.page_count}")
        )
        # The large picture is served and loads (expect polls without evaluating a
        # string, which the portal's Content-Security-Policy forbids).
        expect(page.locator("main img").first).to_have_js_property("naturalWidth", 1000)
        assert "Two item numbers." in page.inner_text("main")
        assert_accessible(page)
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        page.get_by_role("link", name="Next page (4)").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            re.compile("^" + re.escape(document.original_name))
        )
        page.get_by_role("link", name="Its paper's pages").first.click()
        expect(page.get_by_role("img", name="Page 4", exact=True).first).to_be_visible()
