"""The parser reads each PDF in a child process held to a memory and a time limit (issue 10).

Real PDFs through the real parser: a decompression bomb, bad uploads and a sample pack.
"""

import datetime
import signal
import time
from pathlib import Path

import pytest
from django.core.files import File

from packs import reading
from packs.writing import sample_pack
from publishing import isolation
from publishing.imports import pack_import, upload_create
from publishing.models import Upload

from .. import badpdfs
from .test_import_pack import assert_nothing_written


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """400 KB on disk, 400 MB once pdfium inflates its page."""
    return badpdfs.decompression_bomb(400)


@pytest.fixture(scope="module")
def pack():
    return sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 6, 15), seed=5)


def test_a_decompression_bomb_is_refused_at_the_memory_limit(bomb, media, settings):
    settings.IMPORT_MEMORY_LIMIT_MB = 300
    with pytest.raises(isolation.ReadingStoppedError) as refused:
        pack_import(source=bomb, filename="bomb.pdf")
    assert str(refused.value) == (
        "bomb.pdf could not be read: it needs more memory than the import allows (300 MB); "
        "it may be damaged or built to exhaust the server. Nothing was imported."
    )
    assert isinstance(refused.value, reading.PackError)
    assert_nothing_written(media)


def test_a_reading_that_takes_too_long_is_stopped(bomb, media, settings):
    settings.IMPORT_MEMORY_LIMIT_MB = 4096
    settings.IMPORT_TIME_LIMIT_SECONDS = 1
    started = time.monotonic()
    with pytest.raises(isolation.ReadingStoppedError) as refused:
        pack_import(source=bomb, filename="bomb.pdf")
    assert time.monotonic() - started < 10
    assert str(refused.value) == (
        "bomb.pdf could not be read: reading it takes longer than the import allows "
        "(1 second); it may be damaged or built to exhaust the server. Nothing was imported."
    )
    assert_nothing_written(media)


def test_an_upload_of_a_bomb_fails_with_the_reason(bomb, clerk, media, settings, tmp_path):
    settings.IMPORT_MEMORY_LIMIT_MB = 300
    path = tmp_path / "bomb.pdf"
    path.write_bytes(bomb)
    with path.open("rb") as handle:
        upload = upload_create(file=File(handle, name="bomb.pdf"), by=clerk)
    upload.refresh_from_db()
    assert upload.status == Upload.Status.FAILED
    assert "needs more memory than the import allows (300 MB)" in upload.message
    assert not list(media.glob("packs/**/*.pdf"))


@pytest.mark.parametrize(
    ("exitcode", "why"),
    [
        (-signal.SIGABRT, "it needs more memory than the import allows (1,024 MB)"),
        (-signal.SIGSEGV, "the PDF reader crashed on it (SIGSEGV)"),
        (-signal.SIGKILL, "reading it takes longer than the import allows (10 minutes)"),
        (-signal.SIGXCPU, "reading it takes longer than the import allows (10 minutes)"),
        (None, "reading it takes longer than the import allows (10 minutes)"),
        (1, "the PDF reader stopped without an answer (exit status 1)"),
    ],
)
def test_each_way_a_reading_can_end_has_its_sentence(exitcode, why):
    assert isolation.stopped_message("pack.pdf", exitcode, 1024, 600) == (
        f"pack.pdf could not be read: {why}; it may be damaged or built to exhaust the "
        "server. Nothing was imported."
    )


@pytest.mark.parametrize(
    ("pdf", "error", "message"),
    [
        (badpdfs.encrypted, reading.EncryptedPdfError, "x.pdf is password-protected"),
        (lambda: b"not a pdf", reading.NotPdfError, "x.pdf is not a PDF file."),
        (badpdfs.scanned, reading.NoTextError, "No text layer on pages 1-3: "),
        (badpdfs.not_a_council_paper, reading.NotCouncilPaperError, "x.pdf: no meeting"),
    ],
)
def test_the_parsers_own_errors_come_back_unchanged(pdf, error, message):
    with pytest.raises(reading.PackError) as refused:
        isolation.parse_pdf(pdf(), filename="x.pdf")
    assert type(refused.value) is error
    with pytest.raises(error) as in_process:
        reading.parse_pdf(pdf(), filename="x.pdf")
    assert str(refused.value) == str(in_process.value)
    assert str(refused.value).startswith(message)


def test_progress_reaches_the_parent(pack, media):
    seen = []
    result = pack_import(
        source=pack.pdf, filename=pack.filename, progress=lambda *p: seen.append(p)
    )
    total = result.document.page_count
    assert seen == [(done, total) for done in range(1, total + 1)]


def test_a_sample_pack_reads_exactly_as_in_process(pack):
    assert isolation.parse_pdf(pack.pdf, filename=pack.filename) == reading.parse_pdf(
        pack.pdf, filename=pack.filename
    )


def test_a_sample_pack_imports_as_before(pack, media):
    result = pack_import(source=pack.pdf, filename=pack.filename)
    assert result.created
    assert result.items == len(pack.agenda)
    assert result.document.pages.count() == result.document.page_count
    stored = [path.name for path in (media / "packs").rglob("*.pdf")]
    assert stored == [Path(result.document.file.name).name]
