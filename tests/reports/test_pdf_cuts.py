"""PDF cuts are made where papers change and only read by requests: conditional GETs,
no page cache, no JavaScript, and many clients at once."""

import datetime
import io
import shutil
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from django.core.cache import cache
from django.test import Client
from django_tasks_db.models import DBTaskResult

from council_portal.pagecache import page_key
from decisions.models import DecisionRecord
from meetings.models import Meeting
from packs.writing import sample_pack
from publishing.cuts import cut_meeting_pdfs
from publishing.imports import pack_import
from reports.models import Appendix, Document, Minutes, Report
from reports.pdfcut import cut_name, cut_pages

from .. import badpdfs


def pdf_urls(meeting: Meeting) -> list[str]:
    """Every PDF the portal serves for a meeting, as anyone may ask for it."""
    urls = [item.get_absolute_url() + "pdf/" for item in meeting.agenda_items.all()]
    urls += [document.get_absolute_url() for document in meeting.documents.all()]
    for model in (Report, Appendix, Minutes):
        urls += [paper.get_pdf_url() for paper in model.objects.filter(document__meeting=meeting)]
    urls += [
        f"/decisions/{record.pk}/pdf/"
        for record in DecisionRecord.objects.filter(document__meeting=meeting)
    ]
    return urls


def stored_cuts(media: Path) -> set[Path]:
    return set((media / "cuts").rglob("*.pdf"))


def pages_of(content: bytes) -> int:
    return len(pdfium.PdfDocument(io.BytesIO(content)))


@pytest.fixture
def published(media, django_capture_on_commit_callbacks) -> Meeting:
    """A meeting imported and published, and cut as the worker cuts it once that commits."""
    pack = sample_pack(
        committee="Cabinet", meeting_date=datetime.date(2026, 9, 14), seed=2, exempt_text="x."
    )
    with django_capture_on_commit_callbacks(execute=True):
        return pack_import(source=pack.pdf, filename=pack.filename, publish=True).meeting


def test_every_pdf_is_cut_once_imported_so_requests_only_read_files(
    published, media, client, councillor, clerk
):
    before = stored_cuts(media)
    assert before
    served = 0
    for person in (None, councillor, clerk):
        reader = Client()
        if person:
            reader.force_login(person)
        for url in pdf_urls(published):
            response = reader.get(url)
            if response.status_code == 200:
                assert response["Content-Type"] == "application/pdf"
                assert pages_of(b"".join(response.streaming_content)) >= 1
                served += 1
    assert served > 30
    assert stored_cuts(media) == before, "a request made a cut the worker had not"


@pytest.mark.parametrize("publish", [False, True])
def test_the_import_leaves_the_cuts_to_the_worker(
    media, settings, publish, django_capture_on_commit_callbacks
):
    """Staff wait for the reading and the rows, not the cutting: the import queues the
    meeting's cuts once it commits, once even when it publishes the meeting too, and the
    worker's task makes every one of them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    pack = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 9, 14), seed=2)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = pack_import(source=pack.pdf, filename=pack.filename, publish=publish).meeting
    assert stored_cuts(media) == set()
    [queued] = DBTaskResult.objects.filter(task_path=cut_meeting_pdfs.module_path)
    assert queued.args_kwargs["args"] == [meeting.pk]
    made = cut_meeting_pdfs.call(meeting.pk)
    assert made > 10 and len(stored_cuts(media)) == made


def text_of_pdf(content: bytes) -> list[str]:
    document = pdfium.PdfDocument(io.BytesIO(content))
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def test_the_cuts_made_together_hold_each_paper_s_own_pages(published, media):
    """A meeting's PDFs are cut from each pack opened once: every paper's
    stored cut has the text of its own pages of the pack, in order."""
    papers = [
        paper
        for model in (Report, Appendix, Minutes, DecisionRecord)
        for paper in model.objects.filter(document__meeting=published).select_related("document")
    ]
    assert len({paper.first_page for paper in papers}) > 10
    for paper in papers:
        [(document, pages)] = paper.pdf_parts()
        stored = (media / cut_name([(document, pages)])).read_bytes()
        pack = text_of_pdf(Path(document.file.path).read_bytes())
        assert text_of_pdf(stored) == [pack[number - 1] for number in pages], paper


def test_a_pdf_answers_not_modified_to_a_reader_who_has_it(published, client):
    report = Report.objects.public().filter(document__meeting=published).first()
    first = client.get(report.get_pdf_url())
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = client.get(report.get_pdf_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content


def test_behind_nginx_the_proxy_sends_the_file_after_the_access_check(
    published, media, client, councillor, settings
):
    """``PDF_ACCEL_REDIRECT``: the portal answers with an internal redirect to the cut on
    disk and no body; nginx sends the bytes. An exempt paper is still refused first."""
    settings.PDF_ACCEL_REDIRECT = "/protected-media/"
    report = Report.objects.public().filter(document__meeting=published).first()
    response = client.get(report.get_pdf_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    target = response["X-Accel-Redirect"]
    assert target.startswith("/protected-media/cuts/") and response.content == b""
    assert (media / target.removeprefix("/protected-media/")).read_bytes().startswith(b"%PDF")
    assert 'inline; filename="report-' in response["Content-Disposition"]
    assert client.get(report.get_pdf_url(), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    exempt = Report.objects.filter(document__meeting=published, is_exempt=True).first()
    refused = client.get(exempt.get_pdf_url())
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused
    reader = Client()
    reader.force_login(councillor)
    assert reader.get(exempt.get_pdf_url())["X-Accel-Redirect"].startswith("/protected-media/")


def test_a_changed_page_range_is_served_as_a_new_cut(published, client):
    report = Report.objects.public().filter(document__meeting=published, last_page__gt=1).first()
    report = Report.objects.filter(pk=report.pk).filter(first_page__lt=report.last_page).first()
    whole = client.get(report.get_pdf_url())
    assert pages_of(b"".join(whole.streaming_content)) == len(report.page_numbers)
    Report.objects.filter(pk=report.pk).update(last_page=report.first_page)
    cut = client.get(report.get_pdf_url())
    assert cut["ETag"] != whole["ETag"]
    assert pages_of(b"".join(cut.streaming_content)) == 1


def test_pdfs_never_enter_the_page_cache(published, client, settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 600
    report = Report.objects.public().filter(document__meeting=published).first()
    for n in range(3):
        url = f"{report.get_pdf_url()}?n={n}"
        assert client.get(url).status_code == 200
        assert cache.get(page_key("http://testserver" + url)) is None
        assert "X-Page-Cache" not in client.get(url)


def test_a_pack_with_javascript_is_served_without_it(media, councillor):
    pack = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 9, 14), seed=2)
    scripted = badpdfs.with_javascript(pack.pdf)
    source = pdfium.PdfDocument(scripted)
    assert pdfium_raw.FPDFDoc_GetJavaScriptActionCount(source.raw) == 1
    meeting = pack_import(source=scripted, filename=pack.filename, publish=True).meeting
    reader = Client()
    reader.force_login(councillor)
    document = Document.objects.get(meeting=meeting)
    content = b"".join(reader.get(document.get_absolute_url()).streaming_content)
    assert pages_of(content) == document.page_count
    assert b"/OpenAction" not in content and b"/JavaScript" not in content
    served = pdfium.PdfDocument(io.BytesIO(content))
    assert pdfium_raw.FPDFDoc_GetJavaScriptActionCount(served.raw) == 0


def actions_in(content: bytes) -> tuple[list[str], list[str]]:
    """Every action type, and every link address, anywhere in a PDF ("/AA" for a page's
    own actions)."""
    kinds, addresses = [], []
    with pikepdf.open(io.BytesIO(content)) as pdf:
        for obj in pdf.objects:
            dictionaries = [obj] if isinstance(obj, pikepdf.Dictionary) else []
            while dictionaries:
                node = dictionaries.pop()
                if "/S" in node and "/Type" not in node:
                    kinds.append(str(node.S))
                if "/URI" in node:
                    addresses.append(str(node.URI))
                dictionaries += [
                    value
                    for key in node
                    if isinstance(value := node.get(key), pikepdf.Dictionary)
                    and not value.is_indirect
                ]
        kinds += ["/AA" for page in pdf.pages if "/AA" in page.obj]
    return kinds, addresses


def test_public_cuts_keep_plain_links_and_no_other_action(media, client):
    """A pack carrying launch, form-submit, javascript: and file: links, scripts on a page,
    a form field and its parent, and an attached file: the public get every page, with its
    http(s) and mailto links, and nothing else that acts."""
    pack = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 9, 14), seed=2)
    hostile = badpdfs.with_actions(pack.pdf)
    kinds, _ = actions_in(hostile)
    assert {"/Launch", "/SubmitForm", "/JavaScript", "/GoToR", "/ImportData", "/AA"} <= set(kinds)
    meeting = pack_import(source=hostile, filename=pack.filename, publish=True).meeting
    document = Document.objects.get(meeting=meeting)
    front_sheet = meeting.agenda_items.order_by("order").first()
    for url in (document.get_absolute_url(), front_sheet.get_absolute_url() + "pdf/"):
        response = client.get(url)
        if response.status_code == 404:
            continue  # an item with no papers has no PDF
        content = b"".join(response.streaming_content)
        kinds, addresses = actions_in(content)
        assert set(kinds) <= {"/URI", "/GoTo"}, url
        kept = [link["/URI"] for link, safe in badpdfs.HOSTILE_LINKS if safe]
        assert sorted(addresses) == sorted([*kept, "https://www.borsetshire.gov.uk/chained"]), url
        assert b"FileAttachment" not in content and b"payload.exe" not in content


def test_fifty_clients_at_once_all_get_their_pdfs(transactional_db, media, live_server):
    """Threads asking for PDFs at once, half of them cuts no process has made yet (so
    pdfium runs, under its lock): every answer is a whole PDF, and the server goes on."""
    pack = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 9, 14), seed=2)
    meeting = pack_import(source=pack.pdf, filename=pack.filename, publish=True).meeting
    urls = [url for url in pdf_urls(meeting) if Client().get(url).status_code == 200]
    assert len(urls) > 10
    shutil.rmtree(media / "cuts")

    def fetch(url: str) -> tuple[int, bytes]:
        with urllib.request.urlopen(live_server.url + url, timeout=60) as response:
            return response.status, response.read()

    wanted = [urls[n % len(urls)] for n in range(100)]
    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(fetch, wanted))
    assert all(status == 200 for status, _ in results)
    assert all(pages_of(content) >= 1 for _, content in results)
    assert fetch(urls[0])[0] == 200


def test_cuts_made_from_fifty_threads_at_once_are_all_whole(media):
    """pdfium is not thread-safe: without the lock most of these fail."""
    pack = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 9, 14), seed=2)
    source = media / "pack.pdf"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(pack.pdf)

    def cut(n: int) -> bytes:
        return cut_pages([(str(source), range(1 + n % 10, 12 + n % 10))])

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(cut, range(400)))
    assert all(pages_of(content) == 11 for content in results)
