"""With ``STORAGE_BUCKET`` set, every file the portal keeps is an object in a private
bucket: the uploaded pack and the original the import stores, the PDF cuts and the page
pictures. They are read back for pdfium, streamed to readers after the access check,
and never reachable from the bucket itself. Run against moto's S3 server over HTTP
(``tests/storage_server.py``), not a mock."""

import datetime
import io

import pypdfium2 as pdfium
import pytest
from botocore.exceptions import ClientError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from packs.writing import sample_pack
from publishing.imports import pack_import, packs_orphaned_remove
from publishing.services import meeting_publish
from publishing.tables import document_tables_read
from reports.models import Document, Page, Report
from reports.pictures import SIZES, picture_name, pictures_draw
from reports.storage import local_copy

pytest.importorskip("moto.server")

MEETING_DATE = datetime.date(2026, 9, 14)
SECRET = "kookaburra-quarry-6120"  # only in the exempt papers of the councillors' pack


@pytest.fixture
def uploaded(bucket, staff_client, django_capture_on_commit_callbacks) -> Document:
    """A councillors' pack uploaded by the clerk and imported by the worker (run at once),
    pictures drawn, then published, and cut once each step commits."""
    pack = sample_pack(
        committee="Cabinet",
        meeting_date=MEETING_DATE,
        seed=2,
        exempt_text=f"The valuation is recorded as {SECRET} in confidence.",
    )
    upload = SimpleUploadedFile(pack.filename, pack.pdf, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post("/staff/upload/", {"files": [upload]}).status_code == 302
        document = Document.objects.select_related("meeting").get()
        meeting_publish(document.meeting)
    return document


def test_the_pack_its_cuts_and_its_pictures_are_objects_in_the_bucket(bucket, uploaded, media):
    keys = bucket.objects()
    uploads = bucket.objects("uploads/")
    assert len(uploads) == 1 and uploaded.file.name in keys
    assert uploaded.file.name.startswith("packs/")
    assert bucket.objects("cuts/")
    pictures = {
        picture_name(uploaded, number, size)
        for number in range(1, uploaded.page_count + 1)
        for size in SIZES
    }
    assert uploaded.pictures == uploaded.page_count and pictures <= keys
    assert not media.exists() or not any(media.rglob("*")), "a file was written to disk"


def test_public_pdfs_stream_from_the_bucket_with_conditional_requests(bucket, uploaded):
    cuts = bucket.objects("cuts/")
    report = Report.objects.public().filter(document=uploaded).first()
    for url in (report.get_pdf_url(), uploaded.get_absolute_url()):
        response = Client().get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        stem = response["ETag"].strip('"')
        assert f"cuts/{stem[:2]}/{stem}.pdf" in cuts and response["Last-Modified"]
        again = Client().get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304 and not again.content
    assert bucket.objects("cuts/") == cuts, "a request made a cut the import had not"


def test_an_exempt_paper_is_served_to_councillors_only(bucket, uploaded, councillor):
    reader = Client()
    reader.force_login(councillor)
    exempt = Report.objects.filter(document=uploaded).exclude(
        pk__in=Report.objects.public().values("pk")
    )
    assert exempt
    for report in exempt:
        assert Client().get(report.get_pdf_url()).status_code == 404
        response = reader.get(report.get_pdf_url())
        assert response.status_code == 200 and SECRET in text_of(response)
    assert SECRET not in text_of(Client().get(uploaded.get_absolute_url()))
    assert SECRET in text_of(reader.get(uploaded.get_absolute_url()))


def text_of(response) -> str:
    pdf = pdfium.PdfDocument(io.BytesIO(b"".join(response.streaming_content)))
    return " ".join(page.get_textpage().get_text_range() for page in pdf)


def test_the_bucket_is_private(bucket, uploaded, client):
    anyone = bucket.anonymous()
    keys = bucket.objects()
    for key in keys:
        grants = bucket.client.get_object_acl(Bucket=bucket.name, Key=key)["Grants"]
        assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("/AllUsers")]
        with pytest.raises(ClientError) as refused:
            anyone.get_object(Bucket=bucket.name, Key=key)
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
        assert client.get(f"/media/{key}").status_code == 404
    # The server does serve an object anyone may read: the refusals above are its ACLs.
    bucket.client.put_object(Bucket=bucket.name, Key="open.txt", Body=b"x", ACL="public-read")
    assert anyone.get_object(Bucket=bucket.name, Key="open.txt")["Body"].read() == b"x"


def test_the_worker_reads_pages_and_draws_pictures_from_the_bucket(bucket, uploaded):
    Page.objects.filter(document=uploaded).update(blocks=None)
    assert document_tables_read(uploaded) == uploaded.page_count
    assert not Page.objects.filter(document=uploaded, blocks=None).exists()
    default_storage.delete(picture_name(uploaded, 2, "large"))
    assert pictures_draw(uploaded) == 1
    assert picture_name(uploaded, 2, "large") in bucket.objects()
    assert pictures_draw(uploaded) == 0


def test_a_pack_imported_from_bytes_is_cut_from_the_bucket(bucket, media):
    pack = sample_pack(committee="Cabinet", meeting_date=MEETING_DATE, seed=5)
    result = pack_import(source=pack.pdf, filename=pack.filename, publish=True)
    assert result.document.file.name in bucket.objects("packs/")
    response = Client().get(result.document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert not media.exists() or not any(media.rglob("*"))


def test_a_copy_read_from_the_bucket_is_deleted_after(bucket):
    name = default_storage.save("packs/2026/09/copy.pdf", ContentFile(b"%PDF-1.7 pages"))
    with local_copy(name) as path:
        assert path.read_bytes() == b"%PDF-1.7 pages"
    assert not path.exists()
    with pytest.raises(FileNotFoundError), local_copy("packs/2026/09/gone.pdf"):
        pass


def test_packs_no_document_holds_are_removed_from_the_bucket(bucket):
    held = default_storage.save("packs/2026/06/held.pdf", ContentFile(b"%PDF-"))
    Document.objects.create(file=held, sha256="0" * 64, original_name="held.pdf", page_count=1)
    orphan = default_storage.save("packs/2026/05/orphan.pdf", ContentFile(b"%PDF-"))
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    assert packs_orphaned_remove(now=later) == [orphan]
    assert bucket.objects("packs/") == {held}
