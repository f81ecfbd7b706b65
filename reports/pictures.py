"""Pictures of a document's pages: a small one of every page, to see a pack at a glance
on the review page, and a large one to read a page by.

They are drawn once, by the worker after an import (``publishing.pictures``), never in a
request, and stored under the document's SHA-256, like the cuts: a document imported
again finds the pictures it already has. They are WebP, which at these sizes takes under
half the space of PNG for about the same time to encode (docs/performance.md).
"""

from __future__ import annotations

import io
import logging
from contextlib import ExitStack

import pypdfium2 as pdfium
from django.core.files.storage import default_storage

from .pdfcut import PDFIUM_LOCK
from .storage import content_store, local_copy

logger = logging.getLogger(__name__)

# Width in pixels of each size. A page is never drawn taller than twice its width, so an
# odd page size (a narrow strip) cannot make a huge bitmap.
SIZES = {"small": 180, "large": 1000}
CONTENT_TYPE = "image/webp"
# Lossy, yet text stays crisp at 80; method 2 encodes twice as fast as the default 4.
ENCODING = {"format": "WEBP", "quality": 80, "method": 2}


def picture_name(document, page: int, size: str) -> str:
    """The storage name of the ``size`` picture of physical page ``page`` (from 1)."""
    return f"{_folder(document)}/{page}-{size}.webp"


def _folder(document) -> str:
    key = document.sha256
    return f"pictures/{key[:2]}/{key}"


def pictures_held(document) -> set[str]:
    """The storage names of the pictures of ``document`` already drawn, listed at once
    rather than asked for one by one (a request each in a bucket)."""
    folder = _folder(document)
    try:
        _, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return set()
    return {f"{folder}/{name}" for name in files}


def pictures_draw(document) -> int:
    """Draw the pictures of every page of ``document`` not drawn already, then record on
    the document how many pages have them. Returns how many pages were drawn now.

    pdfium is held one page at a time, so a request cutting a PDF in the same process
    waits for one page at most. A page pdfium cannot draw is logged and left out, and so
    is a document whose file cannot be opened (it then keeps the count it had)."""
    held = pictures_held(document)
    missing = [
        number
        for number in range(1, document.page_count + 1)
        if not all(picture_name(document, number, size) in held for size in SIZES)
    ]
    drawn = 0
    if missing:
        with ExitStack() as copy:
            try:
                path = copy.enter_context(local_copy(document.file))
                with PDFIUM_LOCK:
                    pdf = pdfium.PdfDocument(path)
            except (OSError, pdfium.PdfiumError):
                logger.exception("%s: its file could not be opened to draw its pages", document)
                return 0
            drawn = _pages_draw(document, pdf, missing)
    document.pictures = document.page_count - len(missing) + drawn
    document.save(update_fields=["pictures"])
    return drawn


def _pages_draw(document, pdf, missing: list[int]) -> int:
    """Draw and store the ``missing`` pages of ``pdf``, then close it."""
    drawn = 0
    try:
        for number in missing:
            try:
                with PDFIUM_LOCK:
                    pictures = _page_pictures(pdf, number)
            except pdfium.PdfiumError:
                logger.exception("%s: page %d could not be drawn", document, number)
                continue
            for size, content in pictures.items():
                content_store(picture_name(document, number, size), content)
            drawn += 1
    finally:
        with PDFIUM_LOCK:
            pdf.close()
    return drawn


def _page_pictures(pdf, number: int) -> dict[str, bytes]:
    """Each size of one page, encoded (while the bitmap it shares memory with lives)."""
    page = pdf[number - 1]
    try:
        width, height = page.get_size()
        pictures = {}
        for size, pixels in SIZES.items():
            scale = min(pixels / width, 2 * pixels / height)
            bitmap = page.render(scale=scale)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, **ENCODING)
            bitmap.close()
            pictures[size] = buffer.getvalue()
        return pictures
    finally:
        page.close()
